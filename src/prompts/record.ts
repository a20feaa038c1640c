// The questions `reports add` asks, in the order a report page reads, each checked as it is answered.
// Pure logic over an Ask: tests answer it from a script.
import { isRealDate, KINDS, type Kind, type Report } from '../model/report.js';
import { joinAuthors, parseTitleSuffix } from '../model/page.js';
import { normaliseDate, parseAuthors, parseKeywords } from '../model/import.js';
import { proposeNext, sequenceKey, yearOffset } from '../checks/sequences.js';
import type { LoadedRecord } from '../model/record.js';
import type { Ask } from './index.js';

export type Draft = Partial<Report>;

export interface RecordPromptEnv {
  records: readonly LoadedRecord[];
  /** Values given on the command line: not asked. */
  given: Draft;
  /** Proposed answers (from an imported page, or the archive's last-used series and organization). */
  defaults: Draft;
  /** Today as YYYY-MM-DD, the date's default. */
  today: string;
}

/** Typed to leave an optional field out. */
export const NONE = '-';

const describe = (r: LoadedRecord) => `${r.id} (${r.file})`;

export function validateTitle(v: string): true | string {
  if (!v.trim()) return 'the title is required';
  const s = parseTitleSuffix(v);
  if (s) return `leave out the numbering suffix ${s.text}: it is derived from kind, number and year`;
  return true;
}

export function validateAuthors(v: string): true | string {
  return parseAuthors(v).length > 0 ? true : 'at least one author is required, e.g. Zhang Xiaohuan & Yang Xiaodong';
}

export function validateYear(v: string): true | string {
  const t = v.trim();
  return /^\d{4}$/.test(t) && Number(t) >= 1900 && Number(t) <= 2999 ? true : 'a year is four digits between 1900 and 2999, e.g. 2019';
}

export function validateDate(v: string): true | string {
  const t = v.trim();
  if (t === '' || t === NONE) return true;
  const d = /^\d{4}-\d{1,2}-\d{1,2}$/.test(t) ? normaliseDate(t) : undefined;
  if (d && isRealDate(d)) return true;
  return `${JSON.stringify(t)} is not a real day; write YYYY-MM-DD, e.g. 2019-01-25 (${NONE} for no date)`;
}

/** "2019-1-25" -> "2019-01-25"; "" or "-" -> undefined. */
export function dateAnswer(v: string): string | undefined {
  const t = v.trim();
  return t === '' || t === NONE ? undefined : normaliseDate(t);
}

const sameSequence = (records: readonly LoadedRecord[], series: string, kind: Kind) => {
  const key = sequenceKey({ series, kind });
  return records.filter((r) => sequenceKey(r.record) === key);
};

/** A number is free in (series, kind, year); when taken, the message names the record that has it. */
export function validateNumber(records: readonly LoadedRecord[], series: string, kind: Kind, year: number, v: string): true | string {
  const t = v.trim();
  if (!/^\d+$/.test(t) || Number(t) < 1) return 'a number is a whole number of 1 or more, e.g. 11';
  const n = Number(t);
  const taken = sameSequence(records, series, kind).find((r) => r.record.year === year && r.record.number === n);
  if (taken) {
    const next = proposeNext(records, series, kind, year).number;
    return `No.${n} of ${series} ${kind} ${year} is already ${describe(taken)}; the next free number is ${next}`;
  }
  return true;
}

/** A Total is free in its sequence and agrees with the year's offset, when that is known. */
export function validateTotal(records: readonly LoadedRecord[], series: string, kind: Kind, year: number, number: number, v: string): true | string {
  const t = v.trim();
  if (t === '' || t === NONE) return true;
  if (!/^\d+$/.test(t) || Number(t) < 1) return `a Total is a whole number of 1 or more, e.g. 1639 (${NONE} for none)`;
  const total = Number(t);
  const seq = sameSequence(records, series, kind);
  const taken = seq.find((r) => r.record.total === total);
  if (taken) return `Total ${total} is already ${describe(taken)}`;
  const { offset, agreedBy } = yearOffset(seq.filter((r) => r.record.year === year));
  if (offset !== undefined && total - number !== offset) {
    return `Total ${total} disagrees with offset ${offset} of ${series} ${kind} ${year} (agreed by ${agreedBy.map((r) => r.id).join(', ')}): No.${number} is Total ${offset + number}`;
  }
  return true;
}

function optional(v: string): string | undefined {
  const t = v.trim();
  return t === '' || t === NONE ? undefined : t;
}

/** "Abstract text.\n\nKey words: a, b" -> the abstract and "a, b"; the key words are undefined when there is no such line. */
export function splitKeywordsLine(text: string): { abstract: string; keywords?: string } {
  const m = /(?:^|\s)key ?words?\s*[:：]\s*([^\n]*)\s*$/i.exec(text);
  if (!m) return { abstract: text };
  return { abstract: text.slice(0, m.index).trim(), keywords: m[1]!.trim() };
}

/** Ask for every field not given, proposing defaults; returns the answers (not yet the checked record). */
export async function askRecord(ask: Ask, env: RecordPromptEnv): Promise<Draft> {
  const { given, records } = env;
  const defaults: Draft = { ...env.defaults };
  const out: Draft = { ...given };
  const has = (k: keyof Report) => given[k] !== undefined;
  const optionalHint = `${NONE} for none`;

  if (!has('title')) out.title = (await ask({ type: 'input', name: 'title', message: 'Title (without its "(No.N, YYYY)" suffix)', default: defaults.title, validate: validateTitle })).trim();
  if (!has('authors')) {
    const a = await ask({
      type: 'input',
      name: 'authors',
      message: 'Authors',
      hint: 'e.g. "A, B & C"',
      default: defaults.authors ? joinAuthors(defaults.authors) : undefined,
      validate: validateAuthors,
    });
    out.authors = parseAuthors(a);
  }
  for (const [k, message, example] of [
    ['team', 'Research team', 'e.g. Research Team on “...”'],
    ['unit', 'Unit (department or institute)', 'e.g. Research Department of Rural Economy'],
    ['organization', 'Organization', 'e.g. DRC'],
  ] as const) {
    if (has(k)) continue;
    const v = optional(await ask({ type: 'input', name: k, message, hint: defaults[k] ? optionalHint : `${example}; empty for none`, default: defaults[k] }));
    if (v !== undefined) out[k] = v;
    else delete out[k];
  }
  if (!has('series')) {
    out.series = (
      await ask({ type: 'input', name: 'series', message: 'Series', default: defaults.series ?? 'Research Report', validate: (v) => (v.trim() ? true : 'the series is required, e.g. Research Report') })
    ).trim();
  }
  if (!has('kind')) {
    out.kind = (await ask({
      type: 'select',
      name: 'kind',
      message: 'Kind',
      choices: KINDS.map((k) => ({ value: k, name: k === 'regular' ? 'regular (Research Report, No.N)' : 'special (Research Report, Special Issue, No.N)' })),
      default: defaults.kind ?? 'regular',
    })) as Kind;
  }
  const series = out.series!;
  const kind = out.kind!;
  if (!has('year')) {
    out.year = Number(await ask({ type: 'input', name: 'year', message: 'Year', default: String(defaults.year ?? Number(env.today.slice(0, 4))), validate: validateYear }));
  }
  const year = out.year!;
  if (!has('number')) {
    const next = proposeNext(records, series, kind, year);
    const proposed = defaults.number ?? next.number;
    out.number = Number(
      await ask({
        type: 'input',
        name: 'number',
        message: `Number in ${series} ${kind} ${year}`,
        hint: defaults.number === undefined ? 'the next free one is proposed' : undefined,
        default: String(proposed),
        validate: (v) => validateNumber(records, series, kind, year, v),
      }),
    );
  }
  const number = out.number!;
  if (!has('total')) {
    const p = proposeNext(records, series, kind, year, number);
    const proposed = defaults.total ?? p.total;
    const how = defaults.total !== undefined ? undefined : p.totalFrom === 'offset' ? 'offset-consistent' : p.totalFrom === 'highest' ? 'the sequence’s highest + 1' : undefined;
    const v = await ask({
      type: 'input',
      name: 'total',
      message: 'Total',
      hint: [how, optionalHint].filter(Boolean).join('; '),
      default: proposed !== undefined ? String(proposed) : undefined,
      validate: (t) => validateTotal(records, series, kind, year, number, t),
    });
    const t = optional(v);
    if (t !== undefined) out.total = Number(t);
    else delete out.total;
  }
  if (!has('date')) {
    const d = dateAnswer(await ask({ type: 'input', name: 'date', message: 'Date', hint: `YYYY-MM-DD; ${optionalHint}`, default: defaults.date ?? env.today, validate: validateDate }));
    if (d) out.date = d;
    else delete out.date;
  }
  if (!has('abstract')) {
    let keep = false;
    if (defaults.abstract) {
      const words = defaults.abstract.split(/\s+/).length;
      keep = await ask({ type: 'confirm', name: 'keepAbstract', message: `Keep this abstract (${words} words, "${defaults.abstract.slice(0, 40)}...")?`, default: true });
      if (keep) out.abstract = defaults.abstract;
    }
    if (!keep) {
      const a = await ask({ type: 'lines', name: 'abstract', message: 'Abstract', hint: 'a paragraph per line, or paste it whole; an empty line or Ctrl-D ends it; empty for none' });
      // A pasted abstract often ends with the page's "Key words: ..." line: it becomes the key words' proposal.
      const split = splitKeywordsLine(a);
      if (split.keywords !== undefined && !has('keywords')) defaults.keywords = parseKeywords(split.keywords);
      const text = split.keywords !== undefined && !has('keywords') ? split.abstract : a;
      if (text.trim()) out.abstract = text.trim();
      else delete out.abstract;
    }
  }
  if (!has('keywords')) {
    const k = await ask({
      type: 'input',
      name: 'keywords',
      message: 'Key words',
      hint: defaults.keywords ? `comma-separated; ${optionalHint}` : 'comma-separated; empty for none',
      default: defaults.keywords?.join(', '),
    });
    const list = optional(k) === undefined ? [] : parseKeywords(k);
    if (list.length) out.keywords = list;
    else delete out.keywords;
  }
  if (defaults.url !== undefined && !has('url')) out.url = defaults.url;
  return out;
}
