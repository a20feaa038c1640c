// reports edit <ref>: open a record in $VISUAL / $EDITOR, check it on close, replace the original only when valid.
import type { Command } from 'commander';
import { examples, type Context } from '../cli.js';

export function commandEdit(program: Command, ctx: Context): void {
  program
    .command('edit')
    .description('Edit a report in $VISUAL or $EDITOR (else vi); the file is replaced only by a valid version.')
    .argument('<ref>', 'an id (2019-S11), a Total (1639) or a record file path')
    .addHelpText(
      'after',
      examples('reports edit 2019-S11', 'EDITOR=nano reports edit 1639', 'VISUAL="code --wait" reports edit archive/2018/regular-124.yaml') +
        '\nThe record is edited in a temporary copy. On close it is checked as validate checks it (YAML, fields, numbering\n' +
        'against the other records). When invalid: on a terminal you choose to reopen it or keep the original; otherwise\n' +
        'exit 1 with the original untouched (the edited copy is kept and its path printed).\n',
    )
    .action(async (ref: string, _opts: unknown, command: Command) => {
      const { runEdit } = await import('./edit-run.js');
      await runEdit(ctx, command, ref);
    });
}
