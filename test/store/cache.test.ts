import { readdirSync, readFileSync, renameSync, rmSync, statSync, truncateSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { packPositions, unpackPositions } from '../../src/store/positions.js';
import { copyArchive, recordYaml, runCli, tempDir } from '../helpers.js';

/** `list --json` and its stderr, with the cache in `cacheDir`, and the same without any cache. */
async function both(archive: string, cacheDir: string) {
  const cached = await runCli(['list', '--json', '--archive', archive], { env: { REPORTS_CACHE_DIR: cacheDir } });
  const fresh = await runCli(['list', '--json', '--archive', archive], { env: { REPORTS_NO_CACHE: '1' } });
  expect(cached.code).toBe(0);
  expect(fresh.code).toBe(0);
  return { cached, fresh };
}

async function expectSame(archive: string, cacheDir: string): Promise<unknown[]> {
  const { cached, fresh } = await both(archive, cacheDir);
  expect(cached.stdout).toBe(fresh.stdout);
  expect(cached.stderr).toBe(fresh.stderr);
  return JSON.parse(cached.stdout).reports;
}

describe('the record cache', () => {
  it('gives the same results as no cache while files change, appear, vanish and move', async () => {
    const archive = copyArchive('archive');
    const cacheDir = tempDir('reports-cache-');
    const f = (rel: string) => path.join(archive, rel);

    // Whole-second mtimes, so that the test below can put one back exactly.
    const file = f('2018/regular-124.yaml');
    const then = new Date('2020-01-01T00:00:00Z');
    utimesSync(file, then, then);
    expect(await expectSame(archive, cacheDir)).toHaveLength(6); // cold: builds the cache
    expect(readdirSync(cacheDir).some((n) => n.endsWith('.json'))).toBe(true);
    expect(await expectSame(archive, cacheDir)).toHaveLength(6); // warm

    // A change that keeps the size and puts the mtime back: only the ctime tells.
    const text = readFileSync(file, 'utf8');
    const changed = text.replace('Northeast China', 'Northwest China');
    expect(changed.length).toBe(text.length);
    writeFileSync(file, changed);
    utimesSync(file, then, then);
    expect(statSync(file).mtimeMs).toBe(then.getTime());
    const afterEdit = await expectSame(archive, cacheDir) as { id: string; title: string }[];
    expect(afterEdit.find((r) => r.id === '2018-R124')!.title).toContain('Northwest China');

    // A new file, a deleted file, a renamed file.
    writeFileSync(f('2019/regular-097.yaml'), recordYaml({ number: 97, total: 5597, date: '2019-06-21' }));
    unlinkSync(f('2016/regular-122.yaml'));
    renameSync(f('2018/regular-003.yaml'), f('2018/renamed.yaml'));
    const moved = await expectSame(archive, cacheDir) as { id: string; file: string }[];
    expect(moved.map((r) => r.id)).toContain('2019-R97');
    expect(moved.map((r) => r.id)).not.toContain('2016-R122');
    expect(moved.find((r) => r.id === '2018-R3')!.file).toBe('2018/renamed.yaml');

    // A file turning invalid, and valid again.
    writeFileSync(f('2019/regular-097.yaml'), recordYaml({ number: 'ninety-seven' }));
    const { cached } = await both(archive, cacheDir);
    expect(cached.stderr).toMatch(/2019\/regular-097\.yaml:6:9: number must be a whole number/);
    await expectSame(archive, cacheDir);
    writeFileSync(f('2019/regular-097.yaml'), recordYaml({ number: 97, total: 5597 }));
    expect((await expectSame(archive, cacheDir) as { id: string }[]).map((r) => r.id)).toContain('2019-R97');

    // Every file touched (as a cold benchmark run does).
    const later = new Date(Date.now() + 5000);
    for (const dir of readdirSync(archive)) for (const name of readdirSync(path.join(archive, dir))) utimesSync(path.join(archive, dir, name), later, later);
    await expectSame(archive, cacheDir);
  });

  it('keeps the entries of unchanged files when one changes, and compacts what changed files leave', async () => {
    const archive = copyArchive('archive');
    const cacheDir = tempDir('reports-cache-');
    await expectSame(archive, cacheDir);
    const side = (suffix: string) => readFileSync(path.join(cacheDir, readdirSync(cacheDir).find((n) => n.endsWith(suffix))!));
    const sizes: number[] = [];
    const file = path.join(archive, '2019/special-011.yaml');
    const text = readFileSync(file, 'utf8');
    for (let i = 1; i <= 12; i++) {
      const before = side('.records');
      writeFileSync(file, text.replace(/^title: .*$/m, `title: Edited ${i} times`));
      const records = await expectSame(archive, cacheDir) as { id: string; title: string }[];
      expect(records.find((r) => r.id === '2019-S11')!.title).toBe(`Edited ${i} times`);
      const after = side('.records');
      sizes.push(after.length);
      // The new records side file either starts with the old one (the change appended) or was compacted.
      expect(after.length <= before.length || after.subarray(0, before.length).equals(before), `edit ${i}`).toBe(true);
    }
    // Appended several times, compacted at least once: never more than about twice what is in use.
    expect(sizes.some((n, i) => i > 0 && n > sizes[i - 1]!)).toBe(true);
    expect(sizes.some((n, i) => i > 0 && n < sizes[i - 1]!)).toBe(true);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2 * Math.min(...sizes) + 600);
  });

  it('serves abstracts and every field from the cache exactly', async () => {
    const archive = copyArchive('archive');
    const cacheDir = tempDir('reports-cache-');
    await expectSame(archive, cacheDir);
    const warm = await runCli(['show', '2019-S11', '--json', '--archive', archive], { env: { REPORTS_CACHE_DIR: cacheDir } });
    const fresh = await runCli(['show', '2019-S11', '--json', '--archive', archive], { env: { REPORTS_NO_CACHE: '1' } });
    expect(warm.stdout).toBe(fresh.stdout);
    expect(JSON.parse(warm.stdout).report.abstract).toMatch(/deserve the government's high attention\.$/);
  });

  it('is rebuilt when corrupt, truncated, missing or from another version', async () => {
    const archive = copyArchive('archive');
    const cacheDir = tempDir('reports-cache-');
    await expectSame(archive, cacheDir);
    const file = (suffix: string) => path.join(cacheDir, readdirSync(cacheDir).find((n) => n.endsWith(suffix))!);

    writeFileSync(file('.json'), '{"format": 3, "entries": [garbage');
    await expectSame(archive, cacheDir);

    truncateSync(file('.abstracts'), 100);
    await expectSame(archive, cacheDir);
    expect(JSON.parse((await runCli(['show', '2019-S11', '--json', '--archive', archive], { env: { REPORTS_CACHE_DIR: cacheDir } })).stdout).report.abstract).toMatch(/attention\.$/);

    // A cached title changed in place (same length) is never served: its entry's checksum no longer matches...
    const records = file('.records');
    const original = readFileSync(records, 'utf8');
    writeFileSync(records, original.replace('Progress and Challenges', 'Pxogress and Challenges'));
    const titles = async () => (JSON.parse((await runCli(['list', '--json', '--archive', archive], { env: { REPORTS_CACHE_DIR: cacheDir } })).stdout).reports as { title: string }[]).map((r) => r.title).join('\n');
    expect(await titles()).not.toContain('Pxogress');
    await expectSame(archive, cacheDir);
    // ...while one whose checksums are made to agree is served, which shows the change reaches the output...
    const index = () => {
      const text = readFileSync(file('.json'));
      return { crc: text.toString('latin1', 0, 8), meta: JSON.parse(text.toString('utf8', 9)) };
    };
    const writeIndex = (meta: unknown) => {
      const json = Buffer.from(JSON.stringify(meta));
      writeFileSync(file('.json'), Buffer.concat([Buffer.from(`${crc32(json).toString(16).padStart(8, '0')}\n`), json]));
    };
    const side = readFileSync(file('.records'));
    const at = side.indexOf('Progress and Challenges');
    side.write('Pxogress', at);
    writeFileSync(file('.records'), side);
    const { meta } = index();
    // Six numbers a file, as base64 of little-endian 64-bit floats.
    const spansBytes = Buffer.from(meta.spans, 'base64');
    const span = (k: number) => spansBytes.readDoubleLE(8 * k);
    const i = (meta.files as string[]).findIndex((_, k) => span(6 * k) <= at && at < span(6 * k) + span(6 * k + 1));
    expect(i).toBeGreaterThanOrEqual(0);
    const sums = Buffer.from(meta.sums, 'base64');
    sums.writeUInt32LE(crc32(side.subarray(span(6 * i), span(6 * i) + span(6 * i + 1))), 4 * 3 * i);
    meta.sums = sums.toString('base64');
    writeIndex(meta);
    expect(await titles()).toContain('Pxogress');
    // ...and never once the cache says it was made by another version or build.
    writeIndex({ ...index().meta, build: 'another version' });
    expect(await titles()).not.toContain('Pxogress');
    await expectSame(archive, cacheDir);

    rmSync(cacheDir, { recursive: true, force: true });
    await expectSame(archive, cacheDir);
  });

  it('can be turned off, and never writes into the archive', async () => {
    const archive = copyArchive('archive');
    const cacheDir = tempDir('reports-cache-');
    await runCli(['list', '--archive', archive], { env: { REPORTS_CACHE_DIR: cacheDir, REPORTS_NO_CACHE: '1' } });
    expect(readdirSync(cacheDir)).toEqual([]);
    await runCli(['list', '--archive', archive], { env: { REPORTS_CACHE_DIR: cacheDir } });
    expect(readdirSync(cacheDir).length).toBeGreaterThan(0);
    expect(readdirSync(archive).sort()).toEqual(['2016', '2018', '2019']);
  });

  it('keeps the search index, and never answers from a stale one', async () => {
    const archive = copyArchive('archive');
    const cacheDir = tempDir('reports-cache-');
    const search = async (q: string, env: NodeJS.ProcessEnv) => (await runCli(['list', '--json', '--search', q, '--archive', archive], { env })).stdout;
    const ids = async (q: string) => {
      const cached = await search(q, { REPORTS_CACHE_DIR: cacheDir });
      expect(cached).toBe(await search(q, { REPORTS_NO_CACHE: '1' }));
      return (JSON.parse(cached).reports as { id: string }[]).map((r) => r.id);
    };
    expect(await ids('small towns')).toHaveLength(3);
    expect(readdirSync(cacheDir).some((n) => n.includes('.search'))).toBe(true);
    expect(await ids('small towns')).toHaveLength(3); // from the kept index
    expect(await ids('zeppelin')).toEqual([]);
    writeFileSync(path.join(archive, '2019/regular-097.yaml'), recordYaml({ number: 97, total: 5597, title: 'Zeppelin Logistics in Small Towns' }));
    expect(await ids('zeppelin')).toEqual(['2019-R97']);
    expect(await ids('small towns')).toHaveLength(4);
    unlinkSync(path.join(archive, '2019/regular-097.yaml'));
    expect(await ids('zeppelin')).toEqual([]);
  });

  it('packs field positions losslessly', () => {
    const p = { keys: { title: [1, 1] as [number, number], 'odd key, "quoted"': [2, 3] as [number, number] }, values: { title: [1, 8] as [number, number], 'odd key, "quoted"': [2, 20] as [number, number] } };
    expect(unpackPositions(packPositions(p))).toEqual(p);
  });
});
