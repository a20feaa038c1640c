// Option parsers and the filter options `list` and `export` share. A bad value is a usage error (exit 2).
import { InvalidArgumentError, Option, type Command } from 'commander';
import { isRealDate, KINDS, type Kind } from '../model/ids.js';
import { SORT_KEYS, type Filters } from '../query.js';

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

/** YYYY-MM-DD, or YYYY-M-D as report pages print it. Returned zero-padded. */
export function parseDate(v: string): string {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v.trim());
  const s = m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : v;
  if (!isRealDate(s)) throw new InvalidArgumentError('a date is a real day written YYYY-MM-DD, e.g. 2019-01-25.');
  return s;
}

/** The filters as commander gives them: `--year` fills `year`. */
export type FilterOptions = Omit<Filters, 'years'> & { year?: number[] };

export function addFilterOptions(cmd: Command): Command {
  return cmd
    .option('-y, --year <years>', 'only these years: 2019, 2018,2019 or 2016..2019', parseYears)
    .addOption(new Option('-k, --kind <kind>', 'only regular reports or special issues').choices(KINDS).argParser(parseKind))
    .option('--series <name>', 'only this series, e.g. "Research Report"')
    .option('--author <text>', 'only reports with an author containing this text (any case)')
    .option('--keyword <text>', 'only reports with this key word (any case)')
    .option('--since <date>', 'only reports dated on or after this day (YYYY-MM-DD)', parseDate)
    .option('--until <date>', 'only reports dated on or before this day (YYYY-MM-DD)', parseDate);
}

export function filtersFrom(o: FilterOptions): Filters {
  return { years: o.year, kind: o.kind, series: o.series, author: o.author, keyword: o.keyword, since: o.since, until: o.until };
}

export const sortOption = () =>
  new Option('-s, --sort <key>', 'order by date, total, number or title (newest first; title A-Z)').choices(SORT_KEYS);
