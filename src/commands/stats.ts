// reports stats: how complete the archive is, per sequence and year.
import type { Command } from 'commander';
import { examples, type Context } from '../cli.js';

export function commandStats(program: Command, ctx: Context): void {
  program
    .command('stats')
    .description('How complete the archive is: per sequence and year, records held, the count, coverage and gaps.')
    .option('--json', 'print {sequences: [{series, kind, years: [...]}], summary} as JSON')
    .addHelpText(
      'after',
      examples('reports stats', 'reports stats --json | jq ".sequences[].years[] | {year, coverage}"', 'reports --archive ~/drc stats'),
    )
    .action(async (opts: { json?: boolean }, command: Command) => {
      const { loadForReading } = await import('./read.js');
      const { archiveStats } = await import('../checks/stats.js');
      const archive = await loadForReading(ctx, command);
      const stats = archiveStats(archive.records);
      if (opts.json) {
        const summary = { files: archive.files, records: archive.records.length, problems: archive.problems.length, sequences: stats.length };
        ctx.io.stdout(JSON.stringify({ sequences: stats, summary }, null, 2) + '\n');
        return;
      }
      if (stats.length === 0) {
        ctx.say(command, `no reports in ${archive.dir}`);
        return;
      }
      const { renderStats } = await import('../render/stats.js');
      ctx.io.stdout(renderStats(stats, ctx.width(), ctx.style(command)) + '\n');
      ctx.say(
        command,
        ctx.style(command, 'stderr').c.dim(
          `${archive.records.length} reports; count = reports published that year, from the offsets of that year and the next (? = not known yet)`,
        ),
      );
    });
}
