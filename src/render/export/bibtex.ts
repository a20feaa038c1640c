// BibTeX export: one @techreport per report, with stable keys (see names.ts).
import type { LoadedRecord } from '../../model/record.js';
import { bibtexKeys } from './names.js';
import { isLiteral, type CitedName } from '../../model/names.js';
import { citation, type CitationOptions } from './citation.js';
import { markupSafe } from '../safe.js';
import { inBatches } from '../batches.js';

// Braces are written as commands, never as \{ and \}: BibTeX and biber count every brace, backslash or not, so
// "a}b" written "a\}b" would end the field early. Every field this writes has balanced braces.
const LATEX_SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\textbraceleft{}',
  '}': '\\textbraceright{}',
  $: '\\$',
  '&': '\\&',
  '%': '\\%',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

/**
 * Escape the characters LaTeX treats specially; everything else (UTF-8 included) is kept. Control characters and
 * lone surrogates (BibTeX parsers stop at a NUL) are first written out as escapes (\x00), then escaped in turn.
 */
export function latexEscape(s: string): string {
  return markupSafe(s).replace(/[\\{}$&%#_~^]/g, (ch) => LATEX_SPECIALS[ch]!).replace(/\s+/g, ' ').trim();
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** A URL (or DOI) as BibTeX's url field takes it: braces, backslashes and spaces percent-encoded. */
function bibUrl(u: string): string {
  return u.replace(/[{}\\\s]/g, (ch) => encodeURIComponent(ch));
}

/** A part of a name, braced when BibTeX would split it further (a comma, the word "and"). */
const namePart = (s: string) => {
  const e = latexEscape(s);
  return /,|\band\b/i.test(e) ? `{${e}}` : e;
};

/**
 * BibTeX's author list: "Zhang, Xiaohuan and Yang, Xiaodong" (family first, so that no style reorders a Chinese
 * name); an organization or a team braced whole: "{Research Team on “...”}".
 */
export function bibtexAuthors(names: readonly CitedName[]): string {
  return names.map((n) => (isLiteral(n) ? `{${latexEscape(n.literal)}}` : n.given ? `${namePart(n.family)}, ${namePart(n.given)}` : namePart(n.family))).join(' and ');
}

export function exportBibtex(records: readonly LoadedRecord[], opts: CitationOptions = {}): string {
  return [...exportBibtexChunks(records, opts)].join('');
}

/** One entry, with its key. */
function bibtexEntry(r: LoadedRecord, key: string, opts: CitationOptions): string {
  const rec = r.record;
  const c = citation(rec, opts);
  const fields: [string, string][] = [];
  const add = (name: string, value: string | undefined, raw = false) => {
    if (value === undefined || value === '') return;
    fields.push([name, raw ? value : `{${value}}`]);
  };
  // The whole title braced once: styles keep its case as written (a page's title case), and no word is split off.
  add('title', `{${latexEscape(c.title)}}`);
  add('author', bibtexAuthors(c.authors));
  add('institution', c.publisher && latexEscape(c.publisher));
  add('type', latexEscape(c.genre));
  add('number', c.number);
  add('series', latexEscape(c.series));
  add('year', String(rec.year));
  if (rec.date) add('month', MONTHS[Number(rec.date.slice(5, 7)) - 1], true);
  if (rec.date) add('date', rec.date);
  add('note', c.note);
  if (c.abstract) add('abstract', latexEscape(c.abstract));
  if (c.keywords.length) add('keywords', c.keywords.map(latexEscape).join(', '));
  if (c.url) add('url', bibUrl(c.url));
  if (c.doi) add('doi', bibUrl(c.doi));
  // The attached file, by its path in the archive (as JabRef and Zotero read a file field).
  if (rec.attachment) add('file', latexEscape(rec.attachment.file));
  const width = Math.max(...fields.map(([n]) => n.length));
  return `@techreport{${key},\n${fields.map(([n, v]) => `  ${n.padEnd(width)} = ${v}`).join(',\n')}\n}\n`;
}

/**
 * The entries, separated by blank lines, a batch at a time: a large archive's file is never held whole in memory
 * (made whole, the export of 100,000 reports peaked at 986 MiB).
 */
export function* exportBibtexChunks(records: readonly LoadedRecord[], opts: CitationOptions = {}): Generator<string> {
  const keys = bibtexKeys(records);
  yield* inBatches(records, (r, i) => (i === 0 ? '' : '\n') + bibtexEntry(r, keys.get(r)!, opts));
}
