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
  const table = new TokenTable();
  const count = table.scan(text);
  const out = new Array<string>(count);
  for (let k = 0; k < count; k++) out[k] = table.tokens[table.ids[k]!]!;
  return out;
}

/**
 * FNV-1a's offset basis, as a 32-bit signed integer like every hash it starts (Math.imul's): the hash of the empty
 * token is then kept as it is computed, where 0x811c9dc5 itself, above 2^31, is not.
 */
const BASIS = 0x811c9dc5 | 0;

/** The hash `scan` gives the characters `text[start, end)`. */
function hashOf(text: string, start: number, end: number): number {
  let hash = BASIS;
  for (let k = start; k < end; k++) hash = Math.imul(hash ^ text.charCodeAt(k), 0x01000193);
  return hash;
}

/** Distinct tokens, each numbered when first met. */
export class TokenTable {
  /** The tokens, by number. */
  readonly tokens: string[] = [];
  /**
   * The numbers of the tokens of the text last scanned, in order (the first `scan()` of them). One array for every
   * text, grown as needed: a list emptied and refilled for each field of each record (`length = 0` drops its
   * storage) took longer than the whole count of its numbers (see scan).
   */
  ids = new Int32Array(256);
  /**
   * Open addressing, two numbers a slot: the token's number + 1 (0 for none) and its hash, so that a slot that
   * is not the token is passed over without reading anything else.
   */
  private slots = new Int32Array(2048);
  /** The number of slots - 1. */
  private mask = 1023;

  /**
   * Numbers the tokens of `text`, in order, into `ids` and returns how many there are (MiniSearch's tokens, empty
   * ones included; a run of CJK characters as its characters and pairs: "ab特色" gives ab, 特, 特色, 色).
   *
   * The letters and separators of ASCII are read in loops of their own, without a call: a token's letters, then
   * the separators after it. Scanning the four fields of 20,000 records (add style, 3.5 million tokens, 24 million
   * characters) took 368-435 ms of CPU (the least of 9 runs, in 2 processes) a character at a time into a list,
   * comparing with the tokens' strings; these loops, `ids` and `chars` take 240-252 ms.
   */
  scan(text: string): number {
    const n = text.length;
    this.count = 0;
    let start = 0;
    let hash = BASIS;
    // The token in progress had a CJK run taken out of it: what is left of it is a token only if not empty.
    let hadCjk = false;
    let i = 0;
    for (;;) {
      // The token's characters, up to a separator or the end.
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c < 128) {
          if (ASCII[c] !== 0) break;
        } else {
          if (separatorAt(text, i) !== 0) break;
          if (c >= 0x1100 && cjkAt(text, i) > 0) {
            if (i > start) this.put(this.idOf(text, start, i, hash));
            i = this.cjkRun(text, i);
            hadCjk = true;
            start = i;
            hash = BASIS;
            continue;
          }
        }
        hash = Math.imul(hash ^ c, 0x01000193);
        i++;
      }
      if (i > start || !hadCjk) this.put(this.idOf(text, start, i, hash));
      if (i >= n) return this.count;
      // A run of separators is one cut.
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c < 128) {
          if (ASCII[c] === 0) break;
          i++;
        } else {
          const w = separatorAt(text, i);
          if (w === 0) break;
          i += w;
        }
      }
      start = i;
      hash = BASIS;
      hadCjk = false;
    }
  }

  /** How many of `ids` the text being scanned has so far. */
  private count = 0;

  /** Put `id` next in `ids`. */
  private put(id: number): void {
    if (this.count === this.ids.length) {
      const grown = new Int32Array(this.count * 2);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[this.count++] = id;
  }

  /**
   * The CJK run starting at `i`: each character, then the pair it makes with the next, put next in `ids`. Returns
   * where the run ends.
   */
  private cjkRun(text: string, i: number): number {
    let prev = -1;
    for (let w = cjkAt(text, i); w > 0; w = i < text.length ? cjkAt(text, i) : 0) {
      if (prev >= 0) this.put(this.idOf(text, prev, i + w, hashOf(text, prev, i + w)));
      this.put(this.idOf(text, i, i + w, hashOf(text, i, i + w)));
      prev = i;
      i += w;
    }
    return i;
  }

  /** The number of the token `text[start, end)` of hash `hash`, numbering it if new. */
  private idOf(text: string, start: number, end: number, hash: number): number {
    const length = end - start;
    const slots = this.slots;
    const mask = this.mask;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[2 * slot]!;
      if (entry === 0) break;
      if (slots[2 * slot + 1] !== hash) continue;
      const id = entry - 1;
      const from = this.starts[id]!;
      if (this.starts[id + 1]! - from !== length) continue;
      const chars = this.chars;
      let k = 0;
      while (k < length && chars[from + k] === text.charCodeAt(start + k)) k++;
      if (k === length) return id;
    }
    const id = this.tokens.length;
    this.tokens.push(text.slice(start, end));
    this.keep(id, text, start, end);
    // At most half full: a miss ends at an empty slot soon.
    if ((id + 1) * 4 > this.slots.length) this.grow();
    this.place(id, hash);
    return id;
  }

  /**
   * The characters of each token, one after another: token `id` is `chars[starts[id], starts[id + 1])`. A token met
   * again is compared with these rather than with its string (`tokens[id]`): a string's characters are read
   * through its kind (a slice of a text, one or two bytes a character), and comparing with the strings took 40%
   * of the time of scanning (see scan).
   */
  private chars = new Uint16Array(4096);
  private starts = new Int32Array(1024);

  /** Keep the characters of the new token `id`, `text[start, end)`. */
  private keep(id: number, text: string, start: number, end: number): void {
    if (id + 2 > this.starts.length) {
      const grown = new Int32Array(this.starts.length * 2);
      grown.set(this.starts);
      this.starts = grown;
    }
    let at = this.starts[id]!;
    if (at + end - start > this.chars.length) {
      const grown = new Uint16Array(Math.max(this.chars.length * 2, at + end - start));
      grown.set(this.chars);
      this.chars = grown;
    }
    for (let k = start; k < end; k++) this.chars[at++] = text.charCodeAt(k);
    this.starts[id + 1] = at;
  }

  private place(id: number, hash: number): void {
    let slot = hash & this.mask;
    while (this.slots[2 * slot] !== 0) slot = (slot + 1) & this.mask;
    this.slots[2 * slot] = id + 1;
    this.slots[2 * slot + 1] = hash;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = this.slots.length / 2 - 1;
    for (let s = 0; s < old.length; s += 2) if (old[s] !== 0) this.place(old[s]! - 1, old[s + 1]!);
  }
}
