// reports export json|csv|bibtex|atom, end to end on a copy of test/fixtures/export/archive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseBibtex } from '@retorquere/bibtex-parser';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { reports, workspace } from '../export-helpers.js';

let ws: ReturnType<typeof workspace>;
const run = (...args: string[]) => reports(args, { cwd: ws.dir, env: { SOURCE_DATE_EPOCH: '1700000000' } });
const COUNT = 9;

beforeAll(() => {
  ws = workspace();
});
afterAll(() => ws.cleanup());

describe('export json', () => {
  it('prints the envelope, newest first, valid against `reports schema --export`', async () => {
    const r = await run('export', 'json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.generated).toBe('2023-11-14T22:13:20.000Z');
    expect(out.count).toBe(COUNT);
    expect(out.reports).toHaveLength(COUNT);
    expect(out.reports[0].id).toBe('2019-R97');
    expect(out.reports.at(-1).id).toBe('2020-R1'); // no date: last
    // Each report is what `list --json` gives.
    const list = JSON.parse((await run('list', '--json')).stdout);
    expect(out.reports).toEqual(list.reports);
    expect(out.schemaVersion).toBe(1);

    const schema = JSON.parse((await run('schema', '--export')).stdout);
    const ajv = new Ajv2020.default({ strict: true, allErrors: true });
    ajv.addFormat('uri', { validate: (u: string) => URL.canParse(u) });
    ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
    const validate = ajv.compile(schema);
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true);
    // The schema does catch a wrong envelope.
    expect(validate({ ...out, count: 'nine' })).toBe(false);
    expect(validate({ ...out, reports: [{ ...out.reports[0], kind: 'odd' }] })).toBe(false);
  });

  it('is reproducible with SOURCE_DATE_EPOCH, and rejects a bad value', async () => {
    expect((await run('export', 'json')).stdout).toBe((await run('export', 'json')).stdout);
    const bad = await reports(['export', 'json'], { cwd: ws.dir, env: { SOURCE_DATE_EPOCH: 'yesterday' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/SOURCE_DATE_EPOCH must be whole seconds/);
  });

  it('applies the list filters', async () => {
    const out = JSON.parse((await run('export', 'json', '--year', '2018')).stdout);
    expect(out.reports.map((r: { id: string }) => r.id)).toEqual(['2018-R124', '2018-R3']);
    const since = JSON.parse((await run('export', 'json', '--since', '2019-06-01', '--kind', 'regular')).stdout);
    expect(since.count).toBe(2);
    const kw = JSON.parse((await run('export', 'json', '--keyword', '乡村振兴')).stdout);
    expect(kw.reports.map((r: { id: string }) => r.id)).toEqual(['2019-R97', '2019-R96']);
  });

  it('writes --out atomically and says so on stderr', async () => {
    const r = await run('export', 'json', '--out', 'out.json');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/exported 9 reports to out\.json/);
    expect(JSON.parse(readFileSync(path.join(ws.dir, 'out.json'), 'utf8')).count).toBe(COUNT);
  });
});

describe('export csv', () => {
  it('round-trips through a CSV parser with Chinese text, commas, quotes and line breaks', async () => {
    const r = await run('export', 'csv');
    expect(r.code).toBe(0);
    expect(r.stdout.charCodeAt(0)).not.toBe(0xfeff);
    expect(r.stdout.startsWith('id,title,authors,')).toBe(true);
    expect(r.stdout).toContain('\r\n'); // RFC 4180 line ends
    const rows = parseCsv(r.stdout, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(COUNT);
    const json = JSON.parse((await run('export', 'json')).stdout).reports as Record<string, unknown>[];
    rows.forEach((row, i) => {
      const rec = json[i]! as Record<string, unknown> & { authors: string[]; keywords?: string[] };
      expect(row.id).toBe(rec.id);
      expect(row.title).toBe(rec.title);
      expect(row.abstract).toBe(rec.abstract ?? '');
      expect(row.authors).toBe(rec.authors.join('; '));
      expect(row.keywords).toBe((rec.keywords ?? []).join('; '));
      expect(row.total).toBe(rec.total === undefined ? '' : String(rec.total));
    });
    const zh = rows.find((x) => x.id === '2019-R97')!;
    expect(zh.title).toBe('中国农村发展报告: “乡村振兴”, commas, "quotes"');
    expect(zh.abstract).toBe('第一行\n第二行, with a comma and "quotes"\r\nand a CRLF line');
    expect(zh.authors).toBe('张三; Li, Si');
  });

  it('starts with a byte order mark only with --bom', async () => {
    const r = await run('export', 'csv', '--bom', '--out', 'excel.csv');
    expect(r.code).toBe(0);
    const bytes = readFileSync(path.join(ws.dir, 'excel.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows[0]!.id).toBe('2019-R97');
  });
});

describe('export bibtex', () => {
  it('gives @techreport entries a BibTeX parser reads back', async () => {
    const r = await run('export', 'bibtex');
    expect(r.code).toBe(0);
    const lib = parseBibtex(r.stdout, { english: false });
    expect(lib.errors).toEqual([]);
    expect(lib.entries).toHaveLength(COUNT);
    expect(lib.entries.every((e) => e.type === 'techreport')).toBe(true);
    const keys = lib.entries.map((e) => e.key);
    expect(new Set(keys).size).toBe(COUNT);
    expect(keys).toContain('drc2019s11');
    expect(keys).toContain('drccdr2019s11'); // another series, same numbering
    expect(keys).toContain('drc2019r97'); // "Development Research Center"
    expect(keys).toContain('report2018r124'); // no organization

    const s11 = lib.entries.find((e) => e.key === 'drc2019s11')!;
    expect(s11.fields.title).toBe('The Development of Small Towns with Distinctive Local Features in China in the New Era: Progress and Challenges');
    expect(s11.fields.type).toBe('Research Report, Special Issue');
    expect(s11.fields.number).toBe('11');
    expect(s11.fields.year).toBe('2019');
    expect(s11.fields.note).toBe('Total 1639');
    // Family name first, split: no style turns Zhang Xiaohuan into "Xiaohuan, Z.".
    expect(s11.fields.author?.map((a) => [a.lastName, a.firstName])).toEqual([
      ['Zhang', 'Xiaohuan'],
      ['Yang', 'Xiaodong'],
    ]);
    expect(r.stdout).toMatch(/author\s+= \{Zhang, Xiaohuan and Yang, Xiaodong\}/);
    // The title's case protected once, whole, not word by word.
    expect(r.stdout).toMatch(/title\s+= \{\{The Development of Small Towns [^{}]*\}\}/);

    // LaTeX specials survive the round trip as the characters they stand for.
    const r96 = lib.entries.find((e) => e.key === 'drc2019r96')!;
    expect(r96.fields.abstract).toContain('100% of the $ signs & #hashes_that {LaTeX} ~hates^.');
    expect(r.stdout).toContain('100\\% of the \\$ signs \\& \\#hashes\\_that \\textbraceleft{}LaTeX\\textbraceright{} \\textasciitilde{}hates\\textasciicircum{}.');
    expect(r96.fields.type).toBe('Research Report');
    expect([...(r96.fields.keywords ?? [])].sort()).toEqual(['rural revitalization', '乡村振兴', '农村价值', 'Development Laws'].sort());
  });

  it('keys are the same from run to run and whatever the filter', async () => {
    const all = parseBibtex((await run('export', 'bibtex')).stdout).entries.map((e) => e.key);
    const some = parseBibtex((await run('export', 'bibtex', '--year', '2019', '--kind', 'special')).stdout).entries.map((e) => e.key);
    expect(some.every((k) => all.includes(k))).toBe(true);
    expect(some).toContain('drc2019s11');
  });
});

describe('export atom', () => {
  const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['entry', 'author', 'category', 'link'].includes(name) });

  it('needs --base-url (exit 2, saying what to pass)', async () => {
    const r = await run('export', 'atom');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--base-url https:\/\/example\.org\/reports\//);
    expect((await run('export', 'atom', '--base-url', 'ftp://x')).code).toBe(2);
    expect((await run('export', 'atom', '--base-url', 'reports/')).code).toBe(2);
  });

  it('parses as XML with one entry per report, newest first, ids stable across runs', async () => {
    const r = await run('export', 'atom', '--base-url', 'https://example.org/reports');
    expect(r.code).toBe(0);
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    const feed = xml.parse(r.stdout).feed;
    expect(feed.entry).toHaveLength(COUNT);
    const updated = feed.entry.map((e: { updated: string }) => e.updated);
    expect([...updated].sort().reverse()).toEqual(updated);
    // An undated report is dated 1 January of its year; the feed's updated is the newest report's, not the clock's.
    expect(feed.updated).toBe('2020-01-01T00:00:00.000Z');
    expect(feed.entry[0].id).toBe('https://example.org/reports/reports/2020-R1.html');
    expect(feed.entry[1].id).toBe('https://example.org/reports/reports/2019-R97.html');
    expect(feed.entry[0].link[0]['@href']).toBe(feed.entry[0].id);
    const again = xml.parse((await reports(['export', 'atom', '--base-url', 'https://example.org/reports/'], { cwd: ws.dir })).stdout).feed;
    expect(again.entry.map((e: { id: string }) => e.id)).toEqual(feed.entry.map((e: { id: string }) => e.id));
    expect(new Set(feed.entry.map((e: { id: string }) => e.id)).size).toBe(COUNT);
  });

  it('keeps a hostile title as text (escaped inside type="html")', async () => {
    const r = await run('export', 'atom', '--base-url', 'https://example.org/');
    const feed = xml.parse(r.stdout).feed;
    const evil = feed.entry.find((e: { id: string }) => e.id.endsWith('2019-S15.html'));
    expect(evil.title['#text']).toContain('Evil &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(evil.title['#text']).not.toContain('<script');
    expect(evil.summary['#text']).not.toMatch(/<(script|img|svg)/);
    expect(evil.author[0].name).toBe('Mallory <script>alert(4)</script>');
    const zh = feed.entry.find((e: { id: string }) => e.id.endsWith('2019-R97.html'));
    expect(zh.author.map((a: { name: string }) => a.name)).toEqual(['张三', 'Li, Si']);
  });
});

describe('export: usage and refusals', () => {
  it('rejects an unknown format and misplaced options with exit 2', async () => {
    expect((await run('export', 'pdf')).code).toBe(2);
    expect((await run('export', 'json', '--bom')).code).toBe(2);
    expect((await run('export', 'csv', '--single-file')).code).toBe(2);
    const html = await run('export', 'html');
    expect(html.code).toBe(2);
    expect(html.stderr).toMatch(/--out DIR/);
  });

  it('refuses an archive with errors, naming the file, unless --skip-invalid', async () => {
    writeFileSync(path.join(ws.archive, 'bad.yaml'), 'title: [unclosed\n');
    try {
      const r = await run('export', 'json', '--out', 'refused.json');
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/archive\/bad\.yaml:\d+:\d+: /);
      expect(r.stderr).toMatch(/--skip-invalid/);
      expect(r.stdout).toBe('');
      expect(existsSync(path.join(ws.dir, 'refused.json'))).toBe(false);

      const skip = await run('export', 'json', '--skip-invalid');
      expect(skip.code).toBe(0);
      expect(skip.stderr).toMatch(/warning: --skip-invalid: leaving out 1 file with errors: archive\/bad\.yaml/);
      expect(JSON.parse(skip.stdout).count).toBe(COUNT);
    } finally {
      rmSync(path.join(ws.archive, 'bad.yaml'), { force: true });
    }
  });

  it('refuses numbering errors too; --skip-invalid leaves out the record known to be wrong, and only it', async () => {
    const copy = readFileSync(path.join(ws.archive, '2019/regular-096.yaml'), 'utf8').replace('number: 96', 'number: 95');
    writeFileSync(path.join(ws.archive, '2019/regular-095.yaml'), copy); // Total 5596 used twice
    try {
      const r = await run('export', 'csv');
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/archive\/2019\/regular-095\.yaml:\d+:\d+: .*total 5596.*\[duplicate-total\]/);
      expect(r.stderr).toMatch(/nothing was exported/);

      const skip = await run('export', 'json', '--skip-invalid');
      expect(skip.code).toBe(0);
      // R96's Total agrees with the offset R97 agrees on: the copy is the wrong one, and R96 is exported.
      expect(skip.stderr).toMatch(/leaving out 1 file with errors: archive\/2019\/regular-095\.yaml\n/);
      const ids = JSON.parse(skip.stdout).reports.map((x: { id: string }) => x.id);
      expect(ids).not.toContain('2019-R95');
      expect(ids).toContain('2019-R96');
      expect(ids).toContain('2019-R97'); // cited as agreeing with the offset: not in error
    } finally {
      rmSync(path.join(ws.archive, '2019/regular-095.yaml'), { force: true });
    }
  });

  it('fails cleanly when the output cannot be written, leaving nothing behind', async () => {
    writeFileSync(path.join(ws.dir, 'afile'), 'x');
    for (const format of ['json', 'csv', 'bibtex']) {
      const r = await run('export', format, '--out', 'afile/out.txt');
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/cannot write .*afile\/out\.txt: a part of the path is a file/);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
    const missing = await run('export', 'json', '--out', 'no/such/folder/out.json');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/does not exist/);
    expect(readFileSync(path.join(ws.dir, 'afile'), 'utf8')).toBe('x');
    expect(readdirSync(ws.dir).filter((f) => f.includes('out'))).toEqual(['out.json']);
  });
});

describe('export json in pieces', () => {
  it('writes exactly what JSON.stringify(envelope, null, 2) would, for none, one and many reports', async () => {
    const { exportJson } = await import('../../src/render/export/json.js');
    const { recordJson } = await import('../../src/render/record-json.js');
    const make = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        id: `2019-R${i + 1}`,
        file: `2019/regular-${i + 1}.yaml`,
        record: { title: `T "${i}"\nline`, authors: ['A', 'B'], series: 'Research Report', kind: 'regular', number: i + 1, year: 2019, keywords: [] },
        positions: { keys: {}, values: {} },
      })) as unknown as Parameters<typeof exportJson>[0];
    const when = new Date('2020-01-02T03:04:05Z');
    for (const n of [0, 1, 600]) {
      const records = make(n);
      const expected = JSON.stringify({ schemaVersion: 1, generated: when.toISOString(), count: n, reports: records.map(recordJson) }, null, 2) + '\n';
      expect(exportJson(records, when)).toBe(expected);
    }
  });
});
