// The filters list and export share, called as a library caller would: a year or a month as the period's edge.
import { describe, expect, it } from 'vitest';
import { filterRecords, sortRecords } from '../src/query.js';
import { readPeriodEdge } from '../src/model/dates.js';
import type { LoadedRecord, RecordData } from '../src/model/record.js';

const rec = (id: string, date: string, keywords: string[] = []): LoadedRecord =>
  ({ id, file: `${id}.yaml`, record: { title: id, authors: ['A'], series: 'Research Report', kind: 'regular', number: 1, year: Number(id.slice(0, 4)), date, keywords }, positions: { keys: {}, values: {} } }) as LoadedRecord;

const records = [rec('2018-R1', '2018-12-31', ['Small towns']), rec('2019-R1', '2019-02-28', ['rural finance']), rec('2019-R2', '2019-03-01')];
const ids = (f: Parameters<typeof filterRecords>[1]) => filterRecords(records, f).map((r) => r.id);

describe('filters', () => {
  it('take a year or a year-month for since and until, as the first or last day', () => {
    expect(ids({ since: '2019' })).toEqual(['2019-R1', '2019-R2']);
    expect(ids({ until: '2019-02' })).toEqual(['2018-R1', '2019-R1']);
    expect(ids({ since: '2019-2', until: '2019-2' })).toEqual(['2019-R1']);
    expect(ids({ since: '2019-03-01' })).toEqual(['2019-R2']);
    expect(() => ids({ since: 'soon' })).toThrow(/since: "soon" is not a year, a month or a day/);
  });

  it('keyword: a key word that starts with the text, any case', () => {
    expect(ids({ keyword: 'small' })).toEqual(['2018-R1']);
    expect(ids({ keyword: 'RURAL F' })).toEqual(['2019-R1']);
    expect(ids({ keyword: 'finance' })).toEqual([]);
  });

  it('period edges: leap years, the last day of each month', () => {
    expect(readPeriodEdge('2020-2', 'end')).toEqual({ date: '2020-02-29' });
    expect(readPeriodEdge('2019-02', 'end')).toEqual({ date: '2019-02-28' });
    expect(readPeriodEdge('Dec 2019', 'end')).toEqual({ date: '2019-12-31' });
    expect(readPeriodEdge('2019', 'start')).toEqual({ date: '2019-01-01' });
    expect(readPeriodEdge('2019-02-30', 'start').error).toMatch(/February 2019 has 28 days/);
  });
});

// Sorting by date: an undated record sorts by its Total within its sequence, not after every dated report.
function numbered(kind: 'regular' | 'special', number: number, total?: number, date?: string): LoadedRecord {
  const record = { title: `T${number}`, authors: ['A'], series: 'Research Report', kind, year: 2019, number, ...(total !== undefined ? { total } : {}), ...(date ? { date } : {}) } as RecordData;
  const id = `2019-${kind === 'regular' ? 'R' : 'S'}${number}`;
  return { id, file: `${id}.yaml`, record, positions: { keys: {}, values: {} } };
}

describe('sortRecords by date', () => {
  it.each<[string, LoadedRecord[], string[]]>([
    [
      'an undated record sits after the dated one with the Total below it (newest first)',
      [numbered('regular', 1, 5501, '2019-01-10'), numbered('regular', 2, 5502), numbered('regular', 3, 5503, '2019-03-01'), numbered('special', 1, 1629, '2019-02-01')],
      ['2019-R3', '2019-S1', '2019-R2', '2019-R1'],
    ],
    ['below every dated record: just before the lowest', [numbered('regular', 1, 5501), numbered('regular', 2, 5502, '2019-05-01'), numbered('regular', 3, 5503, '2019-06-01')], ['2019-R3', '2019-R2', '2019-R1']],
    ['neither date nor Total: last, as before', [numbered('regular', 1), numbered('regular', 2, 5502, '2019-05-01')], ['2019-R2', '2019-R1']],
    ['no dated record in its sequence: last, as before', [numbered('special', 1, 1629), numbered('regular', 2, 5502, '2019-05-01')], ['2019-R2', '2019-S1']],
  ])('%s', (_name, records, ids) => {
    expect(sortRecords(records, 'date').map((r) => r.id)).toEqual(ids);
    expect(sortRecords(records, 'date', true).map((r) => r.id)).toEqual([...ids].reverse());
  });
});
