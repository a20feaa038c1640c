// reports list: a table (or JSON) of the archive's reports, filtered, searched and sorted.
import type { Command } from 'commander';
import { examples, type Context } from '../cli.js';
import { addFilterOptions, filtersFrom, parsePositiveInt, sortOption, type FilterOptions } from './options.js';
import type { SortKey } from '../query.js';
import type { LoadedRecord } from '../model/record.js';

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
      // The search module is loaded before the archive: loading it into the small heap of a starting process is
      // a few milliseconds; after the archive is read, about fifteen.
      const searchModule = opts.search !== undefined ? await import('../search.js') : undefined;
      const { loadForReading } = await import('./read.js');
      const { filterRecords, matches, sortRecords } = await import('../query.js');
      const archive = await loadForReading(ctx, command);
      const filters = filtersFrom(opts);
      let rows: LoadedRecord[];
      if (opts.search !== undefined) {
        const { searchArchive } = searchModule!;
        rows = searchArchive(archive, opts.search, (r) => matches(r, filters));
        // Search results keep their rank unless a sort order was asked for.
        if (opts.sort || opts.reverse) rows = sortRecords(rows, opts.sort ?? 'date', opts.reverse);
      } else rows = sortRecords(filterRecords(archive.records, filters), opts.sort ?? 'date', opts.reverse);
      if (opts.limit !== undefined) rows = rows.slice(0, opts.limit);

      if (opts.json) {
        const { recordJson } = await import('../render/record-json.js');
        ctx.io.stdout(JSON.stringify(rows.map(recordJson), null, 2) + '\n');
        return;
      }
      if (rows.length === 0) {
        ctx.say(command, archive.records.length === 0 ? `no reports in ${archive.dir}` : 'no reports match');
        return;
      }
      const { renderTable } = await import('../render/terminal.js');
      ctx.io.stdout(renderTable(rows, ctx.width(), ctx.style(command)) + '\n');
      ctx.say(command, ctx.style(command, 'stderr').c.dim(`${rows.length} of ${archive.records.length} reports`));
    });
}
