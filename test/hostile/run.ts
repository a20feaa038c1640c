// The hostile-archive suite: archives an attacker (or an accident) could hand a user, and what reports must do
// with them. This file runs the CLI in-process with a fake terminal or pipe, or as a process of its own where the
// process is the point (a hang, a damaged cache met by a fresh process, another user).
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import path from 'node:path';
import { BIN, type CliResult, runCli, tempDir } from '../helpers.js';

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** A cache folder of this suite's own, never the user's ~/.cache. */
export const CACHE = tempDir('reports-hostile-cache-');

/**
 * Run `reports ...argv` in-process (runCli, the one in-process runner of the tests); stdout and stderr are terminals
 * when `tty` (the dangerous case).
 */
export async function reports(argv: string[], opts: { tty?: boolean; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<Ran> {
  const r = await runCli(argv, {
    env: { REPORTS_CACHE_DIR: CACHE, NO_COLOR: '1', COLUMNS: '100', ...opts.env },
    cwd: opts.cwd ?? process.cwd(),
    stdoutIsTTY: !!opts.tty,
    stderrIsTTY: !!opts.tty,
    columns: 100,
  });
  return { code: r.code ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** ESC, BEL, CSI as one C1 character, and a right-to-left override: none may reach a terminal raw. */
// eslint-disable-next-line no-control-regex
export const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** True when the tests run as root: permissions do not stop root, so those tests run the CLI as the user nobody. */
export const ROOT_USER = process.getuid?.() === 0;

/**
 * Whether a permission test can run here: not as root (permissions apply), or as root when the user nobody can run
 * the built CLI of this checkout (a checkout inside a folder only root may enter cannot be run as nobody; those
 * tests then skip, saying why).
 */
export const PERMISSIONS_TESTABLE = !ROOT_USER || spawnSync(process.execPath, [BIN, '--version'], { uid: 65534, gid: 65534 }).status === 0;
if (!PERMISSIONS_TESTABLE) console.warn(`hostile: permission tests skipped: the user nobody cannot run ${BIN} (the checkout's folders are not open to every user)`);

/** Let every user read `archive` and the temp folder holding it (for runs as nobody); returns `archive`. */
export function openToAll(archive: string): string {
  chmodSync(path.dirname(archive), 0o755);
  return archive;
}

/**
 * Run the built CLI as a process, killed after 15 s (a hang fails the test). With `asUser` and when running as
 * root, it runs as the user nobody, to whom permissions apply.
 */
export function reportsProcess(args: string[], opts: { asUser?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult & { hung: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: '/',
      env: { PATH: process.env.PATH, NO_COLOR: '1', COLUMNS: '100', REPORTS_CACHE_DIR: opts.asUser ? '' : CACHE, REPORTS_NO_CACHE: opts.asUser ? '1' : '', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(opts.asUser && ROOT_USER ? { uid: 65534, gid: 65534 } : {}),
    });
    let stdout = '';
    let stderr = '';
    let hung = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, 15_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, hung });
    });
  });
}
