import { describe, expect, it } from 'vitest';
import { searchArchive, searchRecords, shards, SHARD_SIZE } from '../src/search.js';
import type { Archive, LoadedRecord } from '../src/store/archive.js';

/** In-memory records: `n` reports spread over years from 1990, one matching word per record where asked. */
function records(n: number, perYear: number, word: (i: number) => string): LoadedRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const year = 1990 + Math.floor(i / perYear);
    const number = (i % perYear) + 1;
    return {
      id: `${year}-R${number}`,
      file: `${year}/regular-${String(number).padStart(3, '0')}.yaml`,
      record: { title: `Report ${i} on ${word(i)}`, authors: ['Li Na'], series: 'Research Report', kind: 'regular', number, year, abstract: `An abstract about item${i}.` },
      positions: { keys: {}, values: {} },
    } as LoadedRecord;
  });
}

const archiveOf = (recs: LoadedRecord[]): Archive => ({
  dir: '/nowhere',
  records: recs,
  problems: [],
  files: recs.length,
  fingerprint: 'x',
  fingerprintOf: (files) => String(files.length),
});

describe('search shards', () => {
  it('keep whole years together, oldest first, at least SHARD_SIZE records each but the last', () => {
    const recs = records(SHARD_SIZE * 2 + 10, 1000, () => 'water');
    const s = shards(recs);
    expect(s.map((x) => x.records.length)).toEqual([SHARD_SIZE, SHARD_SIZE, 10]);
    expect(s.map((x) => x.name)).toEqual(['1990-1994', '1995-1999', '2000-last']);
    for (const shard of s) expect(new Set(shard.records.map((r) => r.record.year)).size).toBeGreaterThan(0);
    expect(shards(records(30, 10, () => 'x')).map((x) => x.name)).toEqual(['1990-last']);
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
});
