// The dialogue of `reports add`, as data the use case owns: the questions it asks, in the order a report page
// reads, each with its proposal and its check; then, before anything is written, the review: write, change an
// answer (a select of fields, then that question again) or discard. Any Ask renders it: the terminal adapter
// (prompts/), a test's script, a form. The numbering rules come from checks/.
import { KINDS, type Kind, type Report } from '../model/report.js';
import { readDate } from '../model/dates.js';
import { joinAuthors, parseTitleSuffix } from '../model/page/lines.js';
import { parseAuthors, parseKeywords } from '../model/lists.js';
import { uniqueKeywords } from '../model/keywords.js';
import { httpUrl, URL_RULE } from '../model/url.js';
import { dateWindow, describeWindow, numberProblem, totalProblem } from '../checks/choices.js';
import { proposeNext, sequenceKey, yearOffset } from '../checks/sequences.js';
import type { LoadedRecord } from '../model/record.js';
import type { Ask, Question } from '../model/questions.js';
import { clip } from '../model/clip.js';

export type Draft = Partial<Report>;

/** The fields a record may leave out. */
export const OPTIONAL_FIELDS = ['team', 'unit', 'organization', 'total', 'date', 'abstract', 'keywords', 'url'] as const;
export type OptionalField = (typeof OPTIONAL_FIELDS)[number];

/** Values given before the prompts (flags, a script): not asked. null leaves an optional field out ("-"). */
export type Given = Omit<Draft, OptionalField> & { [K in OptionalField]?: Report[K] | null };

/** A draft without the nulls of "none". */
export function withoutNone(g: Given): Draft {
  const d: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(g)) if (v !== null && v !== undefined) d[k] = v;
  return d as Draft;
}

export interface RecordPromptEnv {
  records: readonly LoadedRecord[];
  /** Values given on the command line: not asked. */
  given: Given;
  /** Proposed answers (from an imported page, or the archive's last-used series and organization). */
  defaults: Draft;
  /** Today as YYYY-MM-DD: the year's default. */
  today: string;
  /** Propose today as the date of a report of this year (not when a page was imported: its date is its own). */
  proposeToday?: boolean;
}

/** Typed to leave an optional field out. */
export const NONE = '-';

/** The fields in the order they are asked (a page's order). */
export const ASKED: ReadonlyArray<keyof Report> = ['title', 'authors', 'team', 'unit', 'organization', 'series', 'kind', 'year', 'number', 'total', 'date', 'abstract', 'keywords', 'url'];

/** The name a field goes by in the review's select. */
export const LABELS: Record<keyof Report, string> = {
  title: 'Title',
  authors: 'Authors',
  team: 'Research team',
  unit: 'Unit',
  organization: 'Organization',
  series: 'Series',
  kind: 'Kind',
  year: 'Year',
  number: 'Number',
  total: 'Total',
  date: 'Date',
  abstract: 'Abstract',
  keywords: 'Key words',
  url: 'URL',
};

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

const isNone = (v: string) => v.trim() === '' || v.trim() === NONE;

/** Any form the date reader takes (2019-1-25, 2019/1/25, Jan 25, 2019), or empty / "-" for none. */
export function validateDate(v: string): true | string {
  if (isNone(v)) return true;
  const r = readDate(v);
  return r.date ? true : `${r.error} (${NONE} for no date)`;
}

/** "2019/1/25" -> "2019-01-25"; "" or "-" -> undefined. */
export function dateAnswer(v: string): string | undefined {
  return isNone(v) ? undefined : readDate(v).date;
}

export function validateUrl(v: string): true | string {
  return isNone(v) || httpUrl(v) ? true : `a URL is ${URL_RULE} (empty for none)`;
}

/** A number is free in (series, kind, year) and within the year's count (checks/choices.ts). */
export function validateNumber(records: readonly LoadedRecord[], series: string, kind: Kind, year: number, v: string): true | string {
  const t = v.trim();
  if (!/^\d+$/.test(t) || Number(t) < 1) return 'a number is a whole number of 1 or more, e.g. 11';
  return numberProblem(records, series, kind, year, Number(t)) ?? true;
}

/** A Total is free in its sequence and agrees with the year's offset, when that is known (checks/choices.ts). */
export function validateTotal(records: readonly LoadedRecord[], series: string, kind: Kind, year: number, number: number, v: string): true | string {
  if (isNone(v)) return true;
  const t = v.trim();
  if (!/^\d+$/.test(t) || Number(t) < 1) return `a Total is a whole number of 1 or more, e.g. 1639 (${NONE} for none)`;
  return totalProblem(records, series, kind, year, number, Number(t)) ?? true;
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

interface State {
  env: RecordPromptEnv;
  out: Draft;
  defaults: Draft;
}

type Step = (ask: Ask, s: State) => Promise<void>;

function setOptional<K extends OptionalField>(out: Draft, k: K, v: Report[K] | undefined): void {
  if (v === undefined) delete out[k];
  else out[k] = v;
}

const text = (k: 'team' | 'unit' | 'organization', message: string, example: string): Step => async (ask, { out, defaults }) => {
  const hint = defaults[k] ? `${NONE} for none` : `${example}; empty for none`;
  setOptional(out, k, optional(await ask({ type: 'input', name: k, message, hint, default: defaults[k] })));
};

const STEPS: Record<keyof Report, Step> = {
  async title(ask, { out, defaults }) {
    out.title = (await ask({ type: 'input', name: 'title', message: 'Title', hint: 'without its "(No.N, YYYY)" suffix', default: defaults.title, validate: validateTitle })).trim();
  },
  async authors(ask, { out, defaults }) {
    const a = await ask({
      type: 'input',
      name: 'authors',
      message: 'Authors',
      hint: 'e.g. "A, B & C"',
      default: defaults.authors ? joinAuthors(defaults.authors) : undefined,
      validate: validateAuthors,
    });
    out.authors = parseAuthors(a);
  },
  team: text('team', 'Research team', 'e.g. Research Team on “...”'),
  unit: text('unit', 'Unit', 'the department or institute'),
  organization: text('organization', 'Organization', 'e.g. DRC'),
  async series(ask, { out, defaults }) {
    const v = await ask({ type: 'input', name: 'series', message: 'Series', default: defaults.series ?? 'Research Report', validate: (x) => (x.trim() ? true : 'the series is required, e.g. Research Report') });
    out.series = v.trim();
  },
  async kind(ask, { out, defaults }) {
    out.kind = (await ask({
      type: 'select',
      name: 'kind',
      message: 'Kind',
      choices: KINDS.map((k) => ({ value: k, name: k === 'regular' ? 'regular (Research Report, No.N)' : 'special (Research Report, Special Issue, No.N)' })),
      default: defaults.kind ?? 'regular',
    })) as Kind;
  },
  async year(ask, { out, defaults, env }) {
    out.year = Number(await ask({ type: 'input', name: 'year', message: 'Year', default: String(defaults.year ?? Number(env.today.slice(0, 4))), validate: validateYear }));
  },
  async number(ask, { out, defaults, env }) {
    const { series, kind, year } = out as Report;
    const next = proposeNext(env.records, series, kind, year);
    out.number = Number(
      await ask({
        type: 'input',
        name: 'number',
        message: 'Number',
        hint: `in ${series} ${kind} ${year}${defaults.number === undefined ? '; the next free one is proposed' : ''}`,
        default: String(defaults.number ?? next.number),
        validate: (v) => validateNumber(env.records, series, kind, year, v),
      }),
    );
  },
  async total(ask, { out, defaults, env }) {
    const { series, kind, year, number } = out as Report;
    // Only a Total the year's offset proves is proposed; the sequence's highest Total + 1 is a guess, shown as such.
    const p = proposeNext(env.records, series, kind, year, number);
    const proven = p.totalFrom === 'offset' ? p.total : undefined;
    const proposed = defaults.total ?? proven;
    let how: string;
    if (defaults.total !== undefined) how = `${NONE} for none`;
    else if (proven !== undefined) how = `offset ${yearOffset(sameYear(env.records, series, kind, year)).offset} + No.${number}; ${NONE} for none`;
    else how = `${year}'s offset is not known${p.total !== undefined ? ` (highest Total so far: ${p.total - 1})` : ''}; empty for none`;
    const v = await ask({
      type: 'input',
      name: 'total',
      message: 'Total',
      hint: how,
      default: proposed !== undefined ? String(proposed) : undefined,
      validate: (t) => validateTotal(env.records, series, kind, year, number, t),
    });
    const t = optional(v);
    setOptional(out, 'total', t === undefined ? undefined : Number(t));
  },
  async date(ask, { out, defaults, env }) {
    const { series, kind, year, total } = out as Report;
    const window = total !== undefined ? describeWindow(dateWindow(env.records, series, kind, total)) : undefined;
    const todayFits = env.proposeToday && Number(env.today.slice(0, 4)) === year;
    const proposed = defaults.date ?? (todayFits ? env.today : undefined);
    const hint = ['YYYY-MM-DD', window ? `the Totals allow ${window}` : undefined, proposed ? `${NONE} for none` : 'empty for none'].filter(Boolean).join('; ');
    setOptional(out, 'date', dateAnswer(await ask({ type: 'input', name: 'date', message: 'Date', hint, default: proposed, validate: validateDate })));
  },
  async abstract(ask, { out, defaults, env }) {
    let keep = false;
    if (defaults.abstract) {
      const words = defaults.abstract.split(/\s+/).length;
      keep = await ask({ type: 'confirm', name: 'keepAbstract', message: `Keep this abstract (${words} words, "${clip(defaults.abstract, 30)}")?`, default: true });
      if (keep) out.abstract = defaults.abstract;
    }
    if (!keep) {
      const a = await ask({ type: 'lines', name: 'abstract', message: 'Abstract (empty for none)', hint: 'A paragraph per line, or paste it whole. An empty line or Ctrl-D ends it.' });
      // A pasted abstract often ends with the page's "Key words: ..." line: it becomes the key words' proposal.
      const split = splitKeywordsLine(a);
      const takeKeywords = split.keywords !== undefined && env.given.keywords === undefined;
      if (takeKeywords) defaults.keywords = parseKeywords(split.keywords!);
      setOptional(out, 'abstract', (takeKeywords ? split.abstract : a).trim() || undefined);
    }
  },
  async keywords(ask, { out, defaults }) {
    const k = await ask({
      type: 'input',
      name: 'keywords',
      message: 'Key words',
      hint: defaults.keywords ? `comma-separated; ${NONE} for none` : 'comma-separated; empty for none',
      default: defaults.keywords?.join(', '),
    });
    const { keywords, dropped } = uniqueKeywords(optional(k) === undefined ? [] : parseKeywords(k));
    for (const d of dropped) ask.note?.(d);
    setOptional(out, 'keywords', keywords.length ? keywords : undefined);
  },
  async url(ask, { out, defaults }) {
    const v = await ask({ type: 'input', name: 'url', message: 'URL', hint: `the report's page, http(s)://...; ${defaults.url ? `${NONE} for none` : 'empty for none'}`, default: defaults.url, validate: validateUrl });
    setOptional(out, 'url', optional(v));
  },
};

function sameYear(records: readonly LoadedRecord[], series: string, kind: Kind, year: number): LoadedRecord[] {
  const key = sequenceKey({ series, kind });
  return records.filter((r) => r.record.year === year && sequenceKey(r.record) === key);
}

/** Ask for every field not given, proposing defaults; returns the answers (not yet the checked record). */
export async function askRecord(ask: Ask, env: RecordPromptEnv): Promise<Draft> {
  const { given } = env;
  // A copy: a pasted abstract's "Key words:" line becomes the key words' proposal.
  const s: State = { env, out: withoutNone(given), defaults: { ...env.defaults } };
  for (const field of ASKED) if (given[field] === undefined) await STEPS[field](ask, s);
  return s.out;
}

/** The review at the end of the prompts: what to do with the answers shown. */
export type Review = 'write' | 'revise' | 'discard';

export function reviewQuestion(file: string, refused: boolean): Question & { type: 'select' } {
  const choices = [
    ...(refused ? [] : [{ value: 'write', name: 'Yes, write it' }]),
    { value: 'revise', name: 'Change an answer', description: 'pick a field, answer it again, then see the record again' },
    { value: 'discard', name: 'No: discard these answers', description: 'nothing is written (you are asked to make sure)' },
  ];
  return { type: 'select', name: 'review', message: refused ? 'Not written. Change an answer?' : `Add this report as ${file}?`, choices, default: refused ? 'revise' : 'write' };
}

/** The select of fields to change, each with its current answer (on one line of an 80-column terminal). */
export function fieldQuestion(answers: Draft): Question & { type: 'select' } {
  const shown = (k: keyof Report): string => {
    const v = answers[k];
    if (v === undefined) return '(none)';
    if (k === 'authors') return joinAuthors(v as string[]);
    if (Array.isArray(v)) return v.join(', ');
    return String(v);
  };
  return {
    type: 'select',
    name: 'field',
    message: 'Which answer?',
    choices: ASKED.map((k) => ({ value: k, name: `${LABELS[k].padEnd(13)} ${clip(shown(k), 60)}` })),
    default: 'title',
    // Every field in view at once: 14 lines fit a 24-line terminal with the question and the help line.
    pageSize: ASKED.length,
  };
}

export const discardQuestion = { type: 'confirm', name: 'discard', message: 'Discard all these answers? Nothing is written', default: false } as const;

// A change of sequence or year moves the number, the Total and the dates the Total allows; a change of number
// moves the Total, and a change of Total the dates it allows. Each is asked again, its answer proposed.
const FOLLOWERS: Partial<Record<keyof Report, ReadonlyArray<keyof Report>>> = {
  series: ['number', 'total', 'date'],
  kind: ['number', 'total', 'date'],
  year: ['number', 'total', 'date'],
  number: ['total'],
};

/** Ask `field` again, its current answer proposed (and the number and Total it moves); returns the new answers. */
export async function reviseRecord(ask: Ask, env: RecordPromptEnv, answers: Draft, field: keyof Report): Promise<Draft> {
  const s: State = { env, out: { ...answers }, defaults: { ...answers } };
  await STEPS[field](ask, s);
  for (const f of FOLLOWERS[field] ?? []) {
    const { series, kind, year, number } = s.out as Report;
    // The old number is proposed again only where it is still free; a Total the offset proves replaces the old one.
    if (f === 'number' && number !== undefined && numberProblem(env.records, series, kind, year, number)) delete s.defaults.number;
    if (f === 'total' && proposeNext(env.records, series, kind, year, number).totalFrom === 'offset') delete s.defaults.total;
    await STEPS[f](ask, s);
  }
  return s.out;
}
