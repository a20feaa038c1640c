// reports show <ref>: one report, the way its page reads.
import type { Command } from 'commander';
import { examples, type Context } from './context.js';
import { parsePositiveInt } from './options.js';

export function commandShow(program: Command, ctx: Context): void {
  program
    .command('show')
    .description('Show one report with its abstract, as its page reads.')
    .argument('<ref>', 'an id (2019-S11, any case), a Total (1639), or a record file path (from here, or from the archive folder as the footer prints it)')
    .option('--json', 'print {schemaVersion, report} as JSON (the report as list --json prints it)')
    .option('--width <n>', 'wrap at n columns (default: the terminal width on a terminal; not wrapped when piped)', parsePositiveInt('--width'))
    .addHelpText(
      'after',
      examples(
        'reports show 2019-S11',
        'reports show 1639                      # by Total',
        'reports show 2018/regular-124.yaml     # the path in the footer, inside the archive',
        'reports show 2018-r3 --json',
        'reports show 2019-S11 --width 72 > 2019-S11.txt',
      ),
    )
    .action(async (ref: string, opts: { json?: boolean; width?: number }, command: Command) => {
      const s = ctx.session(command);
      const { showReport } = await import('../app/read.js');
      const r = await showReport(s.env, { ref });
      s.printProblems(r.problems, r.dir);
      if (opts.json) {
        const { reportDocument } = await import('../render/record-json.js');
        s.io.stdout(reportDocument(r.report));
        return;
      }
      const { renderDetail } = await import('../render/terminal.js');
      // Wrapped for a terminal; piped text keeps one line per paragraph unless --width asks otherwise.
      s.io.stdout(renderDetail(r.report, opts.width ?? (s.io.stdoutIsTTY ? s.width() : undefined), s.style(), s.settings.names?.value));
    });
}
