// Ranked full-text search over title, abstract, keywords and authors (MiniSearch, BM25+).
// The index covers the whole archive and is kept in the record cache, so a warm search only loads it.
import MiniSearch from 'minisearch';
import { collectIfLarge } from './memory.js';
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

/**
 * A shard holds whole years, oldest first, until it has at least this many records. An archive this size or
 * smaller has one index, so its ranking is exact; a larger one is searched a shard at a time, which keeps the
 * memory bounded (an index of 100,000 abstracts takes about a gigabyte) and, as new reports go into the latest
 * year, leaves the older shards' kept indexes valid. Scores of different shards are compared as they are: each
 * shard's word statistics are those of thousands of reports, close to the whole archive's.
 */
export const SHARD_SIZE = 5000;

/** The records grouped into shards of whole years (the year read from the id, so no record is parsed). */
export function shards(records: readonly LoadedRecord[]): { name: string; records: LoadedRecord[] }[] {
  const byYear = new Map<string, LoadedRecord[]>();
  for (const r of records) {
    const y = r.id.slice(0, r.id.indexOf('-'));
    const list = byYear.get(y);
    if (list) list.push(r);
    else byYear.set(y, [r]);
  }
  const out: { name: string; records: LoadedRecord[] }[] = [];
  let current: LoadedRecord[] = [];
  let first = '';
  for (const y of [...byYear.keys()].sort()) {
    if (current.length === 0) first = y;
    current.push(...byYear.get(y)!);
    if (current.length >= SHARD_SIZE) {
      out.push({ name: `${first}-${y}`, records: current });
      current = [];
    }
  }
  if (current.length > 0) out.push({ name: `${first}-last`, records: current });
  return out;
}

function shardIndex(archive: Archive, name: string, records: readonly LoadedRecord[], kept: Set<string>): MiniSearch<Doc> {
  const fp = archive.fingerprintOf(records.map((r) => r.file));
  kept.add(`${name}-${fp}`);
  const text = archive.cache?.readDerived(name, fp);
  if (text) {
    try {
      return MiniSearch.loadJSON<Doc>(text, SEARCH_OPTIONS);
    } catch {
      // A damaged index is built again below.
    }
  }
  const index = buildIndex(records);
  archive.cache?.writeDerived(name, fp, JSON.stringify(index));
  return index;
}

/** The records of `archive` matching every word of `query`, best first, limited to those `keep` accepts. */
export function searchArchive(archive: Archive, query: string, keep: (r: LoadedRecord) => boolean = () => true): LoadedRecord[] {
  const family = `search${INDEX_VERSION}-`;
  const kept = new Set<string>();
  const hits: { r: LoadedRecord; score: number }[] = [];
  const all = shards(archive.records);
  for (const shard of all) {
    const byFile = new Map(shard.records.map((r) => [r.file, r]));
    // One shard's index at a time: it is garbage once its hits are taken.
    for (const hit of shardIndex(archive, family + shard.name, shard.records, kept).search(query)) {
      const r = byFile.get(hit.id as string);
      if (r && keep(r)) hits.push({ r, score: hit.score });
    }
    if (all.length > 1) collectIfLarge();
  }
  archive.cache?.pruneDerived(family, kept);
  return hits.sort((a, b) => b.score - a.score).map((h) => h.r);
}

/** Search a given list of records (no index kept). */
export function searchRecords(records: readonly LoadedRecord[], query: string): LoadedRecord[] {
  const byFile = new Map(records.map((r) => [r.file, r]));
  return buildIndex(records)
    .search(query)
    .map((hit) => byFile.get(hit.id as string)!)
    .filter(Boolean);
}
