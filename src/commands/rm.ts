// reports rm <ref>...: remove reports (their record files and attached files), or withdraw them.
import type { Command } from 'commander';
import { examples, type Context } from './context.js';
import { askingEnv } from './ask.js';

interface RmOptions {
  yes?: boolean;
  dryRun?: boolean;
  withdraw?: boolean;
  commit?: boolean;
  json?: boolean;
}

export function commandRm(program: Command, ctx: Context): void {
  program
    .command('rm')
    .alias('remove')
    .description('Remove reports: their record files and attached files (asks first on a terminal; --yes otherwise).')
    .argument('<ref...>', 'ids (2019-S11), Totals (1639), record file paths, or words to search for')
    .option('-y, --yes', 'remove without asking (needed when not at a terminal)')
    .option('--dry-run', 'say what would be removed and which numbering gaps it opens; remove nothing')
    .option('--withdraw', 'keep the records, marked withdrawn: true (their numbers and Totals stay taken; lists and exports leave them out)')
    .option('--commit', 'commit the removal in git (just those files), "Remove <id>: <title>"')
    .option('--json', 'print what was removed (and the gaps opened) as JSON')
    .addHelpText(
      'after',
      examples(
        'reports rm 2019-S11                  # asks first, then removes 2019/special-011.yaml',
        'reports rm 2018-R3 2018-R124 --yes --commit',
        'reports rm 1639 --dry-run            # what would go, and the gaps it would open',
        'reports rm 2019-S11 --withdraw --yes # keep its number taken',
      ) +
        '\nA removed report leaves its number missing: validate then reports the gap (a warning). When a report was\n' +
        'withdrawn on purpose and its number must stay taken, use --withdraw: the record stays, marked withdrawn: true.\n',
    )
    .action(async (refs: string[], opts: RmOptions, command: Command) => {
      const s = ctx.session(command);
      const { removeReports } = await import('../app/remove.js');
      const env = opts.yes || opts.dryRun ? s.env : await askingEnv(s, { toStderr: !!opts.json });
      const r = await removeReports(env, { refs, yes: opts.yes, dryRun: opts.dryRun, withdraw: opts.withdraw, commit: opts.commit });
      if (opts.json) {
        const { jsonDocument } = await import('../render/json-output.js');
        s.io.stdout(jsonDocument(r));
        return;
      }
      const { visible } = await import('../render/safe.js');
      // A dry run's report is what was asked for: stdout. What a real run did is a message: stderr.
      // File names come from the archive folder: their control characters are shown, never obeyed.
      const tell = (line: string) => (r.dryRun ? s.io.stdout(`${visible(line)}\n`) : s.say(visible(line)));
      const verb = r.dryRun ? (r.action === 'withdrawn' ? 'would withdraw' : 'would remove') : r.action === 'withdrawn' ? 'withdrew' : 'removed';
      for (const x of r.removed) {
        const also = x.attachment ? (x.attachmentKept ? ` (its attachment ${x.attachment} stays: another record names it)` : r.action === 'removed' ? ` and ${x.attachment}` : '') : '';
        tell(`${verb} ${x.id}: ${x.file}${also}`);
      }
      for (const g of r.gaps) tell(`${r.dryRun ? 'would open' : 'opened'} the gap ${g} (to keep a number taken instead: reports rm --withdraw)`);
      if (r.commit) s.say(`committed ${r.commit.id}: ${r.commit.message}`);
    });
}
