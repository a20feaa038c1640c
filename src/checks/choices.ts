// The numbering rules applied to one value being chosen for a new record (a number, a Total, a date): the prompts
// and the refusals of add ask here, so they say what validate would say. Pure.
import type { Kind } from '../model/ids.js';
import type { LoadedRecord } from '../model/record.js';
import { groupSequences, proposeNext, sequenceKey, yearOffset } from './sequences.js';

const describe = (r: LoadedRecord) => `${r.id} (${r.file})`;

function sameSequence(records: readonly LoadedRecord[], series: string, kind: Kind): LoadedRecord[] {
  const key = sequenceKey({ series, kind });
  return records.filter((r) => sequenceKey(r.record) === key);
}

/**
 * Why `number` cannot be a new report's number in (series, kind, year), or undefined when it can: it is taken, or
 * it is beyond the count of reports the year's and next year's offsets give.
 */
export function numberProblem(records: readonly LoadedRecord[], series: string, kind: Kind, year: number, number: number): string | undefined {
  const seq = sameSequence(records, series, kind);
  const taken = seq.find((r) => r.record.year === year && r.record.number === number);
  if (taken) {
    const next = proposeNext(records, series, kind, year).number;
    return `No.${number} of ${series} ${kind} ${year} is already ${describe(taken)}; the next free number is ${next}`;
  }
  const info = groupSequences(seq)[0]?.years.find((y) => y.year === year);
  if (info?.count !== undefined && info.count > 0 && number > info.count) {
    return `No.${number} cannot exist: ${series} ${kind} ${year} had ${info.count} reports (the offsets of ${year} and ${year + 1} differ by ${info.count})`;
  }
  return undefined;
}

/** Why `total` cannot be the Total of No.`number` in (series, kind, year), or undefined: taken, or off the year's offset. */
export function totalProblem(records: readonly LoadedRecord[], series: string, kind: Kind, year: number, number: number, total: number): string | undefined {
  const seq = sameSequence(records, series, kind);
  const taken = seq.find((r) => r.record.total === total && !(r.record.year === year && r.record.number === number));
  if (taken) return `Total ${total} is already ${describe(taken)}`;
  const { offset, agreedBy } = yearOffset(seq.filter((r) => r.record.year === year));
  if (offset !== undefined && total - number !== offset) {
    return `Total ${total} disagrees with offset ${offset} of ${series} ${kind} ${year} (agreed by ${agreedBy.slice(0, 3).map((r) => r.id).join(', ')}): No.${number} is Total ${offset + number}`;
  }
  return undefined;
}

export interface DateWindow {
  /** The record with a lower Total dated latest: the new record may not be dated before it. */
  after?: LoadedRecord;
  /** The record with a higher Total dated earliest: the new record may not be dated after it. */
  before?: LoadedRecord;
}

/** The dates a record with `total` may take in its sequence: a higher Total is never dated earlier. */
export function dateWindow(records: readonly LoadedRecord[], series: string, kind: Kind, total: number, except?: string): DateWindow {
  const out: DateWindow = {};
  for (const r of sameSequence(records, series, kind)) {
    const { total: t, date: d } = r.record;
    if (t === undefined || d === undefined || r.file === except || t === total) continue;
    // On a tie of dates, the nearest Total is named.
    const a = out.after?.record;
    const b = out.before?.record;
    if (t < total && (!a || d > a.date! || (d === a.date && t > a.total!))) out.after = r;
    if (t > total && (!b || d < b.date! || (d === b.date && t < b.total!))) out.before = r;
  }
  return out;
}

/** "from 2019-01-25 to 2019-06-20", "on or after 2019-01-25", ..., or undefined when the window is open. */
export function describeWindow(w: DateWindow): string | undefined {
  const a = w.after?.record.date;
  const b = w.before?.record.date;
  if (a && b) return a === b ? `on ${a}` : `from ${a} to ${b}`;
  if (a) return `on or after ${a}`;
  if (b) return `on or before ${b}`;
  return undefined;
}

/**
 * Why a record with `total` cannot be dated `date`, naming that record (`id`) and the dates it may take, or
 * undefined when the date fits.
 */
export function dateProblem(records: readonly LoadedRecord[], r: { id: string; series: string; kind: Kind; total: number; date: string }, except?: string): string | undefined {
  const w = dateWindow(records, r.series, r.kind, r.total, except);
  const a = w.after;
  const b = w.before;
  const clash = a && r.date < a.record.date! ? a : b && r.date > b.record.date! ? b : undefined;
  if (!clash) return undefined;
  const side = clash === a ? 'a lower' : 'a higher';
  const head = `${r.id} (Total ${r.total}) is dated ${r.date}, but ${clash.id} has ${side} Total (${clash.record.total}) and is dated ${clash.record.date}; a higher Total is never dated earlier`;
  if (a && b && a.record.date! > b.record.date!) {
    return `${head}; no date fits: ${a.id} (Total ${a.record.total}, ${a.record.date}) and ${b.id} (Total ${b.record.total}, ${b.record.date}) are already out of order (see reports validate)`;
  }
  return `${head}: ${r.id} may be dated ${describeWindow(w)}`;
}
