// Builds the commander program and runs it. run() never exits the process: bin/reports.js does.
import { Command, CommanderError, Option } from 'commander';
import { InterruptedError, ReportsError } from './errors.js';
import { colourLevel, loadColour } from './render/style.js';
import { readFileSync } from 'node:fs';
import { examples, helpWidth, makeContext, type GlobalOptions, type IO } from './commands/context.js';
import { visible } from './render/safe.js';
import { flagWords } from './commands/words.js';
import { commandList } from './commands/list.js';
import { commandShow } from './commands/show.js';
import { commandSchema } from './commands/schema.js';
import { commandValidate } from './commands/validate.js';
import { commandStats } from './commands/stats.js';
import { commandExport } from './commands/export.js';
import { commandAdd } from './commands/add.js';
import { commandImport } from './commands/import.js';
import { commandInit } from './commands/init.js';
import { commandConfig } from './commands/config.js';
import { commandFix } from './commands/fix.js';
import { commandHook } from './commands/hook.js';
import { commandSync } from './commands/sync.js';
import { commandOpen } from './commands/open.js';
import { commandCompletion } from './commands/completion.js';
import { commandServe } from './commands/serve.js';
import { commandRm } from './commands/rm.js';
import { commandAttach } from './commands/attach.js';

export type { Context, IO, Session } from './commands/context.js';

/** The version in package.json (this file and its bundle are one folder below it). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function buildProgram(io: IO): Command {
  const ctx = makeContext(io);
  const program = new Command('reports');
  program
    .description('Keep an archive of numbered research reports: add, validate, list, show and export them.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .addOption(new Option('-a, --archive <dir>', "the archive folder (default: $REPORTS_ARCHIVE, else the config file's, else ./archive)"))
    .option('--config <file>', 'the config file (default: $REPORTS_CONFIG, else reports.config.yaml here or in a parent folder)')
    .option('--no-color', 'no colour in the output (also: NO_COLOR=1)')
    .option('-q, --quiet', 'no messages on stderr, only errors')
    .option('--no-pager', 'no pager for long output on a terminal (also: PAGER=cat, or pager: false in the config)')
    .option('--verbose', 'show stack traces of unexpected errors')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      getOutHelpWidth: () => Math.min(100, io.stdoutIsTTY ? helpWidth(io) : 80),
      getErrHelpWidth: () => Math.min(100, io.stderrIsTTY ? helpWidth(io) : 80),
      // commander writes "argument 'x' is invalid. " before a parser's message: the message starts a sentence.
      outputError: (s, write) => write(s.replace(/ is invalid\. ([a-z])/, (_m, ch: string) => ` is invalid. ${ch.toUpperCase()}`)),
    })
    .addHelpText(
      'after',
      examples(
        'reports list                         # the bundled archive, newest first',
        'reports list --year 2019 --kind special',
        'reports show 2019-S11                # a report with its abstract',
        'reports --archive ~/drc list --json  # another archive, as JSON',
      ) + '\nExit status: 0 success, 1 the work failed (invalid, not found, refused), 2 usage error, 130 interrupted.\n',
    );
  program.configureHelp({ sortSubcommands: false, showGlobalOptions: true });
  // chalk is loaded only when some output of this run may be coloured.
  program.hook('preAction', async (_root, action) => {
    const g = action.optsWithGlobals<GlobalOptions>();
    const any = [io.stdoutIsTTY, io.stderrIsTTY].some((isTTY) => colourLevel({ flag: g.color, env: io.env, isTTY }) > 0);
    if (any) ctx.useColours(await loadColour());
    // Every command works with the settings in force; a bad config stops it (except the commands that repair it).
    const { settleConfig } = await import('./commands/settle-config.js');
    await settleConfig(ctx, action);
  });

  commandList(program, ctx);
  commandShow(program, ctx);
  commandSchema(program, ctx);
  commandValidate(program, ctx);
  commandStats(program, ctx);
  commandExport(program, ctx);
  commandAdd(program, ctx);
  commandImport(program, ctx);
  commandRm(program, ctx);
  commandAttach(program, ctx);
  commandInit(program, ctx);
  commandConfig(program, ctx);
  commandFix(program, ctx);
  commandHook(program, ctx);
  commandSync(program, ctx);
  commandOpen(program, ctx);
  commandServe(program, ctx);
  commandCompletion(program, ctx);
  return program;
}

/** Parse `argv` (without node and script) and run the command. Returns the exit status. */
export async function run(argv: string[], io: IO): Promise<number> {
  const program = buildProgram(io);
  try {
    // No command (nothing, or only global options): the help is what was asked for, so it goes to stdout with
    // exit 0, where `reports | less` can read it (clig.dev: show help when run without arguments).
    const { operands, unknown } = program.parseOptions(argv);
    if (operands.length === 0 && unknown.length === 0) {
      io.stdout(program.helpInformation());
      return 0;
    }
    if (io.env.REPORTS_TIMING) {
      const { timed } = await import('./timing.js');
      await timed(io.stderr, () => program.parseAsync(argv, { from: 'user' }));
    } else await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    return errorExit(e, io, program.opts<GlobalOptions>().verbose || !!io.env.DEBUG);
  }
}

export function errorExit(e: unknown, io: IO, verbose: boolean): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
    // commander has printed the message; every other commander error is a usage error.
    return 2;
  }
  if (e instanceof ReportsError) {
    const prefix = e instanceof InterruptedError ? '' : 'error: ';
    // Messages may quote a record (a title, a file name): its control characters are shown, not obeyed.
    io.stderr(`${prefix}${visible(e.worded(flagWords), true)}\n`);
    for (const d of e.wordedDetails(flagWords)) io.stderr(`  ${visible(d, true)}\n`);
    return e.exitCode;
  }
  // A prompt closed with Ctrl-C (inquirer's ExitPromptError).
  if (e instanceof Error && e.name === 'ExitPromptError') {
    io.stderr('interrupted; nothing was written\n');
    return 130;
  }
  const err = e as Error;
  io.stderr(`error: ${visible(err?.message ?? String(e), true)}\n`);
  if (verbose && err?.stack) io.stderr(`${err.stack}\n`);
  else io.stderr('(this is a bug in reports; run again with --verbose for details)\n');
  return 1;
}

/** The real process's I/O. */
export function processIO(): IO {
  // Whether stdout holds writes it could not pass on yet (a pipe whose reader is slower).
  let full = false;
  return {
    stdout: (s) => {
      if (!process.stdout.write(s)) full = true;
    },
    drain: () =>
      full
        ? new Promise<void>((resolve) => {
            const done = () => {
              full = false;
              process.stdout.off('drain', done).off('close', done);
              resolve();
            };
            process.stdout.once('drain', done).once('close', done);
          })
        : Promise.resolve(),
    stderr: (s) => void process.stderr.write(s),
    env: process.env,
    cwd: process.cwd(),
    stdoutIsTTY: !!process.stdout.isTTY,
    stderrIsTTY: !!process.stderr.isTTY,
    stdinIsTTY: !!process.stdin.isTTY,
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    rows: process.stdout.isTTY ? process.stdout.rows : undefined,
    page: async (cmd, args, text, env) => {
      const { spawn } = process.getBuiltinModule('node:child_process');
      // While the pager has the terminal, Ctrl-C is the pager's business (less uses it to stop a search).
      const ignore = () => undefined;
      process.on('SIGINT', ignore);
      try {
        return await new Promise<boolean>((resolve) => {
          const child = spawn(cmd, args, { stdio: ['pipe', 'inherit', 'inherit'], env });
          let started = false;
          child.once('spawn', () => {
            started = true;
            // A pager that quits early (q) closes its stdin: what is left unread is not an error.
            child.stdin.on('error', () => undefined);
            child.stdin.end(text);
          });
          child.once('error', () => resolve(started));
          child.once('close', () => resolve(true));
        });
      } finally {
        process.off('SIGINT', ignore);
      }
    },
    stdin: process.stdin,
    streams: { stdout: process.stdout, stderr: process.stderr },
    runEditor: (cmd, args, env) => {
      // While the editor has the terminal, a Ctrl-C is the editor's business (as git does): it must not kill this
      // process and leave the editor running without it.
      const ignore = () => undefined;
      process.on('SIGINT', ignore);
      try {
        // Loaded here: child_process costs start-up time for every other command.
        const { spawnSync } = process.getBuiltinModule('node:child_process');
        const r = spawnSync(cmd, args, { stdio: 'inherit', env });
        return { status: r.status, signal: r.signal, error: r.error };
      } finally {
        process.off('SIGINT', ignore);
      }
    },
    launch: async (cmd, args) => {
      const { spawn } = process.getBuiltinModule('node:child_process');
      await new Promise<void>((resolve, reject) => {
        const child = spawn(cmd, args, { stdio: 'ignore', detached: true, shell: false });
        child.once('error', reject);
        child.once('spawn', () => {
          child.unref();
          resolve();
        });
      });
    },
    onInterrupt: (fn) => {
      process.once('SIGINT', fn);
      return () => void process.removeListener('SIGINT', fn);
    },
    onTerminate: (fn) => {
      process.once('SIGTERM', fn).once('SIGHUP', fn);
      return () => void process.removeListener('SIGTERM', fn).removeListener('SIGHUP', fn);
    },
  };
}

export async function main(argv: string[]): Promise<number> {
  return run(argv, processIO());
}
