// reports serve as a process: the line it prints, its port, a stop on Ctrl-C or SIGTERM, and writes from a
// terminal, the API and the form at the same moment.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, baseEnv, cliAsync, copyArchive } from '../helpers.js';
import { ORIGIN, served, type Served } from './helpers.js';

let child: ChildProcessWithoutNullStreams | undefined;
let s: Served | undefined;
const dirs: string[] = [];
afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
  s?.close();
  s = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Start `reports serve` and wait for its one line on stdout. */
function start(archive: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<{ url: URL; token: string; stderr: () => string; exit: Promise<number | null> }> {
  child = spawn(process.execPath, [BIN, '--archive', archive, 'serve', '--port', '0', ...args], { env: baseEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exit = new Promise<number | null>((resolve) => child!.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address printed; stderr: ${err}`)), 15_000);
    child!.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /^Serving (.+) at (http:\/\/127\.0\.0\.1:\d+\/\?token=([\w-]+))\n$/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: new URL(m[2]!), token: m[3]!, stderr: () => err, exit });
      }
    });
    child!.on('close', () => reject(new Error(`exited before serving; stderr: ${err}`)));
  });
}

describe('reports serve, the process', () => {
  it('prints one line with its address, binds 127.0.0.1 on a free port, answers with the token', async () => {
    const archive = copyArchive('archive');
    dirs.push(path.dirname(archive));
    const srv = await start(archive);
    expect(srv.url.hostname).toBe('127.0.0.1');
    expect(Number(srv.url.port)).toBeGreaterThan(0);
    const api = await fetch(new URL('/api/reports?limit=1', srv.url), { headers: { authorization: `Bearer ${srv.token}` } });
    expect(api.status).toBe(200);
    expect(((await api.json()) as { held: number }).held).toBe(6);
    expect((await fetch(new URL('/api/reports', srv.url))).status).toBe(401);
    // The browser's first visit: the cookie is set and the token leaves the address.
    const first = await fetch(srv.url, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    child!.kill('SIGTERM');
    expect(await srv.exit).toBe(0);
    expect(srv.stderr()).toContain('stopped');
  });

  it('Ctrl-C stops it with status 130', async () => {
    const archive = copyArchive('archive');
    dirs.push(path.dirname(archive));
    const srv = await start(archive);
    child!.kill('SIGINT');
    expect(await srv.exit).toBe(130);
  });

  it('serves its catalogue from a warm cache without loading the schema, the parser, the lock or the HTML parser', async () => {
    // What only writes and imports need (zod, yaml, proper-lockfile, htmlparser2) took half the start before the
    // address was printed.
    const archive = copyArchive('archive');
    dirs.push(path.dirname(archive));
    const probe = path.join(path.dirname(archive), 'probe.cjs');
    writeFileSync(probe, "process.on('exit', () => process.stderr.write('[loaded] ' + Object.keys(require.cache).filter((f) => /[\\\\/]node_modules[\\\\/](zod|yaml|proper-lockfile|htmlparser2)[\\\\/]/.test(f)).join(' ') + '\\n'));\n");
    const cache = path.join(path.dirname(archive), 'cache');
    const warm = await cliAsync(['--archive', archive, 'list'], { env: { REPORTS_CACHE_DIR: cache } });
    expect(warm.code, warm.stderr).toBe(0);
    const srv = await start(archive, [], { NODE_OPTIONS: `--require ${probe}`, REPORTS_CACHE_DIR: cache });
    const page = await fetch(new URL('/', srv.url), { headers: { authorization: `Bearer ${srv.token}` } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('newest first');
    child!.kill('SIGTERM');
    expect(await srv.exit).toBe(0);
    expect(srv.stderr()).toMatch(/^\[loaded\] $/m);
  });

  it('a port in use is a clear error, exit 1', async () => {
    const archive = copyArchive('archive');
    dirs.push(path.dirname(archive));
    const srv = await start(archive);
    const second = await cliAsync(['--archive', archive, 'serve', '--port', srv.url.port]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`port ${srv.url.port} of 127.0.0.1 is in use`);
  });

  it('--host 0.0.0.0 warns that the token is then the only guard', async () => {
    const archive = copyArchive('archive');
    dirs.push(path.dirname(archive));
    const srv = await start(archive, ['--host', '0.0.0.0']);
    // The warning follows the address on the other stream: wait for it (bounded).
    for (let i = 0; i < 100 && !srv.stderr().includes('the token is the only guard'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(srv.stderr()).toContain('the token is the only guard');
    expect(srv.stderr()).toContain('/oai');
  });
});

describe('writes at the same moment', () => {
  it('a CLI add, an API POST and a form submit at once: three records, three numbers', async () => {
    s = served({ write: true });
    const fields = { authors: 'Li Wei', kind: 'special', year: '2019' };
    const [cli, api, form] = await Promise.all([
      cliAsync(['--archive', s.archive, 'add', '--no-input', '--title', 'From the terminal', '--author', 'Li Wei', '--kind', 'special', '--year', '2019']),
      s.json('/api/reports', { ...fields, title: 'From the API' }),
      s.req('/add', { method: 'POST', auth: 'cookie', headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...fields, title: 'From the form' }).toString() }),
    ]);
    expect(cli.code, cli.stderr).toBe(0);
    expect(api.status).toBe(201);
    expect(form.status).toBe(201);
    const files = readdirSync(path.join(s.archive, '2019')).filter((f) => /^special-01[2-4]\.yaml$/.test(f));
    expect(files.sort()).toEqual(['special-012.yaml', 'special-013.yaml', 'special-014.yaml']);
    const titles = files.map((f) => /^title: (.*)$/m.exec(readFileSync(path.join(s!.archive, '2019', f), 'utf8'))![1]).sort();
    expect(titles).toEqual(['From the API', 'From the form', 'From the terminal']);
    const list = (await (await s.req('/api/reports?year=2019&kind=special')).json()) as { held: number };
    expect(list.held).toBe(9);
  });
});
