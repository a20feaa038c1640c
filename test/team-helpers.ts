// Shared by the team tests: real git repositories in temp folders, and the CLI run in-process in a given folder.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { runCli, tempDir } from './helpers.js';

/** Git as a user runs it; fails the test with git's message when git fails. */
export function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' } });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** Git, returning the status instead of failing (for a pull that conflicts). */
export function gitStatus(cwd: string, ...args: string[]): { status: number; stdout: string; stderr: string } {
  return gitStatusIn(process.env, cwd, ...args);
}

/** The same with the environment given (e.g. a PATH where the hook finds reports). */
export function gitStatusIn(env: NodeJS.ProcessEnv, cwd: string, ...args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' } });
  return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** A user identity for commits in this repository (clones do not inherit it). */
export function identify(repo: string, name = 'Archivist'): void {
  git(repo, 'config', 'user.name', name);
  git(repo, 'config', 'user.email', `${name.toLowerCase().replace(/\W/g, '')}@example.org`);
  git(repo, 'config', 'commit.gpgsign', 'false');
}

/** A temp folder, removed after the test file (test/helpers.ts tempDir). */
export function tempFolder(prefix = 'reports-team-'): string {
  return tempDir(prefix);
}

/** `reports ...argv` in-process (runCli), in `cwd`, no terminal; the exit status is always a number. */
export async function reports(cwd: string, argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await runCli(argv, { cwd, env });
  return { code: r.code ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A shared archive: a seed repository with regular 2019 Nos. 95 and 96, its bare origin, and two clones of it,
 * a (Alice) and b (Bob); `pullRebase` sets how each clone pulls (left to git's default when not given).
 */
export async function sharedOrigin(top: string, opts: { pullRebase?: boolean } = {}): Promise<{ a: string; b: string; origin: string }> {
  const seed = path.join(top, 'seed');
  git(top, 'init', '--quiet', '-b', 'main', seed);
  identify(seed);
  const init = await reports(seed, ['init', '--no-input', '--organization', 'DRC']);
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  for (const [n, title] of [[95, 'Land Reform'], [96, 'Rural Finance']] as const) {
    const r = await reports(seed, ['add', '--no-input', '--title', title, '--author', 'Li Na', '--year', '2019', '--number', String(n), '--total', String(5500 + n), '--date', '2019-05-01']);
    if (r.code !== 0) throw new Error(`add failed: ${r.stderr}`);
  }
  git(seed, 'add', '.');
  git(seed, 'commit', '--quiet', '-m', 'A shared archive');
  const origin = path.join(top, 'origin.git');
  git(top, 'clone', '--quiet', '--bare', seed, origin);
  const [a, b] = ['a', 'b'].map((name) => {
    const dir = path.join(top, name);
    git(top, 'clone', '--quiet', origin, dir);
    identify(dir, name === 'a' ? 'Alice' : 'Bob');
    if (opts.pullRebase !== undefined) git(dir, 'config', 'pull.rebase', opts.pullRebase ? 'true' : 'false');
    return dir;
  }) as [string, string];
  return { a, b, origin };
}
