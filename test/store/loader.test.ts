import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadArchive, toLoaded } from '../../src/store/archive.js';
import { parseRecord } from '../../src/store/parse.js';
import { makeArchive, recordYaml, runCli } from '../helpers.js';

const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
const bomb = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'.split('').map((x, i) => `${x}: &${x} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
  'title: boom',
].join('\n');

/** Each hostile file, and what its one-line message must say (and where). */
const hostile: Record<string, { content: string | Buffer; message: RegExp; line?: number }> = {
  'syntax.yaml': { content: 'title: [unclosed\nauthors: [A]\n', message: /flow sequence|indented|\]/i },
  'tabs.yaml': { content: recordYaml().replace('authors:', '\tauthors:'), message: /tab/i, line: 2 },
  'duplicate-key.yaml': { content: recordYaml() + 'title: again\n', message: /field "title" appears twice \(first at line 1\)/, line: 11 },
  'bomb.yaml': { content: bomb, message: /alias bomb/, line: 2 },
  'function-tag.yaml': { content: recordYaml().replace('title: "A Report on Something"', 'title: !!js/function "function(){ return 1 }"'), message: /tag/i, line: 1 },
  'empty.yaml': { content: '', message: /empty/i },
  'two-docs.yaml': { content: recordYaml() + '---\n' + recordYaml({ number: 2 }), message: /several YAML documents.*holds one/, line: 11 },
  'list.yaml': { content: '- title: A\n- title: B\n', message: /holds a list/i },
  'number-word.yaml': { content: recordYaml({ number: 'eleven' }), message: /number must be a whole number/, line: 6 },
  'number-negative.yaml': { content: recordYaml({ number: -3 }), message: /number must be 1 or more/, line: 6 },
  'total-fraction.yaml': { content: recordYaml({ total: 4500.5 }), message: /total must be a whole number/, line: 8 },
  'date-impossible.yaml': { content: recordYaml({ date: '2014-02-30' }), message: /real date/, line: 9 },
  'date-word.yaml': { content: recordYaml({ date: 'yesterday' }), message: /real date/, line: 9 },
  'kind-weekly.yaml': { content: recordYaml({ kind: 'weekly' }), message: /kind must be regular or special/, line: 5 },
  'title-empty.yaml': { content: recordYaml({ title: '' }), message: /title must not be empty/, line: 1 },
  'authors-map.yaml': { content: recordYaml({ authors: { name: 'A' } }), message: /authors must be a list/, line: 2 },
  'garbage.yaml': { content: garbage, message: /not a text file/ },
  'deep.yaml': { content: 'title: ' + '['.repeat(20000) + ']'.repeat(20000) + '\n', message: /nested too deeply/ },
};

describe('the loader', () => {
  it('reads a valid record with the positions of its fields', () => {
    const p = parseRecord(recordYaml(), 'x.yaml');
    expect(p.problems).toEqual([]);
    expect(p.record).toMatchObject({ title: 'A Report on Something', number: 1, year: 2019 });
    const positions = toLoaded('x.yaml', p)!.positions;
    expect(positions.values.number).toEqual([6, 9]);
    expect(positions.keys.year).toEqual([7, 1]);
  });

  it('gives one located error per hostile file and still loads the good records', async () => {
    const big = 'word '.repeat(200_000); // a 1 MB abstract: large (near the 1 MiB cap of a file), but a valid record
    const dir = makeArchive({
      ...Object.fromEntries(Object.entries(hostile).map(([f, h]) => [`bad/${f}`, h.content])),
      '2019/regular-001.yaml': recordYaml(),
      '2019/regular-002.yaml': recordYaml({ number: 2, total: 5502, abstract: big }),
    });
    const a = await loadArchive(dir, { cache: false });
    expect(a.records.map((r) => r.id).sort()).toEqual(['2019-R1', '2019-R2']);
    expect(a.records.find((r) => r.id === '2019-R2')!.record.abstract!.length).toBe(big.length);
    for (const [file, h] of Object.entries(hostile)) {
      const mine = a.problems.filter((p) => p.file === `bad/${file}`);
      expect(mine.length, file).toBeGreaterThanOrEqual(1);
      expect(mine[0]!.message, file).toMatch(h.message);
      expect(mine[0]!.message, file).not.toContain('\n');
      expect(mine[0]!.line, file).toBe(h.line ?? mine[0]!.line);
    }
  });

  it('turns unknown tags into errors and executes nothing', () => {
    const p = parseRecord('title: !!js/function "function(){ process.exit(9) }"\n', 'x.yaml');
    expect(p.record).toBeUndefined();
    expect(p.problems[0]).toMatchObject({ code: 'yaml-syntax', line: 1 });
  });

  it('skips hidden files and folders (temp files of a write in progress)', async () => {
    const dir = makeArchive({ '2019/regular-001.yaml': recordYaml(), '2019/.regular-002.yaml.tmp-1.yaml': 'garbage: [', '.git/x.yaml': 'bad: [' });
    const a = await loadArchive(dir, { cache: false });
    expect(a.records).toHaveLength(1);
    expect(a.problems).toEqual([]);
  });

  it('reads a record file that is a link, but does not follow a linked folder (it could loop or list twice)', async () => {
    const outside = makeArchive({ 'kept.yaml': recordYaml({ number: 3, total: 5503 }) });
    const dir = makeArchive({ '2019/regular-001.yaml': recordYaml(), 'notes/readme.txt': 'not a record' });
    symlinkSync(path.join(outside, 'kept.yaml'), path.join(dir, '2019/regular-003.yaml'));
    symlinkSync(dir, path.join(dir, 'loop'));
    symlinkSync(path.join(dir, '2019'), path.join(dir, 'again.yaml'));
    const a = await loadArchive(dir, { cache: false });
    expect(a.records.map((r) => r.file)).toEqual(['2019/regular-001.yaml', '2019/regular-003.yaml']);
    expect(a.problems).toEqual([]);
  });

  it('reads an archive of hundreds of files: every record its own file\'s, and the bad file located', async () => {
    const files: Record<string, string> = {};
    for (let n = 1; n <= 450; n++) files[`2019/regular-${String(n).padStart(3, '0')}.yaml`] = recordYaml({ number: n, total: 5500 + n, title: `Report ${n}` });
    files['2019/regular-200.yaml'] = recordYaml({ number: 200, total: 5700, date: '2019-02-30' });
    const dir = makeArchive(files);
    const r = await runCli(['list', '--json', '--archive', dir], { env: { REPORTS_NO_CACHE: '1' } });
    expect(r.code).toBe(0);
    const listed = JSON.parse(r.stdout).reports as { id: string; file: string; title: string; number: number }[];
    // Each record is its own file's.
    for (const x of listed) expect(x.file).toBe(`2019/regular-${String(x.number).padStart(3, '0')}.yaml`);
    for (const x of listed) expect(x.title).toBe(`Report ${x.number}`);
    const ids = listed.map((x) => x.id);
    expect(ids).toHaveLength(449);
    expect(new Set(ids).size).toBe(449);
    expect(ids).not.toContain('2019-R200');
    expect(r.stderr).toMatch(/2019\/regular-200\.yaml:9:7: .*real date/);
  });

  it('gives the fingerprint of some of its files as of all of them: the same files, the same fingerprint', async () => {
    const files: Record<string, string> = {};
    for (let i = 1; i <= 30; i++) files[`${2000 + (i % 3)}/regular-${String(i).padStart(3, '0')}.yaml`] = recordYaml({ number: i, year: 2000 + (i % 3) });
    const archive = await loadArchive(makeArchive(files));
    const all = archive.records.map((r) => r.file);
    expect(all).toHaveLength(30);
    expect(archive.fingerprintOf(all)).toBe(archive.fingerprint);
    expect(archive.fingerprintOf(all.slice(0, 10))).not.toBe(archive.fingerprint);
    expect(archive.fingerprintOf(all.slice(0, 10))).toBe(archive.fingerprintOf(all.slice(0, 10)));
    expect(archive.fingerprintOf(all.slice(0, 10))).not.toBe(archive.fingerprintOf(all.slice(1, 11)));
  });

  it('fails clearly on a missing archive folder', async () => {
    await expect(loadArchive('/nonexistent/archive', { cache: false })).rejects.toThrow(/archive folder not found: \/nonexistent\/archive/);
  });
});

describe('list and show on a damaged archive', () => {
  it('list prints path:line:column for each bad file on stderr, lists the good records, exits 0', async () => {
    const dir = makeArchive({
      'bad/number-word.yaml': hostile['number-word.yaml']!.content,
      'bad/deep.yaml': hostile['deep.yaml']!.content,
      'bad/garbage.yaml': garbage,
      '2019/regular-001.yaml': recordYaml(),
    });
    const r = await runCli(['list', '--archive', dir, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).reports.map((x: { id: string }) => x.id)).toEqual(['2019-R1']);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines).toContainEqual(expect.stringMatching(/bad\/number-word\.yaml:6:9: number must be a whole number/));
    expect(lines).toContainEqual(expect.stringMatching(/bad\/garbage\.yaml:1:1: not a text file/));
    expect(lines).toContainEqual(expect.stringMatching(/bad\/deep\.yaml:\d+:\d+: /));
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('show still finds a good record next to bad files', async () => {
    const dir = makeArchive({ 'bad/empty.yaml': '', '2019/regular-001.yaml': recordYaml() });
    const r = await runCli(['show', '2019-R1', '--archive', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('A Report on Something (No.1, 2019)');
    expect(r.stderr).toMatch(/bad\/empty\.yaml:1:1: the file is empty/);
  });
});
