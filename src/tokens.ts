// The words of a text as MiniSearch's default tokenizer cuts them (`text.split(/[\n\r\p{Z}\p{P}]+/u)`), with
// Chinese, Japanese and Korean cut as Lucene's CJK analyzer cuts them (CJKBigramFilter with its unigrams): a run of
// those characters within a word is taken out of it and gives each character and each pair of neighbours, so that
// 小镇 finds 特色小镇 (its terms 特, 特色, 色, 色小, 小, 小镇, 镇). Languages written without spaces have no words
// to cut at; the pairs are what a query of any part of the text matches, and the single characters what a
// one-character query matches. Numbered without making a string of each: building the search index of 100,000 records cuts about 20 million tokens, and
// splitting with the regular expression, then looking each token up in a Map, took 6.4 of the 16 s it took.
//
// A `TokenTable` reads a text character by character, hashes each token as it goes and finds it in its own table
// by comparing characters: a string is made only for a token seen for the first time. The tests compare the tokens
// with MiniSearch's tokenizer on texts of every kind of separator, surrogate pairs and lone surrogates.

/** MiniSearch's SPACE_OR_PUNCTUATION (not exported by it), for one code point. */
const SEPARATOR = /^[\n\r\p{Z}\p{P}]$/u;

/**
 * Han (with its extensions and compatibility ideographs), Hiragana, Katakana (and its half-width forms), Hangul
 * syllables and jamo, with the iteration mark 々 and the prolonged sound marks ー and ｰ (common to the scripts,
 * part of their words): what Lucene's CJK analyzer cuts into pairs.
 */
const CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3005\u30fc\uff70]$/u;

/** 1 where an ASCII character separates words. */
const ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII[c] = SEPARATOR.test(String.fromCharCode(c)) ? 1 : 0;

/** Code points above ASCII met so far: what each is (WORD, SEP or CJK). */
const WIDE = new Map<number, number>();
const WORD = 0;
const SEP = 1;
const CJK_CHAR = 2;

function wideKind(cp: number): number {
  let v = WIDE.get(cp);
  if (v === undefined) {
    const ch = String.fromCodePoint(cp);
    WIDE.set(cp, (v = SEPARATOR.test(ch) ? SEP : CJK.test(ch) ? CJK_CHAR : WORD));
  }
  return v;
}

function wideSeparator(cp: number): boolean {
  return wideKind(cp) === SEP;
}

/** How many UTF-16 units the CJK character at `i` takes (1 or 2), or 0 when it is not one. */
function cjkAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0x1100) return 0;
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return wideKind((c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000) === CJK_CHAR ? 2 : 0;
  }
  return wideKind(c) === CJK_CHAR ? 1 : 0;
}

/**
 * How many UTF-16 units the separator at `i` takes (1 or 2), or 0 when the character at `i` does not separate
 * words. A lone surrogate is a code point of its own, as the `u` flag reads it, and never a separator.
 */
function separatorAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return ASCII[c]!;
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return wideSeparator((c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000) ? 2 : 0;
  }
  return wideSeparator(c) ? 1 : 0;
}

/**
 * The tokens of `text`, as MiniSearch's default tokenizer gives them (empty ones included), each run of CJK
 * characters within a token given as its characters and their pairs (see above). The search's tokenizer, for the
 * index and the query alike.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  const table = new TokenTable();
  const ids: number[] = [];
  table.scan(text, ids);
  for (const id of ids) out.push(table.tokens[id]!);
  return out;
}

/** The hash `scan` gives the characters `text[start, end)`. */
function hashOf(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let k = start; k < end; k++) hash = Math.imul(hash ^ text.charCodeAt(k), 0x01000193);
  return hash;
}

/** Distinct tokens, each numbered when first met. */
export class TokenTable {
  /** The tokens, by number. */
  readonly tokens: string[] = [];
  private hashes: number[] = [];
  /** Open addressing: token number + 1 per slot, 0 for none. */
  private slots = new Int32Array(1024);
  private mask = 1023;

  /**
   * Sets `ids` to the numbers of the tokens of `text`, in order (MiniSearch's tokens, empty ones included; a run of
   * CJK characters as its characters and pairs: "ab特色" gives ab, 特, 特色, 色).
   */
  scan(text: string, ids: number[]): void {
    ids.length = 0;
    const n = text.length;
    let start = 0;
    let hash = 0x811c9dc5;
    // The token in progress had a CJK run taken out of it: what is left of it is a token only if not empty.
    let hadCjk = false;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      // Most characters are ASCII letters: tested here without a call.
      const width = c < 128 ? ASCII[c]! : separatorAt(text, i);
      if (width === 0) {
        if (c >= 0x1100 && cjkAt(text, i) > 0) {
          if (i > start) ids.push(this.idOf(text, start, i, hash));
          i = this.cjkRun(text, i, ids);
          hadCjk = true;
          start = i;
          hash = 0x811c9dc5;
          continue;
        }
        hash = Math.imul(hash ^ c, 0x01000193);
        i++;
        continue;
      }
      if (i > start || !hadCjk) ids.push(this.idOf(text, start, i, hash));
      // A run of separators is one cut.
      i += width;
      for (let w = i < n ? separatorAt(text, i) : 0; w > 0; w = i < n ? separatorAt(text, i) : 0) i += w;
      start = i;
      hash = 0x811c9dc5;
      hadCjk = false;
    }
    if (n > start || !hadCjk) ids.push(this.idOf(text, start, n, hash));
  }

  /** The CJK run starting at `i`: each character, then the pair it makes with the next. Returns where it ends. */
  private cjkRun(text: string, i: number, ids: number[]): number {
    let prev = -1;
    for (let w = cjkAt(text, i); w > 0; w = i < text.length ? cjkAt(text, i) : 0) {
      if (prev >= 0) ids.push(this.idOf(text, prev, i + w, hashOf(text, prev, i + w)));
      ids.push(this.idOf(text, i, i + w, hashOf(text, i, i + w)));
      prev = i;
      i += w;
    }
    return i;
  }

  /** The number of the token `text[start, end)` of hash `hash`, numbering it if new. */
  private idOf(text: string, start: number, end: number, hash: number): number {
    const length = end - start;
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) break;
      const id = entry - 1;
      if (this.hashes[id] !== hash) continue;
      const token = this.tokens[id]!;
      if (token.length !== length) continue;
      let k = 0;
      while (k < length && token.charCodeAt(k) === text.charCodeAt(start + k)) k++;
      if (k === length) return id;
    }
    const id = this.tokens.length;
    this.tokens.push(text.slice(start, end));
    this.hashes.push(hash);
    // At most half full: a miss ends at an empty slot soon.
    if ((id + 1) * 2 > this.slots.length) this.grow();
    else this.place(id, hash);
    return id;
  }

  private place(id: number, hash: number): void {
    let slot = hash & this.mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
    this.slots[slot] = id + 1;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    this.mask = this.slots.length - 1;
    for (let id = 0; id < this.tokens.length; id++) this.place(id, this.hashes[id]!);
  }
}
