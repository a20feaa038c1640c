// reports list: a table (or JSON) of the archive's reports, filtered, searched and sorted.
import type { Command } from 'commander';
import { examples, type Context } from './context.js';
import { addFilterOptions, filtersFrom, parsePositiveInt, sortOption, type FilterOptions } from './options.js';
import type { SortKey } from '../query.js';

interface ListOptions extends FilterOptions {
  search?: string;
  sort?: SortKey;
  reverse?: boolean;
  limit?: number;
  json?: boolean;
}

export function commandList(program: Command, ctx: Context): void {
  const cmd = program
    .command('list')
    .alias('ls')
    .description('List the reports of the archive, newest first.');
  addFilterOptions(cmd)
    .option('--search <words>', 'ranked full-text search of titles, abstracts, key words and authors')
    .addOption(sortOption())
    .option('-r, --reverse', 'reverse the order')
    .option('-n, --limit <n>', 'show at most n reports', parsePositiveInt('--limit'))
    .option('--json', 'print a JSON array of records (id, file and every field)')
    .addHelpText(
      'after',
      examples(
        'reports list',
        'reports list --year 2019 --kind special',
        'reports list --author zhang --since 2018-06-01',
        'reports list --search "small towns" --limit 5',
        'reports list --keyword "rural revitalization" --json',
        'reports list --sort total --reverse',
      ),
    )
    .action(async (opts: ListOptions, command: Command) => {
      const s = ctx.session(command);
      const { listReports } = await import('../app/read.js');
      const r = await listReports(s.env, { filters: filtersFrom(opts), search: opts.search, sort: opts.sort, reverse: opts.reverse, limit: opts.limit });
      s.printProblems(r.problems, r.dir);
      if (opts.json) {
        const { recordJson } = await import('../render/record-json.js');
        s.io.stdout(JSON.stringify(r.reports.map(recordJson), null, 2) + '\n');
        return;
      }
      if (r.reports.length === 0) {
        s.say(r.held === 0 ? `no reports in ${r.dir}` : 'no reports match');
        return;
      }
      const { renderTable } = await import('../render/terminal.js');
      s.io.stdout(renderTable(r.reports, s.width(), s.style()) + '\n');
      s.say(s.style('stderr').c.dim(`${r.reports.length} of ${r.held} reports`));
    });
}
