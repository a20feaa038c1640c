// Option parsers and the filter options `list` and `export` share. A bad value is a usage error (exit 2).
import { InvalidArgumentError, Option, type Command } from 'commander';
import { readDate, readPeriodEdge } from '../model/dates.js';
import { KINDS, type Kind } from '../model/ids.js';
import { SORT_KEYS, type Filters } from '../query.js';

/** A repeatable option's values, in order (`--author A --author B`). The one collector of the commands. */
export function collect(v: string, previous: string[] = []): string[] {
  return [...previous, v];
}

/**
 * The options named in `keys` and no others: what a command hands its use case is an allow-list, so a flag added
 * to the command (--json, --commit) never reaches a record as a field. Options not given stay absent.
 */
export function pickOptions<T extends object, const K extends keyof T>(opts: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) if (opts[k] !== undefined) out[k] = opts[k];
  return out;
}

export function parsePositiveInt(what: string) {
  return (v: string): number => {
    if (!/^\d+$/.test(v.trim()) || Number(v) < 1) throw new InvalidArgumentError(`${what} must be a whole number of 1 or more, e.g. 11.`);
    return Number(v);
  };
}

export function parseYear(v: string): number {
  if (!/^\d{4}$/.test(v.trim())) throw new InvalidArgumentError('a year is four digits, e.g. 2019.');
  return Number(v);
}

/** "2019", "2018,2019" or "2016..2019". Repeating the flag adds years. */
export function parseYears(v: string, previous: number[] = []): number[] {
  const out = [...previous];
  for (const part of v.split(',')) {
    const range = /^\s*(\d{4})\s*\.\.\s*(\d{4})\s*$/.exec(part);
    if (range) {
      const [a, b] = [Number(range[1]), Number(range[2])];
      if (a > b) throw new InvalidArgumentError(`the range ${part.trim()} runs backwards; write ${b}..${a}.`);
      for (let y = a; y <= b; y++) out.push(y);
    } else out.push(parseYear(part));
  }
  return out;
}

export function parseKind(v: string): Kind {
  const k = v.trim().toLowerCase();
  if (!(KINDS as readonly string[]).includes(k)) throw new InvalidArgumentError('kind is regular or special.');
  return k as Kind;
}

/** A date in any form the date reader takes (2019-1-25, 2019/1/25, "Jan 25, 2019"), as YYYY-MM-DD. */
export function dateOption(v: string): string {
  const r = readDate(v);
  if (r.error !== undefined) throw new InvalidArgumentError(`${r.error}.`);
  return r.date;
}

/** `--since` / `--until`: a year, a year-month or a day, as the period's first or last day (YYYY-MM-DD). */
function periodOption(edge: 'start' | 'end') {
  return (v: string): string => {
    const r = readPeriodEdge(v, edge);
    if (r.error !== undefined) throw new InvalidArgumentError(`${r.error}.`);
    return r.date;
  };
}

/** The same option parser, with "-" for none (null), as at the prompts. */
export function orNone<T>(parse: (v: string) => T): (v: string) => T | null {
  return (v) => (v.trim() === '-' ? null : parse(v));
}

/** The filters as commander gives them: `--year` fills `year`. */
export type FilterOptions = Omit<Filters, 'years'> & { year?: number[] };

export function addFilterOptions(cmd: Command): Command {
  return cmd
    .option('-y, --year <years>', 'only these years: 2019, 2018,2019 or 2016..2019', parseYears)
    .addOption(new Option('-k, --kind <kind>', 'only regular reports or special issues').choices(KINDS).argParser(parseKind))
    .option('--series <name>', 'only this series, e.g. "Research Report"')
    .option('--author <text>', 'only reports with an author containing this text (any case)')
    .option('--keyword <text>', 'only reports with a key word starting with this text (any case): small finds "small towns"')
    .option('--since <date>', 'only reports dated in or after this year, month or day (2019, 2019-06 or 2019-06-01)', periodOption('start'))
    .option('--until <date>', 'only reports dated in or before this year, month or day (2019, 2019-06 or 2019-06-30)', periodOption('end'))
    .option('--withdrawn', 'include withdrawn reports (withdrawn: true), left out otherwise');
}

export function filtersFrom(o: FilterOptions): Filters {
  return { years: o.year, kind: o.kind, series: o.series, author: o.author, keyword: o.keyword, since: o.since, until: o.until, withdrawn: o.withdrawn };
}

export const sortOption = () =>
  new Option('-s, --sort <key>', 'order by date, total, number or title (newest first; title A-Z)').choices(SORT_KEYS);
