import { readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keptIndexOf, processTerm, searchArchive, shards, SHARD_SIZE } from '../src/search.js';
import { buildIndex, searchRecords } from './search-reference.js';
import MiniSearch from 'minisearch';
import type { Archive } from '../src/store/archive.js';
import type { LoadedRecord } from '../src/model/record.js';
import { NULL_CACHE, RecordCache } from '../src/store/cache/index.js';
import { inMemory } from '../src/store/cache/search-index.js';
import { tempDir } from './helpers.js';

/** In-memory records: `n` regular reports spread over years from 1990, `perYear` a year, with `fields(i)`. */
function make(n: number, perYear: number, fields: (i: number) => Record<string, unknown>): LoadedRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const year = 1990 + Math.floor(i / perYear);
    const number = (i % perYear) + 1;
    return {
      id: `${year}-R${number}`,
      file: `${year}/regular-${String(number).padStart(3, '0')}.yaml`,
      record: { authors: ['Li Na'], series: 'Research Report', kind: 'regular', number, year, ...fields(i) },
      positions: { keys: {}, values: {} },
    } as LoadedRecord;
  });
}

/** One matching word per record where asked. */
const records = (n: number, perYear: number, word: (i: number) => string) =>
  make(n, perYear, (i) => ({ title: `Report ${i} on ${word(i)}`, abstract: `An abstract about item${i}.` }));

const archiveOf = (recs: LoadedRecord[], cache?: RecordCache): Archive => ({
  dir: '/nowhere',
  records: recs,
  problems: [],
  files: recs.length,
  fingerprint: 'x',
  fingerprintOf: (files) => `${files.length}-${files[0] ?? ''}`.replace(/[^\w-]/g, '_'),
  cache: cache ?? NULL_CACHE,
});

/** Reports of varied text (a fixed pseudo-random choice of words), so that their scores differ. */
function variedRecords(n: number, perYear: number): LoadedRecord[] {
  const words = ['rivers', 'river', 'rivera', 'lakes', 'glaciers', 'water', 'policy', 'rural', 'credit', 'reform', 'towns', 'delta', 'basin', 'irrigation', 'drought'];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const text = (k: number) => Array.from({ length: k }, () => words[Math.floor(next() * next() * words.length)]).join(' ');
  return make(n, perYear, (i) => ({ title: text(3 + (i % 5)), authors: [i % 3 ? 'Li Na' : 'Zhang Wei'], abstract: text(10 + (i % 23)), keywords: [text(1)] }));
}

/** A record cache in a new folder, used only for the search index here. */
function tempCache(): { root: string; cache: RecordCache } {
  const root = tempDir('reports-search-');
  const cache = new RecordCache(root, '/nowhere', () => {
    throw new Error('no record is read again in these tests');
  });
  return { root, cache };
}

const QUERIES = ['rivers', 'river', 'riv', 'rivres', 'rural credit', 'glaciers water', 'zhang drought', 'nothing-like-this', 'basin'];

describe('search shards', () => {
  it('keep whole years together, oldest first, at least SHARD_SIZE records each, and the newest year alone', () => {
    const recs = records(SHARD_SIZE * 2 + 1500, 1000, () => 'water');
    const s = shards(recs);
    expect(s.map((x) => x.records.length)).toEqual([SHARD_SIZE, SHARD_SIZE, 1000, 500]);
    expect(s.map((x) => x.name)).toEqual(['1990-1994', '1995-1999', '2000-2000', '2001']);
    for (const shard of s) expect(shard.records.every((r) => r.record.year >= Number(shard.name.slice(0, 4)))).toBe(true);
    expect(shards(records(30, 10, () => 'x')).map((x) => x.name)).toEqual(['1990-1991', '1992']);
    expect(shards(records(5, 10, () => 'x')).map((x) => x.name)).toEqual(['1990']);
    expect(shards([])).toEqual([]);
  });

  it('rebuild only the newest year’s index when a report is added to it', () => {
    // 590 records, 40 a year: 1990 to 2004, which has 30; the 591st goes into 2004.
    const recs = variedRecords(590, 40);
    const { root, cache } = tempCache();
    searchArchive(archiveOf(recs, cache), 'rivers', undefined, 100);
    const before = new Map(readdirSync(root).map((f) => [f, statSync(path.join(root, f)).mtimeMs]));
    const added = variedRecords(591, 40);
    expect(searchArchive(archiveOf(added, cache), 'rivers', undefined, 100).map((r) => r.id)).toEqual(searchRecords(added, 'rivers').map((r) => r.id));
    const after = readdirSync(root);
    const rebuilt = after.filter((f) => !before.has(f));
    expect(rebuilt).toHaveLength(1);
    expect(rebuilt[0]).toMatch(/\.search\d+-2004-/);
    for (const f of after.filter((f) => before.has(f))) expect(statSync(path.join(root, f)).mtimeMs).toBe(before.get(f));
  });

  it('find matches in every shard, best first, and apply the filter', () => {
    // Every 1000th record is about "glaciers"; one of them twice (it ranks first).
    const recs = records(SHARD_SIZE * 2 + 500, 1000, (i) => (i % 1000 === 0 ? (i === 6000 ? 'glaciers glaciers' : 'glaciers') : 'water'));
    const found = searchArchive(archiveOf(recs), 'glaciers');
    expect(found).toHaveLength(11);
    expect(found[0]!.id).toBe('1996-R1');
    expect(new Set(found.map((r) => r.record.year)).size).toBe(11);
    const only1990s = searchArchive(archiveOf(recs), 'glaciers', (r) => r.record.year < 2000);
    expect(only1990s.map((r) => r.record.year).sort()).toEqual([1990, 1991, 1992, 1993, 1994, 1995, 1996, 1997, 1998, 1999]);
  });

  it('rank as one index does on an archive of one shard', () => {
    const recs = records(300, 100, (i) => (i % 7 === 0 ? 'rivers and lakes' : i % 3 === 0 ? 'rivers' : 'mountains'));
    const one = searchRecords(recs, 'rivers').map((r) => r.id);
    expect(searchArchive(archiveOf(recs), 'rivers').map((r) => r.id)).toEqual(one);
  });

  it('rank across shards exactly as one index over the whole archive (exact, prefix and fuzzy matches)', () => {
    const recs = variedRecords(600, 40);
    for (const q of QUERIES) {
      const one = searchRecords(recs, q).map((r) => r.id);
      expect(searchArchive(archiveOf(recs), q, undefined, 100).map((r) => r.id), q).toEqual(one);
    }
    expect(searchRecords(recs, 'rivers').length).toBeGreaterThan(50);
  });

  it('rank as MiniSearch does for 60 random queries of one to three words, repeated words included', () => {
    const recs = variedRecords(1500, 120);
    const words = ['rivers', 'river', 'riv', 'rivres', 'rural', 'rurla', 'credit', 'cred', 'water', 'wat', 'policy', 'polcy', 'reform', 'towns', 'delta', 'basin', 'irrigation', 'irigation', 'drought', 'zhang', 'li'];
    let seed = 3;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 60; i++) {
      const q = Array.from({ length: 1 + Math.floor(next() * 3) }, () => words[Math.floor(next() * words.length)]).join(' ');
      const one = searchRecords(recs, q).map((r) => r.id);
      expect(searchArchive(archiveOf(recs), q, undefined, 300).map((r) => r.id), q).toEqual(one);
    }
    expect(searchArchive(archiveOf(recs), 'rural rural', undefined, 300).map((r) => r.id)).toEqual(searchRecords(recs, 'rural rural').map((r) => r.id));
  });

  it('keep each shard’s index in the cache, read it back, and build again one that is damaged', () => {
    const recs = variedRecords(600, 40);
    const { root, cache } = tempCache();
    const expected = new Map(QUERIES.map((q) => [q, searchRecords(recs, q).map((r) => r.id)]));
    const ids = (q: string) => searchArchive(archiveOf(recs, cache), q, undefined, 100).map((r) => r.id);
    for (const q of QUERIES) expect(ids(q), q).toEqual(expected.get(q)); // builds, then reads the kept shards
    const kept = readdirSync(root).filter((f) => f.endsWith('.index'));
    expect(kept).toHaveLength(shards(recs, 100).length);
    const keptText = (f: string) => readFileSync(path.join(root, f), 'latin1');
    const before = new Map(kept.map((f) => [f, keptText(f)]));

    // Truncated postings, a damaged header, postings that name documents the shard does not have, an empty file,
    // and postings still well-formed but changed (a count of 1 made 2: only their checksum tells).
    const [a, b, c, d, e] = kept as [string, string, string, string, string];
    truncateSync(path.join(root, a), before.get(a)!.length - 40);
    writeFileSync(path.join(root, b), before.get(b)!.replace('"count"', '"cuont"'), 'latin1');
    const postingsStart = (text: string) => text.indexOf('\n', text.indexOf('\n') + 1) + 1;
    const text = before.get(c)!;
    const renumbered = text.slice(postingsStart(text)).replace(/\[(\d),(\d+),(\d+)/g, (_, f: string, n: string, id: string) => `[${f},${n},${'9'.repeat(id.length + 3)}`);
    writeFileSync(path.join(root, c), text.slice(0, postingsStart(text)) + renumbered, 'latin1');
    writeFileSync(path.join(root, d), '');
    const other = before.get(e)!;
    const changed = other.slice(postingsStart(other)).replace(/,1\]/g, ',2]');
    expect(changed).not.toBe(other.slice(postingsStart(other)));
    writeFileSync(path.join(root, e), other.slice(0, postingsStart(other)) + changed, 'latin1');
    for (const q of QUERIES) expect(ids(q), q).toEqual(expected.get(q));
    // Each damaged index was built again and kept anew.
    for (const f of kept) expect(keptText(f), f).toBe(before.get(f));
  });

  it('remove kept indexes of earlier sets of files and earlier forms', () => {
    const recs = variedRecords(300, 40);
    const { root, cache } = tempCache();
    searchArchive(archiveOf(recs, cache), 'rivers', undefined, 100);
    const first = readdirSync(root).sort();
    const old = first[0]!.replace(/search\d+-.*$/, 'search1-1990-1999-0123456789abcdef0123.json');
    writeFileSync(path.join(root, old), '{}');
    searchArchive(archiveOf(recs.slice(0, 290), cache), 'rivers', undefined, 100);
    const second = readdirSync(root).sort();
    expect(second).not.toContain(old);
    // The shards whose files did not change keep their index; the newest year's, with fewer files, has a new one.
    expect(second.filter((f) => first.includes(f))).toHaveLength(first.length - 1);
    expect(second).toHaveLength(first.length);
  });
});

/** Reports in Chinese, Japanese and Korean (and some English), drawn from a fixed pseudo-random choice of words. */
function cjkRecords(n: number, perYear: number, seed0: number): { recs: LoadedRecord[]; words: string[] } {
  const words = ['特色小镇', '小镇', '乡村振兴', '振兴', '数字经济', '经济', '金融', '改革', '国有企业', '农村土地', '土地', '地方政府', '债务', '发展', '研究', '城镇化', 'デジタル経済', 'カタカナ', 'の', '地方', '한국', '경제', '정책', 'rural', 'reform', '𠮟責'];
  let seed = seed0;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = () => words[Math.floor(next() * next() * words.length)]!;
  // Words run together (no spaces, as Chinese is written) or apart, with Chinese punctuation between some.
  const text = (k: number) => Array.from({ length: k }, () => pick() + (next() < 0.3 ? ' ' : next() < 0.2 ? '，' : '')).join('');
  const recs = make(n, perYear, (i) => ({ title: text(2 + (i % 4)), authors: [i % 3 ? '张晓欢' : 'Li Na'], abstract: text(6 + (i % 17)), keywords: [pick(), pick()] }));
  return { recs, words };
}

describe('Chinese, Japanese and Korean text', () => {
  it('is found by any part: 小镇 finds 特色小镇, a single character finds its words', () => {
    const recs = make(3, 10, (i) => ({ title: ['特色小镇的发展', '乡村振兴战略', 'Small towns'][i] }));
    const ids = (q: string) => searchArchive(archiveOf(recs), q).map((r) => r.id);
    expect(ids('小镇')).toEqual(['1990-R1']);
    expect(ids('色小')).toEqual(['1990-R1']);
    expect(ids('镇')).toEqual(['1990-R1']);
    expect(ids('振兴')).toEqual(['1990-R2']);
    expect(ids('小镇 发展')).toEqual(['1990-R1']);
    expect(ids('小镇战略')).toEqual([]);
  });

  it('is ranked as MiniSearch ranks it, with the same tokenizer, for 80 random queries over 600 random CJK reports', () => {
    const { recs, words } = cjkRecords(600, 50, 5);
    // One reference index, and the kept indexes (a shard of whole years at a time) built once.
    const reference = buildIndex(recs);
    const { cache } = tempCache();
    let seed = 9;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    // Whole words, parts of words (one character, a pair, a pair across two words), and several of them.
    const part = () => {
      const w = words[Math.floor(next() * words.length)]!;
      const chars = [...w];
      const from = Math.floor(next() * chars.length);
      return next() < 0.4 ? w : chars.slice(from, from + 1 + Math.floor(next() * 2)).join('');
    };
    let found = 0;
    for (let i = 0; i < 80; i++) {
      const q = Array.from({ length: 1 + Math.floor(next() * 2) }, part).join(next() < 0.5 ? ' ' : '');
      const one = reference.search(q).map((hit) => recs[hit.id as number]!.id);
      if (one.length > 0) found++;
      expect(searchArchive(archiveOf(recs, cache), q, undefined, 100).map((r) => r.id), q).toEqual(one);
    }
    // The queries are not all misses: most find something.
    expect(found).toBeGreaterThan(50);
  });

  it('is held in the kept index exactly as MiniSearch holds it', () => {
    const { recs } = cjkRecords(300, 100, 13);
    const kept = keptIndexOf(recs);
    const js = buildIndex(recs).toJSON();
    expect(kept.header.avg).toEqual(js.averageFieldLength);
    expect(kept.header.terms).toEqual([...js.index].map(([term]) => term).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(kept.header.terms).toContain('小镇');
  });
});

describe('the kept index', () => {
  it('processes terms as MiniSearch’s default does', () => {
    const theirs = MiniSearch.getDefault('processTerm') as (term: string) => unknown;
    for (const t of ['Water', 'WATER', 'İstanbul', 'ΣΊΣΥΦΟΣ', 'Straße', '中文', 'ǅ', '']) expect(processTerm(t), t).toBe(theirs(t));
  });

  it('holds exactly what a MiniSearch index of the same records holds (its documented toJSON), to the last bit', () => {
    const recs = [
      ...variedRecords(700, 300),
      // Punctuation, case, repeated and empty fields, non-ASCII text.
      ...make(5, 10, (i) => ({ title: `Water, WATER; water... (${i})`, abstract: i % 2 ? '' : 'Ünïcode — text: “quoted” water’s edge', keywords: [], authors: ['Li Na', 'li na'] })),
    ];
    const kept = keptIndexOf(recs);
    const js = buildIndex(recs).toJSON();
    expect(kept.header.count).toBe(js.documentCount);
    expect(kept.header.fieldIds).toEqual(js.fieldIds);
    expect(kept.header.avg).toEqual(js.averageFieldLength);
    expect(kept.header.lengths).toEqual(Object.keys(js.fieldLength).sort((a, b) => Number(a) - Number(b)).flatMap((id) => js.fieldLength[id]!));
    const entries = [...js.index].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    expect(kept.header.terms).toEqual(entries.map(([term]) => term));
    entries.forEach(([term, data], i) => {
      const flat: number[] = [];
      for (const [fieldId, freqs] of Object.entries(data)) {
        const pairs = Object.entries(freqs as Record<string, number>);
        flat.push(Number(fieldId), pairs.length, ...pairs.flatMap(([id, freq]) => [Number(id), freq]));
      }
      expect(JSON.parse(inMemory(kept).postings(i, i + 1)[0]!), term).toEqual(flat);
    });
  });
});
