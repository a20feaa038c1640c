import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { TokenTable, tokenize } from '../src/tokens.js';

const minisearchDefault = MiniSearch.getDefault('tokenize') as (text: string) => string[];

/** The scripts cut into characters and pairs (as src/tokens.ts says, written again here as the test's own). */
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3005\u30fc\uff70]/u;

/**
 * The reference: MiniSearch's default tokens, then each CJK run within a token given as Lucene's CJKBigramFilter
 * (with unigrams) gives it: each character, and each pair of neighbours; what is left of the token around the runs
 * stays a token when not empty.
 */
function reference(text: string): string[] {
  const out: string[] = [];
  for (const token of minisearchDefault(text)) {
    const chars = [...token];
    if (!chars.some((c) => CJK_CHAR.test(c))) {
      out.push(token);
      continue;
    }
    let word = '';
    let run: string[] = [];
    const flush = () => {
      if (word) out.push(word);
      word = '';
      run.forEach((c, k) => {
        if (k > 0) out.push(run[k - 1]! + c);
        out.push(c);
      });
      run = [];
    };
    for (const c of chars) {
      if (CJK_CHAR.test(c)) {
        if (word) {
          out.push(word);
          word = '';
        }
        run.push(c);
      } else {
        if (run.length) flush();
        word += c;
      }
    }
    flush();
  }
  return out;
}

/** Pieces of text: letters, every kind of separator MiniSearch cuts at, symbols it does not, surrogates. */
const PIECES = [
  'a', 'Water', 'rivers', 'ÿ', 'ß', 'İ', '中', '文', '\u0301', '1', '0', '$', '+', '<', '^', '`', '|', '~', '©',
  ' ', '\n', '\r', '\t', '\u00a0', '\u2003', '\u3000', '\u2028', '\u2029',
  '.', ',', '-', '_', '—', '“', '”', '’', '«', '»', '。', '，', '、', '!', '?', '(', ')', '[', ']', '{', '}', '/', '\\', '#', '%', '&', '*', '@', ':', ';', '"', "'",
  '\ud83d\ude00', '\ud800', '\udc00', '\ud800\ud800', '\u{10100}', '\u{1F31F}', '\u{16FE2}',
  // Chinese, Japanese, Korean: Han (an extension B character too), kana, the marks common to them, Hangul.
  '特色', '小镇', '镇', '国', 'の', 'カタカナ', 'ー', '々', 'ｶﾀ', '한국어', 'ᄀ', '\u{20B9F}', '㐀', '豈',
];

describe('tokens', () => {
  it('are MiniSearch\'s, with each CJK run as its characters and pairs, on 20,000 random texts and the edge cases', () => {
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const texts = ['', ' ', '.', 'a', ' a', 'a ', '..a..b..', 'a\ud83d', '\ude00a', '特', '特色小镇', 'ab特色cd', '。特色。', 'a特', '特a'];
    for (let i = 0; i < 20000; i++) texts.push(Array.from({ length: Math.floor(next() * 12) }, () => PIECES[Math.floor(next() * PIECES.length)]).join(''));
    for (const text of texts) expect(tokenize(text), JSON.stringify(text)).toEqual(reference(text));
  });

  it('outside CJK, are exactly MiniSearch\'s default tokens', () => {
    for (const text of ['', ' a ', 'Rural-finance reform, 2019.', 'a\ud83d', '\u{1F31F}x']) expect(tokenize(text)).toEqual(minisearchDefault(text));
  });

  it('cut a Chinese title into its characters and their pairs, as Lucene\'s CJK analyzer does', () => {
    expect(tokenize('特色小镇 (No.11)')).toEqual(['特', '特色', '色', '色小', '小', '小镇', '镇', 'No', '11', '']);
    expect(tokenize('小镇')).toEqual(['小', '小镇', '镇']);
    expect(tokenize('Small特色town')).toEqual(['Small', '特', '特色', '色', 'town']);
  });

  it('are numbered once each in a table, over 3,000 random texts of every kind (empty tokens, CJK, surrogates)', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const table = new TokenTable();
    const numbers = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const text = Array.from({ length: Math.floor(next() * 12) }, () => PIECES[Math.floor(next() * PIECES.length)]).join('');
      const count = table.scan(text);
      const tokens = [...table.ids.subarray(0, count)].map((id) => table.tokens[id]);
      expect(tokens, JSON.stringify(text)).toEqual(reference(text));
      for (const id of table.ids.subarray(0, count)) {
        const token = table.tokens[id]!;
        expect(numbers.get(token) ?? id, JSON.stringify(token)).toBe(id);
        numbers.set(token, id);
      }
    }
    expect(table.tokens.length).toBe(numbers.size);
  });

  it('are numbered once each, across texts and after the table grows', () => {
    const table = new TokenTable();
    const words = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}`);
    // 5000 numbers: more than `ids` holds at first.
    let count = table.scan(words.join(' '));
    expect([...table.ids.subarray(0, count)]).toEqual(words.map((_, i) => i));
    count = table.scan(`${words[4999]}, ${words[0]}; new`);
    expect([...table.ids.subarray(0, count)]).toEqual([4999, 0, 5000]);
    expect(table.tokens.length).toBe(5001);
    expect(table.tokens[5000]).toBe('new');
  });
});
