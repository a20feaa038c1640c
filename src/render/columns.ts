// The columns `list` can show (table, TSV, JSON): one definition each, so the three formats name and fill them
// alike and `--columns` checks names against one list. Pure.
import { creditedAuthors, joinAuthors } from '../model/page/lines.js';
import { authorTexts, type Author } from '../model/names.js';
import type { LoadedRecord } from '../model/record.js';

export interface Column {
  name: string;
  /** Right-aligned in a table (numbers). */
  right?: boolean;
  /** Share of the width left over in a table; 0 for a column kept at its natural width. */
  flex: number;
  /** The value as the table shows it. */
  text(r: LoadedRecord, ctx: ColumnContext): string;
  /** The value in TSV, when it differs from the table's (lists as `a; b`, one separator to split on). */
  tsv?(r: LoadedRecord, ctx: ColumnContext): string;
  /** The value in JSON (a list stays a list, a number a number). */
  json(r: LoadedRecord, ctx: ColumnContext): unknown;
}

export interface ColumnContext {
  /** More than one series among the records shown: the sequence names its series too. */
  severalSeries: boolean;
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
// Authors as the record holds them (none when a record signed by its team has no authors).
const authorList = (r: LoadedRecord): Author[] => (Array.isArray(r.record.authors) ? r.record.authors : []);
const list = (v: unknown) => (Array.isArray(v) ? v.map(str) : v === undefined ? [] : [str(v)]);
const field = (name: string, flex = 1, right = false): Column => ({
  name,
  flex,
  right,
  text: (r) => str(r.record[name]),
  json: (r) => r.record[name] ?? null,
});

/** "regular" or "special"; with several series, "Research Report special". */
export function sequenceOf(r: LoadedRecord, ctx: ColumnContext): string {
  return ctx.severalSeries ? `${r.record.series} ${r.record.kind}` : r.record.kind;
}

export const COLUMNS: readonly Column[] = [
  { name: 'id', flex: 0, text: (r) => r.id, json: (r) => r.id },
  { name: 'sequence', flex: 0, text: sequenceOf, json: sequenceOf },
  field('total', 0, true),
  field('number', 0, true),
  field('year', 0, true),
  field('date', 0),
  field('title', 3),
  {
    name: 'authors',
    flex: 2,
    // A report signed by its team (or organization) alone shows that name: somebody signs every report.
    text: (r) => joinAuthors(creditedAuthors({ ...r.record, authors: authorList(r) })),
    tsv: (r) => authorTexts(creditedAuthors({ ...r.record, authors: authorList(r) })).join('; '),
    json: (r) => authorTexts(authorList(r)),
  },
  field('series', 1),
  field('kind', 0),
  field('team', 1),
  field('unit', 1),
  field('organization', 1),
  { name: 'keywords', flex: 1, text: (r) => list(r.record.keywords).join(', '), tsv: (r) => list(r.record.keywords).join('; '), json: (r) => list(r.record.keywords) },
  field('url', 1),
  { name: 'file', flex: 1, text: (r) => r.file, json: (r) => r.file },
];

export const COLUMN_NAMES: readonly string[] = COLUMNS.map((c) => c.name);

/** The column of a name, or undefined. */
export const columnNamed = (name: string): Column | undefined => COLUMNS.find((c) => c.name === name);

export function columnContext(records: readonly LoadedRecord[]): ColumnContext {
  const series = new Set(records.map((r) => str(r.record.series).trim().toLowerCase()));
  return { severalSeries: series.size > 1 };
}

/** id, Total, date, title and authors; with a Sequence after the id when both sequences (or several series) are shown. */
export function defaultColumns(records: readonly LoadedRecord[]): Column[] {
  const ctx = columnContext(records);
  const sequences = new Set(records.map((r) => sequenceOf(r, ctx)));
  const names = ['id', ...(sequences.size > 1 ? ['sequence'] : []), 'total', 'date', 'title', 'authors'];
  return names.map((n) => columnNamed(n)!);
}
