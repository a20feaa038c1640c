// Reading a report page as an archivist copies it from the catalogue. Pure and rule-based: each line is classified
// by its shape (a numbering line, a labelled abstract, a by-line, ...) rather than matched against known strings,
// so pages from other years, with other spacing, labels or punctuation, still read.
import { findDate } from '../dates.js';
import { uniqueKeywords } from '../keywords.js';
import type { Kind } from '../ids.js';
import type { Report } from '../report.js';
import { parseAuthors, parseKeywords } from '../lists.js';
import { numbering, parseTitleSuffix, type TitleSuffix } from './lines.js';

/** The fields a page can give. */
export type PageFields = Partial<Pick<Report, 'title' | 'authors' | 'team' | 'unit' | 'organization' | 'series' | 'kind' | 'number' | 'year' | 'total' | 'date' | 'abstract' | 'keywords' | 'url'>>;

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
    // Control characters and bidirectional overrides are not text: a page never puts them in a record.
    .replace(/[\u0000-\u0009\u000B\u000C\u000E-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g, '')
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

// A numbering line: "<series>[,] [Special Issue[,]] No[.] N, YYYY [(Total [NO] T)] [date]". The series must not
// contain brackets, which keeps a title ending with "(No.11, 2019)" from being read as one. That it holds a letter is
// checked after the match: said in the pattern (two lazy parts around a letter) it made the match's backtracking grow
// with the cube of the line.
const SERIES_RE =
  /^(?<series>[^()\d]*?)[\s,]*(?<special>special\s*issue[\s,]*)?\bno\.?\s*[:#]?\s*(?<number>\d+)\s*[,，]?\s*(?<year>\d{4})\b(?<rest>.*)$/i;
const TOTAL_RE = /\(?\s*total\s*(?:no\.?|number)?\s*[.:#]?\s*(\d+)\s*\)?/i;

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

/**
 * How much of a line is matched against SERIES_RE, whose lazy series part backtracks in time growing with the cube of
 * the line: a line of 20,000 characters took 0.8 s, one of 100,000 more than a minute (a page without line breaks).
 * A numbering line starts with a series of at most six words and its number and year ("Research Report Special Issue
 * No. 11, 2019"); the rest of a longer line is kept as its leftover. A line without "no" and a digit is not tried.
 */
const SERIES_HEAD = 120;
const MAY_NUMBER = /\bno\.?\s*[:#]?\s*\d/i;

function readSeriesLine(line: string): SeriesLine | undefined {
  const head = line.length > SERIES_HEAD ? line.slice(0, SERIES_HEAD) : line;
  if (!MAY_NUMBER.test(head)) return undefined;
  const m = SERIES_RE.exec(head);
  if (!m?.groups) return undefined;
  const series = m.groups.series!.replace(/[\s,:]+$/, '').trim();
  if (!/[A-Za-z\u4e00-\u9fff]/.test(series) || series.split(/\s+/).length > 6) return undefined;
  let rest = m.groups.rest! + line.slice(head.length);
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

// Lines that are the site's furniture, never part of a report: dropped without a word.
const NOISE = [
  /e-?mail\s+alert/i, // "We have launched E-mail Alert service, subscribers can receive ..."
  /subscri(be|ption)/i,
  /^you\s+are\s+here\b/i, // breadcrumb
  /^(home|首页)\s*[>›»/]/i, // a breadcrumb without its label
  /^[>›»]/,
  /^(您的位置|当前位置)/,
  // Any short "A > B > C" trail is a breadcrumb, whatever its labels.
  /^[^>›»]{1,40}(\s*[>›»]\s*[^>›»]{1,40})+$/,
  // Headings and buttons of the site, alone on their line.
  /^(what'?s\s+new|latest(\s+research)?|home|reports?|research(\s+reports?)?|publications?|print|close|back(\s+to\s+top)?|top|share(\s+(this|to).*)?|download(\s+pdf)?|more|related(\s+(reports|articles))?|font\s*size\s*:?.*|\[?\s*(print|close|top)\s*\]?(\s*\[?\s*(print|close|top)\s*\]?)*)$/i,
  /^(source|from|editor|views|hits|clicks|visits|font)\s*:/i,
  /^(copyright|©|\(c\)\s)/i,
  /all\s+rights\s+reserved/i,
];
const ABSTRACT_RE = /^(?:abstract|summary|摘要)\s*[:.\-–—]?\s*/i;
// "Abstract" as a label: the word alone, or followed by a colon or dash (not "Abstracting the ..." of a title).
const ABSTRACT_LABEL_RE = /^(?:abstract|summary|摘要)(?:\s*[:：.\-–—]|\s*$)/i;
const KEYWORDS_RE = /^(?:key\s*-?\s*words?|keywords?|关键词|关键字)\s*[:.\-–—]?\s*/i;
const KEYWORDS_LABEL_RE = /^(?:key\s*-?\s*words?|keywords?|关键词|关键字)(?:\s*[:：.\-–—]|\s*$)/i;
// "By A", "By: A", "Author: A"; not "By 2030, ..." (a sentence) nor "Byron" (a name).
const BY_RE = /^(?:by\b(?!\s*\d)|authors?\s*:|作者\s*:)\s*:?\s*/i;
// Words that make a by-line segment a unit rather than a person.
const UNIT_WORDS =
  /\b(institute|department|office|cent(?:er|re)|division|bureau|academy|university|college|ministry|committee|commission|council|school|group|laboratory|lab|of|research|economy|economics|development|policy|affairs|studies|administration|resources|finance|management|program(?:me)?|project)\b|研究所|研究中心|部|室|局/i;
// Words that name a body people belong to: a segment with one is an affiliation, never taken for the author.
const AFFILIATION_WORDS =
  /\b(institute|department|office|cent(?:er|re)|division|bureau|academy|university|college|ministry|committee|commission|council|school|laborator(?:y|ies)|lab|administration|program(?:me)?|project|group)\b|研究所|研究中心|大学|学院/i;
const TEAM_WORDS = /\bteam\b|课题组|[“”"]/i;
// The last segment of a by-line that names an organization: an acronym (DRC), the DRC's full name, or a body
// such as "China Development Research Foundation". Never an author.
const ORG_WORDS = /\b(foundation|association|society|federation|corporation|company|bank|fund|organi[sz]ation|state\s+council)\b|^development\s+research\s+cent(?:er|re)\b/i;

function looksLikePerson(s: string): boolean {
  if (UNIT_WORDS.test(s) || TEAM_WORDS.test(s) || looksLikeOrganization(s)) return false;
  if (/^[\u4e00-\u9fff·]{2,5}$/.test(s)) return true; // a Chinese name
  const words = s.split(/\s+/);
  return words.length >= 1 && words.length <= 4 && words.every((w) => /^[A-Z\u00C0-\u024F][\p{L}'’.-]*$/u.test(w));
}

function looksLikeOrganization(s: string): boolean {
  return /^[A-Z][A-Z&.]{1,9}$/.test(s) || ORG_WORDS.test(s) || s === '国务院发展研究中心';
}

// Common Chinese family names in pinyin: a short line "Zhang Wei" above a title is an expert's name, not a title.
const SURNAMES = new Set(
  ('zhang wang li liu chen yang zhao huang zhou wu xu sun hu zhu gao lin he guo ma luo liang song zheng xie han tang feng yu dong xiao ' +
    'cheng cao yuan deng fu shen zeng peng lv lu su jiang cai jia ding wei xue ye yan pan du dai xia zhong tian ren fan fang shi yao tan ' +
    'liao zou xiong jin hao kong bai cui kang mao qiu qin gu hou shao meng long wan duan qian yin yi chang qiao lai gong wen ge ni bao ' +
    'mi lan geng zhan ji ning ou bi hong tao ke mo shan yue zhuo').split(' '),
);

/** A line that is probably a person's name (an expert's name above the title), not a title. */
function looksLikeNameLine(s: string): boolean {
  if (/^[\u4e00-\u9fff·]{2,4}$/.test(s)) return true;
  const words = s.split(/\s+/);
  if (words.length < 2 || words.length > 3 || !looksLikePerson(s)) return false;
  return SURNAMES.has(words[0]!.toLowerCase()) || SURNAMES.has(words[words.length - 1]!.toLowerCase());
}

// The DRC's departments and institutes: a line naming one alone is the section heading of the site.
const SECTION_RE = new RegExp(
  '^(?:(?:research\\s+)?(?:department|institute)\\s+(?:of|for)\\s+)?(?:' +
    [
      'macro-?economic(?:s)?(?:\\s+research)?',
      'development\\s+strategy\\s+and\\s+regional\\s+economy',
      'rural\\s+economy',
      'industrial\\s+economy',
      'technical\\s+economics',
      'social\\s+development',
      'enterprise\\s+research',
      'market\\s+economy',
      'public\\s+administration\\s+and\\s+human\\s+resources',
      'resources\\s+and\\s+environmental\\s+policy',
      'finance',
      'world\\s+development',
      'international\\s+technical\\s+and\\s+economic\\s+exchange',
      'foreign\\s+economic\\s+relations',
      'general\\s+office',
      'special\\s+issues?',
      'research\\s+reports?',
    ].join('|') +
    ')(?:\\s+research)?(?:\\s+(?:department|institute))?$',
  'i',
);

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/g;
const LATIN = /[A-Za-z]/g;

/** 'cjk' when most letters of `s` are Chinese characters, 'latin' when most are Latin, undefined when none. */
function scriptOf(s: string): 'cjk' | 'latin' | undefined {
  const c = s.match(CJK)?.length ?? 0;
  const l = (s.match(LATIN)?.length ?? 0) / 4; // about four Latin letters to a word, one character to a Chinese word
  if (c === 0 && l === 0) return undefined;
  return c > l ? 'cjk' : 'latin';
}

/** A line a mirror site put in: a web address, or text in another script than the report's. */
function looksLikeJunk(s: string, main: 'cjk' | 'latin' | undefined): boolean {
  if (/\b(?:https?:\/\/|www\.)\S+|\b[\w-]+\.(?:com|net|org|cn|cc|info|top|xyz)\b/i.test(s)) return true;
  if (/\b(click\s+here|download\s+(?:the\s+)?(?:pdf|app|full\s+text)|sponsored|scan\s+the\s+qr|log\s+in\s+to|sign\s+up)\b|扫码|点击|下载|广告|登录|注册|关注/i.test(s)) return true;
  const script = scriptOf(s);
  return main !== undefined && script !== undefined && script !== main;
}

// Words after which a title cannot stop: a line ending with one is wrapped, its title goes on below.
const OPEN_END = /(?:\b(?:of|the|and|in|on|for|to|a|an|with|from|by|at|as|its|their|into|under|between|toward|towards|amid|over)|[:,;\-–—(&])$/i;

/** Curly quotes around a team's subject, as the archive writes them. */
function curlyQuotes(s: string): string {
  let open = true;
  return s.replace(/"/g, () => {
    const q = open ? '“' : '”';
    open = !open;
    return q;
  });
}

export interface ByLine {
  authors: string[];
  team?: string;
  unit?: string;
  organization?: string;
  /** What the reader was not sure of. */
  doubts?: string[];
}

/**
 * A by-line: "By A & B, Research Team on “...”, Unit, DRC"; also without "By", with "and", and with each author's
 * affiliation after the name ("By A, General Office, and B, C, Enterprise Research Institute, DRC": three authors,
 * two units). An organization ("DRC", "China Development Research Foundation") is never an author.
 */
export function readByLine(line: string): ByLine {
  const body = line.replace(BY_RE, '').replace(/[.。]$/, '');
  const segments: string[] = [];
  for (const raw of splitOutsideQuotes(body, /[,，;；]/)) {
    // "Li Wei (General Office, DRC)", "A (X) and B (Y, DRC)": each name, then what its brackets hold.
    const groups = TEAM_WORDS.test(raw) ? undefined : bracketGroups(raw);
    if (groups) for (const [name, inside] of groups) segments.push(name, ...splitOutsideQuotes(inside, /[,，;；]/));
    else if (TEAM_WORDS.test(raw)) segments.push(raw);
    else segments.push(...splitBeforeNames(raw));
  }
  const out: ByLine = { authors: [] };
  const units: string[] = [];
  segments.forEach((raw, i) => {
    const seg = raw.replace(/^(?:and|&)\s+/i, '').trim();
    if (seg === '') return;
    const last = i === segments.length - 1;
    if (looksLikeOrganization(seg) && (last || /^[A-Z][A-Z&.]{1,9}$/.test(seg))) {
      if (last) out.organization = seg;
      else units.push(seg);
      return;
    }
    if (TEAM_WORDS.test(seg)) {
      if (!out.team) out.team = curlyQuotes(seg);
      else units.push(curlyQuotes(seg));
      return;
    }
    const names = parseAuthors(seg);
    if (names.length > 0 && names.every(looksLikePerson)) out.authors.push(...names);
    else units.push(seg);
  });
  // A by-line with no recognisable name: its first segment is taken as the author(s) all the same, unless it
  // names a unit or an organization, and the reader says so.
  // Never an affiliation: a segment naming a body (school, university, laboratory...) is not taken.
  if (out.authors.length === 0 && units.length > 0 && !looksLikeOrganization(units[0]!) && !SECTION_RE.test(units[0]!) && !AFFILIATION_WORDS.test(units[0]!)) {
    const first = units.shift()!;
    out.authors.push(...parseAuthors(first));
    (out.doubts ??= []).push(`took "${first}" for the author${out.authors.length > 1 ? 's' : ''}, though it does not look like a name`);
  }
  if (units.length > 0) out.unit = units.join(', ');
  return out;
}

/**
 * "DRC & Li Na" -> ["DRC", "Li Na"]: an affiliation, then the next author ("By A, Department X, DRC & B,
 * University Y"). Split before a part that is a person's full name (two words or more, or a Chinese name), so that
 * "Science and Technology" or "Wang Fang & Zhao Min" (names the author reader splits) stay whole.
 */
function splitBeforeNames(seg: string): string[] {
  const parts = seg.split(/\s+(&|and)\s+/i);
  if (parts.length < 3) return [seg];
  const names = parts.filter((_, i) => i % 2 === 0);
  if (names.every(looksLikePerson)) return [seg];
  const out: string[] = [names[0]!];
  for (let i = 2; i < parts.length; i += 2) {
    const part = parts[i]!;
    const fullName = looksLikePerson(part) && (part.trim().split(/\s+/).length >= 2 || /^[\u4e00-\u9fff·]{2,5}$/.test(part));
    if (fullName) out.push(part);
    else out[out.length - 1] += ` ${parts[i - 1]} ${part}`;
  }
  return out;
}

/** "A (X) and B (Y)" -> [[A, X], [B, Y]]; undefined unless the whole text is such groups. */
function bracketGroups(s: string): Array<[string, string]> | undefined {
  const re = /\s*(?:(?:and|&)\s+)?([^()]+?)\s*\(([^()]*)\)\s*/y;
  const out: Array<[string, string]> = [];
  let m: RegExpExecArray | null;
  while (re.lastIndex < s.length && (m = re.exec(s))) out.push([m[1]!.replace(/^(?:and|&)\s+/i, ''), m[2]!]);
  return out.length > 0 && re.lastIndex >= s.length ? out : undefined;
}

/** A by-line without "By": its first segment is people's names and what follows looks like affiliations. */
function looksLikeByLine(line: string): boolean {
  if (line.length > 400 || /[.!?]$/.test(line) && !/\bDRC\.$/.test(line)) return false;
  const b = readByLine(line);
  return b.authors.length > 0 && !b.doubts && (b.organization !== undefined || b.unit !== undefined || b.team !== undefined || /[,&、]|\band\b/.test(line));
}

interface Line {
  text: string;
  /** Lines with no blank line between them share a block. */
  block: number;
}

/** A page's lines sorted by what they are, before any field is read from them. */
interface SortedLines {
  series?: SeriesLine;
  seriesText?: string;
  byLineText?: string;
  byBlock: number;
  abstract?: string[];
  keywords?: string;
  /** Unlabelled lines before the by-line and the numbering line: title and chrome. */
  head: Line[];
  /** Unlabelled lines after the first of them, before the abstract. */
  mid: Line[];
  /** A date alone on its line above the by-line: when the page was posted. */
  postingDates: string[];
  /** A date alone on its line below the numbering. */
  lateDate?: string;
  /** Index in `mid` where lines after the numbering line start. */
  seriesAt: number;
}

/** Read a pasted report page. Never throws: what cannot be read is listed in `unread`, doubts in `notices`. */
export function parsePage(text: string): PageImport {
  const fields: PageFields = {};
  const notices: string[] = [];
  const sorted = sortLines(normaliseText(text).split('\n'));
  // The script the report is written in, from what is certainly the report's: to tell a mirror's junk lines.
  const main = scriptOf([sorted.byLineText ?? '', sorted.abstract?.join(' ') ?? '', sorted.keywords ?? ''].join(' '));
  const { byLineText, afterSeries, dropped } = findByLine(sorted, main, notices);

  // The title: the line (or wrapped lines) right above the by-line or numbering line, not everything above it.
  const title = pickTitle(sorted.head, main, notices);
  if (sorted.postingDates.length > 0) {
    const dates = sorted.postingDates;
    notices.push(`ignored the date line${dates.length > 1 ? 's' : ''} ${dates.map((d) => `"${d}"`).join(', ')} above the by-line (when the page was posted, not the report's date)`);
  }
  if (dropped.length > 0) notices.push(`ignored ${dropped.map((d) => `"${d}"`).join(', ')} between the by-line and the numbering line`);

  const suffix = title ? parseTitleSuffix(title) : undefined;
  if (title) fields.title = suffix ? suffix.base : title;

  if (byLineText) readByLineFields(byLineText, fields, notices);
  readNumbering(sorted, suffix, fields, notices);
  readAbstract(sorted.abstract, afterSeries, main, fields, notices);
  if (sorted.keywords !== undefined) {
    const k = uniqueKeywords(parseKeywords(sorted.keywords));
    notices.push(...k.dropped);
    if (k.keywords.length) fields.keywords = k.keywords;
  }

  const unread = PAGE_FIELDS.filter((f) => fields[f] === undefined);
  return { fields, unread, notices };
}

/** Sort the lines of a page by their shape: labelled parts, the numbering line, the by-line, dates, the rest. */
function sortLines(lines: readonly string[]): SortedLines {
  const out: SortedLines = { byBlock: -1, head: [], mid: [], postingDates: [], seriesAt: -1 };
  let state: 'head' | 'mid' | 'abstract' | 'after' = 'head';
  let block = 0;

  for (const line of lines) {
    if (line === '') {
      block++;
      // A blank line ends nothing: abstracts may have several paragraphs.
      const abstract = out.abstract;
      if (state === 'abstract' && abstract && abstract.length > 0 && abstract[abstract.length - 1] !== '') abstract.push('');
      continue;
    }
    if (KEYWORDS_LABEL_RE.test(line)) {
      out.keywords = line.replace(KEYWORDS_RE, '');
      state = 'after';
      continue;
    }
    if (state === 'after') continue; // what follows the key words is the site's footer
    if (ABSTRACT_LABEL_RE.test(line) && state !== 'abstract') {
      out.abstract = [line.replace(ABSTRACT_RE, '')].filter((l) => l !== '');
      state = 'abstract';
      continue;
    }
    if (state === 'abstract') {
      out.abstract!.push(line);
      continue;
    }
    if (NOISE.some((re) => re.test(line))) continue;
    if (!out.series) {
      const s = readSeriesLine(line);
      if (s) {
        out.series = s;
        out.seriesText = line;
        state = 'mid';
        out.seriesAt = out.mid.length;
        continue;
      }
    }
    if (!out.byLineText && BY_RE.test(line)) {
      out.byLineText = line;
      out.byBlock = block;
      state = 'mid';
      continue;
    }
    // A date on a line of its own (perhaps labelled "Date:" or "Published:").
    const alone = line.length <= 40 ? findDate(line) : undefined;
    if (alone?.date && /^(?:[\p{L} ]{1,20}:\s*)?$/u.test(line.slice(0, alone.index)) && line.slice(alone.index + alone.length).trim() === '') {
      if (state === 'head' || !out.series) out.postingDates.push(line);
      else out.lateDate ??= alone.date;
      continue;
    }
    (state === 'head' ? out.head : out.mid).push({ text: line, block });
  }
  return out;
}

/**
 * The by-line: the "By" line with its wrapped continuation, else a line above the numbering line (or the first
 * below it) that reads as one. Takes it out of `sorted.head` when it came from there; returns the lines after the
 * numbering line that are left for the abstract, and the lines between by-line and numbering line left out.
 */
function findByLine(sorted: SortedLines, main: 'cjk' | 'latin' | undefined, notices: string[]): { byLineText?: string; afterSeries: Line[]; dropped: string[] } {
  const { mid, seriesAt, byBlock, head } = sorted;
  let byLineText = sorted.byLineText;
  // Lines between the by-line and the numbering line. In the by-line's block they are the by-line wrapped;
  // otherwise they are chrome.
  const beforeSeries = seriesAt >= 0 ? mid.slice(0, seriesAt) : byLineText ? mid : [];
  let afterSeries = seriesAt >= 0 ? mid.slice(seriesAt) : [];
  const dropped: string[] = [];
  for (const l of beforeSeries) {
    if (byLineText && l.block === byBlock && !looksLikeJunk(l.text, main)) {
      byLineText += (/[,&]$/.test(byLineText) ? ' ' : ' ') + l.text;
      notices.push(`read "${l.text}" as the by-line's continuation`);
    } else dropped.push(l.text);
  }

  // Without a "By" line: the line above the numbering line (or the first below it) that reads as a by-line.
  if (!byLineText) {
    const suffixAt = head.findIndex((l) => parseTitleSuffix(l.text));
    const cand = head.length >= 2 || (suffixAt === 0 && head.length === 1) ? head[head.length - 1] : undefined;
    if (cand && head.length >= 2 && (looksLikeByLine(cand.text) || (suffixAt >= 0 && suffixAt < head.length - 1))) {
      head.pop();
      byLineText = cand.text;
      notices.push(`no "By" line: read "${byLineText}" as the by-line`);
    } else if (afterSeries.length > 0 && looksLikeByLine(afterSeries[0]!.text)) {
      byLineText = afterSeries[0]!.text;
      afterSeries = afterSeries.slice(1);
      notices.push(`no "By" line: read "${byLineText}" (below the numbering line) as the by-line`);
    }
  }
  return { ...(byLineText !== undefined ? { byLineText } : {}), afterSeries, dropped };
}

/** The authors, team, unit and organization of a by-line. */
function readByLineFields(byLineText: string, fields: PageFields, notices: string[]): void {
  const by = readByLine(byLineText);
  if (by.authors.length > 0) fields.authors = by.authors;
  if (by.team) fields.team = by.team;
  if (by.unit) fields.unit = by.unit;
  if (by.organization) fields.organization = by.organization;
  for (const d of by.doubts ?? []) notices.push(`by-line: ${d}`);
}

/** Series, kind, number, year, Total and date: from the numbering line, else from the title's suffix. */
function readNumbering(sorted: SortedLines, suffix: TitleSuffix | undefined, fields: PageFields, notices: string[]): void {
  const { series, seriesText, lateDate } = sorted;
  if (series) {
    let name = series.series;
    // Older pages write "Report No 51, 2014": the series is the Research Report all the same.
    if (/^report$/i.test(name)) {
      notices.push(`the numbering line "${seriesText}" names the series "${name}": read as "Research Report"`);
      name = 'Research Report';
    }
    fields.series = name;
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
  if (!fields.date && lateDate) fields.date = lateDate;
  if (fields.date && fields.year !== undefined && Number(fields.date.slice(0, 4)) !== fields.year) {
    notices.push(`the date ${fields.date} is not in the report's year ${fields.year}`);
  }
}

/** The abstract: the labelled one, else the first paragraph after the numbering line that is not junk. */
function readAbstract(abstract: string[] | undefined, afterSeries: Line[], main: 'cjk' | 'latin' | undefined, fields: PageFields, notices: string[]): void {
  if (abstract) {
    while (abstract.length && abstract[abstract.length - 1] === '') abstract.pop();
    const paras = abstract.join('\n').split(/\n{2,}/).map((p) => p.replace(/\s*\n\s*/g, ' ').trim()).filter((p) => p);
    if (paras.length) fields.abstract = paras.join('\n\n');
    return;
  }
  if (afterSeries.length === 0) return;
  // No "Abstract:" label: the first paragraph after the numbering line is the abstract.
  const paras: Line[][] = [];
  for (const l of afterSeries) {
    const lastPara = paras[paras.length - 1];
    if (lastPara && lastPara[lastPara.length - 1]!.block === l.block) lastPara.push(l);
    else paras.push([l]);
  }
  const skipped: string[] = [];
  while (paras.length > 0 && paras[0]!.every((l) => looksLikeJunk(l.text, main) || l.text.length < 25)) skipped.push(...paras.shift()!.map((l) => l.text));
  if (skipped.length > 0) notices.push(`ignored ${skipped.map((d) => `"${d}"`).join(', ')} below the numbering line`);
  if (paras.length > 0) {
    fields.abstract = paras[0]!.map((l) => l.text).join(' ');
    notices.push('no "Abstract:" label: read the first paragraph after the numbering line as the abstract');
    if (paras.length > 1) notices.push(`left out ${paras.length - 1} more paragraph${paras.length > 2 ? 's' : ''} after it (check whether the abstract goes on)`);
  }
}
/**
 * The title among the lines above the by-line: the line with a numbering suffix, else the last line, with the
 * lines of its block above it when they read as the same title wrapped. Chrome (a section heading, an expert's
 * name, a mirror's junk line) is left out, and every line left out that is not known furniture is named.
 */
function pickTitle(head: Line[], main: 'cjk' | 'latin' | undefined, notices: string[]): string | undefined {
  if (head.length === 0) return undefined;
  let end = -1;
  for (let i = head.length - 1; i >= 0 && end < 0; i--) if (parseTitleSuffix(head[i]!.text)) end = i;
  const after = end >= 0 ? head.slice(end + 1).map((l) => l.text) : [];
  if (end < 0) {
    // The last line that is not a mirror's junk, a name or a section heading.
    end = head.length - 1;
    while (end > 0 && isChrome(head[end]!.text, main)) {
      after.unshift(head[end]!.text);
      end--;
    }
  }
  let start = end;
  while (start > 0) {
    const prev = head[start - 1]!;
    const cur = head[start]!;
    if (prev.block !== cur.block || isChrome(prev.text, main)) break;
    // A wrapped title: the line above stops where a title cannot, or the line goes on in lower case.
    if (!OPEN_END.test(prev.text) && !/^[a-z(]/.test(cur.text) && !(prev.text.length >= 60 && scriptOf(prev.text) === scriptOf(cur.text))) break;
    start--;
  }
  const title = head.slice(start, end + 1).map((l) => l.text).join(' ').replace(/\s+/g, ' ').trim();
  if (end > start) notices.push(`read the title from ${end - start + 1} lines: "${title}" (check that none is a heading of the site)`);
  const above = head.slice(0, start).map((l) => l.text);
  // A section heading named by the site, or a line that is certainly a mirror's, is not worth a word when the
  // title is certain (it ends with its numbering suffix).
  const certain = parseTitleSuffix(title) !== undefined;
  const worth = above.filter((t) => !certain || !(SECTION_RE.test(t) || looksLikeJunk(t, main)));
  if (worth.length > 0) notices.push(`ignored ${worth.map((t) => `"${t}"`).join(', ')} above the title (taken for the site's text${worth.some((t) => looksLikeNameLine(t)) ? ' or an expert\'s name' : ''})`);
  if (after.length > 0) notices.push(`ignored ${after.map((t) => `"${t}"`).join(', ')} between the title and the by-line`);
  return title || undefined;
}

/** A line above the by-line that is not the title: a section heading, an expert's name, a mirror's junk. */
function isChrome(s: string, main: 'cjk' | 'latin' | undefined): boolean {
  return SECTION_RE.test(s) || looksLikeNameLine(s) || looksLikeJunk(s, main);
}
