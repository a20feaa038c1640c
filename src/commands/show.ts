// reports show <ref>: one report, the way its page reads.
import type { Command } from 'commander';
import { examples, type Context } from './context.js';
import { parsePositiveInt } from './options.js';

export function commandShow(program: Command, ctx: Context): void {
  program
    .command('show')
    .description('Show one report with its abstract, as its page reads.')
    .argument('<ref...>', 'ids (2019-S11, any case, 2019-S011), Totals (1639), record file paths (from here, or from the archive folder as the footer prints it), or words to search for')
    .option('--json', 'print {schemaVersion, report} as JSON (the report as list --json prints it); several refs: reports too, all of them')
    .option('--width <n>', 'wrap at n columns (default: the terminal width on a terminal; not wrapped when piped)', parsePositiveInt('--width'))
    .addHelpText(
      'after',
      examples(
        'reports show 2019-S11',
        'reports show 1639                      # by Total',
        'reports show 2018/regular-124.yaml     # the path in the footer, inside the archive',
        'reports show 2018-r3 --json',
        'reports show 2019-S11 --width 72 > 2019-S11.txt',
        'reports show 2018-R3 2018-R124                # several, one after the other',
        'reports show northeast                        # words: the report they find (several: pick one)',
      ),
    )
    .action(async (refs: string[], opts: { json?: boolean; width?: number }, command: Command) => {
      const s = ctx.session(command);
      const { showReport } = await import('../app/read.js');
      const { askingEnv } = await import('./ask.js');
      const r = await showReport(await askingEnv(s, { toStderr: true }), { refs });
      s.printProblems(r.problems, r.dir);
      if (opts.json) {
        const { reportDocument } = await import('../render/record-json.js');
        s.io.stdout(reportDocument(r.report, refs.length > 1 ? r.reports : undefined));
        return;
      }
      const { renderDetail } = await import('../render/terminal.js');
      // Wrapped for a terminal; piped text keeps one line per paragraph unless --width asks otherwise.
      const width = opts.width ?? (s.io.stdoutIsTTY ? s.width() : undefined);
      await s.printPaged(r.reports.map((report) => renderDetail(report, width, s.style(), s.settings.names?.value)).join('\n'));
    });
}
