// The numbering rules for one value being chosen (number, Total, date), as the prompts and add's refusals use them.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dateProblem, dateWindow, describeWindow, numberProblem, totalProblem } from '../../src/checks/choices.js';
import { vetCandidate } from '../../src/checks/vet.js';
import { loadArchive } from '../../src/store/archive.js';
import { FIXTURES } from '../helpers.js';

const records = (await loadArchive(path.join(FIXTURES, 'add', 'archive'))).records;
const R = 'Research Report';

describe('numberProblem and totalProblem', () => {
  it('a number taken names its record and the next free one', () => {
    expect(numberProblem(records, R, 'special', 2019, 9)).toBe('No.9 of Research Report special 2019 is already 2019-S9 (2019/special-009.yaml); the next free number is 12');
    expect(numberProblem(records, 'research report', 'regular', 2018, 124)).toMatch(/already 2018-R124/);
    expect(numberProblem(records, R, 'special', 2019, 10)).toBeUndefined();
  });

  it('a number beyond the year\'s count (offsets of the year and the next) cannot exist', () => {
    // Regular 2018 offset 5275, 2019 offset 5500: 2018 had 225 reports.
    expect(numberProblem(records, R, 'regular', 2018, 226)).toBe('No.226 cannot exist: Research Report regular 2018 had 225 reports (the offsets of 2018 and 2019 differ by 225)');
    expect(numberProblem(records, R, 'regular', 2018, 225)).toBeUndefined();
  });

  it('a Total taken, or off the year\'s offset, says the right one', () => {
    expect(totalProblem(records, R, 'special', 2019, 12, 1639)).toBe('Total 1639 is already 2019-S11 (2019/special-011.yaml)');
    expect(totalProblem(records, R, 'special', 2019, 12, 1650)).toMatch(/^Total 1650 disagrees with offset 1628 of Research Report special 2019 \(agreed by 2019-S9, 2019-S11\): No\.12 is Total 1640$/);
    expect(totalProblem(records, R, 'special', 2019, 12, 1640)).toBeUndefined();
    expect(totalProblem(records, R, 'special', 2020, 1, 1700)).toBeUndefined(); // no offset known for 2020
  });
});

describe('dates along the Totals', () => {
  it('the window of a Total: after the latest lower Total, before the earliest higher one', () => {
    const w = dateWindow(records, R, 'regular', 5500);
    expect([w.after?.id, w.before?.id]).toEqual(['2018-R124', '2019-R96']);
    expect(describeWindow(w)).toBe('from 2018-08-08 to 2019-06-20');
    expect(describeWindow(dateWindow(records, R, 'special', 1640))).toBe('on or after 2019-01-25');
    expect(describeWindow(dateWindow(records, R, 'special', 1600))).toBe('on or before 2019-01-25');
  });

  it('a date out of order names the new record and the dates it may take', () => {
    expect(dateProblem(records, { id: '2019-S12', series: R, kind: 'special', total: 1640, date: '2019-01-01' })).toBe(
      '2019-S12 (Total 1640) is dated 2019-01-01, but 2019-S11 has a lower Total (1639) and is dated 2019-01-25; a higher Total is never dated earlier: 2019-S12 may be dated on or after 2019-01-25',
    );
    expect(dateProblem(records, { id: '2019-S12', series: R, kind: 'special', total: 1640, date: '2019-01-25' })).toBeUndefined();
  });

  it('vetting a new record blames the new record, not the one already there', async () => {
    // 2019-R97 dated before 2019-R96: validate's longest run might blame either; add's refusal names the new one.
    const { parseRecord } = await import('../../src/store/parse.js');
    const { toLoaded } = await import('../../src/store/archive.js');
    const text = 'title: Late\nauthors: [X Y]\nseries: Research Report\nkind: regular\nnumber: 97\nyear: 2019\ntotal: 5597\ndate: 2019-01-01\n';
    const candidate = toLoaded('2019/regular-097.yaml', parseRecord(text, '2019/regular-097.yaml'))!;
    const order = vetCandidate(candidate, records).errors.filter((f) => f.code === 'date-order');
    expect(order).toHaveLength(1);
    expect(order[0]).toMatchObject({ file: '2019/regular-097.yaml', id: '2019-R97', related: ['2019/regular-096.yaml'] });
    expect(order[0]!.message).toBe(
      '2019-R97 (Total 5597) is dated 2019-01-01, but 2019-R96 has a lower Total (5596) and is dated 2019-06-20; a higher Total is never dated earlier: 2019-R97 may be dated on or after 2019-06-20',
    );
  });
});
