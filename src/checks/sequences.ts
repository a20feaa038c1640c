// Sequences and their yearly offsets: the numbering facts that validate, stats and add all build on. Pure.
//
// A sequence is (series, kind). Numbers restart every year; the running Total never does, so within one
// (sequence, year) Total - number is a constant: the year's offset. offset(Y+1) - offset(Y) is the count of Y.
import type { Kind } from '../model/report.js';
import { fold } from '../model/text.js';
import type { FactsRecord, LoadedRecord } from '../model/record.js';
import { declaredOffset, settleByGit, type NumberingEvidence } from './evidence.js';

export interface YearInfo<R extends FactsRecord = LoadedRecord> {
  year: number;
  /** The year's records, by number then file. */
  records: R[];
  /**
   * The year's offset: declared in the config, else the Total - number most records agree on, else the one git's
   * evidence keeps; undefined when the records tie and nothing decides (see `tie`).
   */
  offset?: number;
  /** The records whose Total - number equals `offset`. */
  agreedBy: R[];
  /** How the offset was decided when not by a majority: "declared in reports.config.yaml", "git: ...". */
  decidedBy?: string;
  /** When the records disagree on the offset and nothing decides: every party (records sharing one offset). */
  tie?: R[][];
  /** Reports published that year, when the next year's offset is known: offset(Y+1) - offset(Y). */
  count?: number;
}

export interface Sequence<R extends FactsRecord = LoadedRecord> {
  key: string;
  series: string;
  kind: Kind;
  /** Years in ascending order. */
  years: YearInfo<R>[];
}

export function sequenceKey(r: { series: string; kind: Kind }): string {
  return `${fold(r.series)}\u0000${r.kind}`;
}

/** The year's offset: the Total - number most records agree on. */
export function yearOffset<R extends FactsRecord>(records: readonly R[]): { offset?: number; agreedBy: R[] } {
  const votes = new Map<number, { list: R[]; lowest: number }>();
  for (const r of records) {
    if (r.record.total === undefined) continue;
    const d = r.record.total - r.record.number;
    const v = votes.get(d);
    if (v) {
      v.list.push(r);
      if (r.record.number < v.lowest) v.lowest = r.record.number;
    } else votes.set(d, { list: [r], lowest: r.record.number });
  }
  let best: number | undefined;
  let bestVote: { list: R[]; lowest: number } | undefined;
  for (const [d, v] of votes) {
    const better = !bestVote || v.list.length > bestVote.list.length || (v.list.length === bestVote.list.length && v.lowest < bestVote.lowest);
    if (better) {
      best = d;
      bestVote = v;
    }
  }
  return { offset: best, agreedBy: bestVote?.list ?? [] };
}

/** The parties of a year's Totals: the records sharing each Total - number, largest party first (then lowest number). */
export function offsetParties<R extends FactsRecord>(records: readonly R[]): Array<{ offset: number; records: R[] }> {
  const by = new Map<number, R[]>();
  for (const r of records) {
    if (r.record.total === undefined) continue;
    const d = r.record.total - r.record.number;
    const list = by.get(d);
    if (list) list.push(r);
    else by.set(d, [r]);
  }
  const lowest = (l: R[]) => l.reduce((m, r) => Math.min(m, r.record.number), Infinity);
  return [...by.entries()].map(([offset, list]) => ({ offset, records: list })).sort((a, b) => b.records.length - a.records.length || lowest(a.records) - lowest(b.records));
}

/**
 * The offset of one (sequence, year): declared, else a majority (the largest party, when it is the only largest and
 * holds two records or more, or is the only party), else git's evidence between the largest parties, else a tie.
 */
export function settleOffset<R extends FactsRecord>(records: readonly R[], kind: Kind, year: number, ev?: NumberingEvidence): Pick<YearInfo<R>, 'offset' | 'agreedBy' | 'decidedBy' | 'tie'> {
  const parties = offsetParties(records);
  const declared = declaredOffset(ev, kind, year);
  if (declared !== undefined) {
    return { offset: declared, agreedBy: parties.find((p) => p.offset === declared)?.records ?? [], decidedBy: `declared in ${ev?.offsetsFrom ?? 'the config'}` };
  }
  if (parties.length === 0) return { agreedBy: [] };
  const top = parties.filter((p) => p.records.length === parties[0]!.records.length);
  if (parties.length === 1 || (top.length === 1 && top[0]!.records.length >= 2)) return { offset: parties[0]!.offset, agreedBy: parties[0]!.records };
  const settled = settleByGit(
    top.map((p) => p.records.map((r) => r.file)),
    ev,
  );
  if (settled) return { offset: top[settled.kept]!.offset, agreedBy: top[settled.kept]!.records, decidedBy: settled.how };
  return { agreedBy: [], tie: parties.map((p) => p.records) };
}

/** By number, then file. Most years are in that order already (files are named by number): checked first. */
function sortYear(recs: FactsRecord[]): void {
  let sorted = true;
  for (let i = 1; sorted && i < recs.length; i++) {
    const a = recs[i - 1]!;
    const b = recs[i]!;
    sorted = a.record.number < b.record.number || (a.record.number === b.record.number && a.file < b.file);
  }
  if (!sorted) recs.sort((a, b) => a.record.number - b.record.number || (a.file < b.file ? -1 : 1));
}

/** Group records into sequences and years, with offsets and the counts the offsets imply. */
export function groupSequences<R extends FactsRecord>(records: readonly R[], ev?: NumberingEvidence): Sequence<R>[] {
  const bySeq = new Map<string, { series: string; kind: Kind; byYear: Map<number, R[]> }>();
  // Records come in file order, a sequence's year after year: the last sequence and year are tried first, and the
  // key of a sequence (fold, a Unicode normalisation) is worked out once per run of records of one series and
  // kind. With sortYear's check, groupSequences took 31-37 ms of a warm validate of 10,000 records and takes
  // 15-21 ms (processor time, medians of 9 fresh processes, two sets).
  let last: { series: string; kind: Kind; s: { series: string; kind: Kind; byYear: Map<number, R[]> } } | undefined;
  let lastYear: { year: number; list: R[]; of: unknown } | undefined;
  for (const r of records) {
    const { series, kind, year } = r.record;
    let s = last !== undefined && last.series === series && last.kind === kind ? last.s : undefined;
    if (s === undefined) {
      const key = sequenceKey(r.record);
      s = bySeq.get(key);
      if (!s) bySeq.set(key, (s = { series, kind, byYear: new Map() }));
      last = { series, kind, s };
    }
    if (lastYear !== undefined && lastYear.of === s && lastYear.year === year) {
      lastYear.list.push(r);
      continue;
    }
    let list = s.byYear.get(year);
    if (list) list.push(r);
    else s.byYear.set(year, (list = [r]));
    lastYear = { year, list, of: s };
  }
  const out: Sequence<R>[] = [];
  for (const [key, s] of bySeq) {
    const years: YearInfo<R>[] = [...s.byYear.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([year, recs]) => {
        sortYear(recs);
        return { year, records: recs, ...settleOffset(recs, s.kind, year, ev) };
      });
    for (let i = 0; i + 1 < years.length; i++) {
      const y = years[i]!;
      const next = years[i + 1]!;
      if (next.year === y.year + 1 && y.offset !== undefined && next.offset !== undefined) y.count = next.offset - y.offset;
    }
    out.push({ key, series: s.series, kind: s.kind, years });
  }
  return out.sort((a, b) => (a.series === b.series ? (a.kind < b.kind ? -1 : 1) : a.series < b.series ? -1 : 1));
}

export interface Proposal {
  number: number;
  total?: number;
  /** How the Total was found, for the prompt's hint. */
  totalFrom?: 'offset' | 'highest';
}

/**
 * The next number and Total for a new record of (series, kind, year): the next free number after the year's
 * highest, and offset + number where the year's offset is known, else the sequence's highest Total + 1.
 */
export function proposeNext(records: readonly LoadedRecord[], series: string, kind: Kind, year: number, number?: number): Proposal {
  const key = sequenceKey({ series, kind });
  const seq = records.filter((r) => sequenceKey(r.record) === key);
  const inYear = seq.filter((r) => r.record.year === year);
  const n = number ?? inYear.reduce((m, r) => Math.max(m, r.record.number), 0) + 1;
  const { offset } = yearOffset(inYear);
  if (offset !== undefined) return { number: n, total: offset + n, totalFrom: 'offset' };
  const highest = seq.reduce((m, r) => Math.max(m, r.record.total ?? 0), 0);
  if (highest > 0) return { number: n, total: highest + 1, totalFrom: 'highest' };
  return { number: n };
}
