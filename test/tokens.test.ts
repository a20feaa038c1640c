import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { TokenTable, tokenize } from '../src/tokens.js';

const minisearch = MiniSearch.getDefault('tokenize') as (text: string) => string[];

/** Pieces of text: letters, every kind of separator MiniSearch cuts at, symbols it does not, surrogates. */
const PIECES = [
  'a', 'Water', 'rivers', 'ÿ', 'ß', 'İ', '中', '文', '\u0301', '1', '0', '$', '+', '<', '^', '`', '|', '~', '©',
  ' ', '\n', '\r', '\t', '\u00a0', '\u2003', '\u3000', '\u2028', '\u2029',
  '.', ',', '-', '_', '—', '“', '”', '’', '«', '»', '。', '，', '、', '!', '?', '(', ')', '[', ']', '{', '}', '/', '\\', '#', '%', '&', '*', '@', ':', ';', '"', "'",
  '\ud83d\ude00', '\ud800', '\udc00', '\ud800\ud800', '\u{10100}', '\u{1F31F}', '\u{16FE2}',
];

describe('tokens', () => {
  it('are cut as MiniSearch cuts them, on 20,000 random texts and the edge cases', () => {
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const texts = ['', ' ', '.', 'a', ' a', 'a ', '..a..b..', 'a\ud83d', '\ude00a'];
    for (let i = 0; i < 20000; i++) texts.push(Array.from({ length: Math.floor(next() * 12) }, () => PIECES[Math.floor(next() * PIECES.length)]).join(''));
    for (const text of texts) expect(tokenize(text), JSON.stringify(text)).toEqual(minisearch(text));
  });

  it('are numbered once each, across texts and after the table grows', () => {
    const table = new TokenTable();
    const ids: number[] = [];
    const words = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}`);
    table.scan(words.join(' '), ids);
    expect(ids).toEqual(words.map((_, i) => i));
    table.scan(`${words[4999]}, ${words[0]}; new`, ids);
    expect(ids).toEqual([4999, 0, 5000]);
    expect(table.tokens.length).toBe(5001);
    expect(table.tokens[5000]).toBe('new');
  });
});
