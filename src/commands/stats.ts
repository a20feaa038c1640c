// reports stats: how complete the archive is, per sequence and year.
import type { Command } from 'commander';
import { examples, type Context } from './context.js';
import { parsePositiveInt } from './options.js';
import { visible } from '../render/safe.js';

export function commandStats(program: Command, ctx: Context): void {
  program
    .command('stats')
    .description('How complete the archive is: per sequence and year, records held, the count, coverage and gaps.')
    .option('--json', 'print {schemaVersion, sequences: [{series, kind, years: [...]}], summary} as JSON; coverage is a fraction from 0 to 1, gaps are never shortened')
    .option('--width <n>', 'fit n columns (default: the terminal width on a terminal; as wide as the data when piped)', parsePositiveInt('--width'))
    .addHelpText(
      'after',
      examples(
        'reports stats',
        'reports stats --width 60',
        'reports stats --json | jq ".sequences[].years[] | {year, coverage}"',
        'reports --archive ~/drc stats',
      ),
    )
    .action(async (opts: { json?: boolean; width?: number }, command: Command) => {
      const s = ctx.session(command);
      const { archiveStats } = await import('../app/read.js');
      const r = await archiveStats(s.env);
      s.printProblems(r.problems, r.dir);
      if (opts.json) {
        const { jsonDocument } = await import('../render/json-output.js');
        s.io.stdout(jsonDocument({ sequences: r.sequences, summary: r.summary }));
        return;
      }
      if (r.sequences.length === 0) {
        s.say(`no reports in ${visible(r.dir)}`);
        return;
      }
      const { renderStats } = await import('../render/stats.js');
      await s.printPaged(renderStats(r.sequences, opts.width ?? (s.io.stdoutIsTTY ? s.width() : undefined), s.style()) + '\n');
      // The note keeps to the same width as the table (a terminal's, or --width).
      const note = `${r.held} reports; count = reports published that year, from the offsets of that year and the next (? = not known yet)`;
      const noteWidth = opts.width ?? (s.io.stderrIsTTY ? s.width() : undefined);
      const { wrapText } = await import('../render/width.js');
      s.say(s.style('stderr').c.dim(noteWidth ? wrapText(note, noteWidth).join('\n') : note));
    });
}
