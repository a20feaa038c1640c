// Names the exporters derive from records: page file names, keyword slugs, BibTeX keys. Pure and stable:
// a record's name depends on the record (and, only for true duplicates, on its file), not on what else is exported.
import { createHash } from 'node:crypto';
import { reportId } from '../../model/ids.js';
import { fold } from '../../model/text.js';
import type { LoadedRecord } from '../../model/record.js';

/** How keywords (and the --keyword filter) compare: Unicode-normalized, any case, spaces collapsed. */
/** Key words are grouped as filters compare them. */
export const foldKeyword = fold;

const hash = (s: string, n: number) => createHash('sha1').update(s, 'utf8').digest('hex').slice(0, n);

/** ASCII words of a text, lower case: "Évolution & C++ 2019" -> ["evolution", "c", "2019"]. */
function asciiWords(s: string): string[] {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

// Names Windows refuses for a file, whatever the extension.
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/;
const MAX_SLUG = 60;

/**
 * The file name (without .html) of a keyword's page. A keyword made only of ASCII letters, digits and single
 * spaces maps to itself with hyphens ("rural revitalization" -> "rural-revitalization"), which no other keyword
 * can share. Any other keyword (Chinese, punctuation, very long) keeps its ASCII words and gets a hash of the
 * whole keyword after a double hyphen, which lossless names never contain: "乡村振兴" -> "kw--ff5bacd773".
 * `hashLength` is raised by the caller in the (astronomically rare) case of two hashes colliding.
 */
export function keywordSlug(keyword: string, hashLength = 10): string {
  const folded = foldKeyword(keyword);
  if (/^[a-z0-9]+( [a-z0-9]+)*$/.test(folded) && folded.length <= MAX_SLUG && !RESERVED.test(folded)) return folded.replace(/ /g, '-');
  const words = asciiWords(folded).join('-').slice(0, MAX_SLUG).replace(/-+$/, '');
  return `${words || 'kw'}--${hash(folded, hashLength)}`;
}

/** Slug of a free text for file names: ASCII words joined by hyphens, or a hash when there are none. */
export function textSlug(s: string): string {
  const words = asciiWords(s).join('-').slice(0, MAX_SLUG).replace(/-+$/, '');
  return words || `x${hash(s, 8)}`;
}

const DEFAULT_SERIES = 'research report';
/** The archive's main series, "Research Report": its records are named by id alone. */
export const isDefaultSeries = (series: string) => foldKeyword(series) === DEFAULT_SERIES;

/**
 * A unique name per record, from a base name that depends on the record alone. Records of the main series
 * ("Research Report") are named by their id; records of another series get the series in front; true duplicates
 * (same series, kind, year and number: an archive error that --skip-invalid did not remove) get -2, -3... in file order.
 */
function uniqueNames(records: readonly LoadedRecord[], base: (r: LoadedRecord) => string): Map<LoadedRecord, string> {
  const groups = new Map<string, LoadedRecord[]>();
  for (const r of records) {
    const b = base(r);
    const g = groups.get(b);
    if (g) g.push(r);
    else groups.set(b, [r]);
  }
  const out = new Map<LoadedRecord, string>();
  const taken = new Set(groups.keys());
  for (const [b, g] of groups) {
    if (g.length === 1) {
      out.set(g[0]!, b);
      continue;
    }
    g.sort((x, y) => (x.file < y.file ? -1 : x.file > y.file ? 1 : 0));
    out.set(g[0]!, b);
    let n = 2;
    for (const r of g.slice(1)) {
      while (taken.has(`${b}-${n}`)) n++;
      const name = `${b}-${n}`;
      taken.add(name);
      out.set(r, name);
    }
  }
  return out;
}

/** Page names: "2019-S11", or "china-development-review-2019-S11" for another series. */
export function pageNames(records: readonly LoadedRecord[]): Map<LoadedRecord, string> {
  return uniqueNames(records, (r) => pageName(r.record));
}

/** One record's page name, as pageNames gives it to a record that has no duplicate. */
export function pageName(rec: { series: string; kind: 'regular' | 'special'; number: number; year: number }): string {
  const id = reportId(rec);
  return isDefaultSeries(rec.series) ? id : `${textSlug(rec.series)}-${id}`;
}

/** The key prefix from the organization: "DRC" -> "drc", "Development Research Center" -> "drc"; else "report". */
export function keyPrefix(organization: string | undefined): string {
  const words = asciiWords(organization ?? '');
  if (words.length === 0) return 'report';
  const p = words.length === 1 ? words[0]! : words.map((w) => w[0]).join('');
  return /^[0-9]/.test(p) ? `report${p}` : p;
}

/** BibTeX keys: "drc2019s11"; another series puts its initials before the year: "drccdr2019s11". */
export function bibtexKeys(records: readonly LoadedRecord[]): Map<LoadedRecord, string> {
  return uniqueNames(records, (r) => {
    const rec = r.record;
    const series = isDefaultSeries(rec.series) ? '' : asciiWords(rec.series).map((w) => w[0]).join('') || hash(foldKeyword(rec.series), 4);
    return `${keyPrefix(rec.organization)}${series}${rec.year}${rec.kind === 'special' ? 's' : 'r'}${rec.number}`;
  });
}
