// reports list: a table, TSV or JSON of the archive's reports, filtered, searched and sorted.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { examples, type Context } from './context.js';
import { addFilterOptions, filtersFrom, parsePositiveInt, sortOption, type FilterOptions } from './options.js';
import { COLUMN_NAMES, columnNamed, type Column } from '../render/columns.js';
import type { SortKey } from '../query.js';
import { visible } from '../render/safe.js';

const FORMATS = ['table', 'line', 'tsv', 'json'] as const;
type Format = (typeof FORMATS)[number];

interface ListOptions extends FilterOptions {
  search?: string;
  sort?: SortKey;
  reverse?: boolean;
  limit?: number;
  json?: boolean;
  oneline?: boolean;
  format?: Format;
  columns?: Column[];
  header?: boolean;
  width?: number;
}

/** "id,date,title" -> the columns; an unknown name is a usage error that lists the names. */
export function parseColumns(v: string): Column[] {
  const names = v.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (names.length === 0) throw new InvalidArgumentError(`name one column or more: ${COLUMN_NAMES.join(', ')}.`);
  const unknown = names.filter((n) => !columnNamed(n));
  if (unknown.length > 0) {
    throw new InvalidArgumentError(`no column ${unknown.map((n) => JSON.stringify(n)).join(', ')}; the columns are ${COLUMN_NAMES.join(', ')}.`);
  }
  return names.map((n) => columnNamed(n)!);
}

export function commandList(program: Command, ctx: Context): void {
  const cmd = program
    .command('list')
    .alias('ls')
    .description('List the reports of the archive, newest first: a table on a terminal, tab-separated lines when piped.');
  addFilterOptions(cmd)
    .option('--search <words>', 'ranked full-text search of titles, abstracts, key words and authors')
    .addOption(sortOption())
    .option('-r, --reverse', 'reverse the order')
    .option('-n, --limit <n>', 'show at most n reports', parsePositiveInt('--limit'))
    .addOption(new Option('--format <format>', 'table, line (one report a line), tsv or json (default: table on a terminal, tsv when piped)').choices(FORMATS))
    .addOption(new Option('--json', 'the same as --format json: {schemaVersion, count, reports} (id, file and every field of each)').conflicts(['format', 'oneline']))
    .addOption(new Option('--oneline', 'the same as --format line: id, date and title, one report a line, cut to the width').conflicts('format'))
    .option('--columns <names>', `the columns to show, comma-separated: ${COLUMN_NAMES.join(', ')}`, parseColumns)
    .option('--no-header', 'tsv: no first line naming the columns')
    .option('--width <n>', 'table and line: fit this many columns (default: the terminal width; line: not cut when piped)', parsePositiveInt('--width'))
    .addHelpText(
      'after',
      examples(
        'reports list',
        'reports list --year 2019 --kind special',
        'reports list --author zhang --since 2018-06-01',
        'reports list --search "small towns" --limit 5',
        'reports list --columns id,total,title --format tsv | cut -f3',
        'reports list --keyword "rural revitalization" --json',
        'reports list --sort total --reverse',
        'reports list --oneline --year 2019',
      ),
    )
    .action(async (opts: ListOptions, command: Command) => {
      const s = ctx.session(command);
      const { listReports } = await import('../app/read.js');
      const r = await listReports(s.env, { filters: filtersFrom(opts), search: opts.search, sort: opts.sort, reverse: opts.reverse, limit: opts.limit });
      s.printProblems(r.problems, r.dir);
      const format: Format = opts.json ? 'json' : opts.oneline ? 'line' : (opts.format ?? (s.io.stdoutIsTTY ? 'table' : 'tsv'));
      if (format === 'json') {
        if (opts.columns) {
          const { columnsJson } = await import('../render/terminal.js');
          const { jsonDocument } = await import('../render/json-output.js');
          s.io.stdout(jsonDocument({ count: r.reports.length, reports: columnsJson(r.reports, opts.columns) }));
        } else {
          const { recordsJsonChunks } = await import('../render/record-json.js');
          await s.printPieces(recordsJsonChunks(r.reports));
        }
        return;
      }
      const render = await import('../render/terminal.js');
      if (format === 'tsv') {
        // Data for scripts: the heading line even when nothing matches, so `cut` and spreadsheets see the columns.
        if (r.reports.length > 0 || opts.header !== false) s.io.stdout(render.renderTsv(r.reports, { columns: opts.columns, header: opts.header }));
        if (r.reports.length === 0) s.say(noneMatch(r));
        return;
      }
      if (r.reports.length === 0) {
        s.say(noneMatch(r));
        return;
      }
      if (format === 'line') {
        const width = opts.width ?? (s.io.stdoutIsTTY ? s.width() : undefined);
        await s.printPaged(render.renderLines(r.reports, { columns: opts.columns, width, style: s.style() }));
        return;
      }
      await s.printPaged(render.renderTable(r.reports, { columns: opts.columns, width: opts.width ?? s.width(), style: s.style() }) + '\n');
      s.say(s.style('stderr').c.dim(`${r.reports.length} of ${r.held} reports${r.years ? ` of ${yearsText(r.years)}` : ''}`));
    });
}

/** Why nothing is listed: an empty archive (or no record in the years read), or filters that match none. */
function noneMatch(r: { held: number; dir: string; years?: readonly number[] }): string {
  if (r.held > 0) return 'no reports match';
  return r.years ? `no reports of ${yearsText(r.years)} in ${visible(r.dir)}` : `no reports in ${visible(r.dir)}`;
}

const yearsText = (years: readonly number[]) => years.join(', ');
