// A record written back as a report page (how the answers of an add that could not be written are kept): the page
// reader reads it back to the same fields, a report signed by its team alone included.
import { describe, expect, it } from 'vitest';
import { pageText } from '../../src/render/page.js';
import { parsePage } from '../../src/model/page/read.js';

describe('pageText', () => {
  it.each([
    ['with authors', { title: 'Rural Reform', authors: ['Li Na', 'Wang Bo'], unit: 'Research Department of Rural Economy', organization: 'DRC' }],
    ['signed by its team alone', { title: 'Rural Reform', team: 'Research Team on “Rural Land”', organization: 'DRC' }],
    ['signed by its organization alone', { title: 'Rural Reform', organization: 'China Development Research Foundation' }],
  ])('%s: read back to the same fields', (_what, fields) => {
    const record = { ...fields, series: 'Research Report', kind: 'regular' as const, number: 5, year: 2019, total: 5505, date: '2019-03-01', abstract: 'An abstract.' };
    const back = parsePage(pageText(record)).fields;
    expect(back).toMatchObject(record);
    // No author is made up for a report nobody signed as a person.
    expect(back.authors).toEqual((fields as { authors?: string[] }).authors);
  });
});
