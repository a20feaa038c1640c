// A query that names its years reads only their folders (Scope, store/archive.ts). On random archives with bad
// files, links, misfiled records and a damaged cache, for every year: `list --year Y` prints what the whole
// archive's list prints of that year, limited to the files the year's scope holds, and reports the bad files
// among those; `show <id>` (scoped) prints what `show <file>` (the whole archive) prints.
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listReports } from '../../src/app/read.js';
import { Scope } from '../../src/store/archive.js';
import { recordYaml, runCli, tempDir } from '../helpers.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** mulberry32: the same seed, the same archive. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Made {
  dir: string;
  years: number[];
  /** Valid records by id, with the file each is in. */
  ids: Map<string, string>;
}

/** A random archive: a few years of good records, and the awkward things an archive holds. */
function randomArchive(seed: number): Made {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const root = tempDir('reports-scope-');
  made.push(root);
  const dir = path.join(root, 'archive');
  const outside = path.join(root, 'outside');
  mkdirSync(outside, { recursive: true });
  const years = [2015, 2016, 2017, 2018, 2019, 2020, 2021].filter(() => rand() < 0.6);
  if (years.length < 2) years.push(2022, 2023);
  const ids = new Map<string, string>();
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  const record = (year: number, kind: 'regular' | 'special', number: number, extra: Record<string, unknown> = {}) =>
    recordYaml({ year, kind, number, total: (kind === 'regular' ? 5000 : 1500) + (year - 2000) * 40 + number, date: `${year}-${String(1 + (number % 12)).padStart(2, '0')}-10`, title: `Report ${number} of ${year} on ${pick(['land', 'credit', 'towns', 'water'])}`, abstract: `Abstract ${seed} ${year} ${number}.`, ...extra });
  for (const year of years) {
    for (const kind of ['regular', 'special'] as const) {
      const n = 1 + Math.floor(rand() * 5);
      for (let number = 1; number <= n; number++) {
        const rel = `${year}/${kind}-${String(number).padStart(3, '0')}.yaml`;
        write(rel, record(year, kind, number));
        ids.set(`${year}-${kind === 'regular' ? 'R' : 'S'}${number}`, rel);
      }
    }
  }
  const y = () => pick(years);
  // Files that do not load, in year folders and elsewhere.
  write(`${y()}/regular-090.yaml`, 'title: [not closed\n');
  write(`${y()}/regular-091.yaml`, recordYaml({ number: 91, title: undefined }));
  write(`${y()}/special-092.yaml`, '');
  write(`${y()}/nested/regular-093.yaml`, recordYaml({ number: 93, year: 2019, total: 9093 }));
  write('loose.yaml', record(y(), 'regular', 60));
  write('drafts/regular-061.yaml', record(y(), 'regular', 61));
  write('drafts/broken.yaml', 'authors: {\n');
  // A record filed in another year's folder: outside its year's scope (validate reports it).
  const [a, b] = [years[0]!, years[years.length - 1]!];
  write(`${b}/regular-070.yaml`, record(a, 'regular', 70));
  // Links: to a record outside the archive (filed rightly), to another year's record, to nothing, to a folder.
  writeFileSync(path.join(outside, 'r.yaml'), record(b, 'regular', 71));
  symlinkSync(path.join(outside, 'r.yaml'), path.join(dir, `${b}/regular-071.yaml`));
  symlinkSync(path.join(dir, ids.get(`${a}-R1`)!), path.join(dir, `${b}/regular-072.yaml`));
  symlinkSync(path.join(outside, 'gone.yaml'), path.join(dir, `${y()}/regular-073.yaml`));
  symlinkSync(outside, path.join(dir, `${y()}/linked.yaml`));
  execFileSync('mkfifo', [path.join(dir, `${y()}/regular-074.yaml`)]);
  return { dir, years, ids };
}

/** Damage the record cache in `cacheDir` in one of several ways. */
function damageCache(cacheDir: string, rand: () => number): string {
  const files = readdirSync(cacheDir).filter((f) => !f.endsWith('.index'));
  const pick = (suffix: string) => files.find((f) => f.endsWith(suffix));
  const ways: [string, () => void][] = [
    ['a flipped byte in the index', () => appendFileSync(path.join(cacheDir, pick('.json')!), 'x')],
    ['the records side file truncated', () => truncateSync(path.join(cacheDir, pick('.records')!), 10)],
    ['garbage in the abstracts side file', () => writeFileSync(path.join(cacheDir, pick('.abstracts')!), 'garbage'.repeat(1000))],
    ['the positions side file removed', () => unlinkSync(path.join(cacheDir, pick('.positions')!))],
    ['no damage', () => undefined],
  ];
  const [name, damage] = ways[Math.floor(rand() * ways.length)]!;
  damage();
  return name;
}

interface Listed {
  id: string;
  file: string;
  year: number;
}
/** The reports of `list --json`'s output. */
const reportsOf = (out: string) => (JSON.parse(out) as { reports: Listed[] }).reports;

/** The file of a problem line of stderr ("<archive>/2019/x.yaml:1:1: ..."), relative to the archive. */
const fileOfLine = (line: string, dir: string) => path.relative(dir, path.resolve(line.replace(/:\d+:\d+: .*$/, '')));

describe('a query naming its year reads that year, and prints what the whole archive prints of it', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`random archive ${seed}`, async () => {
      const rand = rng(seed * 7919);
      const { dir, years, ids } = randomArchive(seed);
      const cacheDir = tempDir('reports-scope-cache-');
      made.push(cacheDir);
      const env = { REPORTS_CACHE_DIR: cacheDir };
      const whole = await runCli(['list', '--json', '--archive', dir], { env });
      expect(whole.code).toBe(0);
      const damage = damageCache(cacheDir, rand);
      const all = reportsOf(whole.stdout);
      for (const year of [...years, 1999]) {
        const scope = new Scope([year]);
        const scoped = await runCli(['list', '--year', String(year), '--json', '--archive', dir], { env });
        expect(scoped.code, damage).toBe(0);
        const expected = all.filter((r) => r.year === year && scope.holds(r.file));
        expect(reportsOf(scoped.stdout), `${year}, ${damage}`).toEqual(expected);
        const lines = (s: string) => s.split('\n').filter((l) => l !== '');
        expect(lines(scoped.stderr), `${year}, ${damage}`).toEqual(lines(whole.stderr).filter((l) => scope.holds(fileOfLine(l, dir))));
        // The use case: the same problems as the whole archive's, where the year's scope reads.
        const envApp = { archive: dir, cache: cacheDir, now: () => new Date(), cwd: dir, vars: {} };
        const part = await listReports(envApp, { filters: { years: [year] } });
        const full = await listReports(envApp, {});
        expect(part.problems).toEqual(full.problems.filter((p) => scope.holds(p.file)));
        expect(part.years).toEqual([year]);
        // A search naming the year reads the year too: the same reports match (ranked among the year's), and the
        // same bad files are reported as by the list.
        const found = await runCli(['list', '--search', 'report', '--year', String(year), '--json', '--archive', dir], { env });
        const wholeFound = await runCli(['list', '--search', 'report', '--json', '--archive', dir], { env });
        const ids = (reports: Listed[]) => reports.map((r) => `${r.id} ${r.file}`).sort();
        expect(ids(reportsOf(found.stdout))).toEqual(ids(reportsOf(wholeFound.stdout).filter((r) => r.year === year && scope.holds(r.file))));
        expect(lines(found.stderr)).toEqual(lines(scoped.stderr));
        // The columns given: by default they depend on the records shown.
        const columns = ['--columns', 'id,sequence,total,date,title,authors'];
        const tsv = await runCli(['list', '--year', String(year), '--format', 'tsv', ...columns, '--archive', dir], { env });
        const wholeTsv = await runCli(['list', '--format', 'tsv', ...columns, '--archive', dir], { env });
        const [head, ...rows] = lines(wholeTsv.stdout);
        // The whole archive's rows are in the order of its JSON.
        expect(lines(tsv.stdout)).toEqual([head, ...rows.filter((_, i) => expected.includes(all[i]!))]);
      }
      // The cache the years' runs kept (each carrying the other years' entries over) serves the whole archive.
      const again = await runCli(['list', '--json', '--archive', dir], { env });
      expect(again.stdout).toBe(whole.stdout);
      expect(again.stderr).toBe(whole.stderr);
      // A record changed, then read by its year alone: the cache that run keeps still serves the whole archive.
      const [, changed] = [...ids][Math.floor(rand() * ids.size)]!;
      writeFileSync(path.join(dir, changed), readFileSync(path.join(dir, changed), 'utf8').replace(/^title: .*$/m, 'title: "Changed in place"'));
      await runCli(['list', '--year', changed.slice(0, 4), '--json', '--archive', dir], { env });
      const fresh = await runCli(['list', '--json', '--archive', dir], { env: { REPORTS_NO_CACHE: '1' } });
      const kept = await runCli(['list', '--json', '--archive', dir], { env });
      expect(kept.stdout).toContain('Changed in place');
      expect(kept.stdout).toBe(fresh.stdout);
      expect(kept.stderr).toBe(fresh.stderr);
      // show <id> reads the id's year; show <file> the whole archive: the same page.
      for (const [id, file] of ids) {
        if (rand() < 0.7) continue;
        const byId = await runCli(['show', id, '--archive', dir], { env, cwd: dir });
        const byFile = await runCli(['show', file, '--archive', dir], { env, cwd: dir });
        expect(byId.stdout, id).toBe(byFile.stdout);
        expect(byId.code).toBe(byFile.code);
      }
    });
  }
});
