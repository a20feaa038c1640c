// The Atom feed is written a batch of entries at a time: the pieces joined are exactly the feed `feed` makes of
// every entry at once (as the export did before it was written in pieces).
import { Feed } from 'feed';
import { describe, expect, it } from 'vitest';
import { ATOM_BATCH, atomEntry, atomFeedOptions, atomOrder, exportAtomChunks } from '../../src/render/export/atom.js';
import { pageNames } from '../../src/render/export/names.js';
import { parseRecord } from '../../src/store/parse.js';
import { toLoaded } from '../../src/store/archive.js';
import type { LoadedRecord } from '../../src/model/record.js';
import { recordYaml } from '../helpers.js';
import { markupSafe } from '../../src/render/safe.js';

function records(n: number): LoadedRecord[] {
  const out: LoadedRecord[] = [];
  for (let i = 1; i <= n; i++) {
    const year = 2000 + (i % 20);
    const fields = { number: i, year, total: 5000 + i, date: `${year}-0${1 + (i % 9)}-1${i % 10}`, title: `Report <${i}> & more`, keywords: [`k${i % 7}`, 'a < b'] };
    out.push(toLoaded(`${year}/regular-${i}.yaml`, parseRecord(recordYaml(fields), 'x.yaml'))!);
  }
  return out;
}

describe('export atom in pieces', () => {
  it.each([0, 1, ATOM_BATCH - 1, ATOM_BATCH, ATOM_BATCH + 1, 700])('joins %i entries into the same text as one feed of them all', (n) => {
    const rs = records(n);
    const opts = { baseUrl: 'https://example.org/reports/', title: 'Feed & co', generated: new Date('2024-01-02T00:00:00Z') };
    const pieces = [...exportAtomChunks(rs, opts)];
    // The head, a piece per batch of entries, the end.
    expect(pieces).toHaveLength(2 + Math.ceil(n / ATOM_BATCH));
    const whole = new Feed(atomFeedOptions(rs, opts));
    const names = pageNames(rs);
    for (const { r, date } of atomOrder(rs)) whole.addItem(atomEntry(r, date, opts.baseUrl, names));
    expect(pieces.join('')).toBe(markupSafe(whole.atom1()) + '\n');
    expect(pieces.join('').match(/<entry>/g)?.length ?? 0).toBe(n);
  });
});
