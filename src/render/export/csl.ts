// CSL-JSON export: an array of CSL items (type report), as Zotero, Pandoc and citeproc read them.
import type { LoadedRecord } from '../../model/record.js';
import { isLiteral } from '../../model/names.js';
import { inBatches, jsonNested } from '../batches.js';
import { citation, type CitationOptions } from './citation.js';
import { bibtexKeys } from './names.js';

/** A CSL item; `id` is the report's BibTeX key (drc2019s11), the same from run to run. */
export function cslItem(r: LoadedRecord, id: string, opts: CitationOptions = {}): Record<string, unknown> {
  const c = citation(r.record, opts);
  const item: Record<string, unknown> = {
    id,
    type: 'report',
    title: c.title,
    author: c.authors.map((a) => (isLiteral(a) ? { literal: a.literal } : a.given ? { family: a.family, given: a.given } : { family: a.family })),
    issued: { 'date-parts': [c.issued] },
    genre: c.genre,
    number: c.number,
    'collection-title': c.series,
  };
  if (c.publisher) item.publisher = c.publisher;
  if (c.note) item.note = c.note;
  if (c.abstract) item.abstract = c.abstract;
  if (c.keywords.length) item.keyword = c.keywords.join(', ');
  if (c.url) item.URL = c.url;
  if (c.doi) item.DOI = c.doi;
  return item;
}

/** The items as one JSON array, a batch at a time. */
export function* exportCslChunks(records: readonly LoadedRecord[], opts: CitationOptions = {}): Generator<string> {
  const keys = bibtexKeys(records);
  if (records.length === 0) {
    yield '[]\n';
    return;
  }
  yield '[\n';
  yield* inBatches(records, (r, i) => `${i === 0 ? '' : ',\n'}  ${jsonNested(cslItem(r, keys.get(r)!, opts), '  ')}`);
  yield '\n]\n';
}

export const exportCsl = (records: readonly LoadedRecord[], opts: CitationOptions = {}): string => [...exportCslChunks(records, opts)].join('');
