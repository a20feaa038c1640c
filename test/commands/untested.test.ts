// What had no test: the unexpected-error path (a bug says so; --verbose and DEBUG show the stack), where the record
// cache lives, the `ls` alias, and edit --commit with a renumber through the command line.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli.js';
import type { IO } from '../../src/commands/context.js';
import { cacheRoot } from '../../src/store/cache-root.js';
import { baseEnv, copyArchive, runCli, tempDir } from '../helpers.js';
import { git, identify } from '../team-helpers.js';

describe('an unexpected error', () => {
  /** A run whose stdout fails as a bug would: a TypeError no use case throws on purpose. */
  async function broken(argv: string[], env: NodeJS.ProcessEnv = {}) {
    let stderr = '';
    const io: IO = {
      stdout: () => {
        throw new TypeError('boom: x is undefined');
      },
      stderr: (s) => void (stderr += s),
      env: baseEnv(env),
      cwd: tempDir(),
      stdoutIsTTY: false,
      stderrIsTTY: false,
      stdinIsTTY: false,
      stdin: Readable.from(['']),
    };
    const code = await run(['--archive', copyArchive('archive'), ...argv], io);
    return { code, stderr };
  }

  it('is exit 1, names itself a bug and says how to see more; no stack', async () => {
    const r = await broken(['list', '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: boom: x is undefined\n(this is a bug in reports; run again with --verbose for details)\n');
  });

  it.each([[['--verbose', 'list', '--json'], {}], [['list', '--json'], { DEBUG: '1' }]] as const)('%j %j shows the stack', async (argv, env) => {
    const r = await broken([...argv], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: boom: x is undefined\nTypeError: boom: x is undefined\n {4}at /);
    expect(r.stderr).not.toContain('this is a bug');
  });
});

describe('where the record cache lives', () => {
  it.each<[NodeJS.ProcessEnv, string | undefined]>([
    [{ REPORTS_CACHE_DIR: '/c/here', XDG_CACHE_HOME: '/x', HOME: '/h' }, '/c/here'],
    [{ REPORTS_CACHE_DIR: 'rel', HOME: '/h' }, path.resolve('rel')],
    [{ XDG_CACHE_HOME: '/x', HOME: '/h' }, '/x/reports'],
    [{ HOME: '/h' }, '/h/.cache/reports'],
    [{ REPORTS_NO_CACHE: '1', REPORTS_CACHE_DIR: '/c' }, undefined],
    [{ REPORTS_NO_CACHE: '0', REPORTS_CACHE_DIR: '/c' }, '/c'],
  ])('%j -> %s', (env, root) => {
    expect(cacheRoot(env)).toBe(root);
  });

  it('the command line keeps its cache where the environment says', async () => {
    const cache = tempDir('reports-cache-where-');
    const r = await runCli(['--archive', copyArchive('archive'), 'list', '--json'], { env: { REPORTS_CACHE_DIR: cache } });
    expect(r.code).toBe(0);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(cache).length).toBeGreaterThan(0);
  });
});

describe('ls', () => {
  it('is list', async () => {
    const a = copyArchive('archive');
    const ls = await runCli(['--archive', a, 'ls', '--json', '--year', '2019']);
    const list = await runCli(['--archive', a, 'list', '--json', '--year', '2019']);
    expect(ls.code).toBe(0);
    expect(ls.stdout).toBe(list.stdout);
    expect(JSON.parse(ls.stdout).reports.length).toBeGreaterThan(0);
  });
});

describe('edit --commit with a renumber', () => {
  it('commits the new file and the removal of the old, and says so', async () => {
    const top = tempDir('reports-edit-commit-');
    git(top, 'init', '--quiet', '-b', 'main');
    identify(top);
    const { cpSync } = await import('node:fs');
    const a = path.join(top, 'archive');
    cpSync(copyArchive('archive'), a, { recursive: true });
    git(top, 'add', '.');
    git(top, 'commit', '--quiet', '-m', 'start');
    const file = path.join(a, '2019', 'special-011.yaml');
    const copy = path.join(tempDir(), 'edited.yaml');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(copy, readFileSync(file, 'utf8').replace(/^number: 11$/m, 'number: 40').replace(/^total: \d+$/m, 'total: 1668'));
    const r = await runCli(['--archive', a, 'edit', '2019-S11', '--from', copy, '--commit'], { cwd: top });
    expect(r.code, r.stderr).toBe(0);
    const id = git(top, 'rev-parse', '--short', 'HEAD').trim();
    const subject = git(top, 'log', '-1', '--format=%s').trim();
    expect(subject).toMatch(/^Edit 2019-S40: /);
    expect(r.stderr).toContain(`committed ${id}: ${subject}`);
    expect(git(top, 'show', '--name-status', '--no-renames', '--format=', 'HEAD').trim().split('\n').sort()).toEqual([
      'A\tarchive/2019/special-040.yaml',
      'D\tarchive/2019/special-011.yaml',
    ]);
  });
});
