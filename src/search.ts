// Ranked full-text search over title, abstract, keywords and authors (MiniSearch, BM25+).
// The index covers the whole archive and is kept in the record cache, so a warm search only loads it.
import MiniSearch from 'minisearch';
import type { Archive, LoadedRecord } from './store/archive.js';

interface Doc {
  id: string;
  title: string;
  abstract: string;
  keywords: string;
  authors: string;
}

export const SEARCH_OPTIONS = {
  fields: ['title', 'abstract', 'keywords', 'authors'],
  storeFields: [] as string[],
  searchOptions: {
    boost: { title: 3, keywords: 2, authors: 2 },
    prefix: (term: string) => term.length >= 3,
    fuzzy: (term: string) => (term.length >= 5 ? 0.2 : false),
    combineWith: 'AND' as const,
  },
};

/** Bump when the indexed fields or options change: a kept index of another shape is not used. */
const INDEX_VERSION = 1;

function buildIndex(records: readonly LoadedRecord[]): MiniSearch<Doc> {
  const index = new MiniSearch<Doc>(SEARCH_OPTIONS);
  index.addAll(
    records.map((r) => ({
      id: r.file,
      title: r.record.title,
      abstract: r.record.abstract ?? '',
      keywords: (r.record.keywords ?? []).join(' '),
      authors: r.record.authors.join(' '),
    })),
  );
  return index;
}

function archiveIndex(archive: Archive): MiniSearch<Doc> {
  const name = `search${INDEX_VERSION}`;
  const kept = archive.cache?.readDerived(name, archive.fingerprint);
  if (kept) {
    try {
      return MiniSearch.loadJSON<Doc>(kept, SEARCH_OPTIONS);
    } catch {
      // A damaged index is built again below.
    }
  }
  const index = buildIndex(archive.records);
  archive.cache?.writeDerived(name, archive.fingerprint, JSON.stringify(index));
  return index;
}

/** The records of `archive` matching every word of `query`, best first, limited to those `keep` accepts. */
export function searchArchive(archive: Archive, query: string, keep: (r: LoadedRecord) => boolean = () => true): LoadedRecord[] {
  const byFile = new Map(archive.records.map((r) => [r.file, r]));
  const out: LoadedRecord[] = [];
  for (const hit of archiveIndex(archive).search(query)) {
    const r = byFile.get(hit.id as string);
    if (r && keep(r)) out.push(r);
  }
  return out;
}

/** Search a given list of records (no index kept). */
export function searchRecords(records: readonly LoadedRecord[], query: string): LoadedRecord[] {
  const byFile = new Map(records.map((r) => [r.file, r]));
  return buildIndex(records)
    .search(query)
    .map((hit) => byFile.get(hit.id as string)!)
    .filter(Boolean);
}
