// The record cache behind its interface: the loader gives the same archive with the disk cache, the null cache,
// or a cache of any state; the null cache keeps nothing.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCache, NULL_CACHE, RecordCache } from '../../src/store/cache/index.js';
import { loadArchive } from '../../src/store/archive.js';
import { timed } from '../../src/timing.js';
import { recordJson } from '../../src/render/record-json.js';
import { copyArchive, makeArchive, recordYaml, tempDir } from '../helpers.js';

const view = async (dir: string, cache: string | false) => (await loadArchive(dir, { cache })).records.map(recordJson);

describe('createCache', () => {
  it('gives the null cache without a folder, the disk cache with one', () => {
    expect(createCache(false, '/a', () => ({ problems: [], positions: { keys: {}, values: {} } }))).toBe(NULL_CACHE);
    expect(createCache(tempDir(), '/a', () => ({ problems: [], positions: { keys: {}, values: {} } }))).toBeInstanceOf(RecordCache);
  });

  it('the null cache finds nothing and keeps nothing', () => {
    const stat = { file: '2019/special-011.yaml', size: 1, mtimeMs: 2, ctimeMs: 3, ino: 4 };
    expect(NULL_CACHE.get(stat)).toBeUndefined();
    expect(NULL_CACHE.searchIndex('search', 'x')).toBeUndefined();
    expect(() => NULL_CACHE.keep([stat], () => undefined)).not.toThrow();
  });
});

describe('the loader through the interface', () => {
  it('loads the same records cold, warm, after a change, and without a cache', async () => {
    const dir = copyArchive('archive');
    const root = tempDir();
    const none = await view(dir, false);
    expect(await view(dir, root)).toEqual(none); // cold: every file parsed, the cache written
    const written = readdirSync(root).length;
    expect(written).toBeGreaterThan(0);
    expect(await view(dir, root)).toEqual(none); // warm: every record from the cache
    writeFileSync(path.join(dir, '2019', 'regular-097.yaml'), recordYaml({ number: 97, total: 5597, date: '2019-06-21', title: 'A New One' }));
    const changed = await view(dir, root);
    expect(changed).toEqual(await view(dir, false));
    expect(changed.map((r) => r.id)).toContain('2019-R97');
  });
});

describe('a run over some years', () => {
  /** The records of a load and how many files it parsed (its "parse N files" phase). */
  const load = async (dir: string, cache: string, years?: number[]) => {
    const lines: string[] = [];
    const a = await timed((l) => void lines.push(l), () => loadArchive(dir, { cache, ...(years ? { years } : {}) }));
    const parsed = lines.map((l) => /\] parse (\d+) files:/.exec(l)?.[1]).find((n) => n !== undefined);
    return { records: a.records.map(recordJson), parsed: Number(parsed ?? 0) };
  };

  it('without a usable cache keeps what it parsed: the next run of those years parses nothing, a whole run the rest', async () => {
    const dir = copyArchive('archive');
    const in2019 = readdirSync(path.join(dir, '2019')).filter((f) => f.endsWith('.yaml')).length;
    const all = (await view(dir, false)).length;
    expect(all).toBeGreaterThan(in2019);
    // No cache, and one that cannot be used (here its index says another build made it, as after an upgrade, and
    // no longer matches its checksum): the same.
    for (const before of ['none', 'unusable'] as const) {
      const root = tempDir();
      if (before === 'unusable') {
        await loadArchive(dir, { cache: root });
        for (const f of readdirSync(root).filter((f) => f.endsWith('.json'))) {
          const file = path.join(root, f);
          writeFileSync(file, readFileSync(file, 'latin1').replace(/"build":"[^"]*"/, '"build":"an older build"'), 'latin1');
        }
      }
      const first = await load(dir, root, [2019]);
      expect(first.parsed, before).toBe(in2019);
      const again = await load(dir, root, [2019]);
      expect(again.parsed, before).toBe(0);
      expect(again.records, before).toEqual(first.records);
      const whole = await load(dir, root);
      expect(whole.parsed, before).toBe(all - in2019);
      expect(whole.records, before).toEqual(await view(dir, false));
      expect((await load(dir, root)).parsed, before).toBe(0);
    }
  });
});

describe('abstracts from the cache', () => {
  /** 400 reports whose abstracts differ in length (40 bytes to 5 kB): several read-ahead windows, cut anywhere. */
  function archiveOfAbstracts(): string {
    const files: Record<string, string> = {};
    for (let i = 1; i <= 400; i++) {
      const abstract = `Abstract ${i}: ${'water and land, '.repeat((i * 37) % 300)}end ${i}.`;
      files[`2019/regular-${String(i).padStart(3, '0')}.yaml`] = recordYaml({ number: i, total: 5000 + i, abstract });
    }
    return makeArchive(files);
  }
  const abstracts = async (dir: string, cache: string | false, order: (n: number) => number[]) => {
    const { records } = await loadArchive(dir, { cache });
    const out: unknown[] = new Array(records.length);
    for (const i of order(records.length)) out[i] = records[i]!.record.abstract;
    return out;
  };
  const inOrder = (n: number) => Array.from({ length: n }, (_, i) => i);
  let seed = 5;
  const shuffled = (n: number) => {
    const a = inOrder(n);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 * (i + 1));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  };

  it('are the same read in file order (read ahead), in reverse, at random, and every other one', async () => {
    const dir = archiveOfAbstracts();
    const root = tempDir();
    const none = await abstracts(dir, false, inOrder);
    expect(none.every((a) => typeof a === 'string')).toBe(true);
    await abstracts(dir, root, inOrder); // cold: writes the cache
    expect(await abstracts(dir, root, inOrder)).toEqual(none);
    // Served from the cache, not from the files (an entry that does not read whole makes the cache be dropped).
    const kept = () => readdirSync(root).some((f) => f.endsWith('.json'));
    expect(kept()).toBe(true);
    expect(await abstracts(dir, root, (n) => inOrder(n).reverse())).toEqual(none);
    expect(await abstracts(dir, root, shuffled)).toEqual(none);
    expect(await abstracts(dir, root, (n) => [...inOrder(n).filter((i) => i % 2 === 0), ...inOrder(n).filter((i) => i % 2 === 1)])).toEqual(none);
    expect(kept()).toBe(true);
  });

  it('are never served damaged from what was read ahead', async () => {
    const dir = archiveOfAbstracts();
    const root = tempDir();
    const none = await abstracts(dir, false, inOrder);
    await abstracts(dir, root, inOrder);
    const side = path.join(root, readdirSync(root).find((f) => f.endsWith('.abstracts'))!);
    const bytes = readFileSync(side);
    // A letter changed in place, in an abstract past the first window's start.
    const at = bytes.indexOf('end 250.');
    bytes[at] = 'E'.charCodeAt(0);
    writeFileSync(side, bytes);
    expect(await abstracts(dir, root, inOrder)).toEqual(none);
    // The damage was found (the cache is dropped, to be written anew).
    expect(readdirSync(root).some((f) => f.endsWith('.json'))).toBe(false);
  });
});
