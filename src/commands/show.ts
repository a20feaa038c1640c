// reports show <ref>: one report, the way its page reads.
import type { Command } from 'commander';
import { examples, type Context } from './context.js';

export function commandShow(program: Command, ctx: Context): void {
  program
    .command('show')
    .description('Show one report with its abstract, as its page reads.')
    .argument('<ref>', 'an id (2019-S11, any case), a Total (1639) or a record file path')
    .option('--json', 'print the record as JSON (as list --json does)')
    .addHelpText(
      'after',
      examples('reports show 2019-S11', 'reports show 1639                      # by Total', 'reports show archive/2018/regular-124.yaml', 'reports show 2018-r3 --json'),
    )
    .action(async (ref: string, opts: { json?: boolean }, command: Command) => {
      const s = ctx.session(command);
      const { showReport } = await import('../app/read.js');
      const r = await showReport(s.env, { ref });
      s.printProblems(r.problems, r.dir);
      if (opts.json) {
        const { recordJson } = await import('../render/record-json.js');
        s.io.stdout(JSON.stringify(recordJson(r.report), null, 2) + '\n');
        return;
      }
      const { renderDetail } = await import('../render/terminal.js');
      s.io.stdout(renderDetail(r.report, s.width(), s.style()));
    });
}
