// The reference the search is held to: MiniSearch itself, with the options the search uses. src/search.ts keeps
// its own index and ranks it as MiniSearch would; the tests compare both with what this gives.
import MiniSearch from 'minisearch';
import { fieldTexts, SEARCH_OPTIONS } from '../src/search.js';
import type { LoadedRecord } from '../src/model/record.js';

interface Doc {
  /** The record's place in the list indexed. */
  id: number;
  title: string;
  abstract: string;
  keywords: string;
  authors: string;
}

/** A MiniSearch index of `records` (ids: their places in the list), with the search's tokenizer (src/tokens.ts, through SEARCH_OPTIONS) and MiniSearch's default term processing. */
export function buildIndex(records: readonly LoadedRecord[]): MiniSearch<Doc> {
  const index = new MiniSearch<Doc>(SEARCH_OPTIONS);
  index.addAll(
    records.map((r, i) => {
      const [title, abstract, keywords, authors] = fieldTexts(r) as [string, string, string, string];
      return { id: i, title, abstract, keywords, authors };
    }),
  );
  return index;
}

/** MiniSearch's ranking of `records` for `query`. */
export function searchRecords(records: readonly LoadedRecord[], query: string): LoadedRecord[] {
  return buildIndex(records)
    .search(query)
    .map((hit) => records[hit.id as number]!);
}
