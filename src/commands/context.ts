// The context every command receives: the I/O of the process (or of a test), the global options, and the
// environment the use cases run in. Commands import this, never cli.ts.
import { terminalJson, visible } from '../render/safe.js';
import path from 'node:path';
import type { Command } from 'commander';
import { colourLevel, makeStyle, type Colours, type Style } from '../render/style.js';
import { problemLines } from '../render/record-json.js';
import { cacheRoot } from '../store/cache-root.js';
import type { AppEnv, Notice } from '../app/env.js';
import type { Finding } from '../model/record.js';
import { describeSource, type ConfigInForce } from '../model/config.js';
import { noticeText } from './words.js';
import { ReportsError } from '../errors.js';

/** Everything a command may touch of the outside world; tests pass their own. */
export interface IO {
  stdout: (s: string) => void;
  /**
   * Resolves when stdout can take more. A pipe whose reader is slower than the writer keeps what is written in
   * memory meanwhile: a large output written in pieces waits here between them (absent: never waits).
   */
  drain?: () => Promise<void>;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  stdinIsTTY: boolean;
  /** Terminal width, when known. */
  columns?: number;
  stdin?: NodeJS.ReadableStream;
  /** The streams behind stdout and stderr, for prompts drawn on a terminal (absent: nothing can be asked). */
  streams?: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream };
  /** Run the user's editor on the terminal and wait for it (absent where no editor can run). */
  runEditor?: (cmd: string, args: string[], env: NodeJS.ProcessEnv) => { status: number | null; signal?: string | null; error?: Error };
  /** Start a program in the background (no shell; its output ignored) and return once it runs (`open`). */
  launch?: (cmd: string, args: string[]) => Promise<void>;
  /** The clock (absent: the system's). */
  now?: () => Date;
  /** Terminal height, when known. */
  rows?: number;
  /**
   * Show `text` through a pager program reading it on its stdin, the terminal its output; resolves when the pager
   * exits, false when it could not be started (absent: no pager here).
   */
  page?: (cmd: string, args: string[], text: string, env: NodeJS.ProcessEnv) => Promise<boolean>;
  /** Call `fn` on Ctrl-C (SIGINT) until the returned function is called. */
  onInterrupt?: (fn: () => void) => () => void;
  /** Call `fn` when the process is asked to stop (SIGTERM, SIGHUP) until the returned function is called. */
  onTerminate?: (fn: () => void) => () => void;
}

export interface GlobalOptions {
  archive?: string;
  config?: string;
  color?: boolean;
  verbose?: boolean;
  quiet?: boolean;
  /** false with --no-pager. */
  pager?: boolean;
}

/** What every command receives: the I/O, and a session built from the options of the command that runs. */
export interface Context {
  io: IO;
  session(cmd: Command): Session;
  /** Set once before the command runs: the settings in force (flags, environment, config file, defaults). */
  settle(settings: ConfigInForce): void;
  /** Set before the command runs when some output may be coloured: chalk, loaded for this run. */
  useColours(colours: Colours): void;
}

/** The terminal to ask on: the IO's stdin and streams. A command asks only when stdin and stdout are terminals. */
export function terminalOf(io: IO): { input: NodeJS.ReadableStream; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream } {
  if (!io.stdin || !io.streams) throw new ReportsError('no terminal to ask on here; pass the values as flags');
  return { input: io.stdin, ...io.streams };
}

/** One run of one command: its global options, the use cases' environment, and output helpers. */
export interface Session {
  io: IO;
  globals: GlobalOptions;
  /** The environment the use cases run in: archive, cache, clock, working folder, notices to stderr. */
  env: AppEnv;
  /** The settings in force and where each came from (the archive among them). */
  settings: ConfigInForce;
  style(stream?: 'stdout' | 'stderr'): Style;
  /** Output width for tables and wrapped text. */
  width(): number;
  /** A message for the user on stderr, unless --quiet. */
  say(message: string): void;
  /** The archive folder as the user should see it: relative to the working folder when inside it. */
  label(dir: string): string;
  /** One line per file that did not load: its first problem, and how many more `validate` would show. */
  printProblems(problems: readonly Finding[], dir: string): void;
  /** A large output on stdout, piece by piece, each after stdout has taken the last (see IO.drain). */
  printPieces(pieces: Iterable<string>): Promise<void>;
  /** Output for a reader at a terminal: through the pager when it is longer than the terminal (see pagerCommand). */
  printPaged(text: string): Promise<void>;
}


export function resolveArchiveDir(option: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string {
  return path.resolve(cwd, option ?? (env.REPORTS_ARCHIVE || 'archive'));
}

/**
 * True when the command prints JSON (--json, --format json, export json without --out) to a terminal: the
 * characters JSON leaves raw but a terminal acts on are then escaped (see terminalJson).
 */
function jsonAtTerminal(cmd: Command, io: IO): boolean {
  if (!io.stdoutIsTTY) return false;
  const o = cmd.opts<{ json?: boolean; format?: string; out?: string }>();
  return o.json === true || o.format === 'json' || (cmd.name() === 'export' && cmd.args[0] === 'json' && o.out === undefined);
}

export function makeContext(outer: IO): Context {
  const io = outer;
  const width = () => helpWidth(io);
  let settled: ConfigInForce | undefined;
  let colours: Colours | undefined;
  return {
    io,
    settle: (settings) => void (settled = settings),
    useColours: (c) => void (colours = c),
    session(cmd) {
      const globals = cmd.optsWithGlobals<GlobalOptions>();
      const io = jsonAtTerminal(cmd, outer) ? { ...outer, stdout: (s: string) => outer.stdout(terminalJson(s)) } : outer;
      const settings: ConfigInForce = settled ?? { archive: { value: resolveArchiveDir(globals.archive, io.env, io.cwd), source: { kind: 'default' } } };
      const style = (stream: 'stdout' | 'stderr' = 'stdout') =>
        makeStyle(colourLevel({ flag: globals.color, env: io.env, isTTY: stream === 'stdout' ? io.stdoutIsTTY : io.stderrIsTTY }), colours);
      const say = (message: string) => {
        if (!globals.quiet) io.stderr(message.endsWith('\n') ? message : `${message}\n`);
      };
      const label = (dir: string) => {
        const rel = path.relative(io.cwd, dir);
        // For the eyes only: a folder's name may hold control characters, shown as record text is.
        return visible(rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : dir);
      };
      const notify = (n: Notice) => {
        const { c } = style('stderr');
        // Notices quote records and pasted pages: their control characters are shown, never obeyed.
        const message = visible(noticeText(n), true);
        if (n.level === 'info') say(message);
        // Warnings and notices are shown even with --quiet: they are about the data, not progress.
        else io.stderr(c.yellow(`${n.level}: ${message}`) + '\n');
      };
      const env: AppEnv = {
        archive: settings.archive.value,
        cache: cacheRoot(io.env) ?? false,
        now: io.now ?? (() => new Date()),
        cwd: io.cwd,
        vars: io.env,
        notify,
        offsets: settings.offsets ? { value: settings.offsets.value, from: describeSource(settings.offsets.source, label) } : undefined,
      };
      return {
        io,
        globals,
        env,
        settings,
        style,
        width,
        say,
        label,
        printProblems(problems, dir) {
          const warn = style('stderr').c.yellow;
          for (const line of problemLines(problems, label(dir))) io.stderr(warn(line) + '\n');
        },
        async printPaged(text) {
          const cmd = pagerCommand(io, globals, settings);
          const lines = text.split('\n').length - 1;
          if (cmd && io.page && (io.rows === undefined || lines >= io.rows)) {
            const env = { ...io.env };
            // As git does: less quits when the text fits one screen, keeps colours, leaves the screen as it was.
            if (env.LESS === undefined) env.LESS = 'FRX';
            if (env.LV === undefined) env.LV = '-c';
            if (await io.page(cmd[0]!, cmd.slice(1), text, env)) return;
          }
          io.stdout(text);
        },
        async printPieces(pieces) {
          for (const piece of pieces) {
            io.stdout(piece);
            await io.drain?.();
          }
        },
      };
    },
  };
}


/** The terminal width (or $COLUMNS), else 80. */
export function helpWidth(io: IO): number {
  const fromEnv = Number(io.env.COLUMNS);
  return io.columns && io.columns > 0 ? io.columns : fromEnv > 0 ? fromEnv : 80;
}

/** Help text "Examples:" block, shown after a command's options. */
export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

/** A command line as words: "less -R" -> [less, -R]; quoted words keep their spaces (no shell runs it). */
export function commandWords(raw: string): string[] {
  const parts = raw.trim().match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
  return parts.map((p) => p.replace(/^["']|["']$/g, ''));
}

/**
 * The pager to use, or undefined for none: only when stdout is a terminal (not TERM=dumb), without --no-pager;
 * the config's (or $REPORTS_PAGER's) pager, else $PAGER, else less -FRX. "off", or an empty $PAGER, means none.
 */
export function pagerCommand(io: IO, globals: GlobalOptions, settings: ConfigInForce): string[] | undefined {
  if (!io.stdoutIsTTY || globals.pager === false || io.env.TERM === 'dumb') return undefined;
  const chosen = settings.pager?.value ?? io.env.PAGER;
  if (chosen !== undefined && (chosen.trim() === '' || chosen === 'off' || chosen.trim() === 'cat')) return undefined;
  const words = chosen === undefined ? ['less', '-FRX'] : commandWords(chosen);
  return words.length ? words : undefined;
}
