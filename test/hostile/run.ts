// The hostile-archive suite: archives an attacker (or an accident) could hand a user, and what reports must do
// with them. This file runs the CLI in-process with a fake terminal or pipe.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from '../../src/cli.js';

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** A cache folder of this suite's own, never the user's ~/.cache. */
export const CACHE = mkdtempSync(path.join(tmpdir(), 'reports-hostile-cache-'));

/** Run `reports ...argv` in-process; stdout and stderr are terminals when `tty` (the dangerous case). */
export async function reports(argv: string[], opts: { tty?: boolean; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    env: { REPORTS_CACHE_DIR: CACHE, NO_COLOR: '1', COLUMNS: '100', ...opts.env },
    cwd: opts.cwd ?? process.cwd(),
    stdoutIsTTY: !!opts.tty,
    stderrIsTTY: !!opts.tty,
    stdinIsTTY: false,
    columns: 100,
  });
  return { code, stdout, stderr };
}

/** ESC, BEL, CSI as one C1 character, and a right-to-left override: none may reach a terminal raw. */
// eslint-disable-next-line no-control-regex
export const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
