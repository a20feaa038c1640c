// reports completion bash|zsh|fish: a completion script written from the program's own commands and options;
// and the hidden `reports __complete ids|years [prefix]` the scripts run for what only the archive knows.
import { Argument, type Command, type Option } from 'commander';
import { examples, type Context } from './context.js';
import { UsageError } from '../errors.js';
import { COLUMN_NAMES } from '../render/columns.js';
import { SHELLS, completionScript, type CliSpec, type OptionSpec, type Shell, type Values } from '../render/completion.js';

/** What an option's value completes to, read from the option itself: its choices, its name, its placeholder. */
function optionValues(o: Option): Values | undefined {
  if (!o.required && !o.optional) return undefined;
  if (o.argChoices) return { kind: 'words', words: o.argChoices };
  if (o.long === '--year') return { kind: 'years' };
  if (o.long === '--columns') return { kind: 'list', words: [...COLUMN_NAMES] };
  if (/<dir>/.test(o.flags)) return { kind: 'dirs' };
  if (/<(file|path)>/.test(o.flags)) return { kind: 'files' };
  return { kind: 'none' };
}

function optionSpec(o: Option): OptionSpec {
  return { flags: [o.short, o.long].filter((f): f is string => !!f), description: o.description, value: optionValues(o) };
}

function argumentValues(cmd: Command, n = 0): Values | undefined {
  const arg = cmd.registeredArguments[n];
  if (!arg) return undefined;
  if (arg.argChoices) return { kind: 'words', words: arg.argChoices };
  if (arg.name() === 'ref') return { kind: 'ids' };
  if (cmd.name() === 'help') return { kind: 'commands' };
  // import <pages...> takes files and folders; init [dir] a folder.
  if (/file|path|pages/.test(arg.name())) return { kind: 'files' };
  if (/dir|folder/.test(arg.name())) return { kind: 'dirs' };
  return { kind: 'none' };
}

/** The program as the completion scripts need it: visible commands with their aliases, options and argument. */
export function describeProgram(program: Command): CliSpec {
  const help = program.createHelp();
  return {
    name: program.name(),
    globals: help.visibleOptions(program).map(optionSpec),
    commands: help.visibleCommands(program).map((c) => ({
      names: [c.name(), ...c.aliases()],
      description: c.summary() || c.description(),
      options: help.visibleOptions(c).filter((o) => o.long !== '--help').map(optionSpec),
      argument: argumentValues(c),
      ...(c.registeredArguments.length > 1 && !c.registeredArguments[0]!.variadic ? { next: argumentValues(c, 1) } : {}),
    })),
  };
}

export function commandCompletion(program: Command, ctx: Context): void {
  program
    .command('completion')
    .description('Print a shell completion script (commands, options, ids and years) for bash, zsh or fish.')
    .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
    .addHelpText(
      'after',
      examples(
        'source <(reports completion bash)      # in ~/.bashrc',
        'source <(reports completion zsh)       # in ~/.zshrc, after compinit',
        'reports completion fish > ~/.config/fish/completions/reports.fish',
      ),
    )
    .action((shell: Shell) => {
      ctx.io.stdout(completionScript(describeProgram(program), shell));
    });

  program
    .command('__complete', { hidden: true })
    .description('What the completion scripts ask: the ids (matching a prefix, any case) or the years of the archive.')
    .argument('<what>', 'ids or years')
    .argument('[prefix]', 'only ids starting with this', '')
    .action(async (what: string, prefix: string, _opts: unknown, command: Command) => {
      if (what !== 'ids' && what !== 'years') throw new UsageError(`__complete gives ids or years, not ${JSON.stringify(what)}`);
      const s = ctx.session(command);
      const { completionWords } = await import('../app/complete.js');
      const words = await completionWords(s.env, what, prefix);
      const { visible } = await import('../render/safe.js');
      s.io.stdout(words.map((w) => `${visible(w)}\n`).join(''));
    });
}
