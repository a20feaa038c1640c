// How a report page writes a record: title suffix, by-line, series line. Pure functions.
import type { Kind, Report } from '../report.js';
import { authorTexts, type Author, type NameStyle } from '../names.js';

/** "2019-01-25" -> "2019-1-25", as DRC pages print dates. */
export function pageDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${y}-${Number(m)}-${Number(d)}`;
}

/** "A", "A & B", "A, B & C": each author as the page writes it (an override in the archive's style). */
export function joinAuthors(authors: readonly Author[] | undefined, style?: NameStyle): string {
  const names = authorTexts(authors, style);
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} & ${names[names.length - 1]}`;
}

/** "Special Issue, No.11, 2019" or "No.146, 2018": the numbering as pages write it. */
export function numbering(r: Pick<Report, 'kind' | 'number' | 'year'>): string {
  return `${r.kind === 'special' ? 'Special Issue, ' : ''}No.${r.number}, ${r.year}`;
}

/** "Research Report, Special Issue" or "Research Report": the sequence a record belongs to. */
export function sequenceName(r: Pick<Report, 'series' | 'kind'>): string {
  return r.kind === 'special' ? `${r.series}, Special Issue` : r.series;
}

/** "(Special Issue, No.11, 2019)" or "(No.146, 2018)". */
export function titleSuffix(r: Pick<Report, 'kind' | 'number' | 'year'>): string {
  return `(${numbering(r)})`;
}

export function fullTitle(r: Pick<Report, 'title' | 'kind' | 'number' | 'year'>): string {
  return `${r.title} ${titleSuffix(r)}`;
}

/** Who a report is by, as a catalogue names it: its authors, else its team, else its organization (never split). */
export function creditedAuthors(r: Pick<Report, 'authors' | 'team' | 'organization'>): Author[] {
  if (r.authors.length > 0) return r.authors;
  const corporate = r.team ?? r.organization;
  return corporate ? [corporate] : [];
}

/** "By A & B, Research Team on “...”, Unit, DRC" */
export function byLine(r: Pick<Report, 'authors' | 'team' | 'unit' | 'organization'>, style?: NameStyle): string {
  const parts = [joinAuthors(r.authors, style), r.team, r.unit, r.organization].filter((p): p is string => !!p);
  return `By ${parts.join(', ')}`;
}

/** "Research Report, Special Issue, No.11, 2019 (Total 1639) 2019-1-25" */
export function seriesLine(r: Pick<Report, 'series' | 'kind' | 'number' | 'year' | 'total' | 'date'>): string {
  let s = `${r.series}, ${numbering(r)}`;
  if (r.total !== undefined) s += ` (Total ${r.total})`;
  if (r.date) s += ` ${pageDate(r.date)}`;
  return s;
}

export interface TitleSuffix {
  /** The title with the suffix removed. */
  base: string;
  kind: Kind;
  number: number;
  year: number;
  /** The suffix as written, e.g. "(No.97, 2019)". */
  text: string;
}

// "(No.97, 2019)", "(No 97,2019)", "(Special Issue, No.11, 2019)", "(Special Issue No. 11, 2019)", with or
// without a space before the bracket; older pages: "(No 51, 2014, Total 4550)", "(Research Report No.5, 2014)".
const SUFFIX_RE =
  /\s*(\(\s*(?:research\s+)?(?:report\s*,?\s*)?(special\s+issue\s*,?\s*)?no\.?\s*(\d+)\s*,?\s*(\d{4})\s*(?:[,;]?\s*\(?\s*total\s*(?:no\.?)?[.:#]?\s*\d+\s*\)?\s*)?\))\s*$/i;

/** A numbering suffix at the end of a title, if there is one. */
export function parseTitleSuffix(title: string): TitleSuffix | undefined {
  // Most titles have no suffix: skip the regular expression for them (validate runs this on every record).
  if (!title.trimEnd().endsWith(')')) return undefined;
  const m = SUFFIX_RE.exec(title);
  if (!m) return undefined;
  return {
    base: title.slice(0, m.index).trim(),
    kind: m[2] ? 'special' : 'regular',
    number: Number(m[3]),
    year: Number(m[4]),
    text: m[1]!,
  };
}
