// Ranked full-text search over title, abstract, keywords and authors: MiniSearch's ranking (BM25+, prefix and fuzzy
// matching, its term processing), with its tokenizer extended to Chinese, Japanese and Korean (src/tokens.ts).
//
// The index is kept in the record cache in a form that is read lazily: per shard of whole years, a header (how
// many documents, their field lengths and the sorted list of terms) and the postings of each term, read from the
// file only for the terms a query can match. A query ranks the postings of those terms across every shard, with
// the whole archive's document count and average field lengths, as one MiniSearch index over the archive would
// rank them (`rank`), while a warm search reads a few kilobytes of postings instead of deserialising the whole
// index. The tests hold the kept index and the ranking to MiniSearch's own (test/search-reference.ts).
import { crc32 } from 'node:zlib';
import { levenshtein } from './distance.js';
import { TokenTable, tokenize } from './tokens.js';
import { phase } from './timing.js';
import type { Archive } from './store/archive.js';
import type { LoadedRecord } from './model/record.js';
import { INDEX_VERSION, inMemory, type BuiltIndex, type Header, type ShardIndex } from './store/cache/search-index.js';
import { authorTexts } from './model/names.js';


export const SEARCH_OPTIONS = {
  fields: ['title', 'abstract', 'keywords', 'authors'],
  // MiniSearch's tokenizer, with Chinese, Japanese and Korean cut into characters and pairs (src/tokens.ts).
  tokenize: (text: string) => tokenize(text),
  storeFields: [] as string[],
  searchOptions: {
    boost: { title: 3, keywords: 2, authors: 2 },
    prefix: (term: string) => term.length >= 3,
    fuzzy: (term: string) => (term.length >= 5 ? 0.2 : false),
    maxFuzzy: 6,
    combineWith: 'AND' as const,
  },
};

/**
 * MiniSearch's default term processing (`MiniSearch.getDefault('processTerm')`: lower case). Written here so that a
 * search does not load MiniSearch (8-11 ms of every search); the tests hold the kept index, built with this, equal
 * to MiniSearch's own index of the same records, which uses its default.
 */
export const processTerm = (term: string, _field?: string): string => term.toLowerCase();

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

/** The text of each field of a record, as indexed. */
export function fieldTexts(r: LoadedRecord): string[] {
  const rec = r.record;
  return [rec.title, rec.abstract ?? '', (rec.keywords ?? []).join(' '), authorTexts(rec.authors).join(' ')];
}

/**
 * The kept form of the index of `records` (in this order): a header, then every term's postings as a JSON array
 * `[fieldId, count, localId, freq, localId, freq, ..., fieldId, count, ...]`, in the header's term order.
 *
 * It is what MiniSearch's own index of these records holds (its documented toJSON shape, reordered), made directly:
 * the same tokenizer (SEARCH_OPTIONS.tokenize) and term processing (MiniSearch's default), field lengths counted as MiniSearch counts them
 * (distinct tokens) and averaged in the same order of operations, so the ranking is the same to the last bit (the
 * tests compare both, and every ranking with a freshly built MiniSearch index). Building MiniSearch's radix tree
 * and serialising it was most of the time of a first search: 100,000 records took 28 s.
 */
export function keptIndexOf(records: readonly LoadedRecord[]): BuiltIndex {
  const nFields = SEARCH_OPTIONS.fields.length;
  const counted = countTerms(records);
  const grouped = groupByTerm(counted.postings, counted.terms.length, nFields);
  const { terms, body, offsets, sums } = postingsTexts(counted.terms, grouped, nFields);
  const fieldIds = Object.fromEntries(SEARCH_OPTIONS.fields.map((f, i) => [f, i]));
  return { header: { version: INDEX_VERSION, fieldIds, count: records.length, lengths: counted.lengths, avg: counted.avg, terms, offsets, sums }, body };
}

/** Every (term and field, document, count), in document order, in typed arrays: `key` is term * fields + field. */
interface Triples {
  size: number;
  keys: Int32Array;
  docs: Int32Array;
  freqs: Int32Array;
}

/**
 * The first phase: the documents' field lengths (and their averages) and the count of each term in each field of
 * each document, the terms numbered as they are first met.
 *
 * Every distinct token and term gets a number when first met; what a token counts towards is then found by number,
 * and the counts are appended to typed arrays. Counting each field's tokens in a Map of strings, then each distinct
 * term in another, and appending to a list per term took 15.8 s of the 17.9 s that building the indexes of 100,000
 * records took (add style, cache warm). Indexing 10,000 records in one process, the two side by side (4 pairs,
 * machine loaded): 1.22-1.72 s before, 0.58-0.73 s with numbers.
 *
 * A field's tokens are counted by token, and only its distinct tokens (about 100 of an abstract's 150) are then
 * turned into terms and counted by term; one table numbers the tokens of every field, as processTerm gives a token
 * the same terms in every field (it is given the field as MiniSearch gives it, and does not use it). Building the
 * indexes of 20,000 records in one process (least CPU time of 5 builds), against counting every token by term with
 * a table per field: 429-750 ms against 561-1080 ms, less in 6 of 7 pairs of processes (machine loaded).
 */
function countTerms(records: readonly LoadedRecord[]): { terms: string[]; lengths: number[]; avg: number[]; postings: Triples } {
  const fields = SEARCH_OPTIONS.fields;
  const nFields = fields.length;
  const n = records.length;
  const lengths = new Array<number>(n * nFields).fill(0);
  const avg = new Array<number>(nFields).fill(0);
  const table = new TokenTable();
  /**
   * Per token number: the term it is indexed as, or NONE, or (processTerm may give several) -2 - the place of its
   * terms in `several`.
   */
  const tokenTerms: number[] = [];
  const NONE = -1;
  const several: number[][] = [];
  const termIds = new Map<string, number>();
  const terms: string[] = [];
  // Which field of which document (a stamp) last saw each token and each term, and its count there.
  const tokenSeen: number[] = [];
  const tokenFreq: number[] = [];
  const termSeen: number[] = [];
  const termFreq: number[] = [];
  // The typed arrays double as they fill; appending to a list per term and field instead took a fifth of the time
  // and made most of the garbage.
  const out: Triples = { size: 0, keys: new Int32Array(1 << 16), docs: new Int32Array(1 << 16), freqs: new Int32Array(1 << 16) };
  // The terms, and the distinct tokens, of the field being counted: the first nTerms and nTokens of these lists,
  // which are overwritten rather than emptied (emptied, a list gives up its storage).
  const inField: number[] = [];
  let nTerms = 0;
  const tokensInField: number[] = [];
  let nTokens = 0;
  let stamp = 0;
  const termId = (t: string): number => {
    let tid = termIds.get(t);
    if (tid === undefined) {
      tid = terms.length;
      termIds.set(t, tid);
      terms.push(t);
      termSeen.push(0);
      termFreq.push(0);
    }
    return tid;
  };
  const count = (t: number, freq: number): void => {
    if (termSeen[t] !== stamp) {
      termSeen[t] = stamp;
      termFreq[t] = freq;
      inField[nTerms++] = t;
    } else termFreq[t]! += freq;
  };
  for (let d = 0; d < n; d++) {
    const texts = fieldTexts(records[d]!);
    for (let f = 0; f < nFields; f++) {
      stamp++;
      const nIds = table.scan(texts[f]!);
      const ids = table.ids;
      for (let k = 0; k < nIds; k++) {
        const id = ids[k]!;
        if (id === tokenTerms.length) {
          const processed: string | string[] = processTerm(table.tokens[id]!, fields[f]);
          const list = (Array.isArray(processed) ? processed : [processed]).filter((t) => !!t).map(termId);
          if (list.length === 1) tokenTerms.push(list[0]!);
          else if (list.length === 0) tokenTerms.push(NONE);
          else tokenTerms.push(-2 - several.push(list) + 1);
          tokenSeen.push(0);
          tokenFreq.push(0);
        }
        if (tokenSeen[id] !== stamp) {
          tokenSeen[id] = stamp;
          tokenFreq[id] = 1;
          tokensInField[nTokens++] = id;
        } else tokenFreq[id]!++;
      }
      for (let k = 0; k < nTokens; k++) {
        const id = tokensInField[k]!;
        const t = tokenTerms[id]!;
        if (t >= 0) count(t, tokenFreq[id]!);
        else if (t !== NONE) for (const x of several[-2 - t]!) count(x, tokenFreq[id]!);
      }
      const distinct = nTokens;
      lengths[d * nFields + f] = distinct;
      avg[f] = (avg[f]! * d + distinct) / (d + 1);
      append(out, inField, nTerms, termFreq, nFields, f, d);
      nTerms = 0;
      nTokens = 0;
    }
  }
  return { terms, lengths, avg, postings: out };
}

/** Append the counts of the first `nTerms` terms of `inField`, met in field `f` of document `d`. */
function append(out: Triples, inField: readonly number[], nTerms: number, termFreq: readonly number[], nFields: number, f: number, d: number): void {
  if (out.size + nTerms > out.keys.length) {
    const grow = (a: Int32Array) => {
      const b = new Int32Array(Math.max(a.length * 2, out.size + nTerms));
      b.set(a);
      return b;
    };
    out.keys = grow(out.keys);
    out.docs = grow(out.docs);
    out.freqs = grow(out.freqs);
  }
  for (let k = 0; k < nTerms; k++) {
    const t = inField[k]!;
    out.keys[out.size] = t * nFields + f;
    out.docs[out.size] = d;
    out.freqs[out.size++] = termFreq[t]!;
  }
}

/**
 * The second phase: the counts grouped by term and field (a counting sort, which keeps the document order).
 * `starts[k]` is where the pairs (document, count) of key k begin in `sorted`, counted in pairs.
 */
function groupByTerm(p: Triples, nTerms: number, nFields: number): { starts: Int32Array; sorted: Int32Array } {
  const starts = new Int32Array(nTerms * nFields + 1);
  for (let i = 0; i < p.size; i++) starts[p.keys[i]! + 1]!++;
  for (let k = 1; k < starts.length; k++) starts[k]! += starts[k - 1]!;
  const next = starts.slice(0, -1);
  const sorted = new Int32Array(p.size * 2);
  for (let i = 0; i < p.size; i++) {
    const at = next[p.keys[i]!]!++ * 2;
    sorted[at] = p.docs[i]!;
    sorted[at + 1] = p.freqs[i]!;
  }
  return { starts, sorted };
}

/**
 * The last phase: the terms in sorted order, and each term's postings as the JSON array the kept index holds
 * (`[fieldId, count, localId, freq, ...]` per field), one after another in one buffer, with their byte offsets
 * and CRC-32s.
 *
 * The digits are written into the buffer directly. Making an array of each term's numbers and JSON.stringify of
 * it, then joining the texts, instead: building the indexes of 20,000 records in one process (least CPU time of 5
 * builds, 3 pairs of processes) took 623-746 ms against 423-622 ms.
 */
function postingsTexts(
  terms: readonly string[],
  { starts, sorted }: { starts: Int32Array; sorted: Int32Array },
  nFields: number,
): { terms: string[]; body: Buffer; offsets: number[]; sums: number[] } {
  const order = terms.map((_, i) => i).sort((a, b) => (terms[a]! < terms[b]! ? -1 : terms[a]! > terms[b]! ? 1 : 0));
  const offsets: number[] = [0];
  const sums: number[] = [];
  smallDigits();
  // The exact size, so that nothing larger is allocated (a building process holds every record: memory given
  // back late there costs collections): per term, 2 brackets; per field of a term, its id and count; per
  // posting, a document and a count; every number after the first of a term, a comma.
  let size = 0;
  for (let k = 0; k + 1 < starts.length; k++) {
    const first = starts[k]!;
    const last = starts[k + 1]!;
    if (first === last) continue;
    size += decimalLength(k % nFields) + decimalLength(last - first) + 2;
    for (let i = first * 2; i < last * 2; i++) size += decimalLength(sorted[i]!) + 1;
  }
  size += terms.length; // 2 brackets a term, one comma less
  const body = Buffer.allocUnsafe(size);
  let at = 0;
  for (const t of order) {
    const from = at;
    body[at++] = 0x5b; // [
    for (let f = 0; f < nFields; f++) {
      const first = starts[t * nFields + f]!;
      const last = starts[t * nFields + f + 1]!;
      if (first === last) continue;
      if (at > from + 1) body[at++] = 0x2c; // ,
      at = digits(body, at, f);
      body[at++] = 0x2c;
      at = digits(body, at, last - first);
      for (let i = first * 2; i < last * 2; i++) {
        body[at++] = 0x2c;
        at = digits(body, at, sorted[i]!);
      }
    }
    body[at++] = 0x5d; // ]
    sums.push(crc32(body.subarray(from, at)));
    offsets.push(at);
  }
  if (at !== size) throw new Error(`postings of ${at} bytes, counted ${size}`);
  return { terms: order.map((t) => terms[t]!), body, offsets, sums };
}

/**
 * The decimal digits of the numbers below 10,000 (local ids and counts mostly are), four bytes each, left-aligned.
 * Writing the 14 million numbers of the postings of 100,000 records (ids below 5,000, counts of 1 to 3, in one
 * process): 161-219 ms copied from here, 319-342 ms computed digit by digit.
 */
const SMALL = 10000;
const SMALL_DIGITS = new Uint8Array(4 * SMALL);
const SMALL_LENGTH = new Uint8Array(SMALL);

/** Fill SMALL_DIGITS and SMALL_LENGTH, once: when an index is first built (a search that reads kept ones has no use
 * for them). */
function smallDigits(): void {
  if (SMALL_LENGTH[0] !== 0) return;
  for (let x = 0; x < SMALL; x++) {
    const text = String(x);
    SMALL_LENGTH[x] = text.length;
    for (let k = 0; k < text.length; k++) SMALL_DIGITS[4 * x + k] = text.charCodeAt(k);
  }
}

/** How many decimal digits the non-negative integer `x` has. */
function decimalLength(x: number): number {
  if (x < SMALL) return SMALL_LENGTH[x]!;
  let n = 0;
  for (let y = x; y > 0; y = Math.floor(y / 10)) n++;
  return n;
}

/** Write the non-negative integer `x` in decimal into `buf` at `at`; returns where it ends. */
function digits(buf: Buffer, at: number, x: number): number {
  if (x < SMALL) {
    const length = SMALL_LENGTH[x]!;
    for (let k = 0; k < length; k++) buf[at + k] = SMALL_DIGITS[4 * x + k]!;
    return at + length;
  }
  let end = at;
  for (let y = x; y > 0; y = Math.floor(y / 10)) end++;
  for (let k = end - 1, y = x; k >= at; k--, y = Math.floor(y / 10)) buf[k] = 48 + (y % 10);
  return end;
}

/** A shard's kept index (as `name` for files of fingerprint `fp`) when it holds `count` documents of the fields
 * searched, or undefined. */
function keptIndex(archive: Archive, name: string, fp: string, count: number): ShardIndex | undefined {
  const index = archive.cache.searchIndex(name, fp);
  if (index && index.header.count === count && Object.keys(index.header.fieldIds).length === SEARCH_OPTIONS.fields.length) return index;
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

/** The query's terms, as MiniSearch makes them (its tokenizer and term processing). */
function queryTerms(query: string): string[] {
  return tokenize(query)
    .map((t) => processTerm(t))
    .filter((t) => t !== '');
}

/** Which of 32 buckets of characters (the code's low five bits: a to z apart) occur in `s`. */
function charMask(s: string): number {
  let mask = 0;
  for (let i = 0; i < s.length; i++) mask |= 1 << (s.charCodeAt(i) & 31);
  return mask;
}

function bits(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * Ranges of `terms` (sorted) that a search for `term` matches, as MiniSearch matches: the term itself, the terms it
 * begins (when prefix search applies to it) and those within its fuzzy (Levenshtein) distance.
 */
function termRanges(terms: readonly string[], term: string, masks: () => Int32Array): [number, number][] {
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
      // An edit adds or removes at most one character: a word with more than maxDistance buckets of characters
      // that the term lacks (or the other way) is further away, and its distance is not computed. The distances
      // were 22 of the 150 ms of a two-word search of 10,000 records (profiled).
      const all = masks();
      const mine = charMask(term);
      for (let i = 0; i < terms.length; i++) {
        if (i >= first && i < end) continue;
        const other = terms[i]!;
        if (Math.abs(other.length - term.length) > maxDistance) continue;
        if (bits(mine & ~all[i]!) > maxDistance || bits(all[i]! & ~mine) > maxDistance) continue;
        if (levenshtein(term, other, maxDistance) <= maxDistance) ranges.push([i, i + 1]);
      }
    }
  }
  return ranges;
}

/**
 * The postings in `si` of every term `words` can match, into `out` (ids counted from `base`). Throws when the
 * index turns out damaged, having added nothing.
 */
function collect(si: ShardIndex, words: readonly string[], base: number, out: Postings): void {
  const h = si.header;
  const n = h.count;
  const nFields = Object.keys(h.fieldIds).length;
  const mine = new Map<string, Int32Array[]>();
  let masks: Int32Array | undefined;
  const masksOf = (): Int32Array => {
    if (!masks) {
      masks = new Int32Array(h.terms.length);
      for (let i = 0; i < masks.length; i++) masks[i] = charMask(h.terms[i]!);
    }
    return masks;
  };
  for (const word of words) {
    for (const [from, to] of termRanges(h.terms, word, masksOf)) {
      const texts = si.postings(from, to);
      for (let i = from; i < to; i++) {
        const term = h.terms[i]!;
        if (mine.has(term)) continue;
        const flat = JSON.parse(texts[i - from]!) as unknown;
        if (!Array.isArray(flat)) throw new Error('damaged postings');
        const perField: Int32Array[] = [];
        for (let k = 0; k < flat.length; ) {
          const fieldId = flat[k++] as number;
          const count = flat[k++] as number;
          if (!(fieldId >= 0 && fieldId < nFields && count >= 0 && k + 2 * count <= flat.length)) throw new Error('damaged postings');
          const list = (perField[fieldId] = new Int32Array(count * 2));
          for (let c = 0; c < count; c++, k += 2) {
            const local = flat[k] as number;
            const freq = flat[k + 1] as number;
            if (!(Number.isInteger(local) && local >= 0 && local < n && Number.isInteger(freq) && freq > 0 && freq <= 0x7fffffff)) throw new Error('damaged postings');
            list[2 * c] = base + local;
            list[2 * c + 1] = freq;
          }
        }
        mine.set(term, perField);
      }
    }
  }
  // Shards come in order, so each shard's list added as a chunk keeps a term's documents in id order. Chunks of
  // 32-bit integers, not one list of numbers copied together: a server's search of 100,000 records left such lists
  // (in V8's old space, freed only by a full collection, which V8 puts off) on each search, and its resident size
  // grew by 35 MiB every 8 searches to 1.1-1.6 GiB; the lists' bytes are now outside V8's heap, which counts them
  // towards its next full collection.
  for (const [term, perField] of mine) {
    let all = out.get(term);
    if (!all) out.set(term, (all = []));
    perField.forEach((list, f) => {
      (all[f] ??= []).push(list);
    });
  }
}

/**
 * The postings of the query's terms across the archive: per term, per field id, a chunk per shard holding the term,
 * each [globalId, freq, ...] in id order, the chunks in shard order. Global ids count the records of the shards in
 * order.
 */
type Postings = Map<string, Int32Array[][]>;

/** MiniSearch's default search weights of prefix and fuzzy matches (defaultSearchOptions.weights). */
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;
/** MiniSearch's default BM25+ parameters (defaultBM25params). */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/**
 * The ids of the documents matching every word, best first: MiniSearch's ranking (MiniSearch 7.2, `search` with
 * SEARCH_OPTIONS), computed from the postings. Each word scores the documents of its own term (weight 1), of the
 * longer terms it begins (prefix weight) and of the terms within its fuzzy distance (fuzzy weight), field by field,
 * with BM25+ over the whole archive; the words' scores add up, times the number of distinct words. Equal scores keep
 * the order in which the last word met their documents, as MiniSearch's stable sort does.
 *
 * Giving MiniSearch these postings (loadJS) and searching took 60-110 ms of a 450-500 ms search of 10,000 records
 * when most records match (it makes maps and a result object per document); this takes about 20 ms (8 profiled
 * runs of that search on an idle machine; 20-55 ms on a loaded one). The tests compare the rankings with
 * MiniSearch's own index of the same records.
 */
function rank(
  words: readonly string[],
  postings: Postings,
  count: number,
  fieldIds: Record<string, number>,
  avg: readonly number[],
  /** Field lengths, `nFields` per document. */
  lengths: Int32Array,
): Int32Array {
  const nFields = avg.length;
  const { boost, prefix, fuzzy, maxFuzzy } = SEARCH_OPTIONS.searchOptions;
  const fields = SEARCH_OPTIONS.fields;
  const boosts = fields.map((f) => (boost as Record<string, number>)[f] || 1);
  const candidates = [...postings.keys()].sort();
  let total: Float64Array | undefined;
  let inTotal: Uint8Array | undefined;
  let order = new Int32Array(0);
  for (const word of words) {
    // The terms this word matches, with their weights, in MiniSearch's order: itself, then prefix, then fuzzy.
    const variants: [string, number][] = [];
    if (postings.has(word)) variants.push([word, 1]);
    const isPrefix = prefix(word);
    if (isPrefix) {
      for (const term of candidates) {
        if (term.length > word.length && term.startsWith(word)) variants.push([term, (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * (term.length - word.length))]);
      }
    }
    const f = fuzzy(word);
    if (f !== false) {
      const maxDistance = f < 1 ? Math.min(maxFuzzy, Math.round(word.length * f)) : f;
      if (maxDistance > 0) {
        for (const term of candidates) {
          if (term === word || (isPrefix && term.startsWith(word))) continue;
          const distance = levenshtein(word, term, maxDistance);
          if (distance <= maxDistance) variants.push([term, (FUZZY_WEIGHT * term.length) / (term.length + distance)]);
        }
      }
    }
    const score = new Float64Array(count);
    const met = new Uint8Array(count);
    // The documents in the order this word met them: typed arrays, as every list of this function, so that a
    // search leaves nothing in V8's space for large objects (see collect).
    const seen = new Int32Array(count);
    let nSeen = 0;
    for (const [term, weight] of variants) {
      const perField = postings.get(term)!;
      for (let fi = 0; fi < fields.length; fi++) {
        const fieldId = fieldIds[fields[fi]!]!;
        const chunks = perField[fieldId];
        if (!chunks) continue;
        let matching = 0;
        for (const list of chunks) matching += list.length / 2;
        const avgLength = avg[fieldId]!;
        const idf = Math.log(1 + (count - matching + 0.5) / (matching + 0.5));
        for (const list of chunks) {
          for (let k = 0; k < list.length; k += 2) {
            const doc = list[k]!;
            const tf = list[k + 1]!;
            // calcBM25Score, operation for operation.
            const raw = idf * (BM25.d + (tf * (BM25.k + 1)) / (tf + BM25.k * (1 - BM25.b + (BM25.b * lengths[doc * nFields + fieldId]!) / avgLength)));
            const weighted = weight * boosts[fi]! * raw;
            if (met[doc] === 0) {
              met[doc] = 1;
              seen[nSeen++] = doc;
              score[doc] = weighted;
            } else score[doc]! += weighted;
          }
        }
      }
    }
    if (!total) {
      total = score;
      order = seen.subarray(0, nSeen);
      inTotal = met;
      continue;
    }
    // AND: the documents both words met, in this word's order, their scores added.
    const sum = new Float64Array(count);
    const both = new Uint8Array(count);
    const kept = new Int32Array(nSeen);
    let nKept = 0;
    for (let i = 0; i < nSeen; i++) {
      const doc = seen[i]!;
      if (inTotal![doc] === 0) continue;
      kept[nKept++] = doc;
      both[doc] = 1;
      sum[doc] = total[doc]! + score[doc]!;
    }
    total = sum;
    order = kept.subarray(0, nKept);
    inTotal = both;
  }
  if (!total) return new Int32Array(0);
  const quality = new Set(words).size;
  // Best first; equal scores in `order`'s order, as MiniSearch's stable sort leaves them.
  const scores = new Float64Array(order.length);
  const positions = new Uint32Array(order.length);
  for (let i = 0; i < order.length; i++) {
    scores[i] = total[order[i]!]! * quality;
    positions[i] = i;
  }
  positions.sort((a, b) => scores[b]! - scores[a]! || a - b);
  const ranked = new Int32Array(order.length);
  for (let i = 0; i < positions.length; i++) ranked[i] = order[positions[i]!]!;
  return ranked;
}

/** The records of `archive` matching every word of `query`, best first, limited to those `keep` accepts. */
/**
 * Shard indexes held in memory between the searches of one archive (a server's, which answers many from the
 * archive it holds): filled by the first search, by shard and fingerprint. Without it each search reads the kept
 * index's header (every term) again from the cache.
 */
export type SearchMemo = Map<string, ShardIndex>;

export function searchArchive(
  archive: Archive,
  query: string,
  keep: (r: LoadedRecord) => boolean = () => true,
  shardSize = SHARD_SIZE,
  memo?: SearchMemo,
): LoadedRecord[] {
  // A search over some years only (the archive read for them: Archive.scope) ranks among their records, and keeps
  // their index under names of its own; only a search of the whole archive removes what is no longer of use.
  const family = `search${INDEX_VERSION}-${archive.scope ? `in${archive.scope.years.join('+')}-` : ''}`;
  const kept = new Set<string>();
  const words = queryTerms(query);
  const all = shards(archive.records, shardSize);
  const nFields = SEARCH_OPTIONS.fields.length;

  const postings: Postings = new Map();
  const headers: { base: number; header: Header }[] = [];
  const totalLength = new Array<number>(nFields).fill(0);
  let base = 0;
  for (const shard of all) {
    const name = family + shard.name;
    const fp = archive.cache.onDisk ? archive.fingerprintOf(shard.records.map((r) => r.file)) : undefined;
    if (fp) kept.add(`${name}-${fp}`);
    let h: Header | undefined;
    const held = memo?.get(`${name}-${fp ?? ''}`);
    if (held) {
      collect(held, words, base, postings);
      h = held.header;
    }
    const keptOne = !h && fp ? keptIndex(archive, name, fp, shard.records.length) : undefined;
    if (keptOne) {
      try {
        // Held for the next search: every term's postings read (and checked) now, once.
        const one = memo ? inMemory({ header: keptOne.header, body: Buffer.from(keptOne.postings(0, keptOne.header.terms.length).join(''), 'latin1') }) : keptOne;
        collect(one, words, base, postings);
        h = one.header;
        memo?.set(`${name}-${fp}`, one);
      } catch {
        // A kept index that turns out damaged is built again below (and kept anew).
      } finally {
        keptOne.close();
      }
    }
    if (!h) {
      const built = keptIndexOf(shard.records);
      if (fp) archive.cache.keepSearchIndex(name, fp, built);
      const one = inMemory(built);
      memo?.set(`${name}-${fp ?? ''}`, one);
      collect(one, words, base, postings);
      h = built.header;
    }
    headers.push({ base, header: h });
    for (let f = 0; f < nFields; f++) totalLength[f]! += (h.avg[f] ?? 0) * h.count;
    base += h.count;
  }
  if (!archive.scope) archive.cache.pruneSearchIndexes('search', kept);
  phase(`search: postings of ${postings.size} terms, ${all.length} shards`);
  if (base === 0 || words.length === 0) return [];
  // One shard: its own averages, as computed by MiniSearch; several: the archive's, from each shard's.
  const avg = headers.length === 1 ? headers[0]!.header.avg : totalLength.map((t) => t / base);
  // The field lengths of every document, in one array (a document's shard found once, not per posting).
  const lengths = new Int32Array(base * nFields);
  for (const { base: from, header } of headers) lengths.set(header.lengths, from * nFields);
  const found = rank(words, postings, base, headers[0]!.header.fieldIds, avg, lengths);
  phase(`search: ${found.length} found`);
  const ordered = all.length === 1 ? all[0]!.records : all.flatMap((s) => s.records);
  const out: LoadedRecord[] = [];
  for (const id of found) {
    const r = ordered[id];
    if (r && keep(r)) out.push(r);
  }
  return out;
}
