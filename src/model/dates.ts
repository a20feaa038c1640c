// The one date reader: report pages, the Date prompt, --date, list --since/--until and the record schema all read
// dates here, so a form accepted in one place is accepted everywhere and every message says the same. Pure.
//
// Forms seen on real pages and typed by archivists: 2019-1-25, 2019-01-25, 2019/1/25, 2019.1.25, 2019年1月25日,
// "Jan 25, 2019", "January 25, 2019", "25 January 2019". Always normalised to YYYY-MM-DD, the form records keep.
// Day-first and month-first numeric forms (25/1/2019, 1/25/2019) are not read: they are ambiguous.

/** The form a record's date is written in. */
export const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** How a date is written, for messages. */
export const DATE_FORM = 'YYYY-MM-DD, e.g. 2019-01-25';

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?';
const monthOf = (name: string) => MONTH_NAMES.findIndex((m) => m.toLowerCase().startsWith(name.slice(0, 3).toLowerCase())) + 1;

interface Form {
  re: RegExp;
  ymd: (m: RegExpExecArray) => [number, number, number];
}

// Unanchored (pages carry dates inside other text); a digit may not touch a match on either side.
const FORMS: Form[] = [
  // 2019-1-25, 2017-08-25, 2019/1/25, 2019.1.25, 2019年1月25日
  { re: /(?<!\d)(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*日?/, ymd: (m) => [+m[1]!, +m[2]!, +m[3]!] },
  // January 25, 2019 / Jan. 25 2019
  { re: new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:\\s*,\\s*|\\s+)(\\d{4})(?!\\d)`, 'i'), ymd: (m) => [+m[3]!, monthOf(m[1]!), +m[2]!] },
  // 25 January 2019
  { re: new RegExp(`(?<!\\d)(\\d{1,2})\\s+${MONTH},?\\s+(\\d{4})(?!\\d)`, 'i'), ymd: (m) => [+m[3]!, monthOf(m[2]!), +m[1]!] },
];

const pad = (n: number) => String(n).padStart(2, '0');

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Why y-m-d is not a day, or undefined when it is one. `shown` is the date as the user wrote it. */
function unreal(shown: string, y: number, m: number, d: number): string | undefined {
  if (m < 1 || m > 12) return `${shown} is not a real day: there is no month ${m}`;
  if (d < 1) return `${shown} is not a real day: there is no day ${d}`;
  const days = daysIn(y, m);
  if (d > days) return `${shown} is not a real day: ${MONTH_NAMES[m - 1]} ${y} has ${days} days`;
  return undefined;
}

/** True when `s` is YYYY-MM-DD and names a day that exists (no 2014-02-30). */
export function isRealDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  return !!m && unreal(s, +m[1]!, +m[2]!, +m[3]!) === undefined;
}

/** The day of `now` in local time, YYYY-MM-DD. */
export function localDay(now: Date): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A date read: the day as YYYY-MM-DD, or the reason the text is not one (a sentence for the user). */
export type DateReading = { date: string; error?: undefined } | { date?: undefined; error: string };

/**
 * Read a date written on its own ("2019/1/25", "Jan 25, 2019" ...): the day as YYYY-MM-DD, or why it is not one.
 * Never calls a real day unreal: the message names the day as written and what is wrong with it.
 */
export function readDate(text: string): DateReading {
  const t = text.trim();
  for (const f of FORMS) {
    const m = f.re.exec(t);
    if (!m || m.index !== 0 || m[0].length !== t.length) continue;
    const [y, mo, d] = f.ymd(m);
    const why = unreal(t, y, mo, d);
    return why ? { error: why } : { date: `${y}-${pad(mo)}-${pad(d)}` };
  }
  return { error: `${JSON.stringify(t)} is not a date; write ${DATE_FORM}` };
}

/** A date found inside a longer text (a page's line): where it is, and the day or why it is not one. */
export interface FoundDate {
  index: number;
  length: number;
  /** The date as written on the page. */
  text: string;
  date?: string;
  error?: string;
}

/** The first date written in `s`, in any of the forms `readDate` takes; real or not (see `date` / `error`). */
export function findDate(s: string): FoundDate | undefined {
  let best: FoundDate | undefined;
  for (const f of FORMS) {
    const m = f.re.exec(s);
    if (!m || (best && m.index >= best.index)) continue;
    const [y, mo, d] = f.ymd(m);
    const text = m[0].trim();
    const why = unreal(text, y, mo, d);
    best = { index: m.index, length: m[0].length, text, ...(why ? { error: why } : { date: `${y}-${pad(mo)}-${pad(d)}` }) };
  }
  return best;
}

/** The schema's message for a record date that is not YYYY-MM-DD and real. */
export function recordDateMessage(value: unknown): string {
  if (typeof value !== 'string') return `date must be a date written ${DATE_FORM}`;
  const r = readDate(value);
  if (r.date) return `date must be written YYYY-MM-DD: ${r.date}`;
  if (findDate(value.trim())?.text === value.trim()) return `date must be a real date: ${r.error}`;
  return `date must be a real date written ${DATE_FORM} (not ${JSON.stringify(value)})`;
}

/**
 * The first or last day of a period written as a year ("2019"), a year and month ("2019-6", "2019-06", "2019/6",
 * "June 2019", "2019年6月") or a day (any form `readDate` takes): `list --since 2019` starts on 2019-01-01,
 * `--until 2019-06` ends on 2019-06-30.
 */
export function readPeriodEdge(text: string, edge: 'start' | 'end'): DateReading {
  const t = text.trim();
  const year = /^(\d{4})年?$/.exec(t);
  if (year) return { date: edge === 'start' ? `${year[1]}-01-01` : `${year[1]}-12-31` };
  const ym = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/.exec(t) ?? new RegExp(`^${MONTH}\\s*,?\\s*(\\d{4})$`, 'i').exec(t);
  if (ym) {
    const byName = !/^\d/.test(ym[1]!);
    const y = byName ? +ym[2]! : +ym[1]!;
    const m = byName ? monthOf(ym[1]!) : +ym[2]!;
    if (m < 1 || m > 12) return { error: `${JSON.stringify(t)} is not a month: there is no month ${m}` };
    return { date: `${y}-${pad(m)}-${edge === 'start' ? '01' : pad(daysIn(y, m))}` };
  }
  const r = readDate(t);
  // A day that does not exist keeps its own message (2019-02-30: "February 2019 has 28 days").
  if (r.date || findDate(t)?.text === t) return r;
  return { error: `${JSON.stringify(t)} is not a year, a month or a day; write YYYY, YYYY-MM or ${DATE_FORM}` };
}
