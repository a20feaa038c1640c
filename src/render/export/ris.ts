// RIS export: one TY  - RPRT record per report, as EndNote, Zotero and other reference managers import it.
import type { LoadedRecord } from '../../model/record.js';
import { invertedName } from '../../model/names.js';
import { markupSafe } from '../safe.js';
import { inBatches } from '../batches.js';
import { citation, type CitationOptions } from './citation.js';
import { bibtexKeys } from './names.js';

/**
 * A RIS value on one line: a RIS field ends at the line's end, so a line break (CR, LF, U+2028/9, NEL) inside a
 * value would start a field of its own ("ER  -" ends the record). They become spaces; what a text file should not
 * carry (other controls, lone surrogates) is written out as \u001b.
 */
export function risValue(s: string): string {
  return markupSafe(s.replace(/[\r\n\u0085\u2028\u2029\t\v\f]+/g, ' ')).replace(/ +/g, ' ').trim();
}

/** One record. The abstract's paragraphs join on one line (RIS has no paragraph). */
export function risRecord(r: LoadedRecord, id: string, opts: CitationOptions = {}): string {
  const c = citation(r.record, opts);
  const lines: string[] = [];
  const tag = (t: string, v: string | undefined) => {
    if (v === undefined) return;
    const value = risValue(v);
    if (value !== '') lines.push(`${t}  - ${value}`);
  };
  tag('TY', 'RPRT');
  tag('ID', id);
  tag('TI', c.title);
  // "Family, Given"; an organization or team as one name without a comma (readers keep it whole).
  for (const a of c.authors) tag('AU', invertedName(a));
  tag('PY', String(c.issued[0]));
  if (c.issued.length === 3) tag('DA', `${c.issued[0]}/${String(c.issued[1]).padStart(2, '0')}/${String(c.issued[2]).padStart(2, '0')}/`);
  tag('M3', c.genre);
  tag('SN', c.number);
  tag('T2', c.series);
  tag('PB', c.publisher);
  tag('N1', c.note);
  tag('AB', c.abstract);
  for (const k of c.keywords) tag('KW', k);
  tag('UR', c.url);
  tag('DO', c.doi);
  lines.push('ER  - ');
  return lines.join('\r\n') + '\r\n';
}

/** The records, a blank line between them (CRLF line ends, as the RIS specification has them), a batch at a time. */
export function* exportRisChunks(records: readonly LoadedRecord[], opts: CitationOptions = {}): Generator<string> {
  const keys = bibtexKeys(records);
  yield* inBatches(records, (r, i) => (i === 0 ? '' : '\r\n') + risRecord(r, keys.get(r)!, opts));
}

export const exportRis = (records: readonly LoadedRecord[], opts: CitationOptions = {}): string => [...exportRisChunks(records, opts)].join('');
