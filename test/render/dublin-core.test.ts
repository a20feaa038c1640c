import { describe, expect, test } from 'vitest';
import { dublinCore, oaiDcXml } from '../../src/render/export/dublin-core.js';

const seed = {
  title: 'The Development of Small Towns',
  authors: ['Zhang Xiaohuan', 'Yang Xiaodong'],
  team: 'Research Team on “Small Towns”',
  unit: 'Development Strategy and Regional Economy Research Department',
  organization: 'DRC',
  series: 'Research Report',
  kind: 'special' as const,
  number: 11,
  year: 2019,
  total: 1639,
  date: '2019-01-25',
  abstract: 'Small towns ...\n\nSecond paragraph.',
  keywords: ['small towns', 'new era'],
  url: 'https://en.drc.gov.cn/2019-01/25/c_123.htm',
  doi: '10.5555/drc.2019-s11',
};

describe('the Dublin Core mapping', () => {
  test('a report with its authors family first, its numbering, DOI and pages as identifiers', () => {
    expect(dublinCore(seed, { baseUrl: 'https://example.org/reports/' })).toEqual({
      title: ['The Development of Small Towns'],
      creator: ['Zhang, Xiaohuan', 'Yang, Xiaodong'],
      subject: ['small towns', 'new era'],
      description: ['Small towns ...\n\nSecond paragraph.'],
      publisher: ['DRC'],
      contributor: ['Research Team on “Small Towns”', 'Development Strategy and Regional Economy Research Department'],
      date: ['2019-01-25'],
      type: ['Text', 'Report'],
      identifier: [
        'Research Report, Special Issue, No.11, 2019 (Total 1639)',
        'https://doi.org/10.5555/drc.2019-s11',
        'https://example.org/reports/reports/2019-S11.html',
        'https://en.drc.gov.cn/2019-01/25/c_123.htm',
      ],
      relation: ['Research Report, Special Issue'],
    });
  });

  test('a report signed by its team alone has the team as its creator; no date gives the year', () => {
    const dc = dublinCore({ title: 'T', authors: [], team: 'Research Team on X', series: 'Research Report', kind: 'regular', number: 3, year: 2018 }, { organization: 'DRC' });
    expect(dc.creator).toEqual(['Research Team on X']);
    expect(dc.contributor).toBeUndefined();
    expect(dc.publisher).toEqual(['DRC']);
    expect(dc.date).toEqual(['2018']);
    expect(dc.identifier).toEqual(['Research Report, No.3, 2018']);
  });

  test('the archive style splits the names', () => {
    expect(dublinCore({ ...seed, authors: ['John Smith'] }, { names: 'given-first' }).creator).toEqual(['Smith, John']);
  });

  test('the XML escapes markup and writes out what XML cannot carry', () => {
    const xml = oaiDcXml(dublinCore({ ...seed, title: '<b>&</b>\u0000"x"', keywords: ['\ud800'] }));
    expect(xml).toContain('<dc:title>&lt;b&gt;&amp;&lt;/b&gt;\\u0000&quot;x&quot;</dc:title>');
    expect(xml).toContain('<dc:subject>\\ud800</dc:subject>');
  });
});
