// The dialogue of `reports add`, as data the use case owns: the questions it asks, in the order a report page
// reads, each with its proposal and its check; then, before anything is written, the review: write, change an
// answer (a select of fields, then that question again) or discard. Any Ask renders it: the terminal adapter
// (prompts/), a test's script, a form. The numbering rules come from checks/.
import { KINDS, type Kind, type Report } from '../model/report.js';
import { readDate } from '../model/dates.js';
import { joinAuthors, parseTitleSuffix } from '../model/page/lines.js';
import { parseAuthors, parseKeywords } from '../model/lists.js';
import type { Author } from '../model/names.js';
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
export type Given = Omit<Draft, OptionalField | 'authors'> & { [K in OptionalField]?: Report[K] | null } & {
  /** null: no person is the author (`--author -`): the team or organization given signs the report. */
  authors?: Author[] | null;
};

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

/** `add --from-text -` at a terminal: the page is pasted like the abstract, then its values are proposed. */
export const PAGE_QUESTION = {
  type: 'lines',
  name: 'page',
  message: 'Paste the report page',
  hint: 'Paste it whole; then Ctrl-D (or Enter on an empty line) ends it.',
  asLines: true,
} as const satisfies Question;

/** The fields in the order they are asked (a page's order). */
/**
 * The fields the dialogue asks for (a DOI is not on a page: it is given with --doi or by `reports edit`; an
 * attached file and withdrawn are the archive's own, written by attach and rm).
 */
export type Asked = Exclude<keyof Report, 'doi' | 'attachment' | 'withdrawn'>;

export const ASKED: ReadonlyArray<Asked> = ['title', 'authors', 'team', 'unit', 'organization', 'series', 'kind', 'year', 'number', 'total', 'date', 'abstract', 'keywords', 'url'];

/** The name a field goes by in the review's select. */
export const LABELS: Record<Asked, string> = {
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

/** A title, perhaps typed with its numbering suffix (which the answer takes off): not empty without it. */
export function validateTitle(v: string): true | string {
  if (!v.trim()) return 'the title is required';
  const s = parseTitleSuffix(v);
  if (s && !s.base) return `the title is required before its numbering suffix ${s.text}`;
  return true;
}

/** Names, or "-" for none (a report signed by its team or organization alone: the record's check decides). */
export function validateAuthors(v: string): true | string {
  if (v.trim() === NONE) return true;
  return parseAuthors(v).length > 0 ? true : `at least one author is required, e.g. Zhang Xiaohuan & Yang Xiaodong (${NONE} for none, when a team or organization signs)`;
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

/** Where the dialogue stands: the answers so far, the proposals, and what it has to say between questions. */
export interface DialogueState {
  env: RecordPromptEnv;
  /** The answers so far. */
  out: Draft;
  /** The proposals (an imported page's values, the archive's last-used ones, the answers being revised). */
  defaults: Draft;
  /** Notes to show before the next question (the asker prints them). */
  notes: string[];
  /** The abstract's proposal was declined: its text is asked for. */
  abstractDeclined?: boolean;
  /** The title was typed with its numbering suffix: kind, year and number were proposed from it. */
  suffixTaken?: boolean;
}

/**
 * One field's part of the dialogue, as data: the question to ask now (its proposal in `default`, its check in
 * `validate`), and what an answer does. A terminal, a test's script or a form renders the question the same way.
 */
export interface FieldDialogue {
  question(s: DialogueState): Question;
  /** Takes the answer into the draft; false when the field has another question to ask (the abstract's text). */
  answer(s: DialogueState, value: string | boolean): boolean;
}

function setOptional<K extends OptionalField>(out: Draft, k: K, v: Report[K] | undefined): void {
  if (v === undefined) delete out[k];
  else out[k] = v;
}

const text = (k: 'team' | 'unit' | 'organization', message: string, example: string): FieldDialogue => ({
  question: ({ defaults }) => ({ type: 'input', name: k, message, hint: defaults[k] ? `${NONE} for none` : `${example}; empty for none`, default: defaults[k] }),
  answer: ({ out }, v) => (setOptional(out, k, optional(String(v))), true),
});

/** The Total proposed for the answers so far, and how it was found (the question's hint). */
export function totalProposal(records: readonly LoadedRecord[], out: Draft, defaults: Draft): { total?: number; how: string } {
  const { series, kind, year, number } = out as Report;
  const p = proposeNext(records, series, kind, year, number);
  // The proposal was made for this number: it stands. A Total is kept with its number, never moved to another.
  const sameReport = defaults.number === undefined || (defaults.number === number && (defaults.year ?? year) === year && (defaults.kind ?? kind) === kind);
  if (defaults.total !== undefined && sameReport) {
    // Unless the checks refuse it and the year's offset proves another: proposing a refused answer again traps.
    const refused = totalProblem(records, series, kind, year, number, defaults.total) !== undefined;
    if (!refused || p.totalFrom !== 'offset') return { total: defaults.total, how: `${NONE} for none` };
    return { total: p.total, how: `offset ${p.total! - number} + No.${number}, not ${defaults.total}; ${NONE} for none` };
  }
  // Only a Total an offset proves is proposed: the year's in the archive, else the one the page's own Total and
  // number give (Total - No is the same for every report of a sequence's year). The sequence's highest Total + 1
  // is a guess, shown as such.
  if (p.totalFrom === 'offset') return { total: p.total, how: `offset ${yearOffset(sameYear(records, series, kind, year)).offset} + No.${number}; ${NONE} for none` };
  if (defaults.total !== undefined && defaults.number !== undefined && defaults.year === year && defaults.kind === kind) {
    const offset = defaults.total - defaults.number;
    if (offset + number >= 1) return { total: offset + number, how: `offset ${offset} (Total ${defaults.total} - No.${defaults.number}) + No.${number}; ${NONE} for none` };
  }
  return { how: `${year}'s offset is not known${p.total !== undefined ? ` (highest Total so far: ${p.total - 1})` : ''}; empty for none` };
}

export const FIELDS: Record<Asked, FieldDialogue> = {
  title: {
    question: ({ defaults }) => ({ type: 'input', name: 'title', message: 'Title', hint: 'without its "(No.N, YYYY)" suffix', default: defaults.title, validate: validateTitle }),
    answer(s, v) {
      const typed = String(v).trim();
      const suffix = parseTitleSuffix(typed);
      s.out.title = suffix ? suffix.base : typed;
      if (suffix) takeSuffix(s, suffix);
      return true;
    },
  },
  authors: {
    question: ({ defaults, out }) => {
      const corporate = out.team ?? defaults.team ?? out.organization ?? defaults.organization;
      return {
        type: 'input',
        name: 'authors',
        message: 'Authors',
        hint: `e.g. "A, B & C"${corporate ? `; ${NONE} for none (a report by its team or organization alone)` : ''}`,
        default: defaults.authors?.length ? joinAuthors(defaults.authors) : undefined,
        validate: validateAuthors,
      };
    },
    answer: ({ out }, v) => {
      const t = String(v).trim();
      if (t === NONE) delete out.authors;
      else out.authors = parseAuthors(t);
      return true;
    },
  },
  team: text('team', 'Research team', 'e.g. Research Team on “...”'),
  unit: text('unit', 'Unit', 'the department or institute'),
  organization: text('organization', 'Organization', 'e.g. DRC'),
  series: {
    question: ({ defaults }) => ({ type: 'input', name: 'series', message: 'Series', default: defaults.series ?? 'Research Report', validate: (x) => (x.trim() ? true : 'the series is required, e.g. Research Report') }),
    answer: ({ out }, v) => ((out.series = String(v).trim()), true),
  },
  kind: {
    question: ({ defaults }) => ({
      type: 'select',
      name: 'kind',
      message: 'Kind',
      choices: KINDS.map((k) => ({ value: k, name: k === 'regular' ? 'regular (Research Report, No.N)' : 'special (Research Report, Special Issue, No.N)' })),
      default: defaults.kind ?? 'regular',
    }),
    answer: ({ out }, v) => ((out.kind = v as Kind), true),
  },
  year: {
    question: ({ defaults, env }) => ({ type: 'input', name: 'year', message: 'Year', default: String(defaults.year ?? Number(env.today.slice(0, 4))), validate: validateYear }),
    answer: ({ out }, v) => ((out.year = Number(v)), true),
  },
  number: {
    question: ({ out, defaults, env }) => {
      const { series, kind, year } = out as Report;
      const next = proposeNext(env.records, series, kind, year);
      return {
        type: 'input',
        name: 'number',
        message: 'Number',
        hint: `in ${series} ${kind} ${year}${defaults.number === undefined ? '; the next free one is proposed' : ''}`,
        default: String(defaults.number ?? next.number),
        validate: (v) => validateNumber(env.records, series, kind, year, v),
      };
    },
    answer: ({ out }, v) => ((out.number = Number(v)), true),
  },
  total: {
    question: ({ out, defaults, env }) => {
      const { series, kind, year, number } = out as Report;
      const { total, how } = totalProposal(env.records, out, defaults);
      return {
        type: 'input',
        name: 'total',
        message: 'Total',
        hint: how,
        default: total !== undefined ? String(total) : undefined,
        validate: (t) => validateTotal(env.records, series, kind, year, number, t),
      };
    },
    answer: ({ out }, v) => {
      const t = optional(String(v));
      setOptional(out, 'total', t === undefined ? undefined : Number(t));
      return true;
    },
  },
  date: {
    question: ({ out, defaults, env }) => {
      const { series, kind, year, total } = out as Report;
      const window = total !== undefined ? describeWindow(dateWindow(env.records, series, kind, total)) : undefined;
      const todayFits = env.proposeToday && Number(env.today.slice(0, 4)) === year;
      const proposed = defaults.date ?? (todayFits ? env.today : undefined);
      const hint = ['YYYY-MM-DD', window ? `the Totals allow ${window}` : undefined, proposed ? `${NONE} for none` : 'empty for none'].filter(Boolean).join('; ');
      return { type: 'input', name: 'date', message: 'Date', hint, default: proposed, validate: validateDate };
    },
    answer: ({ out }, v) => (setOptional(out, 'date', dateAnswer(String(v))), true),
  },
  abstract: {
    question: ({ defaults, abstractDeclined }) => {
      if (defaults.abstract && !abstractDeclined) {
        const words = defaults.abstract.split(/\s+/).length;
        return { type: 'confirm', name: 'keepAbstract', message: `Keep this abstract (${words} words, "${clip(defaults.abstract, 30)}")?`, default: true };
      }
      return { type: 'lines', name: 'abstract', message: 'Abstract (empty for none)', hint: 'A paragraph per line, or paste it whole. An empty line or Ctrl-D ends it.' };
    },
    answer(s, v) {
      if (typeof v === 'boolean') {
        if (v) s.out.abstract = s.defaults.abstract;
        s.abstractDeclined = !v;
        return v;
      }
      // A pasted abstract often ends with the page's "Key words: ..." line: it becomes the key words' proposal.
      const split = splitKeywordsLine(v);
      const takeKeywords = split.keywords !== undefined && s.env.given.keywords === undefined;
      if (takeKeywords) s.defaults.keywords = parseKeywords(split.keywords!);
      setOptional(s.out, 'abstract', (takeKeywords ? split.abstract : v).trim() || undefined);
      s.abstractDeclined = undefined;
      return true;
    },
  },
  keywords: {
    question: ({ defaults }) => ({
      type: 'input',
      name: 'keywords',
      message: 'Key words',
      hint: defaults.keywords ? `comma-separated; ${NONE} for none` : 'comma-separated; empty for none',
      default: defaults.keywords?.join(', '),
    }),
    answer(s, v) {
      const k = String(v);
      const { keywords, dropped } = uniqueKeywords(optional(k) === undefined ? [] : parseKeywords(k));
      s.notes.push(...dropped);
      setOptional(s.out, 'keywords', keywords.length ? keywords : undefined);
      return true;
    },
  },
  url: {
    question: ({ defaults }) => ({ type: 'input', name: 'url', message: 'URL', hint: `the report's page, http(s)://...; ${defaults.url ? `${NONE} for none` : 'empty for none'}`, default: defaults.url, validate: validateUrl }),
    answer: ({ out }, v) => (setOptional(out, 'url', optional(String(v))), true),
  },
};

/**
 * A title typed with its numbering suffix: the suffix is taken off and its kind, number and year become the
 * proposals of those questions (values given by flags stay; a disagreement is said).
 */
function takeSuffix(s: DialogueState, suffix: NonNullable<ReturnType<typeof parseTitleSuffix>>): void {
  const { given } = s.env;
  const differs = (['kind', 'number', 'year'] as const).filter((k) => given[k] !== undefined && given[k] !== suffix[k]);
  for (const k of ['kind', 'number', 'year'] as const) if (given[k] === undefined) (s.defaults as Record<string, unknown>)[k] = suffix[k];
  // A Total belongs to its number: one proposed for another number is not proposed for this one.
  if (s.defaults.total !== undefined && s.defaults.number !== suffix.number) delete s.defaults.total;
  s.suffixTaken = true;
  s.notes.push(
    differs.length > 0
      ? `took the numbering suffix ${suffix.text} off the title; it differs from the ${differs.join(', ')} given, which stay`
      : `took the numbering suffix ${suffix.text} off the title: it is derived from kind, number and year, which are proposed from it`,
  );
}

/** Ask one field's questions until it has its answer; the notes its answers leave are shown at once. */
async function askField(ask: Ask, s: DialogueState, field: Asked): Promise<void> {
  const d = FIELDS[field];
  for (;;) {
    const done = d.answer(s, await ask(d.question(s)));
    for (const n of s.notes.splice(0)) ask.note?.(n);
    if (done) return;
  }
}

function sameYear(records: readonly LoadedRecord[], series: string, kind: Kind, year: number): LoadedRecord[] {
  const key = sequenceKey({ series, kind });
  return records.filter((r) => r.record.year === year && sequenceKey(r.record) === key);
}

/** Ask for every field not given, proposing defaults; returns the answers (not yet the checked record). */
export async function askRecord(ask: Ask, env: RecordPromptEnv): Promise<Draft> {
  const { given } = env;
  // A copy: a pasted abstract's "Key words:" line becomes the key words' proposal.
  const s: DialogueState = { env, out: withoutNone(given), defaults: { ...env.defaults }, notes: [] };
  for (const field of ASKED) if (given[field] === undefined) await askField(ask, s, field);
  return s.out;
}

/** The review at the end of the prompts: what to do with the answers shown. */
export type Review = 'write' | 'force' | 'revise' | 'discard';

/**
 * The review's question. Refused, the record can be written anyway (the dialogue's --force) when `forcible`: the
 * checks' refusals (a number or Total used twice, an offset, a date out of order) are the archivist's call; a record
 * that is not valid, or that would take another record's file, never is.
 */
export function reviewQuestion(file: string, refused: boolean, forcible = false): Question & { type: 'select' } {
  const choices = [
    ...(refused ? [] : [{ value: 'write', name: 'Yes, write it' }]),
    { value: 'revise', name: 'Change an answer', description: refused ? 'starts at the answer that was refused; answer it again, then see the record again' : 'pick a field, answer it again, then see the record again' },
    ...(refused && forcible ? [{ value: 'force', name: 'Write it anyway', description: 'the record is written despite the refusal above (validate will report it)' }] : []),
    { value: 'discard', name: 'No: discard these answers', description: 'nothing is written (you are asked to make sure)' },
  ];
  return { type: 'select', name: 'review', message: refused ? 'Not written. Change an answer?' : `Add this report as ${file}?`, choices, default: refused ? 'revise' : 'write' };
}

/**
 * The select of fields to change, each with its current answer (on one line of an 80-column terminal); `start` is
 * where the cursor starts (the answer a refusal named), else the title.
 */
export function fieldQuestion(answers: Draft, start: Asked = 'title'): Question & { type: 'select' } {
  const shown = (k: Asked): string => {
    const v = answers[k];
    if (v === undefined) return '(none)';
    if (k === 'authors') return joinAuthors(v as Author[]);
    if (Array.isArray(v)) return v.join(', ');
    return String(v);
  };
  return {
    type: 'select',
    name: 'field',
    message: 'Which answer?',
    choices: ASKED.map((k) => ({ value: k, name: `${LABELS[k].padEnd(13)} ${clip(shown(k), 60)}` })),
    default: start,
    // Every field in view at once: 14 lines fit a 24-line terminal with the question and the help line.
    pageSize: ASKED.length,
  };
}

export const discardQuestion = { type: 'confirm', name: 'discard', message: 'Discard all these answers? Nothing is written', default: false } as const;

// A change of sequence or year moves the number, the Total and the dates the Total allows; a change of number
// moves the Total, and a change of Total the dates it allows. Each is asked again, its answer proposed.
const FOLLOWERS: Partial<Record<Asked, ReadonlyArray<Asked>>> = {
  series: ['number', 'total', 'date'],
  kind: ['number', 'total', 'date'],
  year: ['number', 'total', 'date'],
  number: ['total'],
};

/** Ask `field` again, its current answer proposed (and the number and Total it moves); returns the new answers. */
export async function reviseRecord(ask: Ask, env: RecordPromptEnv, answers: Draft, field: Asked): Promise<Draft> {
  const s: DialogueState = { env, out: { ...answers }, defaults: { ...answers }, notes: [] };
  // A number the checks refuse is not proposed again (a trap): the next free one is.
  const { series, kind, year, number } = answers as Report;
  if (field === 'number' && number !== undefined && numberProblem(env.records, series, kind, year, number)) delete s.defaults.number;
  await askField(ask, s, field);
  // A title typed with its suffix proposes kind, year and number: they are asked again, with the Total they move.
  const followers = field === 'title' && s.suffixTaken ? (['kind', 'year', 'number', 'total'] as const).filter((f) => env.given[f] === undefined) : (FOLLOWERS[field] ?? []);
  for (const f of followers) {
    const { series, kind, year, number } = s.out as Report;
    // The old number is proposed again only where it is still free. The Total follows its number (totalProposal).
    if (f === 'number' && number !== undefined && numberProblem(env.records, series, kind, year, number)) delete s.defaults.number;
    await askField(ask, s, f);
  }
  return s.out;
}
