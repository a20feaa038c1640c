// Shared by the add/edit end-to-end tests: temp copies of the fixture archive and a runner for bin/reports.js.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = path.join(ROOT, 'bin', 'reports.js');
export const PAGES = path.join(ROOT, 'test', 'fixtures', 'pages');

/** A fresh copy of test/fixtures/add/archive; returns its path. */
export function tempArchive(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reports-add-'));
  const archive = path.join(dir, 'archive');
  cpSync(path.join(ROOT, 'test', 'fixtures', 'add', 'archive'), archive, { recursive: true });
  return archive;
}

/** The record cache of these runs lives in a temp folder, not in the user's ~/.cache. */
export const CACHE = mkdtempSync(path.join(os.tmpdir(), 'reports-add-cache-'));
export const ENV = { ...process.env, NO_COLOR: '1', REPORTS_ARCHIVE: '', EDITOR: '', VISUAL: '', REPORTS_CACHE_DIR: CACHE, REPORTS_NO_CACHE: '' };

export interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run the CLI with stdin from `input` (or closed at once), no TTY. Asynchronous, so tests can run side by side. */
export function cli(args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [BIN, ...args], { env: { ...ENV, ...opts.env }, cwd: opts.cwd ?? ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      p.kill('SIGKILL');
      reject(new Error(`reports ${args.join(' ')} did not finish in 20 s; stderr:\n${stderr}`));
    }, 20_000);
    p.on('error', reject);
    p.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    p.stdin.end(opts.input ?? '');
  });
}

/** The same, asynchronously (for many at once). */
export function cliAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { env: { ...ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every file below dir (relative), dot-files included. */
export function allFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

export const read = (file: string) => readFileSync(file, 'utf8');
