// The filters list and export share, called as a library caller would: a year or a month as the period's edge.
import { describe, expect, it } from 'vitest';
import { filterRecords } from '../src/query.js';
import { readPeriodEdge } from '../src/model/dates.js';
import type { LoadedRecord } from '../src/model/record.js';

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
