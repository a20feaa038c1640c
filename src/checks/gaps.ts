// Which numbering gaps a removal opens: the numbers of each (sequence, year) missing after it and not before. Pure.
import type { LoadedRecord } from '../model/record.js';
import { formatRanges, makeLabel, missingRanges } from './numbering.js';
import { groupSequences, sequenceKey, type Sequence, type YearInfo } from './sequences.js';

/** The missing numbers of a year, as validate counts them: up to the year's count when known, else its highest. */
function missing(y: YearInfo | undefined): Set<number> {
  if (!y) return new Set();
  const held = y.records.map((r) => r.record.number);
  const limit = y.count !== undefined && y.count > 0 ? y.count : (held[held.length - 1] ?? 0);
  const out = new Set<number>();
  for (const [a, b] of missingRanges(held, limit)) for (let n = a; n <= b; n++) out.add(n);
  return out;
}

const yearOf = (seqs: readonly Sequence[], key: string, year: number) => seqs.find((s) => s.key === key)?.years.find((y) => y.year === year);

/** One line per (sequence, year) where removing `removed` from `records` opens gaps: "regular 2018: No.124". */
export function gapsOpened(records: readonly LoadedRecord[], removed: readonly LoadedRecord[]): string[] {
  const gone = new Set(removed);
  const before = groupSequences(records);
  const after = groupSequences(records.filter((r) => !gone.has(r)));
  const label = makeLabel(before);
  const out: string[] = [];
  const seen = new Set<string>();
  for (const r of removed) {
    const key = sequenceKey(r.record);
    const where = `${key}\u0000${r.record.year}`;
    if (seen.has(where)) continue;
    seen.add(where);
    const seq = before.find((s) => s.key === key)!;
    const left = yearOf(after, key, r.record.year);
    if (!left) {
      // Nothing of the year is left: validate has no year to report gaps in, so say it here.
      const held = [...new Set(yearOf(before, key, r.record.year)!.records.map((x) => x.record.number))];
      out.push(`${label(seq, r.record.year)}: no report of the year is left (it held No.${formatRanges(ranges(held))})`);
      continue;
    }
    const was = missing(yearOf(before, key, r.record.year));
    const now = [...missing(left)].filter((n) => !was.has(n)).sort((a, b) => a - b);
    if (now.length === 0) continue;
    out.push(`${label(seq, r.record.year)}: No.${formatRanges(ranges(now))}`);
  }
  return out;
}

/** Sorted numbers as [from, to] runs. */
function ranges(ns: readonly number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const n of ns) {
    const last = out[out.length - 1];
    if (last && n === last[1] + 1) last[1] = n;
    else out.push([n, n]);
  }
  return out;
}
