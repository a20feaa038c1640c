import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { checkArchive, checkRecords, errorInvolves, type CheckFinding } from '../../src/checks/index.js';
import { suggestField } from '../../src/checks/record.js';
import { editDistance, levenshtein } from '../../src/distance.js';
import { missingRanges, normaliseTitle } from '../../src/checks/numbering.js';
import { canonicalPath } from '../../src/model/report.js';
import { parseRecord } from '../../src/store/parse.js';
import { toLoaded } from '../../src/store/archive.js';
import type { LoadedRecord } from '../../src/model/record.js';

let n = 0;
/** A loaded record with real positions, parsed from the YAML a user would write. */
function rec(fields: Record<string, unknown>, file?: string): LoadedRecord {
  const data = {
    title: `A Report on Subject ${++n}`,
    authors: ['Zhang Wei'],
    series: 'Research Report',
    kind: 'regular',
    number: 1,
    year: 2019,
    ...fields,
  };
  for (const [k, v] of Object.entries(data)) if (v === undefined) delete (data as Record<string, unknown>)[k];
  const f = file ?? canonicalPath(data as { year: number; kind: 'regular' | 'special'; number: number });
  const parsed = parseRecord(stringify(data), f);
  expect(parsed.problems).toEqual([]);
  return toLoaded(f, parsed)!;
}
const R = (number: number, year: number, total?: number, date?: string, extra: Record<string, unknown> = {}) =>
  rec({ number, year, total, date: date ?? `${year}-06-01`, ...extra });
const codes = (fs: CheckFinding[]) => fs.map((f) => f.code);
const only = (fs: CheckFinding[], code: string) => fs.filter((f) => f.code === code);

describe('total-offset', () => {
  it('names the records that agree and the Total expected, on the total of the record that disagrees', () => {
    const a = R(3, 2018, 5278);
    const b = R(124, 2018, 5399);
    const bad = R(146, 2018, 5412);
    const fs = only(checkRecords([bad, a, b]), 'total-offset');
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({
      severity: 'error',
      file: '2018/regular-146.yaml',
      id: '2018-R146',
      message: '2018-R146: total 5412 disagrees with offset 5275 of regular 2018 (agreed by 2018-R3, 2018-R124): expected 5421',
      line: bad.positions.values.total![0],
      column: bad.positions.values.total![1],
    });
    expect(fs[0]!.related).toEqual(['2018/regular-003.yaml', '2018/regular-124.yaml']);
  });

  it('related names the records the message names, not every record agreeing', () => {
    const recs = Array.from({ length: 10 }, (_, i) => R(i + 1, 2019, 5501 + i));
    const fs = only(checkRecords([...recs, R(20, 2019, 5000)]), 'total-offset');
    expect(fs[0]!.message).toContain('(agreed by 2019-R1, 2019-R2, 2019-R3 and 7 more): expected 5520');
    expect(fs[0]!.related).toEqual(['2019/regular-001.yaml', '2019/regular-002.yaml', '2019/regular-003.yaml']);
  });

  it('says nothing when every Total agrees, or records have no Total', () => {
    expect(checkRecords([R(1, 2019, 5501), R(2, 2019, 5502), R(3, 2019)]).filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('duplicate-number and duplicate-total', () => {
  it('puts a duplicate number on the record whose Total disagrees, naming the other', () => {
    const right = R(5, 2019, 5505, undefined, {});
    const wrong = rec({ number: 5, year: 2019, total: 5507, date: '2019-06-01' }, '2019/a-copy.yaml');
    const fs = only(checkRecords([wrong, right, R(1, 2019, 5501)]), 'duplicate-number');
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ file: '2019/a-copy.yaml', related: ['2019/regular-005.yaml'], line: wrong.positions.values.number![0] });
    expect(fs[0]!.message).toContain('also used by 2019/regular-005.yaml');
  });

  it('without Totals or git to tell, blames neither: one finding on each file, naming the other', () => {
    const a = rec({ number: 2, year: 2019 }, '2019/regular-002.yaml');
    const b = rec({ number: 2, year: 2019 }, '2019/regular-002b.yaml');
    const fs = only(checkRecords([b, a]), 'duplicate-number');
    expect(fs.map((f) => [f.file, f.related, f.unsettled])).toEqual([
      ['2019/regular-002.yaml', ['2019/regular-002b.yaml'], true],
      ['2019/regular-002b.yaml', ['2019/regular-002.yaml'], true],
    ]);
    expect(fs[0]!.message).toContain('nothing tells which is right');
  });

  it('numbers restart each year and per sequence: the same number in another year or kind is fine', () => {
    const fs = checkRecords([R(1, 2018, 5276), R(1, 2019, 5501), rec({ kind: 'special', number: 1, year: 2019, total: 1629 })]);
    expect(codes(fs)).not.toContain('duplicate-number');
  });

  it('finds a Total used twice across years of one sequence, but not across sequences', () => {
    const a = R(1, 2019, 5501);
    const b = R(2, 2019, 5502);
    const c = R(3, 2019, 5502);
    const fs = only(checkRecords([a, b, c]), 'duplicate-total');
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ file: c.file, related: [b.file] });
    const special = rec({ kind: 'special', number: 1, year: 2019, total: 5501 });
    expect(codes(checkRecords([a, special]))).not.toContain('duplicate-total');
  });
});

describe('year-count', () => {
  it('consecutive years give the count exactly: a number above it cannot exist', () => {
    const fs = only(checkRecords([R(3, 2018, 5278), R(226, 2018), R(225, 2018), R(96, 2019, 5596)]), 'year-count');
    expect(fs.map((f) => f.id)).toEqual(['2018-R226']);
    expect(fs[0]!.message).toContain('exactly 225 reports');
    expect(fs[0]!.related).toContain('2019/regular-096.yaml');
  });

  it('with a missing year between, the difference bounds the sum: only the impossible is reported', () => {
    // offsets 5275 (2018) and 5600 (2020): 325 reports for 2018 and 2019 together.
    const base = [R(3, 2018, 5278), R(1, 2020, 5601)];
    expect(codes(checkRecords([...base, R(325, 2018)]))).not.toContain('year-count');
    expect(only(checkRecords([...base, R(326, 2018)]), 'year-count').map((f) => f.id)).toEqual(['2018-R326']);
    // 2019 holds No.100 (no Total): 2018 can have at most 225.
    const with2019 = [...base, R(100, 2019)];
    expect(codes(checkRecords([...with2019, R(225, 2018)]))).not.toContain('year-count');
    const fs = only(checkRecords([...with2019, R(226, 2018)]), 'year-count');
    expect(fs.map((f) => f.id).sort()).toEqual(['2018-R226', '2019-R100']);
    expect(fs.find((f) => f.id === '2018-R226')!.message).toContain('2019 has reports up to No.100');
  });

  it('offsets that go back are one error, not one per record', () => {
    const fs = only(checkRecords([R(3, 2018, 5278), R(4, 2018, 5279), R(1, 2019, 5201)]), 'year-count');
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ id: '2019-R1', related: ['2018/regular-003.yaml', '2018/regular-004.yaml'] });
    expect(fs[0]!.message).toContain('never goes back');
  });

  it('never bounds a year after the last known offset', () => {
    expect(codes(checkRecords([R(3, 2018, 5278), R(900, 2019)]))).not.toContain('year-count');
  });
});

describe('date-order', () => {
  it('blames only the record out of order, not every record after it', () => {
    const recs = [R(1, 2019, 5501, '2019-01-01'), R(2, 2019, 5502, '2019-01-02'), R(3, 2019, 5503, '2019-12-31'), R(4, 2019, 5504, '2019-01-04'), R(5, 2019, 5505, '2019-01-05')];
    const fs = only(checkRecords(recs), 'date-order');
    expect(fs.map((f) => f.id)).toEqual(['2019-R3']);
    expect(fs[0]!.message).toContain('expected a date from 2019-01-02 to 2019-01-04');
    expect(fs[0]!.line).toBe(recs[2]!.positions.values.date![0]);
    expect(fs[0]!.related).toHaveLength(1);
  });

  it('equal dates are fine; two records out of order with nothing to tell are a tie, named on both', () => {
    expect(codes(checkRecords([R(1, 2019, 5501, '2019-01-25'), R(2, 2019, 5502, '2019-01-25')]))).not.toContain('date-order');
    const fs = only(checkRecords([R(1, 2019, 5501, '2019-02-01'), R(2, 2019, 5502, '2019-01-25')]), 'date-order');
    expect(fs.map((f) => [f.id, f.related, f.unsettled])).toEqual([
      ['2019-R1', ['2019/regular-002.yaml'], true],
      ['2019-R2', ['2019/regular-001.yaml'], true],
    ]);
  });

  it('compares across years of a sequence, not across sequences', () => {
    expect(only(checkRecords([R(1, 2018, 5276, '2018-12-01'), R(1, 2019, 5501, '2018-11-01')]), 'date-order')).toHaveLength(2);
    const special = rec({ kind: 'special', number: 1, year: 2019, total: 1, date: '2019-12-01' });
    expect(codes(checkRecords([R(1, 2019, 5501, '2019-01-01'), special]))).not.toContain('date-order');
  });
});

describe('number-gap', () => {
  it('reports missing numbers as ranges up to the highest held', () => {
    const fs = only(checkRecords([R(1, 2019), R(4, 2019), R(5, 2019), R(9, 2019)]), 'number-gap');
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ severity: 'warning', file: '2019/regular-001.yaml' });
    expect(fs[0]!.message).toMatch(/^regular 2019: missing 2-3, 6-8 /);
  });

  it('runs up to the year count when offsets give it', () => {
    const fs = only(checkRecords([R(3, 2018, 5278), R(124, 2018, 5399), R(1, 2019, 5501)]), 'number-gap');
    expect(fs[0]!.message).toMatch(/^regular 2018: missing 1-2, 4-123, 125-225 \(223 of the 225 reports/);
  });

  it('missingRanges', () => {
    expect(missingRanges([1, 2, 3], 3)).toEqual([]);
    expect(missingRanges([2, 2, 5], 7)).toEqual([[1, 1], [3, 4], [6, 7]]);
    expect(missingRanges([], 2)).toEqual([[1, 2]]);
  });
});

describe('record checks', () => {
  it('unknown-field suggests the field meant, at the key', () => {
    const r = R(1, 2019, 5501, undefined, { keyword: ['x'] });
    const fs = only(checkRecords([r]), 'unknown-field');
    expect(fs[0]).toMatchObject({ severity: 'warning', line: r.positions.keys.keyword![0], column: 1 });
    expect(fs[0]!.message).toContain('did you mean "keywords"?');
    expect(suggestField('Title')).toBe('title');
    expect(suggestField('autors')).toBe('authors');
    expect(suggestField('abstarct')).toBe('abstract');
    expect(suggestField('colour')).toBeUndefined();
    expect(editDistance('keyword', 'keywords')).toBe(1);
  });

  it('Levenshtein distance (the search’s fuzzy measure): a transposition counts twice, and a bound caps the answer', () => {
    expect(levenshtein('abstarct', 'abstract', 5)).toBe(2);
    expect(levenshtein('kitten', 'sitting', 5)).toBe(3);
    expect(levenshtein('rural', 'rurla', 1)).toBe(2);
    expect(levenshtein('abc', 'xyz', 1)).toBe(2);
    expect(levenshtein('', 'ab', 5)).toBe(2);
  });

  it('edit distance: transpositions count once, and a bound gives the same answer up to it', () => {
    expect(editDistance('abstarct', 'abstract')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    let seed = 3;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    const word = () => Array.from({ length: random(7) }, () => 'abc'[random(3)]).join('');
    for (let i = 0; i < 2000; i++) {
      const [a, b] = [word(), word()];
      const full = editDistance(a, b);
      expect(editDistance(b, a)).toBe(full);
      for (const max of [0, 1, 2, 3]) expect(editDistance(a, b, max), `${a} ${b} ${max}`).toBe(Math.min(full, max + 1));
    }
  });

  it('missing-date, date-year, filename', () => {
    expect(codes(checkRecords([R(1, 2019, 5501, undefined, { date: undefined })]))).toContain('missing-date');
    const odd = R(1, 2019, 5501, '2018-12-30');
    expect(only(checkRecords([odd]), 'date-year')[0]).toMatchObject({ line: odd.positions.values.date![0] });
    const moved = rec({ number: 1, year: 2019 }, '2019/r1.yaml');
    expect(only(checkRecords([moved]), 'filename')[0]!.message).toContain('2019/regular-001.yaml');
    expect(checkRecords([R(1, 2019, 5501, '2019-01-01')])).toEqual([]);
  });

  it('title-suffix: an error when it disagrees with the fields, a warning when it merely repeats them', () => {
    const wrong = R(96, 2019, 5596, undefined, { title: 'A Clear Understanding(No.97, 2019)' });
    expect(only(checkRecords([wrong]), 'title-suffix')[0]).toMatchObject({ severity: 'error', line: wrong.positions.values.title![0] });
    const special = rec({ kind: 'special', number: 11, year: 2019, title: 'Small Towns (Special Issue, No.11, 2019)' });
    expect(only(checkRecords([special]), 'title-suffix')[0]!.severity).toBe('warning');
    const kindWrong = rec({ kind: 'regular', number: 11, year: 2019, title: 'Small Towns (Special Issue, No.11, 2019)' });
    expect(only(checkRecords([kindWrong]), 'title-suffix')[0]!.severity).toBe('error');
  });

  it('duplicate-title compares normalised titles and lists the other record', () => {
    const a = R(1, 2019, 5501, undefined, { title: 'Analysis on the Changes of Economic Pattern in Northeast China' });
    const b = R(2, 2019, 5502, undefined, { title: 'Analysis on the changes of economic pattern in  Northeast China (No.2, 2019)' });
    const fs = only(checkRecords([a, b]), 'duplicate-title');
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ file: b.file, related: [a.file] });
    expect(normaliseTitle('Options(No.3, 2018)')).toBe('options');
  });
});

describe('checkArchive and errorInvolves', () => {
  it('merges the loader problems and sorts by file, line, column', () => {
    const r = R(146, 2018, 5412);
    const fs = checkArchive({
      records: [R(3, 2018, 5278), R(124, 2018, 5399), r],
      problems: [{ severity: 'error', code: 'schema', message: 'title must not be empty', file: '2017/regular-001.yaml', line: 1, column: 8 }],
    });
    expect(fs[0]!.code).toBe('schema');
    const keys = fs.map((f) => [f.file, f.line, f.column] as const);
    const sorted = [...keys].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1] || x[2] - y[2]));
    expect(keys).toEqual(sorted);
  });

  it('tells whether an error involves a given file, directly or through related', () => {
    const recs = [R(3, 2018, 5278), R(124, 2018, 5399), R(146, 2018, 5412)];
    const fs = checkRecords(recs);
    expect(errorInvolves(fs, '2018/regular-146.yaml')).toBe(true);
    expect(errorInvolves(fs, '2018/regular-003.yaml')).toBe(true);
    expect(errorInvolves(checkRecords(recs.slice(0, 2)), '2018/regular-003.yaml')).toBe(false);
  });
});
