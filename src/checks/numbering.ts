// The numbering checks, per sequence (series + kind): numbers, Totals, offsets, counts, dates, gaps, titles. Pure.
//
// Every check groups records in maps (by number, Total, normalised title) or walks sorted lists, so the whole
// pass is O(n log n): archives of 100,000 records are checked in well under a second.
import { parseTitleSuffix } from '../model/page/lines.js';
import { fold } from '../model/text.js';
import type { LoadedRecord } from '../model/record.js';
import type { CheckFinding } from '../model/record.js';
import { at, finding } from './record.js';
import { groupSequences, type Sequence, type YearInfo } from './sequences.js';

type Label = (s: Sequence, year?: number) => string;

/** "regular 2018" when the archive has one series; "Research Report regular 2018" when it has several. */
export function makeLabel(sequences: readonly Sequence[]): Label {
  const series = new Set(sequences.map((s) => fold(s.series)));
  return (s, year) => `${series.size > 1 ? `${s.series} ` : ''}${s.kind}${year === undefined ? '' : ` ${year}`}`;
}

/** "2018-R3, 2018-R124" or "2018-R3, 2018-R4, 2018-R5 and 12 more". */
export function idList(records: readonly LoadedRecord[], max = 3): string {
  const ids = records.slice(0, max).map((r) => r.id);
  return records.length > max ? `${ids.join(', ')} and ${records.length - max} more` : ids.join(', ');
}

/**
 * The records a message names, which are also its `related` list. Never every record involved: with thousands of
 * records agreeing on an offset, listing all of them on each finding would grow with the square of the archive.
 */
function named(records: readonly LoadedRecord[], max = 3): LoadedRecord[] {
  return records.slice(0, max);
}

/** The missing numbers of a year as [from, to] ranges, up to `limit`. `held` is sorted ascending. */
export function missingRanges(held: readonly number[], limit: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let next = 1;
  for (const n of held) {
    if (n > limit) break;
    if (n > next) out.push([next, n - 1]);
    if (n >= next) next = n + 1;
  }
  if (next <= limit) out.push([next, limit]);
  return out;
}

export function formatRanges(rs: ReadonlyArray<[number, number]>): string {
  return rs.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(', ');
}

export function countMissing(rs: ReadonlyArray<[number, number]>): number {
  return rs.reduce((s, [a, b]) => s + b - a + 1, 0);
}

/** A title as compared for duplicates: no numbering suffix, case, punctuation or extra spaces. */
export function normaliseTitle(title: string): string {
  const base = parseTitleSuffix(title)?.base ?? title;
  return base
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function agrees(y: YearInfo, r: LoadedRecord): boolean {
  return y.offset !== undefined && r.record.total !== undefined && r.record.total - r.record.number === y.offset;
}

function byFile(a: LoadedRecord, b: LoadedRecord): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

/** All numbering findings of the archive's records. */
export function checkNumbering(records: readonly LoadedRecord[]): CheckFinding[] {
  const sequences = groupSequences(records);
  const label = makeLabel(sequences);
  const out: CheckFinding[] = [];
  for (const s of sequences) {
    checkNumbers(s, label, out);
    checkTotals(s, label, out);
    checkOffsets(s, label, out);
    checkCounts(s, label, out);
    checkDates(s, out);
    checkGaps(s, label, out);
  }
  checkTitles(records, out);
  return out;
}

/** duplicate-number: one number used twice in a (sequence, year). */
function checkNumbers(s: Sequence, label: Label, out: CheckFinding[]): void {
  for (const y of s.years) {
    const highest = y.records.reduce((m, r) => Math.max(m, r.record.number), 0);
    // y.records is sorted by number then file: equal numbers are neighbours.
    for (let i = 0; i < y.records.length; ) {
      let j = i + 1;
      while (j < y.records.length && y.records[j]!.record.number === y.records[i]!.record.number) j++;
      if (j - i > 1) {
        const group = y.records.slice(i, j);
        // Keep the one whose Total agrees with the year's offset (else the first file); the others are wrong.
        const keeper = group.find((r) => agrees(y, r)) ?? [...group].sort(byFile)[0]!;
        for (const r of group) {
          if (r === keeper) continue;
          out.push(
            finding(
              r,
              'error',
              'duplicate-number',
              `number ${r.record.number} of ${label(s, y.year)} is also used by ${keeper.file}; give this report its own number (the next free one is ${highest + 1})`,
              at(r, 'number'),
              [keeper],
            ),
          );
        }
      }
      i = j;
    }
  }
}

/** duplicate-total: one Total used twice in a sequence. */
function checkTotals(s: Sequence, label: Label, out: CheckFinding[]): void {
  const byTotal = new Map<number, Array<{ r: LoadedRecord; y: YearInfo }>>();
  for (const y of s.years) {
    for (const r of y.records) {
      const t = r.record.total;
      if (t === undefined) continue;
      const list = byTotal.get(t);
      if (list) list.push({ r, y });
      else byTotal.set(t, [{ r, y }]);
    }
  }
  for (const [total, group] of byTotal) {
    if (group.length < 2) continue;
    const keeper = group.find((g) => agrees(g.y, g.r)) ?? [...group].sort((a, b) => byFile(a.r, b.r))[0]!;
    for (const g of group) {
      if (g === keeper) continue;
      const expected = g.y.offset !== undefined && g.y.offset + g.r.record.number !== total ? ` (the offset of ${label(s, g.y.year)} gives ${g.y.offset + g.r.record.number})` : '';
      out.push(
        finding(
          g.r,
          'error',
          'duplicate-total',
          `total ${total} of ${label(s)} reports is also used by ${keeper.r.id} (${keeper.r.file}); each report has its own Total${expected}`,
          at(g.r, 'total'),
          [keeper.r],
        ),
      );
    }
  }
}

/** total-offset: Total - number differs from the offset the other records of the year agree on. */
function checkOffsets(s: Sequence, label: Label, out: CheckFinding[]): void {
  for (const y of s.years) {
    if (y.offset === undefined) continue;
    for (const r of y.records) {
      if (r.record.total === undefined || agrees(y, r)) continue;
      out.push(
        finding(
          r,
          'error',
          'total-offset',
          `total ${r.record.total} disagrees with offset ${y.offset} of ${label(s, y.year)} (agreed by ${idList(y.agreedBy)}): expected ${y.offset + r.record.number}`,
          at(r, 'total'),
          named(y.agreedBy),
        ),
      );
    }
  }
}

/**
 * year-count: offsets chain, so between two years A < Z with known offsets, offset(Z) - offset(A) reports were
 * published in years A..Z-1. Each year W in between published at least its highest number held, so W's count is
 * at most that difference minus the other years' highest numbers; a record numbered above it cannot exist.
 * When Z = A + 1 the bound is exactly A's count. Years after the last known offset are not bounded.
 */
function checkCounts(s: Sequence, label: Label, out: CheckFinding[]): void {
  // The highest-numbered record of each year (records are sorted by number).
  const top = new Map(s.years.map((y) => [y, y.records[y.records.length - 1]!]));
  const highest = (y: YearInfo) => top.get(y)!.record.number;
  const known = s.years.filter((y) => y.offset !== undefined);
  for (let k = 0; k + 1 < known.length; k++) {
    const a = known[k]!;
    const z = known[k + 1]!;
    const span = z.offset! - a.offset!;
    if (span <= 0) {
      // The running Total never goes back: one of the two years' offsets is wrong; it cannot be told which.
      const r = z.agreedBy[0]!;
      out.push(
        finding(
          r,
          'error',
          'year-count',
          `offset ${z.offset} of ${label(s, z.year)} (agreed by ${idList(z.agreedBy)}) is not above offset ${a.offset} of ${label(s, a.year)} (agreed by ${idList(a.agreedBy)}), but the running Total never goes back; check the Totals of both years`,
          at(r, 'total'),
          [...named(a.agreedBy), ...named(z.agreedBy)],
        ),
      );
      continue;
    }
    const between = s.years.filter((y) => y.year >= a.year && y.year < z.year);
    const sumHighest = between.reduce((sum, y) => sum + highest(y), 0);
    for (const w of between) {
      const bound = span - (sumHighest - highest(w));
      if (highest(w) <= bound) continue;
      const others = between.filter((o) => o !== w);
      let why: string;
      if (z.year === a.year + 1) {
        why = `offsets ${a.offset} (${a.year}) and ${z.offset} (${z.year}) give ${label(s, a.year)} exactly ${span} reports`;
      } else {
        const held = others.map((o) => `${o.year} has reports up to No.${highest(o)}`).join(', ');
        why =
          `offsets ${a.offset} (${a.year}) and ${z.offset} (${z.year}) leave ${span} reports for ${label(s)} ${a.year}-${z.year - 1}` +
          (held ? `, and ${held}, so ${w.year} had at most ${Math.max(0, bound)}` : '');
      }
      const related = [...named(a.agreedBy, 2), ...named(z.agreedBy, 2), ...others.map((o) => top.get(o)!)];
      // Records are sorted by number: walk down from the highest while above the bound.
      for (let i = w.records.length - 1; i >= 0 && w.records[i]!.record.number > bound; i--) {
        const r = w.records[i]!;
        out.push(
          finding(r, 'error', 'year-count', `number ${r.record.number} cannot exist: ${why}; check the number, or the Totals of ${idList([...named(a.agreedBy, 2), ...named(z.agreedBy, 2)], 4)}`, at(r, 'number'), related),
        );
      }
    }
  }
}

/**
 * date-order: along a sequence's Totals, dates never go back. The records to blame are those outside a longest
 * run of Totals whose dates do not decrease (found in O(n log n)); ties blame the higher Totals.
 */
function checkDates(s: Sequence, out: CheckFinding[]): void {
  const items = s.years
    .flatMap((y) => y.records)
    .filter((r) => r.record.total !== undefined && r.record.date !== undefined)
    .sort((a, b) => a.record.total! - b.record.total! || (a.record.date! < b.record.date! ? -1 : a.record.date! > b.record.date! ? 1 : 0));
  const n = items.length;
  if (n < 2) return;
  // Walk from the highest Total down, keeping a longest run of non-increasing dates: in reverse, keys -date
  // must not decrease. Patience sorting with parent links.
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = items[n - 1 - i]!.record.date!;
    keys[i] = -(Number(d.slice(0, 4)) * 10000 + Number(d.slice(5, 7)) * 100 + Number(d.slice(8, 10)));
  }
  const key = (i: number) => keys[i]!;
  const tails: number[] = []; // index (in reverse order) of the smallest tail of each length
  const parent = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const v = key(i);
    // first tail with key > v (non-decreasing run)
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (key(tails[mid]!) > v) hi = mid;
      else lo = mid + 1;
    }
    if (lo > 0) parent[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const kept = new Uint8Array(n);
  for (let i = tails[tails.length - 1]!; i !== -1; i = parent[i]!) kept[n - 1 - i] = 1;
  if (tails.length === n) return;

  // For each blamed record, the nearest kept records below and above it in Total order.
  const prevKept = new Int32Array(n).fill(-1);
  const nextKept = new Int32Array(n).fill(-1);
  for (let i = 0, last = -1; i < n; i++) {
    prevKept[i] = last;
    if (kept[i]) last = i;
  }
  for (let i = n - 1, last = -1; i >= 0; i--) {
    nextKept[i] = last;
    if (kept[i]) last = i;
  }
  for (let i = 0; i < n; i++) {
    if (kept[i]) continue;
    const r = items[i]!;
    const p = prevKept[i]! >= 0 ? items[prevKept[i]!]! : undefined;
    const q = nextKept[i]! >= 0 ? items[nextKept[i]!]! : undefined;
    const date = r.record.date!;
    const other = p && p.record.date! > date ? p : q!;
    const relation = other === p ? `${other.id} (total ${other.record.total}) is dated ${other.record.date} and has a lower Total` : `${other.id} (total ${other.record.total}) is dated ${other.record.date} and has a higher Total`;
    const range = p && q ? `from ${p.record.date} to ${q.record.date}` : p ? `on or after ${p.record.date}` : `on or before ${q!.record.date}`;
    out.push(
      finding(
        r,
        'error',
        'date-order',
        `dated ${date} (total ${r.record.total}) but ${relation}; a higher Total is never dated earlier: expected a date ${range}`,
        at(r, 'date'),
        [other],
      ),
    );
  }
}

/** number-gap: the numbers missing in a year, up to its count where known, else up to the highest held. */
function checkGaps(s: Sequence, label: Label, out: CheckFinding[]): void {
  for (const y of s.years) {
    const held = y.records.map((r) => r.record.number);
    const highest = held[held.length - 1] ?? 0;
    const limit = y.count !== undefined && y.count > 0 ? y.count : highest;
    const missing = missingRanges(held, limit);
    if (missing.length === 0) continue;
    const upTo = y.count !== undefined && y.count > 0 ? `of the ${y.count} reports its offsets give` : `numbers below No.${highest}, the highest held`;
    const first = y.records[0]!;
    const pos = at(first, 'number');
    // A gap is about the year, not about one record: no id, placed on the year's first record.
    out.push({
      severity: 'warning',
      code: 'number-gap',
      message: `${label(s, y.year)}: missing ${formatRanges(missing)} (${countMissing(missing)} ${upTo}); add those reports when you have them`,
      file: first.file,
      line: pos[0],
      column: pos[1],
    });
  }
}

/** duplicate-title: two records whose normalised titles are equal. */
function checkTitles(records: readonly LoadedRecord[], out: CheckFinding[]): void {
  const byTitle = new Map<string, LoadedRecord[]>();
  for (const r of records) {
    const t = normaliseTitle(r.record.title);
    if (!t) continue;
    const list = byTitle.get(t);
    if (list) list.push(r);
    else byTitle.set(t, [r]);
  }
  for (const group of byTitle.values()) {
    if (group.length < 2) continue;
    const sorted = [...group].sort(byFile);
    const first = sorted[0]!;
    for (const r of sorted.slice(1)) {
      out.push(
        finding(
          r,
          'warning',
          'duplicate-title',
          `the title is the same as ${first.id}'s (${first.file}); if it is the same report, remove one record, else check the title`,
          at(r, 'title'),
          // Each finding pairs a record with the first of its title (a list of all would grow with the square).
          [first],
        ),
      );
    }
  }
}
