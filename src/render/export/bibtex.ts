// BibTeX export: one @techreport per report, with stable keys (see names.ts).
import type { LoadedRecord } from '../../model/record.js';
import { bibtexKeys } from './names.js';
import { sequenceName } from '../../model/page/lines.js';
import { markupSafe } from '../safe.js';
import { inBatches } from '../batches.js';

const LATEX_SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
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

/** Escaped, with every word that holds a capital letter in braces so that styles keep its case: "{China}". */
export function protectCapitals(s: string): string {
  return latexEscape(s)
    .split(' ')
    .map((w) => (/\p{Lu}/u.test(w) ? `{${w}}` : w))
    .join(' ');
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** A URL as BibTeX's url field takes it: braces, backslashes and spaces percent-encoded. */
function bibUrl(u: string): string {
  return u.replace(/[{}\\\s]/g, (ch) => encodeURIComponent(ch));
}

export function exportBibtex(records: readonly LoadedRecord[]): string {
  return [...exportBibtexChunks(records)].join('');
}

/** One entry, with its key. */
function bibtexEntry(r: LoadedRecord, key: string): string {
  const rec = r.record;
  const fields: [string, string][] = [];
  const add = (name: string, value: string | undefined, raw = false) => {
    if (value === undefined || value === '') return;
    fields.push([name, raw ? value : `{${value}}`]);
  };
  add('title', protectCapitals(rec.title));
  // Each name in braces: Chinese names put the family name first, and BibTeX must not reorder them.
  add('author', rec.authors.map((a) => `{${latexEscape(a)}}`).join(' and '));
  add('institution', latexEscape([rec.unit, rec.organization].filter(Boolean).join(', ')));
  add('type', latexEscape(sequenceName(rec)));
  add('number', String(rec.number));
  add('year', String(rec.year));
  if (rec.date) add('month', MONTHS[Number(rec.date.slice(5, 7)) - 1], true);
  if (rec.date) add('date', rec.date);
  if (rec.total !== undefined) add('note', `Total ${rec.total}`);
  if (rec.abstract) add('abstract', latexEscape(rec.abstract));
  if (rec.keywords?.length) add('keywords', rec.keywords.map(latexEscape).join(', '));
  if (rec.url) add('url', bibUrl(rec.url));
  const width = Math.max(...fields.map(([n]) => n.length));
  return `@techreport{${key},\n${fields.map(([n, v]) => `  ${n.padEnd(width)} = ${v}`).join(',\n')}\n}\n`;
}

/**
 * The entries, separated by blank lines, a batch at a time: a large archive's file is never held whole in memory
 * (made whole, the export of 100,000 reports peaked at 986 MiB).
 */
export function* exportBibtexChunks(records: readonly LoadedRecord[]): Generator<string> {
  const keys = bibtexKeys(records);
  yield* inBatches(records, (r, i) => (i === 0 ? '' : '\n') + bibtexEntry(r, keys.get(r)!));
}
