// The catalogue the server holds (newest first, page names, withdrawn reports left out) is kept in the record
// cache: made from the records as sortRecords and pageNames make it, and never served for another state of the
// archive or a damaged file.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openArchive } from '../../src/app/read.js';
import { catalogue } from '../../src/serve/live.js';
import { sortRecords } from '../../src/query.js';
import { pageNames } from '../../src/render/export/names.js';
import { makeArchive, recordYaml, tempDir } from '../helpers.js';
import { served } from './helpers.js';

/** mulberry32: the same seed, the same archive. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An archive whose order needs every rule of the date sort: equal dates (then the Total, then the numbering),
 * undated reports placed by their Total, reports with neither, withdrawn ones, another series (its page names), a
 * bad file.
 */
function randomArchive(seed: number): string {
  const r = rng(seed);
  const files: Record<string, string> = {};
  for (const year of [2015, 2016, 2017, 2018, 2019]) {
    for (const kind of ['regular', 'special'] as const) {
      for (let number = 1; number <= 12; number++) {
        const other = r() < 0.2;
        const fields: Record<string, unknown> = {
          kind,
          year,
          number,
          total: r() < 0.15 ? undefined : (kind === 'special' ? 1000 : 5000) + (year - 2015) * 20 + number,
          date: r() < 0.2 ? undefined : `${year}-0${1 + Math.floor(r() * 3)}-1${Math.floor(r() * 3)}`,
          series: other ? 'China Development Review' : 'Research Report',
        };
        if (r() < 0.1) fields.withdrawn = true;
        const dir = other ? 'cdr/' : '';
        files[`${dir}${year}/${kind}-${String(number).padStart(3, '0')}.yaml`] = recordYaml(fields);
      }
    }
  }
  files['2019/broken.yaml'] = 'title: [unclosed\n';
  return makeArchive(files);
}

/** What the catalogue gives, by file: comparable across loads. */
async function catalogueOf(archive: string, cache: string | false) {
  const a = await openArchive({ archive, cache });
  const c = catalogue(a);
  return {
    newest: c.newest.map((x) => x.file),
    names: c.newest.map((x) => c.names.get(x)),
    listed: c.listed.map((x) => x.file),
    records: a.records.map((x) => x.file),
  };
}

/** As the records themselves give it: sorted, named and filtered without the cache. */
async function expected(archive: string) {
  const a = await openArchive({ archive, cache: false });
  const newest = sortRecords([...a.records], 'date');
  const names = pageNames(newest);
  return {
    newest: newest.map((x) => x.file),
    names: newest.map((x) => names.get(x)),
    listed: newest.filter((x) => x.record.withdrawn !== true).map((x) => x.file),
    records: newest.map((x) => x.file),
  };
}

const keptFiles = (cache: string) => readdirSync(cache).filter((f) => f.includes('.catalogue'));

describe('the catalogue kept in the record cache', () => {
  it.each([1, 2, 3, 4, 5])('is what the records give, made or kept (seed %i)', async (seed) => {
    const archive = randomArchive(seed);
    const cache = tempDir('reports-cache-');
    const want = await expected(archive);
    expect(want.names.some((n) => n?.startsWith('china-development-review-'))).toBe(true);
    expect(await catalogueOf(archive, false)).toEqual(want);
    // Made, kept, then read from the cache by a later load.
    expect(await catalogueOf(archive, cache)).toEqual(want);
    expect(await catalogueOf(archive, cache)).toEqual(want);
    expect(await catalogueOf(archive, cache)).toEqual(want);
    expect(keptFiles(cache)).toHaveLength(1);
  });

  it('a kept catalogue is used for the same files, never for a changed archive', async () => {
    const archive = randomArchive(7);
    const cache = tempDir('reports-cache-');
    const want = await expected(archive);
    await catalogueOf(archive, cache);
    // A catalogue kept in another order (a forged one, with a valid checksum) is served for exactly these files...
    const a = await openArchive({ archive, cache });
    const forged = { order: a.records.map((_, i) => i), names: {}, withdrawn: [] };
    a.cache.keepValue('catalogue2', a.fingerprint, forged);
    expect((await catalogueOf(archive, cache)).newest).toEqual(a.records.map((r) => r.file));
    expect(a.records.map((r) => r.file)).not.toEqual(want.newest);
    // ...and not once a record changed: its date, so the order changes too.
    const file = path.join(archive, want.newest[0]!);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^date: .*$/m, 'date: "2016-01-01"'));
    const changed = await expected(archive);
    expect(changed.newest).not.toEqual(want.newest);
    expect(await catalogueOf(archive, cache)).toEqual(changed);
    // Only the catalogue of the archive as it is now stays in the cache.
    expect(keptFiles(cache)).toHaveLength(1);
  });

  it('a damaged kept catalogue, or one that does not name the archive records, is made again', async () => {
    const archive = randomArchive(8);
    const cache = tempDir('reports-cache-');
    const want = await expected(archive);
    await catalogueOf(archive, cache);
    const [kept] = keptFiles(cache);
    const bytes = readFileSync(path.join(cache, kept!));
    bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0x01;
    writeFileSync(path.join(cache, kept!), bytes);
    expect(await catalogueOf(archive, cache)).toEqual(want);
    const a = await openArchive({ archive, cache });
    const n = a.records.length;
    const all = a.records.map((_, i) => i);
    for (const forged of [
      { order: all.slice(1), names: {}, withdrawn: [] },
      { order: [...all.slice(1), n], names: {}, withdrawn: [] },
      { order: [...all.slice(1), -1], names: {}, withdrawn: [] },
      { order: [...all.slice(1), 1], names: {}, withdrawn: [] },
      { order: [...all.slice(1), 0.5], names: {}, withdrawn: [] },
      { order: all, names: { 0: 3 }, withdrawn: [] },
      { order: 'all', names: {}, withdrawn: [] },
      { order: all, names: null, withdrawn: [] },
    ]) {
      a.cache.keepValue('catalogue2', a.fingerprint, forged);
      expect(await catalogueOf(archive, cache)).toEqual(want);
    }
  });

  it('the first page of a server that keeps it is that of one without a cache, page after page', async () => {
    const archive = randomArchive(9);
    const cache = tempDir('reports-cache-');
    const pages = async (c: string | false) => {
      const s = served({ archive, cache: c });
      try {
        const out: string[] = [];
        for (let p = 1; p <= 2; p++) out.push(await (await s.req(`/?page=${p}`)).text());
        return out;
      } finally {
        s.close();
      }
    };
    const none = await pages(false);
    expect(none[0]).toContain('newest first');
    expect(await pages(cache)).toEqual(none);
    expect(keptFiles(cache)).toHaveLength(1);
    expect(await pages(cache)).toEqual(none);
  });
});
