// reports hook install | print: a pre-commit hook that validates the staged records.
import path from 'node:path';
import type { Command } from 'commander';
import { examples, type Context, type GlobalOptions } from './context.js';
import { visible } from '../render/safe.js';

export function commandHook(program: Command, ctx: Context): void {
  const hook = program
    .command('hook')
    .description('Check records before each commit: a git pre-commit hook running validate --changed --staged.')
    .addHelpText('after', examples('reports hook install      # .git/hooks/pre-commit', 'reports hook print        # entries for the pre-commit framework and husky'));
  const archiveArg = (command: Command, root: string | undefined): string | undefined => {
    const g = command.optsWithGlobals<GlobalOptions>();
    if (g.archive === undefined || root === undefined) return undefined;
    return path.relative(root, path.resolve(ctx.io.cwd, g.archive)).split(path.sep).join('/') || '.';
  };
  hook
    .command('install')
    .description('Install the pre-commit hook in this repository (never over a hook reports did not write).')
    .addHelpText(
      'after',
      examples('reports hook install', 'git commit --no-verify    # skip the hook once') +
        '\nExit 1 when .git/hooks/pre-commit exists and is not reports\' own: the entries for the pre-commit framework\n' +
        'and husky are printed instead (or see: reports hook print).\n',
    )
    .action(async (_opts: unknown, command: Command) => {
      const { installHook } = await import('../app/hook.js');
      const s = ctx.session(command);
      const { repoRoot } = await import('../store/git.js');
      const env = s.env;
      const root = repoRoot(ctx.io.env, ctx.io.cwd);
      const r = installHook(env, { archiveArg: archiveArg(command, root) });
      const verb = r.status === 'unchanged' ? 'already installed' : r.status === 'replaced' ? 'updated' : 'installed';
      s.say(`${verb}: ${visible(path.relative(ctx.io.cwd, r.file) || r.file)} runs: ${visible(r.command)}`);
    });
  hook
    .command('print')
    .description('Print the entries for the pre-commit framework (.pre-commit-config.yaml) and husky (.husky/pre-commit).')
    .addHelpText('after', examples('reports hook print    # copy the entry your hook manager reads'))
    .action(async (_opts: unknown, command: Command) => {
      const { hookEntries } = await import('../app/hook.js');
      const { isInRepo, repoRoot } = await import('../store/git.js');
      const root = isInRepo(ctx.io.env, ctx.io.cwd) ? repoRoot(ctx.io.env, ctx.io.cwd) : undefined;
      const e = hookEntries(archiveArg(command, root));
      ctx.io.stdout(`${e.preCommit}\n\n${e.husky}\n`);
    });
}
