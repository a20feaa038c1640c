import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { processIO } from '../../src/cli.js';
import { makeArchive, recordYaml, runCli, tempDir, type InProcessOptions } from '../helpers.js';

const URL_OK = 'https://www.drc.gov.cn/report/2019-1.html';
// Characters a shell would act on: if a shell ever saw the address, `touch` would run.
const URL_SHELLY = 'https://example.org/a;touch${IFS}pwned$(touch%20pwned2)|x&y`id`';

let archive: string;
let fakeBin: string;
let log: string;
beforeAll(() => {
  archive = makeArchive({
    '2019/regular-001.yaml': recordYaml({ url: URL_OK }),
    '2019/regular-002.yaml': recordYaml({ number: 2, total: 5502, title: 'No URL Here', url: undefined }),
    '2019/regular-003.yaml': recordYaml({ number: 3, total: 5503, title: 'Shell Characters', url: URL_SHELLY }),
    '2019/regular-004.yaml': recordYaml({ number: 4, total: 5504, title: 'Not The Web', url: 'javascript:alert(1)' }),
  });
  // A stand-in for xdg-open that writes down its arguments, one per line, and the folder it ran in.
  fakeBin = path.join(tempDir(), 'bin');
  mkdirSync(fakeBin);
  log = path.join(tempDir(), 'opened.txt');
  writeFileSync(path.join(fakeBin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$#" "$@" > "${log}.part" && mv "${log}.part" "${log}"\n`);
  chmodSync(path.join(fakeBin, 'xdg-open'), 0o755);
});

/** `reports open ...`: the programs it starts are written down (unless the test passes a real launcher). */
async function open(args: string[], o: InProcessOptions = {}) {
  const launched: { cmd: string; args: string[] }[] = [];
  const launch = o.launch ?? (async (cmd: string, a: string[]) => void launched.push({ cmd, args: a }));
  const r = await runCli(['open', '--archive', archive, ...args], { ...o, launch, env: { PATH: fakeBin, ...o.env }, cwd: o.cwd ?? tempDir() });
  return { ...r, launched };
}

describe('reports open', () => {
  it('--print prints the URL, and opens nothing', async () => {
    const r = await open(['2019-R1', '--print']);
    expect(r).toMatchObject({ code: 0, stdout: `${URL_OK}\n`, launched: [] });
  });

  it('opens the URL with xdg-open found on PATH, the URL its one argument', async () => {
    const r = await open(['5501']);
    expect(r.code).toBe(0);
    expect(r.launched).toEqual([{ cmd: path.join(fakeBin, 'xdg-open'), args: [URL_OK] }]);
    expect(r.stderr).toContain(`opened 2019-R1: ${URL_OK}`);
  });

  it('says so when no opener is on PATH, giving the address (exit 1)', async () => {
    const r = await open(['2019-R1'], { env: { PATH: tempDir() } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`no xdg-open on PATH; the address of 2019-R1 is ${URL_OK}`);
    expect(r.launched).toEqual([]);
  });

  it('never opens a url that is not http or https (such a record does not even load)', async () => {
    const r = await open(['2019-R4']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/2019-R4 is in .*regular-004\.yaml, which does not load/);
    expect(r.launched).toEqual([]);
  });

  it('without a url and without --site: a clear message, exit 1', async () => {
    const r = await open(['2019-R2']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/2019-R2 has no url; to open its page in an exported site, add --site DIR/);
  });

  it('without a url, with --site: opens the page of the exported site', async () => {
    const site = path.join(tempDir(), 'site');
    expect((await runCli(['export', 'html', '--archive', archive, '--out', site, '--skip-invalid'])).code).toBe(0);
    const page = path.join(site, 'reports', '2019-R2.html');
    expect(existsSync(page)).toBe(true);
    const r = await open(['2019-R2', '--site', site]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.launched).toEqual([{ cmd: path.join(fakeBin, 'xdg-open'), args: [page] }]);
    expect((await open(['2019-R2', '--site', site, '--print'])).stdout).toBe(`${pathToFileURL(page).href}\n`);
    const relative = await open(['2019-R2', '--site', 'site', '--print'], { cwd: path.dirname(site) });
    expect(relative.stdout).toBe(`${pathToFileURL(page).href}\n`);
  });

  it('--site without the page: says to export again (exit 1)', async () => {
    const r = await open(['2019-R2', '--site', tempDir()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/has no page for it \(export the site again with: reports export html --out/);
  });

  it('a real launch: the address reaches the program as one argument, no shell in between', async () => {
    const cwd = tempDir();
    const r = await open(['2019-R3'], { cwd, launch: processIO().launch });
    expect(r.code, r.stderr).toBe(0);
    // The stand-in runs on its own: wait for what it writes (a rename, so never half-written).
    for (let i = 0; i < 200 && !existsSync(log); i++) await new Promise((res) => setTimeout(res, 50));
    const expected = new URL(URL_SHELLY).href;
    expect(readFileSync(log, 'utf8')).toBe(`1\n${expected}\n`);
    // Where a shell started for the opener would have run `touch`: the folder this process runs in.
    for (const dir of [cwd, process.cwd()]) for (const f of ['pwned', 'pwned2']) expect(existsSync(path.join(dir, f))).toBe(false);
  });

  it('refuses an unknown record like show does (exit 1)', async () => {
    const r = await open(['2019-R99']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no report 2019-R99 in the archive/);
  });
});
