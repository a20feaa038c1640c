// A run of the built CLI that cannot hang the suite or the machine: a process of its own, under bash's `ulimit -v`
// (about 1 GB above what node reserves at start), killed after `timeoutMs`. Whether it hung is part of the result.
import { spawn } from 'node:child_process';
import { BIN } from '../helpers.js';
import { CACHE } from './run.js';

export interface Bounded {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Killed by the timer: it was still running after timeoutMs. */
  hung: boolean;
}

/** Virtual memory for the child, in KiB: node reserves about 1 GB at start; a run that grows past 2 GB is stopped. */
export const MEMORY_KIB = 2_000_000;

export interface BoundedOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
  /** Called with the child once it runs (to signal it, to write to its stdin). */
  started?: (child: import('node:child_process').ChildProcess) => void;
  stdin?: 'ignore' | 'pipe';
}

export function boundedRun(args: string[], opts: BoundedOptions = {}): Promise<Bounded> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', `ulimit -v ${MEMORY_KIB} && exec "$@"`, 'bash', process.execPath, BIN, ...args], {
      cwd: opts.cwd ?? '/',
      env: { PATH: process.env.PATH, NO_COLOR: '1', COLUMNS: '100', REPORTS_CACHE_DIR: CACHE, ...opts.env },
      stdio: [opts.stdin ?? 'ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let hung = false;
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 10_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, hung });
    });
    opts.started?.(child);
  });
}
