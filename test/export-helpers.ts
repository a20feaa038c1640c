// Helpers for the export tests: run the CLI in-process (runCli) on a copy of a fixture archive.
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ROOT, runCli, tempDir } from './helpers.js';

export { BIN, ROOT } from './helpers.js';
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'export');

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** A temp folder holding a copy of the fixture archive as ./archive; removed by the returned cleanup. */
export function workspace(fixture = 'archive'): { dir: string; archive: string; cleanup: () => void } {
  const dir = tempDir('reports-export-');
  const archive = path.join(dir, 'archive');
  cpSync(path.join(FIXTURES, fixture), archive, { recursive: true });
  return { dir, archive, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `reports ...args` in-process in `opts.cwd`, no terminal, NO_COLOR=1. */
export async function reports(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): Promise<Result> {
  const r = await runCli(args, { cwd: opts.cwd, input: opts.input, env: { NO_COLOR: '1', ...opts.env } });
  return { code: r.code ?? -1, stdout: r.stdout, stderr: r.stderr };
}
