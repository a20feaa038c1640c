// How complete the archive is, per sequence and year: the archivist's view. Pure.
import type { LoadedRecord } from '../model/record.js';
import { countMissing, formatRanges, makeLabel, missingRanges } from './numbering.js';
import { groupSequences } from './sequences.js';

export interface YearStats {
  year: number;
  /** Records held for the year. */
  records: number;
  /** Distinct numbers held. */
  numbers: number;
  highest: number;
  /** Total - number agreed by the year's records, when any has a Total. */
  offset: number | null;
  /** Reports published that year, when the next year's offset gives it. */
  count: number | null;
  /**
   * The share of the year's count held (distinct numbers up to the count), a fraction from 0 to 1 rounded to
   * four places (0.0089 is 0.89%), when the count is known.
   */
  coverage: number | null;
  /** When the count is unknown: the most the coverage can be (the count is at least the highest number), 0 to 1. */
  coverageAtMost: number | null;
  firstTotal: number | null;
  lastTotal: number | null;
  /** Numbers missing up to the count (or the highest number held). */
  missing: number;
  /** The missing numbers as ranges, "1-2, 4-123". */
  gaps: string;
}

export interface SequenceStats {
  series: string;
  kind: string;
  /** "regular", or "Research Report regular" when the archive has several series. */
  label: string;
  records: number;
  years: YearStats[];
}

const fraction = (a: number, b: number) => Math.round((10_000 * a) / b) / 10_000;

export function sequenceStats(records: readonly LoadedRecord[]): SequenceStats[] {
  const sequences = groupSequences(records);
  const label = makeLabel(sequences);
  return sequences.map((s) => ({
    series: s.series,
    kind: s.kind,
    label: label(s),
    records: s.years.reduce((n, y) => n + y.records.length, 0),
    years: s.years.map((y): YearStats => {
      const distinct = [...new Set(y.records.map((r) => r.record.number))];
      const highest = distinct[distinct.length - 1] ?? 0;
      const count = y.count !== undefined && y.count > 0 ? y.count : null;
      const limit = count ?? highest;
      const missing = missingRanges(distinct, limit);
      const totals = y.records.map((r) => r.record.total).filter((t): t is number => t !== undefined);
      const withinCount = count === null ? distinct.length : distinct.filter((n) => n <= count).length;
      return {
        year: y.year,
        records: y.records.length,
        numbers: distinct.length,
        highest,
        offset: y.offset ?? null,
        count,
        coverage: count === null ? null : fraction(withinCount, count),
        coverageAtMost: count === null && highest > 0 ? fraction(distinct.length, highest) : null,
        firstTotal: totals.length ? totals.reduce((a, b) => Math.min(a, b)) : null,
        lastTotal: totals.length ? totals.reduce((a, b) => Math.max(a, b)) : null,
        missing: countMissing(missing),
        gaps: formatRanges(missing),
      };
    }),
  }));
}
