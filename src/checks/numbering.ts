// The numbering checks, per sequence (series + kind): numbers, Totals, offsets, counts, dates, gaps, titles. Pure.
//
// Every check groups records in maps (by number, Total, normalised title) or walks sorted lists, so the whole
// pass is O(n log n): archives of 100,000 records are checked in well under a second.
import { parseTitleSuffix } from '../model/page/lines.js';
import { fold } from '../model/text.js';
import type { FactsRecord } from '../model/record.js';
import type { CheckFinding } from '../model/record.js';
import { at, finding } from './record.js';
import { settleByGit, type NumberingEvidence } from './evidence.js';
import { groupSequences, type Sequence, type YearInfo } from './sequences.js';

type Label = (s: Sequence<FactsRecord>, year?: number) => string;

/** "regular 2018" when the archive has one series; "Research Report regular 2018" when it has several. */
export function makeLabel(sequences: readonly Sequence<FactsRecord>[]): Label {
  const series = new Set(sequences.map((s) => fold(s.series)));
  return (s, year) => `${series.size > 1 ? `${s.series} ` : ''}${s.kind}${year === undefined ? '' : ` ${year}`}`;
}

/** "2018-R3, 2018-R124" or "2018-R3, 2018-R4, 2018-R5 and 12 more". */
export function idList(records: readonly FactsRecord[], max = 3): string {
  const ids = records.slice(0, max).map((r) => r.id);
  return records.length > max ? `${ids.join(', ')} and ${records.length - max} more` : ids.join(', ');
}

/**
 * The records a message names, which are also its `related` list. Never every record involved: with thousands of
 * records agreeing on an offset, listing all of them on each finding would grow with the square of the archive.
 */
function named(records: readonly FactsRecord[], max = 3): FactsRecord[] {
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

function agrees(y: YearInfo<FactsRecord>, r: FactsRecord): boolean {
  return y.offset !== undefined && r.record.total !== undefined && r.record.total - r.record.number === y.offset;
}

function byFile(a: FactsRecord, b: FactsRecord): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

/**
 * All numbering findings of the archive's records. `evidence` (declared offsets, what git says of each file) settles
 * the disagreements no majority settles; without it, they are ties.
 */
export function checkNumbering(records: readonly FactsRecord[], evidence?: NumberingEvidence): CheckFinding[] {
  const sequences = groupSequences(records, evidence);
  const label = makeLabel(sequences);
  const out: CheckFinding[] = [];
  for (const s of sequences) {
    checkNumbers(s, label, out, evidence);
    checkTotals(s, label, out, evidence);
    checkOffsets(s, label, out);
    checkCounts(s, label, out);
    checkDates(s, out, evidence);
    checkGaps(s, label, out);
  }
  checkTitles(records, out);
  return out;
}

/**
 * Which record of a clash (one number or one Total held twice) keeps it: the only one whose Total agrees with its
 * year's offset, else the one git's evidence keeps. Undefined: a tie, nobody is known to be wrong.
 */
function clashKeeper(group: ReadonlyArray<{ r: FactsRecord; y: YearInfo<FactsRecord> }>, ev: NumberingEvidence | undefined): { keeper: FactsRecord; how?: string } | undefined {
  const agreeing = group.filter((g) => agrees(g.y, g.r));
  if (agreeing.length === 1) return { keeper: agreeing[0]!.r };
  const candidates = agreeing.length > 1 ? agreeing : group;
  const settled = settleByGit(
    candidates.map((g) => [g.r.file]),
    ev,
  );
  return settled ? { keeper: candidates[settled.kept]!.r, how: settled.how } : undefined;
}

/** One finding per party of a tie, each on its own file, naming the others. */
function tieFindings(parties: readonly FactsRecord[], code: string, field: string, message: (r: FactsRecord) => string, out: CheckFinding[]): void {
  for (const r of parties) {
    const f = finding(r, 'error', code, message(r), at(r, field), named(parties.slice(0, 6).filter((o) => o !== r), 5));
    f.unsettled = true;
    out.push(f);
  }
}

const decided = (how: string | undefined) => (how ? ` (decided by ${how})` : '');

/** duplicate-number: one number used twice in a (sequence, year). */
function checkNumbers(s: Sequence<FactsRecord>, label: Label, out: CheckFinding[], ev: NumberingEvidence | undefined): void {
  for (const y of s.years) {
    // y.records is sorted by number then file: equal numbers are neighbours, the highest is last.
    const highest = y.records[y.records.length - 1]!.record.number;
    for (let i = 0; i < y.records.length; ) {
      let j = i + 1;
      while (j < y.records.length && y.records[j]!.record.number === y.records[i]!.record.number) j++;
      if (j - i > 1) {
        const group = y.records.slice(i, j);
        const settled = clashKeeper(
          group.map((r) => ({ r, y })),
          ev,
        );
        if (!settled) {
          tieFindings(
            group,
            'duplicate-number',
            'number',
            (r) =>
              `number ${r.record.number} of ${label(s, y.year)} is also used by ${othersList(group, r)}; nothing tells which is right (no Total agrees with a known offset, and git does not tell): check each against its page, then give the wrong one its own number (the next free one is ${highest + 1}; reports fix --prefer <file> keeps that one)`,
            out,
          );
        } else {
          const { keeper, how } = settled;
          for (const r of group) {
            if (r === keeper) continue;
            const f = finding(
              r,
              'error',
              'duplicate-number',
              `number ${r.record.number} of ${label(s, y.year)} is also used by ${keeper.file}; give this report its own number (the next free one is ${highest + 1})${decided(how)}`,
              at(r, 'number'),
              [keeper],
            );
            if (how) f.decidedBy = how;
            out.push(f);
          }
        }
      }
      i = j;
    }
  }
}

/** duplicate-total: one Total used twice in a sequence. */
function checkTotals(s: Sequence<FactsRecord>, label: Label, out: CheckFinding[], ev: NumberingEvidence | undefined): void {
  // A list only for a Total held twice, and the record's year found again only then: without an object and a list
  // per record, the checks across records of a warm validate of 10,000 records take 0.94x the processor time
  // (median of 25 pairs of fresh processes, timed in-process; range 0.63-1.38x).
  const byTotal = new Map<number, FactsRecord>();
  const clashes = new Map<number, Array<{ r: FactsRecord; y: YearInfo<FactsRecord> }>>();
  for (const y of s.years) {
    for (const r of y.records) {
      const t = r.record.total;
      if (t === undefined) continue;
      const first = byTotal.get(t);
      if (first === undefined) byTotal.set(t, r);
      else {
        const list = clashes.get(t);
        if (list) list.push({ r, y });
        else clashes.set(t, [{ r: first, y: s.years.find((o) => o.year === first.record.year)! }, { r, y }]);
      }
    }
  }
  for (const [total, group] of clashes) {
    // A Total held twice within one year is also a number held twice or an offset that disagrees: those say it.
    const settled = clashKeeper(group, ev);
    if (!settled) {
      tieFindings(
        group.map((g) => g.r),
        'duplicate-total',
        'total',
        (r) =>
          `total ${total} of ${label(s)} reports is also used by ${othersList(group.map((g) => g.r), r)}; nothing tells which is right (neither Total agrees with a known offset, and git does not tell): check each against its page (reports fix --prefer <file> keeps that one)`,
        out,
      );
      continue;
    }
    const { keeper, how } = settled;
    for (const g of group) {
      if (g.r === keeper) continue;
      const expected = g.y.offset !== undefined && g.y.offset + g.r.record.number !== total ? ` (the offset of ${label(s, g.y.year)} gives ${g.y.offset + g.r.record.number})` : '';
      const f = finding(
        g.r,
        'error',
        'duplicate-total',
        `total ${total} of ${label(s)} reports is also used by ${keeper.id} (${keeper.file}); each report has its own Total${expected}${decided(how)}`,
        at(g.r, 'total'),
        [keeper],
      );
      if (how) f.decidedBy = how;
      out.push(f);
    }
  }
}

/**
 * total-offset: Total - number differs from the year's offset (declared, agreed by most records, or kept by git's
 * evidence). When the records tie and nothing decides, one finding per party names every party and its offset.
 */
function checkOffsets(s: Sequence<FactsRecord>, label: Label, out: CheckFinding[]): void {
  for (const y of s.years) {
    if (y.tie) {
      const parties = y.tie;
      const all = parties.flat();
      const describe = (p: FactsRecord[]) =>
        `${listed(p, (r) => `${r.id} (total ${r.record.total})`)} ${p.length === 1 ? 'gives' : 'give'} offset ${p[0]!.record.total! - p[0]!.record.number}`;
      tieFindings(
        all,
        'total-offset',
        'total',
        (r) => {
          const mine = parties.find((p) => p.includes(r))!;
          // Up to three other parties in words: a year of many parties must not make each message list them all.
          const rest = parties.slice(0, 4).filter((p) => p !== mine).slice(0, 3);
          const more = parties.length - 1 - rest.length;
          const others = rest.map(describe).join('; ') + (more > 0 ? `; and ${more} more offsets` : '');
          return `total ${r.record.total} gives offset ${r.record.total! - r.record.number} of ${label(s, y.year)}, but ${others}; no majority, and nothing tells which is wrong (no declared offset, and git does not tell): check the Totals against the pages (reports fix --prefer <id> keeps that report's offset)`;
        },
        out,
      );
      continue;
    }
    if (y.offset === undefined) continue;
    const source = y.decidedBy?.startsWith('declared') ? y.decidedBy : `agreed by ${idList(y.agreedBy)}${y.decidedBy ? `; decided by ${y.decidedBy}` : ''}`;
    for (const r of y.records) {
      if (r.record.total === undefined || agrees(y, r)) continue;
      const f = finding(
        r,
        'error',
        'total-offset',
        `total ${r.record.total} disagrees with offset ${y.offset} of ${label(s, y.year)} (${source}): expected ${y.offset + r.record.number}`,
        at(r, 'total'),
        named(y.agreedBy),
      );
      if (y.decidedBy) f.decidedBy = y.decidedBy;
      out.push(f);
    }
  }
}

/**
 * year-count: offsets chain, so between two years A < Z with known offsets, offset(Z) - offset(A) reports were
 * published in years A..Z-1. Each year W in between published at least its highest number held, so W's count is
 * at most that difference minus the other years' highest numbers; a record numbered above it cannot exist.
 * When Z = A + 1 the bound is exactly A's count. Years after the last known offset are not bounded.
 */
function checkCounts(s: Sequence<FactsRecord>, label: Label, out: CheckFinding[]): void {
  // The highest-numbered record of each year (records are sorted by number).
  const top = new Map(s.years.map((y) => [y, y.records[y.records.length - 1]!]));
  const highest = (y: YearInfo<FactsRecord>) => top.get(y)!.record.number;
  const known = s.years.filter((y) => y.offset !== undefined);
  for (let k = 0; k + 1 < known.length; k++) {
    const a = known[k]!;
    const z = known[k + 1]!;
    const span = z.offset! - a.offset!;
    if (span <= 0) {
      // The running Total never goes back: one of the two years' offsets is wrong; it cannot be told which.
      const r = z.agreedBy[0] ?? z.records[0]!;
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
 * date-order: along a sequence's Totals, dates never go back. A record outside every longest run of Totals whose
 * dates do not decrease is blamed by the majority (found in O(n log n)). Where several longest runs exist (two
 * records out of order with no third to tell), the records that differ between them are a tie: git's evidence
 * settles it, else each party is named on its own file.
 */
function checkDates(s: Sequence<FactsRecord>, out: CheckFinding[], ev: NumberingEvidence | undefined): void {
  // One loop, and a sort only when the records are not in Total order already (as they are when numbers and
  // Totals agree): with the date read digit by digit, this part took 15-33 ms of a warm validate of 10,000 records
  // and takes 10-16 ms (processor time, medians of 9 fresh processes, two sets; most archives stop at `ordered`).
  const items: FactsRecord[] = [];
  let sorted = true;
  for (const y of s.years) {
    for (const r of y.records) {
      const { total, date } = r.record;
      if (total === undefined || date === undefined) continue;
      if (sorted && items.length > 0) sorted = byTotalDate(items[items.length - 1]!, r) <= 0;
      items.push(r);
    }
  }
  if (!sorted) items.sort(byTotalDate);
  const n = items.length;
  if (n < 2) return;
  const dateKey = new Float64Array(n);
  let ordered = true;
  for (let i = 0; i < n; i++) {
    dateKey[i] = dateNumber(items[i]!.record.date!);
    if (i > 0 && dateKey[i]! < dateKey[i - 1]!) ordered = false;
  }
  // Dates in Total order: the one longest run is every record, nothing to blame.
  if (ordered) return;
  // ending[i]: the longest run of non-decreasing dates ending at i; starting[i]: starting at i (patience sorting).
  const runs = (order: (k: number) => number, key: (i: number) => number) => {
    const len = new Int32Array(n);
    const tails: number[] = [];
    for (let k = 0; k < n; k++) {
      const i = order(k);
      const v = key(i);
      let lo = 0;
      let hi = tails.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (tails[mid]! > v) hi = mid;
        else lo = mid + 1;
      }
      tails[lo] = v;
      len[i] = lo + 1;
    }
    return { len, longest: tails.length };
  };
  const ending = runs((k) => k, (i) => dateKey[i]!);
  const starting = runs((k) => n - 1 - k, (i) => -dateKey[i]!);
  const longest = ending.longest;
  if (longest === n) return;
  // In some longest run; in every one when it is the only such record at its place in the run.
  const inSome = new Uint8Array(n);
  const atLevel = new Int32Array(longest + 1);
  for (let i = 0; i < n; i++) {
    if (ending.len[i]! + starting.len[i]! - 1 === longest) {
      inSome[i] = 1;
      atLevel[ending.len[i]!]!++;
    }
  }
  const kept = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (inSome[i] && atLevel[ending.len[i]!] === 1) kept[i] = 1;
  // The records between two that every run keeps, which differ between runs: one disagreement each.
  let cluster: number[] = [];
  const settleCluster = () => {
    if (cluster.length > 0) settleDates(items, cluster, dateKey, ending.len, kept, ev, out);
    cluster = [];
  };
  for (let i = 0; i < n; i++) {
    if (kept[i]) settleCluster();
    else if (inSome[i]) cluster.push(i);
  }
  settleCluster();

  // Blamed by the majority: outside every longest run. Named against the nearest kept records around it.
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
    if (inSome[i]) continue;
    const r = items[i]!;
    const p = prevKept[i]! >= 0 ? items[prevKept[i]!]! : undefined;
    const q = nextKept[i]! >= 0 ? items[nextKept[i]!]! : undefined;
    const date = r.record.date!;
    const other = p && p.record.date! > date ? p : (q ?? p);
    if (!other) continue; // every record it disagrees with is itself in an unsettled tie, reported above
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

function byTotalDate(a: FactsRecord, b: FactsRecord): number {
  return a.record.total! - b.record.total! || (a.record.date! < b.record.date! ? -1 : a.record.date! > b.record.date! ? 1 : 0);
}

/** YYYY-MM-DD as the number YYYYMMDD (Number of each part, as the dates' schema lets only digits there). */
function dateNumber(d: string): number {
  return Number(d.slice(0, 4)) * 10000 + Number(d.slice(5, 7)) * 100 + Number(d.slice(8, 10));
}

/** "2019-R2 (2019/regular-002b.yaml)": the records of a group but `except`, up to three, then "and N more". */
function othersList(records: readonly FactsRecord[], except: FactsRecord): string {
  return listed(records.slice(0, 4).filter((o) => o !== except), (o) => `${o.id} (${o.file})`, records.length - 1);
}

/** Up to three items in words, then "and N more". */
function listed<T>(items: readonly T[], say: (x: T) => string, total = items.length): string {
  const shown = items.slice(0, 3);
  return shown.map(say).join(', ') + (total > shown.length ? ` and ${total - shown.length} more` : '');
}

/** Above this many records in one disagreement, its possible runs are not weighed one by one: it stays a tie. */
const MAX_CLUSTER = 16;

/**
 * One disagreement of dates: `cluster` (indexes into `items`, in Total order) are the records that differ between
 * the longest runs. Each longest run through them is a party; git's evidence may keep one (its records are then
 * marked kept, the others blamed), else every record of the cluster is named as a party of a tie.
 */
function settleDates(
  items: readonly FactsRecord[],
  cluster: readonly number[],
  dateKey: Float64Array,
  level: Int32Array,
  kept: Uint8Array,
  ev: NumberingEvidence | undefined,
  out: CheckFinding[],
): void {
  const members = cluster.map((i) => items[i]!);
  let runs: number[][] = [];
  if (cluster.length <= MAX_CLUSTER) {
    // Every choice of one record per level with dates that do not decrease.
    const levels = [...new Set(cluster.map((i) => level[i]!))].sort((a, b) => a - b);
    const walk = (k: number, chosen: number[]) => {
      if (runs.length > 256) return;
      if (k === levels.length) {
        runs.push([...chosen]);
        return;
      }
      for (const i of cluster) {
        if (level[i] !== levels[k]) continue;
        const last = chosen[chosen.length - 1];
        if (last !== undefined && (i < last || dateKey[i]! < dateKey[last]!)) continue;
        chosen.push(i);
        walk(k + 1, chosen);
        chosen.pop();
      }
    };
    walk(0, []);
    if (runs.length > 256) runs = [];
  }
  const common = runs.length ? cluster.filter((i) => runs.every((r) => r.includes(i))) : [];
  const settled =
    runs.length > 1
      ? settleByGit(
          runs.map((r) => r.filter((i) => !common.includes(i)).map((i) => items[i]!.file)),
          ev,
        )
      : undefined;
  if (settled) {
    const run = runs[settled.kept]!;
    for (const i of run) kept[i] = 1;
    for (const i of cluster) {
      if (run.includes(i)) continue;
      const r = items[i]!;
      const other = run.map((k) => items[k]!).find((o) => (o.record.total! < r.record.total! ? o.record.date! > r.record.date! : o.record.date! < r.record.date!)) ?? items[run[0]!]!;
      const relation = `${other.id} (total ${other.record.total}) is dated ${other.record.date} and has a ${other.record.total! < r.record.total! ? 'lower' : 'higher'} Total`;
      const f = finding(r, 'error', 'date-order', `dated ${r.record.date} (total ${r.record.total}) but ${relation}; a higher Total is never dated earlier (decided by ${settled.how})`, at(r, 'date'), [other]);
      f.decidedBy = settled.how;
      out.push(f);
    }
    return;
  }
  const describe = (o: FactsRecord) => `${o.id} (total ${o.record.total}) is dated ${o.record.date}`;
  tieFindings(
    members,
    'date-order',
    'date',
    (r) =>
      `dated ${r.record.date} (total ${r.record.total}), but ${listed(members.slice(0, 4).filter((o) => o !== r), describe, members.length - 1)}; a higher Total is never dated earlier, and nothing tells which date is wrong (git does not tell): check each against its page (reports edit <id>)`,
    out,
  );
}

/** number-gap: the numbers missing in a year, up to its count where known, else up to the highest held. */
function checkGaps(s: Sequence<FactsRecord>, label: Label, out: CheckFinding[]): void {
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
function checkTitles(records: readonly FactsRecord[], out: CheckFinding[]): void {
  // A list only for a title held twice (as in checkTotals).
  const byTitle = new Map<string, FactsRecord>();
  const clashes = new Map<string, FactsRecord[]>();
  for (const r of records) {
    const t = r.titleKey ?? normaliseTitle(r.record.title ?? '');
    if (!t) continue;
    const first = byTitle.get(t);
    if (first === undefined) byTitle.set(t, r);
    else {
      const list = clashes.get(t);
      if (list) list.push(r);
      else clashes.set(t, [first, r]);
    }
  }
  for (const group of clashes.values()) {
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
