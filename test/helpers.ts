// Test helpers: temp copies of fixture archives, and the built CLI run as a subprocess.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = path.join(ROOT, 'bin', 'reports.js');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');

/**
 * `describe`, or a skipped one that says so in the run's output: what is skipped and why (a suite that cannot run
 * here must never pass silently as if it had).
 */
export function describeWhen(can: boolean, why: string) {
  return (name: string, fn: () => void) => {
    if (!can) console.warn(`skipped: ${name}: ${why}`);
    return describe.skipIf(!can)(name, fn);
  };
}

const made: string[] = [];

/** A new folder in the temp folder, removed after the test file (test/setup.ts), also when a test fails. */
export function tempDir(prefix = 'reports-test-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Remove the folders tempDir() made so far (folders another user filled are opened first). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // A folder made unreadable by a test: open it, then remove it.
      spawnSync('chmod', ['-R', 'u+rwx', dir]);
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/** A temp copy of a fixture folder (or of the bundled archive with 'archive'); tests may change it freely. */
export function copyArchive(name: string): string {
  const src = name === 'archive' ? path.join(ROOT, 'archive') : path.join(FIXTURES, name);
  const dest = path.join(tempDir(), 'archive');
  cpSync(src, dest, { recursive: true });
  return dest;
}

/** Every file below dir (relative), dot-files included. */
export function allFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** Write files (relative path -> content) into a new temp archive. */
export function makeArchive(files: Record<string, string | Buffer>): string {
  const dir = path.join(tempDir(), 'archive');
  mkdirSync(dir, { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Tests keep the record cache in a temp folder of their own, never in the user's ~/.cache. */
export const CACHE_DIR = tempDir('reports-cache-');

/** The environment of a CLI run in a test: `extra` over the defaults; an empty value removes the variable. */
export const baseEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, REPORTS_CACHE_DIR: CACHE_DIR, REPORTS_NO_CACHE: '', REPORTS_ARCHIVE: '', NO_COLOR: '', FORCE_COLOR: '', COLUMNS: '100', ...extra };
  for (const k of Object.keys(env)) if (env[k] === '') delete env[k];
  return env;
};

export interface InProcessOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** What stdin holds (default: nothing). */
  input?: string;
  stdoutIsTTY?: boolean;
  stderrIsTTY?: boolean;
  stdinIsTTY?: boolean;
  columns?: number;
  /** The clock of the run (default: the system's). */
  now?: () => Date;
  /** Stands in for starting a program (`open`). */
  launch?: (cmd: string, args: string[]) => Promise<void>;
  /** Stands in for waiting until stdout can take more; `stdout` is what was written so far. */
  drain?: (stdout: string) => Promise<void>;
  /** Terminal height. */
  rows?: number;
  /** Stands in for the pager (see IO.page); what it is given is not on stdout. */
  page?: (cmd: string, args: string[], text: string, env: NodeJS.ProcessEnv) => Promise<boolean>;
}

/**
 * Run `reports ...args` in this process through run(argv, io) with a fake IO: the same environment as `cli()`
 * gives a subprocess, without starting one. For what does not need a process (most of the CLI).
 */
export async function runCli(args: string[], opts: InProcessOptions = {}): Promise<CliResult> {
  const { run } = await import('../src/cli.js');
  const { Readable } = await import('node:stream');
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    env: baseEnv(opts.env),
    cwd: opts.cwd ?? ROOT,
    stdoutIsTTY: opts.stdoutIsTTY ?? false,
    stderrIsTTY: opts.stderrIsTTY ?? false,
    stdinIsTTY: opts.stdinIsTTY ?? false,
    columns: opts.columns,
    stdin: Readable.from([opts.input ?? '']),
    // The editor (`edit`) is a program of its own, as in the CLI: it gets what the CLI's stdin holds and writes
    // into the same stdout and stderr.
    runEditor: (cmd, args, env) => {
      const r = spawnSync(cmd, args, { env, cwd: opts.cwd ?? ROOT, input: opts.input ?? '', encoding: 'utf8' });
      stdout += r.stdout ?? '';
      stderr += r.stderr ?? '';
      return { status: r.status, signal: r.signal, error: r.error };
    },
    launch: opts.launch,
    now: opts.now,
    drain: opts.drain && (() => opts.drain!(stdout)),
    rows: opts.rows,
    page: opts.page,
  });
  return { code, stdout, stderr };
}

/** Run `reports ...args` as a subprocess, stdin closed (`bin`: another entry than the project's, e.g. a copy's). */
export function cli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; timeout?: number; bin?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [opts.bin ?? BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: baseEnv(opts.env),
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: opts.timeout ?? 20_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same, without blocking the test runner (for many processes at once); `input` is written to stdin. */
export function cliAsync(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; timeout?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: baseEnv(opts.env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`reports ${args.join(' ')} did not finish in time; stderr:\n${stderr}`));
    }, opts.timeout ?? 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** The fields of the minimal valid record the tests start from (2019-R1, Total 5501). */
export const RECORD_DEFAULTS = {
  title: 'A Report on Something',
  authors: ['Li Na'],
  organization: 'DRC',
  series: 'Research Report',
  kind: 'regular',
  number: 1,
  year: 2019,
  total: 5501,
  date: '2019-01-02',
} as const;

/** A minimal valid record as YAML, with overrides (a value of undefined drops the field). */
export function recordYaml(fields: Record<string, unknown> = {}): string {
  const base: Record<string, unknown> = {
    ...RECORD_DEFAULTS,
    keywords: ['something'],
    ...fields,
  };
  return (
    Object.entries(base)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
      .join('\n') + '\n'
  );
}

/** An archive of `n` valid reports of 2019 (Totals running from 5001), each with an abstract: output in pieces. */
export function bigArchive(n: number): string {
  const files: Record<string, string> = {};
  for (let i = 1; i <= n; i++) {
    files[`2019/regular-${String(i).padStart(3, '0')}.yaml`] = recordYaml({ number: i, total: 5000 + i, date: `2019-01-${String(1 + Math.floor((i - 1) / 30)).padStart(2, '0')}`, abstract: `Abstract of report ${i}. `.repeat(20) });
  }
  return makeArchive(files);
}
