// Reading a report page as an archivist copies it from the catalogue. Pure and rule-based: each line is classified
// by its shape (a numbering line, a labelled abstract, a by-line, ...) rather than matched against known strings,
// so pages from other years, with other spacing, labels or punctuation, still read.
import { findDate } from './dates.js';
import { uniqueKeywords } from './keywords.js';
import type { Kind } from './ids.js';
import type { Report } from './report.js';
import { numbering, parseTitleSuffix } from './page.js';

/** The fields a page can give. */
export type PageFields = Partial<Pick<Report, 'title' | 'authors' | 'team' | 'unit' | 'organization' | 'series' | 'kind' | 'number' | 'year' | 'total' | 'date' | 'abstract' | 'keywords'>>;

export interface PageImport {
  fields: PageFields;
  /** Fields a report page normally shows that could not be read from this one. */
  unread: string[];
  /** Things the archivist should check: disagreements, guesses, normalisations. */
  notices: string[];
}

/** Fields every DRC page shows; when one cannot be read it is listed in `unread`. */
export const PAGE_FIELDS = ['title', 'authors', 'series', 'number', 'year', 'total', 'date', 'abstract', 'keywords'] as const;

/** Same text, with the typographic noise of copied pages removed: CRLF, NBSP, full-width punctuation, runs of spaces. */
export function normaliseText(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00A0\u2000-\u200B\u3000\t]/g, ' ')
    .replace(/：/g, ': ')
    .replace(/，/g, ', ')
    .replace(/（/g, ' (')
    .replace(/）/g, ')')
    .split('\n')
    .map((l) => l.replace(/ {2,}/g, ' ').trim())
    .join('\n');
}

/** Split on `sep` outside quotes (straight or curly) and brackets. */
function splitOutsideQuotes(s: string, sep: RegExp): string[] {
  const out: string[] = [];
  let depth = 0;
  let straight = false;
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '“' || ch === '(' || ch === '‘') depth++;
    else if ((ch === '”' || ch === ')' || ch === '’') && depth > 0) depth--;
    else if (ch === '"') straight = !straight;
    if (depth === 0 && !straight && sep.test(ch)) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((p) => p.trim()).filter((p) => p !== '');
}

/**
 * Authors as a by-line writes them: "A, B & C", "A and B", "A; B", "张三、李四". Returns the names in order.
 * Also used for the `--author` flag and the authors prompt.
 */
export function parseAuthors(s: string): string[] {
  return s
    .split(/\s*(?:,|;|&|、|，|；|\band\b)\s*/i)
    .map((a) => a.replace(/^by\s+/i, '').trim())
    .filter((a) => a !== '');
}

/** Comma- or semicolon-separated key words (also full-width and the Chinese enumeration comma). */
export function parseKeywords(s: string): string[] {
  return s
    .split(/\s*[,;，；、]\s*/)
    .map((k) => k.replace(/[.。]$/, '').trim())
    .filter((k) => k !== '');
}

// A numbering line: "<series>[,] [Special Issue[,]] No[.] N, YYYY [(Total [NO] T)] [date]". The series must not
// contain brackets, which keeps a title ending with "(No.11, 2019)" from being read as one.
const SERIES_RE =
  /^(?<series>[^()\d]*?[A-Za-z\u4e00-\u9fff][^()\d]*?)[\s,]*(?<special>special\s*issue[\s,]*)?\bno\.?\s*[:#]?\s*(?<number>\d+)\s*[,，]?\s*(?<year>\d{4})\b(?<rest>.*)$/i;
const TOTAL_RE = /\(?\s*total\s*(?:no\.?)?\s*[:#]?\s*(\d+)\s*\)?/i;

interface SeriesLine {
  series: string;
  kind: Kind;
  number: number;
  year: number;
  total?: number;
  date?: string;
  /** Why the date written on the line is not a day (e.g. 2019-2-30), when it is not. */
  dateError?: string;
  /** Text after the numbering that was not understood. */
  leftover: string;
}

function readSeriesLine(line: string): SeriesLine | undefined {
  const m = SERIES_RE.exec(line);
  if (!m?.groups) return undefined;
  const series = m.groups.series!.replace(/[\s,:]+$/, '').trim();
  if (!/[A-Za-z\u4e00-\u9fff]/.test(series) || series.split(/\s+/).length > 6) return undefined;
  let rest = m.groups.rest!;
  let total: number | undefined;
  const t = TOTAL_RE.exec(rest);
  if (t) {
    total = Number(t[1]);
    rest = rest.slice(0, t.index) + ' ' + rest.slice(t.index + t[0].length);
  }
  const d = findDate(rest);
  const date = d?.date;
  if (d) rest = rest.slice(0, d.index) + ' ' + rest.slice(d.index + d.length);
  return {
    dateError: d?.error,
    series,
    kind: m.groups.special ? 'special' : 'regular',
    number: Number(m.groups.number),
    year: Number(m.groups.year),
    total,
    date,
    leftover: rest.replace(/[\s,()]+/g, ' ').trim(),
  };
}

const NOISE = [
  /e-?mail\s+alert/i, // "We have launched E-mail Alert service, subscribers can receive ..."
  /subscri(be|ption)/i,
  /^you\s+are\s+here\b/i, // breadcrumb
  /^(home|首页)\s*[>›»/]/i, // a breadcrumb without its label
  /^[>›»]/,
  /^(您的位置|当前位置)/,
  // Any short "A > B > C" trail is a breadcrumb, whatever its labels.
  /^[^>›»]{1,40}(\s*[>›»]\s*[^>›»]{1,40})+$/,
];
const ABSTRACT_RE = /^(?:abstract|summary|摘要)\s*[:.\-–—]?\s*/i;
const KEYWORDS_RE = /^(?:key\s*-?\s*words?|keywords?|关键词|关键字)\s*[:.\-–—]?\s*/i;
const BY_RE = /^(?:by\b|authors?\s*:|作者\s*:)\s*:?\s*/i;
// Words that make a by-line segment a unit rather than a person.
const UNIT_WORDS = /\b(institute|department|office|cent(?:er|re)|division|bureau|academy|university|ministry|committee|commission|council|school|group|laboratory|lab|of)\b|研究所|研究中心|部|室|局/i;
const TEAM_WORDS = /\bteam\b|课题组|[“”"]/i;

function looksLikePerson(s: string): boolean {
  if (UNIT_WORDS.test(s) || TEAM_WORDS.test(s) || looksLikeOrganization(s)) return false;
  if (/^[\u4e00-\u9fff·]{2,5}$/.test(s)) return true; // a Chinese name
  const words = s.split(/\s+/);
  return words.length >= 1 && words.length <= 4 && words.every((w) => /^[A-Z\u00C0-\u024F][\p{L}'’.-]*$/u.test(w));
}

function looksLikeOrganization(s: string): boolean {
  return /^[A-Z][A-Z&.]{1,9}$/.test(s) || /^development research cent(?:er|re) of the state council$/i.test(s) || s === '国务院发展研究中心';
}

/** Curly quotes around a team's subject, as the archive writes them. */
function curlyQuotes(s: string): string {
  let open = true;
  return s.replace(/"/g, () => {
    const q = open ? '“' : '”';
    open = !open;
    return q;
  });
}

interface ByLine {
  authors: string[];
  team?: string;
  unit?: string;
  organization?: string;
}

export function readByLine(line: string): ByLine {
  const body = line.replace(BY_RE, '').replace(/[.。]$/, '');
  const segments = splitOutsideQuotes(body, /[,，;；]/);
  const out: ByLine = { authors: [] };
  let i = 0;
  // Authors come first: segments of names, each possibly "A & B" or "A and B".
  for (; i < segments.length; i++) {
    const names = parseAuthors(segments[i]!);
    if (names.length === 0 || !names.every(looksLikePerson)) break;
    out.authors.push(...names);
  }
  // A by-line with no recognisable name: its first segment is taken as the author(s) all the same.
  if (out.authors.length === 0 && segments.length > 0 && !TEAM_WORDS.test(segments[0]!)) {
    out.authors.push(...parseAuthors(segments[0]!));
    i = 1;
  }
  const rest = segments.slice(i);
  if (rest.length > 0 && looksLikeOrganization(rest[rest.length - 1]!)) out.organization = rest.pop();
  const units: string[] = [];
  for (const seg of rest) {
    if (!out.team && TEAM_WORDS.test(seg)) out.team = curlyQuotes(seg);
    else units.push(seg);
  }
  if (units.length > 0) out.unit = units.join(', ');
  return out;
}

/** Read a pasted report page. Never throws: what cannot be read is listed in `unread`. */
export function parsePage(text: string): PageImport {
  const fields: PageFields = {};
  const notices: string[] = [];
  const lines = normaliseText(text).split('\n');

  let series: SeriesLine | undefined;
  let byLineText: string | undefined;
  let abstract: string[] | undefined;
  let keywords: string | undefined;
  let lone: string | undefined; // a date on a line of its own
  const before: string[] = []; // unlabelled lines before the by-line / numbering line: the title (and by-line)
  let section: 'head' | 'abstract' | 'after' = 'head';

  for (const line of lines) {
    if (line === '') {
      // A blank line ends nothing: abstracts may have several paragraphs.
      if (section === 'abstract' && abstract && abstract.length > 0 && abstract[abstract.length - 1] !== '') abstract.push('');
      continue;
    }
    if (NOISE.some((re) => re.test(line))) continue;
    if (KEYWORDS_RE.test(line)) {
      keywords = line.replace(KEYWORDS_RE, '');
      section = 'after';
      continue;
    }
    if (ABSTRACT_RE.test(line) && (section !== 'abstract' || !abstract)) {
      abstract = [line.replace(ABSTRACT_RE, '')].filter((l) => l !== '');
      section = 'abstract';
      continue;
    }
    if (section === 'abstract') {
      abstract!.push(line);
      continue;
    }
    if (!series) {
      const s = readSeriesLine(line);
      if (s) {
        series = s;
        continue;
      }
    }
    // A date on a line of its own (perhaps labelled "Date:" or "Published:").
    const alone = !lone && line.length <= 40 ? findDate(line) : undefined;
    if (alone?.date && /^(?:[\p{L} ]{1,20}:\s*)?$/u.test(line.slice(0, alone.index)) && line.slice(alone.index + alone.length).trim() === '') {
      lone = alone.date;
      continue;
    }
    if (!byLineText && BY_RE.test(line)) {
      byLineText = line;
      continue;
    }
    if (section === 'head' && !series && !byLineText) before.push(line);
    else if (section === 'head' && !byLineText && series) before.push(line); // a by-line printed after the numbering
  }

  // Title and by-line. The title is the line(s) up to the one ending with a numbering suffix; without a "By" line,
  // the next unlabelled line is the by-line.
  let titleLines = before;
  if (!byLineText && before.length >= 2) {
    const suffixAt = before.findIndex((l) => parseTitleSuffix(l));
    const end = suffixAt >= 0 && suffixAt < before.length - 1 ? suffixAt + 1 : before.length - 1;
    titleLines = before.slice(0, end);
    byLineText = before.slice(end).join(', ');
    notices.push(`no "By" line: read "${byLineText}" as the by-line`);
  }
  const rawTitle = titleLines.join(' ').replace(/\s+/g, ' ').trim();
  const suffix = rawTitle ? parseTitleSuffix(rawTitle) : undefined;
  if (rawTitle) fields.title = suffix ? suffix.base : rawTitle;

  if (byLineText) {
    const by = readByLine(byLineText);
    if (by.authors.length > 0) fields.authors = by.authors;
    if (by.team) fields.team = by.team;
    if (by.unit) fields.unit = by.unit;
    if (by.organization) fields.organization = by.organization;
  }

  if (series) {
    fields.series = series.series;
    fields.kind = series.kind;
    fields.number = series.number;
    fields.year = series.year;
    if (series.total !== undefined) fields.total = series.total;
    if (series.date) fields.date = series.date;
    if (series.dateError) notices.push(`the numbering line's date is not used: ${series.dateError}`);
    if (series.leftover) notices.push(`the numbering line has text that was not understood: "${series.leftover}"`);
    if (suffix && (suffix.kind !== series.kind || suffix.number !== series.number || suffix.year !== series.year)) {
      const said = numbering(series);
      notices.push(`the title ends with ${suffix.text} but the numbering line says ${said}: check which is right (the numbering line's values are proposed)`);
    }
  } else if (suffix) {
    fields.kind = suffix.kind;
    fields.number = suffix.number;
    fields.year = suffix.year;
    notices.push(`no numbering line: kind, number and year were read from the title's suffix ${suffix.text}`);
  }
  if (!fields.date && lone) fields.date = lone;
  if (fields.date && fields.year !== undefined && Number(fields.date.slice(0, 4)) !== fields.year) {
    notices.push(`the date ${fields.date} is not in the report's year ${fields.year}`);
  }

  if (abstract) {
    while (abstract.length && abstract[abstract.length - 1] === '') abstract.pop();
    const paras = abstract.join('\n').split(/\n{2,}/).map((p) => p.replace(/\s*\n\s*/g, ' ').trim()).filter((p) => p);
    if (paras.length) fields.abstract = paras.join('\n\n');
  }
  if (keywords !== undefined) {
    const k = uniqueKeywords(parseKeywords(keywords));
    notices.push(...k.dropped);
    if (k.keywords.length) fields.keywords = k.keywords;
  }

  const unread = PAGE_FIELDS.filter((f) => fields[f] === undefined);
  return { fields, unread, notices };
}
