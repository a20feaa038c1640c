// Ranked full-text search over title, abstract, keywords and authors (MiniSearch, BM25+).
import MiniSearch from 'minisearch';
import type { LoadedRecord } from './store/archive.js';

interface Doc {
  i: number;
  title: string;
  abstract: string;
  keywords: string;
  authors: string;
}

export const SEARCH_OPTIONS = {
  fields: ['title', 'abstract', 'keywords', 'authors'],
  storeFields: [] as string[],
  idField: 'i',
  searchOptions: {
    boost: { title: 3, keywords: 2, authors: 2 },
    prefix: (term: string) => term.length >= 3,
    fuzzy: (term: string) => (term.length >= 5 ? 0.2 : false),
    combineWith: 'AND' as const,
  },
};

/** The records matching every word of `query`, best first. */
export function searchRecords(records: readonly LoadedRecord[], query: string): LoadedRecord[] {
  const index = new MiniSearch<Doc>(SEARCH_OPTIONS);
  index.addAll(
    records.map((r, i) => ({
      i,
      title: r.record.title,
      abstract: r.record.abstract ?? '',
      keywords: (r.record.keywords ?? []).join(' '),
      authors: r.record.authors.join(' '),
    })),
  );
  return index.search(query).map((hit) => records[hit.id as number]!);
}
