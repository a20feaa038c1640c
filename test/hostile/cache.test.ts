// Items 18, 19 and 20 of the trust issue: the record cache never lies and never fails a command. A damaged or
// edited entry is read from its record file instead; a cache folder that cannot be used only costs speed.
// Each case runs fresh processes: a damaged entry must be handled by a process that has not loaded the parser.
import { chmodSync, chownSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyArchive, tempDir } from '../helpers.js';
import { openToAll, PERMISSIONS_TESTABLE, reportsProcess, ROOT_USER } from './run.js';

const TITLE = 'Progress and Challenges';

/** A copy of the bundled archive and a cache folder filled by one run. */
async function warm(): Promise<{ archive: string; cache: string; side: (suffix: string) => string }> {
  const archive = copyArchive('archive');
  const cache = tempDir('reports-hostile-cache-');
  expect((await reportsProcess(['list', '--archive', archive], { env: { REPORTS_CACHE_DIR: cache } })).code).toBe(0);
  const side = (suffix: string) => path.join(cache, readdirSync(cache).find((n) => n.endsWith(suffix))!);
  return { archive, cache, side };
}

/** Run with the cache, and again without any: the same stdout and stderr, exit 0. */
async function same(args: string[], archive: string, cache: string, asUser = false): Promise<string> {
  const cached = await reportsProcess([...args, '--archive', archive], { env: { REPORTS_CACHE_DIR: cache, REPORTS_NO_CACHE: '', SOURCE_DATE_EPOCH: '0' }, asUser });
  const fresh = await reportsProcess([...args, '--archive', archive], { env: { REPORTS_NO_CACHE: '1', SOURCE_DATE_EPOCH: '0' }, asUser });
  expect(fresh.code).toBe(0);
  expect({ code: cached.code, stdout: cached.stdout, stderr: cached.stderr }).toEqual({ code: 0, stdout: fresh.stdout, stderr: fresh.stderr });
  return cached.stdout;
}

/** Flip one byte of `file` at `at` (a position inside the entry of 2019-S11). */
function flip(file: string, at: number): void {
  const b = readFileSync(file);
  b[at] = b[at]! ^ 0x20;
  writeFileSync(file, b);
}

describe('a damaged cache is ignored', () => {
  it('a flipped byte in the records side file: show prints the record from its file', async () => {
    const { archive, cache, side } = await warm();
    // The quote that opens the title of 2019-S11: its entry is no longer JSON.
    flip(side('.records'), readFileSync(side('.records')).indexOf('"title":"The Development') + 8);
    expect(await same(['show', '2019-S11', '--json'], archive, cache)).toContain(TITLE);
  });

  it('a flipped byte in the abstracts side file: show prints the abstract from its file', async () => {
    const { archive, cache, side } = await warm();
    flip(side('.abstracts'), readFileSync(side('.abstracts')).indexOf('attention'));
    expect(await same(['show', '2019-S11', '--json'], archive, cache)).toMatch(/government's high attention\./);
  });

  it('changed bytes in the positions side file: findings are located as without a cache', async () => {
    const { archive, cache, side } = await warm();
    // Every digit one more: still well-formed, every line and column wrong.
    const positions = side('.positions');
    writeFileSync(positions, readFileSync(positions, 'latin1').replace(/[0-9]/g, (d) => String((Number(d) + 1) % 10)), 'latin1');
    const out = await same(['list', '--json'], archive, cache);
    expect(out).toContain(TITLE);
    const cached = await reportsProcess(['validate', '--json', '--archive', archive], { env: { REPORTS_CACHE_DIR: cache } });
    const fresh = await reportsProcess(['validate', '--json', '--archive', archive], { env: { REPORTS_NO_CACHE: '1' } });
    expect(cached.stdout).toBe(fresh.stdout);
  });

  it('a flipped byte in the index file: the cache is ignored and rebuilt', async () => {
    const { archive, cache, side } = await warm();
    flip(side('.json'), 200);
    await same(['list', '--json'], archive, cache);
    await same(['list', '--json'], archive, cache);
  });
});

describe('an edited cache is never served', () => {
  it('a same-size edit of a title in the records side file: list, show and export give the title of the file', async () => {
    const { archive, cache, side } = await warm();
    const records = side('.records');
    writeFileSync(records, readFileSync(records, 'utf8').replace(TITLE, 'Pwned!! and Challenges'.padEnd(TITLE.length, '!')));
    for (const args of [['list', '--json'], ['show', '2019-S11'], ['export', 'json']]) {
      const out = await same(args, archive, cache);
      expect(out).not.toContain('Pwned');
    }
  });

  it('an object written over a title of the same size does not reach export html', async () => {
    const { archive, cache, side } = await warm();
    const records = side('.records');
    const text = readFileSync(records, 'utf8');
    const title = /"title":"[^"]*Progress and Challenges"/.exec(text)![0];
    const object = `"title":{"x":"${'y'.repeat(title.length - 16)}"}`;
    expect(object.length).toBe(title.length);
    writeFileSync(records, text.replace(title, object));
    const site = path.join(tempDir(), 'site');
    const r = await reportsProcess(['export', 'html', '--out', site, '--archive', archive], { env: { REPORTS_CACHE_DIR: cache } });
    expect(r.stderr).not.toMatch(/this is a bug/);
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(site, 'index.html'), 'utf8')).toContain(TITLE);
  });
});

describe('an unusable cache folder costs speed, never a result', () => {
  it('a file where the cache folder should be', async () => {
    const archive = copyArchive('archive');
    const cache = path.join(tempDir(), 'cache');
    writeFileSync(cache, 'not a folder');
    await same(['list', '--json'], archive, cache);
    await same(['show', '2019-S11'], archive, cache);
  });

  it.skipIf(!PERMISSIONS_TESTABLE)('a cache folder of mode 000', async () => {
    const archive = openToAll(copyArchive('archive'));
    const parent = tempDir();
    chmodSync(parent, 0o755);
    const cache = path.join(parent, 'cache');
    mkdirSync(cache);
    if (ROOT_USER) chownSync(cache, 65534, 65534);
    chmodSync(cache, 0o000);
    await same(['list', '--json'], archive, cache, true);
    await same(['validate'], archive, cache, true);
  });

  if (!ROOT_USER) console.warn("skipped: another user's cache folder: needs root (to make a folder of another user)");
  it.skipIf(!ROOT_USER || !PERMISSIONS_TESTABLE)("another user's cache folder of mode 700, filled by that user", async () => {
    const { archive, cache } = await warm();
    openToAll(archive);
    chmodSync(path.dirname(cache), 0o755);
    chmodSync(cache, 0o700);
    await same(['list', '--json'], archive, cache, true);
    await same(['show', '2019-S11'], archive, cache, true);
  });
});
