// Helpers for the export tests: run the built CLI on a copy of a fixture archive.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CACHE_DIR } from './helpers.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = path.join(ROOT, 'bin', 'reports.js');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'export');

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** A temp folder holding a copy of the fixture archive as ./archive; removed by the returned cleanup. */
export function workspace(fixture = 'archive'): { dir: string; archive: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'reports-export-'));
  const archive = path.join(dir, 'archive');
  cpSync(path.join(FIXTURES, fixture), archive, { recursive: true });
  return { dir, archive, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function reports(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): Result {
  const env: NodeJS.ProcessEnv = { ...process.env, REPORTS_CACHE_DIR: CACHE_DIR, NO_COLOR: '1', ...opts.env };
  delete env.REPORTS_ARCHIVE;
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd, env, encoding: 'utf8', input: opts.input ?? '', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
