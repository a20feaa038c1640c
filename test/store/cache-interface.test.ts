// The record cache behind its interface: the loader gives the same archive with the disk cache, the null cache,
// or a cache of any state; the null cache keeps nothing.
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCache, NULL_CACHE, RecordCache } from '../../src/store/cache/index.js';
import { loadArchive } from '../../src/store/archive.js';
import { recordJson } from '../../src/render/record-json.js';
import { copyArchive, recordYaml, tempDir } from '../helpers.js';

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
