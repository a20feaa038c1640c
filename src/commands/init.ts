// reports init [dir]: an archive folder and a config file; asks on a terminal, takes flags otherwise.
import path from 'node:path';
import { Option, type Command } from 'commander';
import { examples, terminalOf, type Context } from './context.js';
import { KINDS } from '../model/ids.js';
import { NAME_STYLES, type NameStyle } from '../model/names.js';
import { collect, parseKind } from './options.js';
import { visible } from '../render/safe.js';

interface InitOptions {
  series?: string[];
  organization?: string;
  kind?: 'regular' | 'special';
  siteTitle?: string;
  baseUrl?: string;
  names?: NameStyle;
  folder?: string;
  git?: boolean;
  gitFiles?: boolean;
  commit?: boolean;
  input: boolean;
}


export function commandInit(program: Command, ctx: Context): void {
  program
    .command('init')
    .description('Start an archive: the archive folder and a config file (reports.config.yaml); offers git init.')
    .argument('[dir]', 'the folder to set up (default: the working folder)')
    .option('--series <name>', 'a series the archive keeps; repeat for several, the first is the default (default: Research Report)', collect)
    .option('--organization <text>', 'the organization of new reports, e.g. DRC')
    .addOption(new Option('--kind <kind>', 'the default sequence of new reports (default: regular)').choices(KINDS).argParser(parseKind))
    .option('--site-title <text>', 'title of the exported site and feed')
    .option('--base-url <url>', 'where the site is published (the feed links there)')
    .addOption(new Option('--names <style>', 'how the pages write names: family-first ("Zhang Xiaohuan", the default) or given-first ("John Smith")').choices(NAME_STYLES))
    .option('--folder <name>', 'the archive folder inside dir (default: archive)')
    .option('--git', 'run git init (when the folder is not in a repository yet)')
    .option('--no-git', 'do not run git init (and do not ask)')
    .option('--no-git-files', 'write no .gitattributes or .gitignore')
    .option('--commit', 'commit the files init wrote (the config, .gitattributes, .gitignore), so the config is tracked from the start')
    .option('--no-input', 'never prompt: take the flags and the defaults')
    .addHelpText(
      'after',
      examples(
        'reports init                                  # asks on a terminal',
        'reports init drc --series "Research Report" --organization DRC --git',
        'reports init --no-input                       # defaults: series Research Report, folder archive',
        'reports init --no-input --git --commit        # a repository whose first commit holds the config',
      ) +
        '\nNever overwrites: a config file already in the folder stops init (exit 1); an archive folder already there is\n' +
        'kept. In a git repository, .gitattributes (LF line ends for records) and .gitignore (the lock) are written\n' +
        'when absent.\n',
    )
    .action(async (dirArg: string | undefined, opts: InitOptions, command: Command) => {
      const { initArchive } = await import('../app/init.js');
      const s = ctx.session(command);
      const dir = path.resolve(ctx.io.cwd, dirArg ?? '.');
      const g = s.globals;
      const folder = opts.folder ?? (g.archive !== undefined ? path.relative(dir, path.resolve(ctx.io.cwd, g.archive)) : undefined);
      const interactive = opts.input !== false && ctx.io.stdinIsTTY && ctx.io.stdoutIsTTY;
      const env = { ...s.env, archive: path.resolve(dir, folder ?? 'archive') };
      if (interactive) {
        const { terminalAsk } = await import('../prompts/index.js');
        env.ask = await terminalAsk(terminalOf(ctx.io));
      }
      const r = await initArchive(env, {
        dir,
        folder,
        series: opts.series,
        organization: opts.organization,
        kind: opts.kind,
        siteTitle: opts.siteTitle,
        baseUrl: opts.baseUrl,
        names: opts.names,
        git: opts.git,
        gitFiles: opts.gitFiles,
        commit: opts.commit,
      });
      const label = (f: string) => (path.resolve(f) === path.resolve(ctx.io.cwd) ? '.' : s.label(f));
      for (const f of r.created) s.say(`created ${label(f)}`);
      if (r.gitInit) s.say(`git init: ${label(r.dir)} is a git repository`);
      for (const d of r.defaults) s.say(`default ${d} (change it in ${label(r.config)})`);
      for (const n of r.notes) s.say(`note: ${visible(n)}`);
      if (r.commit) {
        s.say(`committed ${r.commit.id}: ${visible(r.commit.message)}`);
        (await import('../app/hook.js')).hookNoticeOnce({ ...s.env, archive: r.archive });
      }
      s.say(`next: reports add${r.commit ? ' --commit' : r.gitInit ? ', then git add . && git commit' : ''}`);
    });
}
