// Selecting and ordering records: the filters `list` and `export` share. Pure functions.
import type { Kind } from './model/report.js';
import type { LoadedRecord } from './model/record.js';
import { fold } from './model/text.js';
import { DATE_RE, readPeriodEdge } from './model/dates.js';
import { InputError } from './errors.js';
import { authorTexts } from './model/names.js';

export const SORT_KEYS = ['date', 'total', 'number', 'title'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface Filters {
  years?: number[];
  kind?: Kind;
  series?: string;
  author?: string;
  /** A key word starting with this text (any case). */
  keyword?: string;
  /** The first day (YYYY-MM-DD) of the period; a year ("2019") or a month ("2019-06") is read as its first day. */
  since?: string;
  /** The last day of the period; a year or a month is read as its last day. */
  until?: string;
  /** Include withdrawn reports (`withdrawn: true`), left out otherwise. */
  withdrawn?: boolean;
}

/** The filters with `since` and `until` as days (a library caller may give a year or a month). */
function normalised(f: Filters): Filters {
  const edge = (v: string | undefined, e: 'start' | 'end') => {
    if (v === undefined || DATE_RE.test(v)) return v;
    const r = readPeriodEdge(v, e);
    const field = e === 'start' ? 'since' : 'until';
    if (r.error !== undefined) throw new InputError([field], (w) => `${w.field(field)}: ${r.error}`);
    return r.date;
  };
  return f.since === undefined && f.until === undefined ? f : { ...f, since: edge(f.since, 'start'), until: edge(f.until, 'end') };
}


/** A record's year, from its id ("2019-S11"): filtering by year then reads no other field. */
const yearOf = (r: LoadedRecord) => Number(r.id.slice(0, r.id.indexOf('-')));

export function matches(r: LoadedRecord, filters: Filters): boolean {
  const f = normalised(filters);
  if (f.years && !f.years.includes(yearOf(r))) return false;
  // Only a filter on other fields reads the record (from the cache, a record is read when first used).
  // A withdrawn report keeps its number taken, but is not listed or exported unless asked for.
  if (!f.withdrawn && r.record.withdrawn === true) return false;
  if (!f.kind && !f.series && !f.author && !f.keyword && !f.since && !f.until) return true;
  const rec = r.record;
  if (f.kind && rec.kind !== f.kind) return false;
  if (f.series && fold(rec.series) !== fold(f.series)) return false;
  if (f.author) {
    const a = fold(f.author);
    if (!authorTexts(rec.authors).some((x) => fold(x).includes(a))) return false;
  }
  if (f.keyword) {
    const k = fold(f.keyword);
    if (!(rec.keywords ?? []).some((x) => fold(x).startsWith(k))) return false;
  }
  // Records without a date cannot be placed in a period: a date filter leaves them out.
  if (f.since && (!rec.date || rec.date < f.since)) return false;
  if (f.until && (!rec.date || rec.date > f.until)) return false;
  return true;
}

export function filterRecords(records: readonly LoadedRecord[], filters: Filters): LoadedRecord[] {
  const f = normalised(filters);
  return records.filter((r) => matches(r, f));
}

let collator: Intl.Collator | undefined;
/**
 * One collator for every comparison of titles and key words: localeCompare with options builds a new one per
 * call (slow on big sorts). Made on first use: making one costs a few milliseconds of every start-up otherwise.
 */
export function titleOrder(): Intl.Collator {
  return (collator ??= new Intl.Collator('en', { sensitivity: 'base' }));
}

const cmpNum = (a: number | undefined, b: number | undefined) => (a ?? -Infinity) - (b ?? -Infinity);
const cmpStr = (a: string | undefined, b: string | undefined) => (a === b ? 0 : a === undefined ? -1 : b === undefined ? 1 : a < b ? -1 : 1);

/** Oldest first for date/total/number (callers reverse for newest first), A-Z for title. */
function ascending(key: SortKey): (a: LoadedRecord, b: LoadedRecord) => number {
  const byNumbering = (a: LoadedRecord, b: LoadedRecord) =>
    a.record.year - b.record.year || cmpStr(a.record.kind, b.record.kind) || a.record.number - b.record.number || cmpStr(a.file, b.file);
  switch (key) {
    case 'date':
      return (a, b) => cmpStr(a.record.date, b.record.date) || cmpNum(a.record.total, b.record.total) || byNumbering(a, b);
    case 'total':
      return (a, b) => cmpNum(a.record.total, b.record.total) || cmpStr(a.record.date, b.record.date) || byNumbering(a, b);
    case 'number':
      return byNumbering;
    case 'title':
      {
        const { compare } = titleOrder();
        return (a, b) => compare(a.record.title, b.record.title) || byNumbering(a, b);
      }
  }
}

/**
 * The date an undated record sorts by: that of the dated record of its sequence with the highest Total at or below
 * its own (else the lowest Total above it), so that it sits among its neighbours by Total instead of after (or
 * before) every dated report. Records with neither a date nor a Total have none. Empty when no record needs one.
 */
export function placedDates(records: readonly LoadedRecord[]): Map<LoadedRecord, string> {
  const out = new Map<LoadedRecord, string>();
  const undated = records.filter((r) => r.record.date === undefined && r.record.total !== undefined);
  if (undated.length === 0) return out;
  const seq = (r: LoadedRecord) => `${fold(r.record.series)}\u0000${r.record.kind}`;
  const wanted = new Set(undated.map(seq));
  const dated = new Map<string, LoadedRecord[]>();
  for (const r of records) {
    if (r.record.date === undefined || r.record.total === undefined || !wanted.has(seq(r))) continue;
    const k = seq(r);
    const list = dated.get(k);
    if (list) list.push(r);
    else dated.set(k, [r]);
  }
  for (const list of dated.values()) list.sort((a, b) => a.record.total! - b.record.total!);
  for (const r of undated) {
    const list = dated.get(seq(r));
    if (!list) continue;
    const t = r.record.total!;
    // The last dated record with a Total at or below t (binary search); else the first above it.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.record.total! <= t) lo = mid + 1;
      else hi = mid;
    }
    const near = list[lo - 1] ?? list[0]!;
    out.set(r, near.record.date!);
  }
  return out;
}

/** Sort by `key`: newest (highest) first for date, total and number; A to Z for title. `reverse` flips it. */
export function sortRecords(records: LoadedRecord[], key: SortKey = 'date', reverse = false): LoadedRecord[] {
  let asc = ascending(key);
  if (key === 'date') {
    // Undated records sort by Total within their sequence, at the date of their neighbour.
    const placed = placedDates(records);
    if (placed.size > 0) {
      const dateOf = (r: LoadedRecord) => r.record.date ?? placed.get(r);
      const byNumbering = ascending('number');
      asc = (a, b) => cmpStr(dateOf(a), dateOf(b)) || cmpNum(a.record.total, b.record.total) || byNumbering(a, b);
    }
  }
  const desc = key !== 'title';
  const sign = desc !== reverse ? -1 : 1;
  return records.sort((a, b) => sign * asc(a, b));
}
