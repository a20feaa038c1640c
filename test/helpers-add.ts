// Shared by the add/edit end-to-end tests: temp copies of the fixture archive, and runners for the CLI in this
// process (runCli) or as bin/reports.js in a process of its own.
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cliAsync as run, ROOT, runCli, tempDir } from './helpers.js';

export { allFiles, BIN, ROOT } from './helpers.js';
export const PAGES = path.join(ROOT, 'test', 'fixtures', 'pages');

/** A fresh copy of test/fixtures/add/archive; returns its path. */
export function tempArchive(): string {
  const dir = tempDir('reports-add-');
  const archive = path.join(dir, 'archive');
  cpSync(path.join(ROOT, 'test', 'fixtures', 'add', 'archive'), archive, { recursive: true });
  return archive;
}

/** The record cache of these runs lives in a temp folder, not in the user's ~/.cache. */
export const CACHE = tempDir('reports-add-cache-');
export const ENV = { ...process.env, NO_COLOR: '1', REPORTS_ARCHIVE: '', EDITOR: '', VISUAL: '', REPORTS_CACHE_DIR: CACHE, REPORTS_NO_CACHE: '' };

export interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run the CLI with stdin from `input` (or closed at once), no TTY. Asynchronous, so tests can run side by side. */
export async function cli(args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<Result> {
  const r = await run(args, { ...opts, env: { ...ENV, ...opts.env } });
  return { status: r.code, stdout: r.stdout, stderr: r.stderr };
}

/** The same run in this process (runCli): stdin holds `input` (or nothing), no TTY, the same environment. */
export async function inProcess(args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<Result> {
  const r = await runCli(args, { ...opts, env: { ...ENV, ...opts.env } });
  return { status: r.code, stdout: r.stdout, stderr: r.stderr };
}

/** The same, with the exit status as `code` (for many at once). */
export function cliAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return run(args, { env: { ...ENV, ...env } });
}

export const read = (file: string) => readFileSync(file, 'utf8');
