// Ranked full-text search over title, abstract, keywords and authors (MiniSearch, BM25+).
//
// The index is kept in the record cache in a form that is read lazily: per shard of whole years, a header (how
// many documents, their field lengths and the sorted list of terms) and the postings of each term, read from the
// file only for the terms a query can match. A query loads into MiniSearch the postings of those terms across every
// shard, with the whole archive's document count and average field lengths, so the ranking is exactly that of
// one MiniSearch index over the archive, while a warm search reads a few kilobytes of postings instead of
// deserialising the whole index.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import MiniSearch from 'minisearch';
import { editDistance } from './distance.js';
import { phase } from './timing.js';
import type { Archive } from './store/archive.js';
import type { LoadedRecord } from './model/record.js';
import type { ArchiveCache } from './store/cache.js';

interface Doc {
  /** The record's place in the list indexed. */
  id: number;
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
    maxFuzzy: 6,
    combineWith: 'AND' as const,
  },
};

/** Bump when the indexed fields, the options or the kept form change: a kept index of another shape is not used. */
const INDEX_VERSION = 2;

/** A MiniSearch index of `records` (ids: their places in the list). */
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

/**
 * A shard holds whole years, oldest first, until it has at least this many records; the newest year is a shard
 * of its own. An index is built a shard at a time (building one for 100,000 abstracts takes about a gigabyte),
 * and, as new reports go into the newest year, adding one rebuilds only that year's small index: the older
 * shards' kept indexes stay valid. How the archive is cut into shards does not change the ranking.
 */
export const SHARD_SIZE = 5000;

/** The records grouped into shards of whole years (the year read from the id, so no record is parsed). */
export function shards(records: readonly LoadedRecord[], size = SHARD_SIZE): { name: string; records: LoadedRecord[] }[] {
  const byYear = new Map<string, LoadedRecord[]>();
  for (const r of records) {
    const y = r.id.slice(0, r.id.indexOf('-'));
    const list = byYear.get(y);
    if (list) list.push(r);
    else byYear.set(y, [r]);
  }
  const years = [...byYear.keys()].sort();
  const newest = years.pop();
  const out: { name: string; records: LoadedRecord[] }[] = [];
  let current: LoadedRecord[] = [];
  let first = '';
  for (const y of years) {
    if (current.length === 0) first = y;
    current.push(...byYear.get(y)!);
    if (current.length >= size) {
      out.push({ name: `${first}-${y}`, records: current });
      current = [];
    }
  }
  if (current.length > 0) out.push({ name: `${first}-${years.at(-1)!}`, records: current });
  if (newest !== undefined) out.push({ name: newest, records: byYear.get(newest)! });
  return out;
}

/** What a shard's index says about its documents and terms; postings are read separately, term by term. */
interface Header {
  version: number;
  /** MiniSearch's field ids by field name. */
  fieldIds: Record<string, number>;
  /**
   * How many documents: local ids 0 to count-1 are the shard's records in order (the order the index was
   * built in; the kept file's name holds the fingerprint of exactly those files in that order).
   */
  count: number;
  /** Field lengths, `fields` numbers per document, in local id order. */
  lengths: number[];
  /** Average length of each field in this shard. */
  avg: number[];
  /** Every term, sorted (UTF-16 order). */
  terms: string[];
  /** Byte offsets of each term's postings in the postings part; one more than there are terms. */
  offsets: number[];
}

/** One shard's index: its header, and the postings text of a range of terms. */
interface ShardIndex {
  header: Header;
  /** The postings of terms `from` to `to` (exclusive), each a JSON array. */
  postings(from: number, to: number): string[];
  close(): void;
}

/** The text of each field of a record, as indexed. */
function fieldTexts(r: LoadedRecord): string[] {
  const rec = r.record;
  return [rec.title, rec.abstract ?? '', (rec.keywords ?? []).join(' '), rec.authors.join(' ')];
}

/**
 * The kept form of the index of `records` (in this order): a header, then every term's postings as a JSON array
 * `[fieldId, count, localId, freq, localId, freq, ..., fieldId, count, ...]`, in the header's term order.
 *
 * It is what MiniSearch's own index of these records holds (its documented toJSON shape, reordered), made directly:
 * the same tokenizer and term processing (MiniSearch's defaults), field lengths counted as MiniSearch counts them
 * (distinct tokens) and averaged in the same order of operations, so the ranking is the same to the last bit (the
 * tests compare both, and every ranking with a freshly built MiniSearch index). Building MiniSearch's radix tree
 * and serialising it was most of the time of a first search: 100,000 records took 28 s.
 */
export function keptIndexOf(records: readonly LoadedRecord[]): { header: Header; postings: string[] } {
  const tokenize = MiniSearch.getDefault('tokenize') as (text: string, field: string) => string[];
  const processTerm = MiniSearch.getDefault('processTerm') as (term: string, field: string) => string | string[] | null | undefined | false;
  const fields = SEARCH_OPTIONS.fields;
  const nFields = fields.length;
  const n = records.length;
  const lengths = new Array<number>(n * nFields).fill(0);
  const avg = new Array<number>(nFields).fill(0);
  // Per term, per field, [localId, freq, localId, freq, ...] in local id order.
  const byTerm = new Map<string, number[][]>();
  const add = (term: string, f: number, d: number, freq: number) => {
    let per = byTerm.get(term);
    if (!per) byTerm.set(term, (per = []));
    const list = (per[f] ??= []);
    if (list.length > 0 && list[list.length - 2] === d) list[list.length - 1]! += freq;
    else list.push(d, freq);
  };
  // A field's tokens counted first (each distinct token is then processed once, and each term added once).
  const counts = new Map<string, number>();
  for (let d = 0; d < n; d++) {
    const texts = fieldTexts(records[d]!);
    for (let f = 0; f < nFields; f++) {
      const field = fields[f]!;
      counts.clear();
      for (const token of tokenize(texts[f]!, field)) counts.set(token, (counts.get(token) ?? 0) + 1);
      const length = counts.size;
      lengths[d * nFields + f] = length;
      avg[f] = (avg[f]! * d + length) / (d + 1);
      for (const [token, freq] of counts) {
        const t = processTerm(token, field);
        if (Array.isArray(t)) for (const x of t) add(x, f, d, freq);
        else if (t) add(t, f, d, freq);
      }
    }
  }
  const terms = [...byTerm.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const postings: string[] = [];
  const offsets: number[] = [0];
  let at = 0;
  for (const term of terms) {
    const per = byTerm.get(term)!;
    const flat: number[] = [];
    for (let f = 0; f < nFields; f++) {
      const list = per[f];
      if (!list) continue;
      flat.push(f, list.length / 2);
      for (const x of list) flat.push(x);
    }
    const text = JSON.stringify(flat);
    postings.push(text);
    at += text.length; // digits, commas and brackets: one byte a character
    offsets.push(at);
  }
  const fieldIds = Object.fromEntries(fields.map((f, i) => [f, i]));
  return { header: { version: INDEX_VERSION, fieldIds, count: n, lengths, avg, terms, offsets }, postings };
}

function inMemory(kept: { header: Header; postings: string[] }): ShardIndex {
  return { header: kept.header, postings: (from, to) => kept.postings.slice(from, to), close() {} };
}

/** The header's length in bytes, as 12 digits and a newline, starts the kept file. */
const LENGTH_DIGITS = 12;

function serialise(kept: { header: Header; postings: string[] }): string[] {
  const header = JSON.stringify(kept.header);
  const length = String(Buffer.byteLength(header)).padStart(LENGTH_DIGITS, '0');
  return [length, '\n', header, '\n', ...kept.postings];
}

/** A kept index file, opened: the header is read at once, the postings when asked for. */
function fromFile(file: string): ShardIndex | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const lengthBytes = Buffer.alloc(LENGTH_DIGITS + 1);
    if (readSync(fd, lengthBytes, 0, lengthBytes.length, 0) !== lengthBytes.length) throw new Error('short');
    const headerLength = Number(lengthBytes.toString('latin1', 0, LENGTH_DIGITS));
    if (!Number.isSafeInteger(headerLength) || lengthBytes[LENGTH_DIGITS] !== 0x0a) throw new Error('bad length');
    const headerBytes = Buffer.alloc(headerLength);
    if (readSync(fd, headerBytes, 0, headerLength, lengthBytes.length) !== headerLength) throw new Error('short');
    const header = JSON.parse(headerBytes.toString('utf8')) as Header;
    const nFields = SEARCH_OPTIONS.fields.length;
    const whole =
      header.version === INDEX_VERSION && Number.isSafeInteger(header.count) && Array.isArray(header.terms) &&
      Array.isArray(header.offsets) && header.offsets.length === header.terms.length + 1 &&
      Array.isArray(header.lengths) && header.lengths.length === header.count * nFields &&
      Array.isArray(header.avg) && header.avg.length === nFields && Object.keys(header.fieldIds ?? {}).length === nFields;
    if (!whole) throw new Error('another version, or damaged');
    const base = lengthBytes.length + headerLength + 1;
    if (fstatSync(fd).size !== base + header.offsets[header.terms.length]!) throw new Error('truncated or grown');
    const handle = fd;
    return {
      header,
      postings(from, to) {
        if (from >= to) return [];
        const start = header.offsets[from]!;
        const buf = Buffer.alloc(header.offsets[to]! - start);
        if (readSync(handle, buf, 0, buf.length, base + start) !== buf.length) throw new Error('kept search index is truncated');
        const text = buf.toString('latin1');
        const out: string[] = [];
        for (let i = from; i < to; i++) out.push(text.slice(header.offsets[i]! - start, header.offsets[i + 1]! - start));
        return out;
      },
      close: () => closeSync(handle),
    };
  } catch {
    if (fd !== undefined) closeSync(fd);
    return undefined;
  }
}

/** A shard's kept index (as `name` for files of fingerprint `fp`), or undefined when there is none or it cannot
 * be read. */
function keptIndex(cache: ArchiveCache, name: string, fp: string, count: number): ShardIndex | undefined {
  const file = cache.derivedPath(name, fp);
  const index = file === undefined ? undefined : fromFile(file);
  if (index && index.header.count === count) return index;
  index?.close();
  return undefined;
}

/** Index of the first of `sorted` not below `term`. */
function lowerBound(sorted: readonly string[], term: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < term) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The query's terms, as MiniSearch makes them (its own tokenizer and term processing). */
function queryTerms(query: string): string[] {
  const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];
  const processTerm = MiniSearch.getDefault('processTerm') as (term: string) => string | string[] | null | undefined | false;
  return tokenize(query)
    .flatMap((t) => processTerm(t) || [])
    .filter((t): t is string => !!t);
}

/**
 * Ranges of `terms` (sorted) that a search for `term` can match, as MiniSearch matches: the term itself, the
 * terms it begins (when prefix search applies to it) and those within its fuzzy edit distance. More is harmless:
 * MiniSearch itself decides what matches; a term missing here would be a missed match.
 */
function termRanges(terms: readonly string[], term: string): [number, number][] {
  const { prefix, fuzzy, maxFuzzy } = SEARCH_OPTIONS.searchOptions;
  const ranges: [number, number][] = [];
  const first = lowerBound(terms, term);
  let end = first;
  if (prefix(term)) while (end < terms.length && terms[end]!.startsWith(term)) end++;
  else if (terms[first] === term) end = first + 1;
  if (end > first) ranges.push([first, end]);
  const f = fuzzy(term);
  if (f !== false) {
    const maxDistance = f < 1 ? Math.min(maxFuzzy, Math.round(term.length * f)) : f;
    if (maxDistance > 0) {
      for (let i = 0; i < terms.length; i++) {
        if (i >= first && i < end) continue;
        // Edit distance with transpositions: within it are all the words within MiniSearch's Levenshtein distance.
        if (editDistance(term, terms[i]!, maxDistance) <= maxDistance) ranges.push([i, i + 1]);
      }
    }
  }
  return ranges;
}

/** The postings of one shard for some query words: per term, `[fieldId, localId, freq]` triples, flat. */
type ShardHits = Map<string, number[]>;

/** The postings in `si` of every term `words` can match. Throws when the index turns out damaged. */
function collect(si: ShardIndex, words: readonly string[]): ShardHits {
  const h = si.header;
  const n = h.count;
  const nFields = Object.keys(h.fieldIds).length;
  const out: ShardHits = new Map();
  for (const word of words) {
    for (const [from, to] of termRanges(h.terms, word)) {
      const texts = si.postings(from, to);
      for (let i = from; i < to; i++) {
        const term = h.terms[i]!;
        if (out.has(term)) continue;
        const flat = JSON.parse(texts[i - from]!) as unknown;
        if (!Array.isArray(flat)) throw new Error('damaged postings');
        const triples: number[] = [];
        for (let k = 0; k < flat.length; ) {
          const fieldId = flat[k++] as number;
          const count = flat[k++] as number;
          if (!(fieldId >= 0 && fieldId < nFields && count >= 0 && k + 2 * count <= flat.length)) throw new Error('damaged postings');
          for (let c = 0; c < count; c++, k += 2) {
            const local = flat[k] as number;
            if (!(Number.isInteger(local) && local >= 0 && local < n)) throw new Error('damaged postings');
            triples.push(fieldId, local, flat[k + 1] as number);
          }
        }
        out.set(term, triples);
      }
    }
  }
  return out;
}

/** The records of `archive` matching every word of `query`, best first, limited to those `keep` accepts. */
export function searchArchive(
  archive: Archive,
  query: string,
  keep: (r: LoadedRecord) => boolean = () => true,
  shardSize = SHARD_SIZE,
): LoadedRecord[] {
  const family = `search${INDEX_VERSION}-`;
  const kept = new Set<string>();
  const words = queryTerms(query);
  const all = shards(archive.records, shardSize);
  const nFields = SEARCH_OPTIONS.fields.length;

  // What MiniSearch needs of the archive for these words, in the shape its loadJS documents (AsPlainObject):
  // their postings, renumbered into one id space, and the documents they name; the document count and average
  // field lengths are the whole archive's.
  const index = new Map<string, Record<number, Record<number, number>>>();
  const documentIds: Record<number, number> = {};
  const fieldLength: Record<number, number[]> = {};
  const totalLength = new Array<number>(nFields).fill(0);
  let fieldIds: Record<string, number> = {};
  let averageFieldLength: number[] = [];
  let base = 0;
  for (const shard of all) {
    const name = family + shard.name;
    const cache = archive.cache;
    const fp = cache.onDisk ? archive.fingerprintOf(shard.records.map((r) => r.file)) : undefined;
    if (fp) kept.add(`${name}-${fp}`);
    let h: Header | undefined;
    let hits: ShardHits | undefined;
    const keptOne = fp ? keptIndex(cache, name, fp, shard.records.length) : undefined;
    if (keptOne) {
      try {
        hits = collect(keptOne, words);
        h = keptOne.header;
      } catch {
        // A kept index that turns out damaged is built again below (and kept anew).
      } finally {
        keptOne.close();
      }
    }
    if (!hits || !h) {
      const built = keptIndexOf(shard.records);
      if (fp) cache.writeDerived(name, fp, serialise(built));
      hits = collect(inMemory(built), words);
      h = built.header;
    }
    fieldIds = h.fieldIds;
    averageFieldLength = h.avg;
    for (let f = 0; f < nFields; f++) totalLength[f]! += (h.avg[f] ?? 0) * h.count;
    for (const [term, triples] of hits) {
      let data = index.get(term);
      if (!data) index.set(term, (data = {}));
      for (let k = 0; k < triples.length; k += 3) {
        const local = triples[k + 1]!;
        const id = base + local;
        (data[triples[k]!] ??= {})[id] = triples[k + 2]!;
        if (documentIds[id] === undefined) {
          documentIds[id] = id;
          fieldLength[id] = h.lengths.slice(local * nFields, local * nFields + nFields);
        }
      }
    }
    base += h.count;
  }
  archive.cache.pruneDerived('search', kept);
  phase(`search: postings of ${index.size} terms, ${all.length} shards`);
  if (base === 0 || words.length === 0) return [];
  // One shard: its own averages, as computed by MiniSearch; several: the archive's, from each shard's.
  if (all.length > 1) averageFieldLength = totalLength.map((t) => t / base);

  const ms = MiniSearch.loadJS<Doc>(
    {
      documentCount: base,
      nextId: base,
      documentIds,
      fieldIds,
      fieldLength,
      averageFieldLength,
      storedFields: {},
      dirtCount: 0,
      index: [...index],
      serializationVersion: 2,
    },
    SEARCH_OPTIONS,
  );
  phase('search: index loaded');
  const found = ms.search(query);
  phase(`search: ${found.length} found`);
  // Document ids count the records of the shards in order.
  const ordered = all.length === 1 ? all[0]!.records : all.flatMap((s) => s.records);
  const out: LoadedRecord[] = [];
  for (const hit of found) {
    const r = ordered[hit.id as number];
    if (r && keep(r)) out.push(r);
  }
  return out;
}
/** Search a given list of records (no index kept). */
export function searchRecords(records: readonly LoadedRecord[], query: string): LoadedRecord[] {
  return buildIndex(records)
    .search(query)
    .map((hit) => records[hit.id as number]!);
}
