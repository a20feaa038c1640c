// The one date reader: the forms real pages show, normalised to YYYY-MM-DD, and messages that name the real fault.
import { describe, expect, it } from 'vitest';
import { findDate, isRealDate, readDate, recordDateMessage } from '../../src/model/dates.js';
import { ReportSchema } from '../../src/model/report.js';
import { parsePage } from '../../src/model/page/read.js';

describe('readDate', () => {
  it.each([
    ['2019-1-25', '2019-01-25'],
    ['2019-01-25', '2019-01-25'],
    ['2017-08-25', '2017-08-25'],
    ['2019/1/25', '2019-01-25'],
    ['2019.1.25', '2019-01-25'],
    ['2019年1月25日', '2019-01-25'],
    ['Jan 25, 2019', '2019-01-25'],
    ['January 25, 2019', '2019-01-25'],
    ['Jan. 25 2019', '2019-01-25'],
    ['25 January 2019', '2019-01-25'],
    ['  2016-2-29 ', '2016-02-29'],
    ['Sept 3, 2020', '2020-09-03'],
  ])('reads %j as %s', (text, date) => {
    expect(readDate(text)).toEqual({ date });
  });

  it.each([
    ['2019-02-30', '2019-02-30 is not a real day: February 2019 has 28 days'],
    ['2019-2-29', '2019-2-29 is not a real day: February 2019 has 28 days'],
    ['February 30, 2019', 'February 30, 2019 is not a real day: February 2019 has 28 days'],
    ['2019-13-01', '2019-13-01 is not a real day: there is no month 13'],
    ['2019-04-31', '2019-04-31 is not a real day: April 2019 has 30 days'],
    ['2019-01-00', '2019-01-00 is not a real day: there is no day 0'],
    ['yesterday', '"yesterday" is not a date; write YYYY-MM-DD, e.g. 2019-01-25'],
    ['25/1/2019', '"25/1/2019" is not a date; write YYYY-MM-DD, e.g. 2019-01-25'],
    ['2019-1-25 and more', '"2019-1-25 and more" is not a date; write YYYY-MM-DD, e.g. 2019-01-25'],
  ])('refuses %j: %s', (text, error) => {
    expect(readDate(text)).toEqual({ error });
  });

  it('never calls a real day unreal', () => {
    for (const t of ['January 25, 2019', '2019/1/25', '2020-2-29']) expect(readDate(t).error).toBeUndefined();
  });
});

describe('findDate (inside a page line)', () => {
  it('finds the first date, real or not, and where it is', () => {
    expect(findDate('(Total 1639) 2019-1-25')).toMatchObject({ date: '2019-01-25', text: '2019-1-25', index: 13 });
    expect(findDate('published Jan 5, 2019 online')).toMatchObject({ date: '2019-01-05' });
    expect(findDate('(Total 1639) 2019-2-30')).toMatchObject({ error: '2019-2-30 is not a real day: February 2019 has 28 days' });
    expect(findDate('No.11, 2019 (Total 1639)')).toBeUndefined();
    expect(findDate('12019-1-251')).toBeUndefined();
  });

  it('a page whose date is not a real day imports no date and says why', () => {
    const p = parsePage('A Title\nBy Li Wei, DRC\nResearch Report, No.3, 2019 (Total 5503) 2019-2-30\n');
    expect(p.fields.date).toBeUndefined();
    expect(p.unread).toContain('date');
    expect(p.notices).toContain("the numbering line's date is not used: 2019-2-30 is not a real day: February 2019 has 28 days");
  });

  it('a page reads the same forms as --date and the prompt', () => {
    for (const d of ['2019/1/25', 'January 25, 2019', '2019-1-25']) {
      expect(parsePage(`A Title\nBy Li Wei, DRC\nResearch Report, No.3, 2019 (Total 5503) ${d}\n`).fields.date).toBe('2019-01-25');
    }
  });
});

describe('a record file\'s date (the schema)', () => {
  it('is written YYYY-MM-DD and real; the message says which', () => {
    expect(isRealDate('2019-01-25')).toBe(true);
    expect(isRealDate('2019-1-25')).toBe(false);
    expect(recordDateMessage('2019-1-25')).toBe('date must be written YYYY-MM-DD: 2019-01-25');
    expect(recordDateMessage('2019-02-30')).toBe('date must be a real date: 2019-02-30 is not a real day: February 2019 has 28 days');
    expect(recordDateMessage('soon')).toBe('date must be a real date written YYYY-MM-DD, e.g. 2019-01-25 (not "soon")');
    const r = ReportSchema.safeParse({ title: 'T', authors: ['A'], series: 'S', kind: 'regular', number: 1, year: 2019, date: 'Jan 25, 2019' });
    expect(r.error!.issues.map((i) => i.message)).toEqual(['date must be written YYYY-MM-DD: 2019-01-25']);
  });
});
