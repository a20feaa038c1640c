// An IO for running the CLI in-process: stdout and stderr collected, the terminal chosen by the test.
import { run, type IO } from '../src/cli.js';
import { CACHE_DIR, ROOT } from './helpers.js';

export interface FakeRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Programs the command started (`open`). */
  launched: { cmd: string; args: string[] }[];
}

export interface FakeOptions {
  /** stdout is a terminal (default false: piped). */
  tty?: boolean;
  columns?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  launch?: IO['launch'] | null;
}

/** `reports ...argv` in this process; colour off unless the test's env asks for it. */
export async function runCli(argv: string[], o: FakeOptions = {}): Promise<FakeRun> {
  let stdout = '';
  let stderr = '';
  const launched: FakeRun['launched'] = [];
  const io: IO = {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    env: { REPORTS_CACHE_DIR: CACHE_DIR, NO_COLOR: '1', PATH: process.env.PATH, ...o.env },
    cwd: o.cwd ?? ROOT,
    stdoutIsTTY: !!o.tty,
    stderrIsTTY: false,
    stdinIsTTY: false,
    columns: o.columns,
    launch:
      o.launch === null
        ? undefined
        : (o.launch ??
          (async (cmd, args) => {
            launched.push({ cmd, args });
          })),
  };
  const code = await run(argv, io);
  return { code, stdout, stderr, launched };
}
