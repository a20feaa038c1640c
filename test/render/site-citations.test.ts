// The site for reference managers, search engines and harvesters: names split in the meta tags and JSON-LD, the
// DOI, citation_publication_date, and sitemap.xml with a base URL. The visible text keeps names as written.
import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { LoadedRecord } from '../../src/model/record.js';
import type { Report } from '../../src/model/report.js';
import { reportPage, singleFilePage, siteFiles, siteFileCount, siteFileText, siteModel } from '../../src/render/export/html.js';
import { exportAtom } from '../../src/render/export/atom.js';
import { exportCsv } from '../../src/render/export/csv.js';
import { exportJson } from '../../src/render/export/json.js';
import { exportBibtex } from '../../src/render/export/bibtex.js';
import { exportRis } from '../../src/render/export/ris.js';
import { exportCsl } from '../../src/render/export/csl.js';
import { dublinCore } from '../../src/render/export/dublin-core.js';
import { sortRecords } from '../../src/query.js';
import { reportId } from '../../src/model/ids.js';
import { RECORD_DEFAULTS } from '../helpers.js';

function rec(fields: Partial<Report> = {}): LoadedRecord {
  const record = { ...RECORD_DEFAULTS, authors: [...RECORD_DEFAULTS.authors], ...fields } as Report;
  return { id: reportId(record), file: `${record.year}/${record.kind}-${record.number}.yaml`, record, positions: { keys: {}, values: {} } } as LoadedRecord;
}
const metas = (html: string, name: string) => [...html.matchAll(new RegExp(`<meta name="${name}" content="([^"]*)">`, 'g'))].map((m) => m[1]!);
const jsonLd = (html: string) => JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]!) as Record<string, unknown>;

describe('report pages', () => {
  const r = rec({
    authors: ['Zhang Xiaohuan', { family: 'Ouyang', given: 'Xiu Ming' }, { literal: 'Research Team on “X”' }, '欧阳修'],
    doi: '10.5555/drc.2019-r1',
    date: '2019-01-25',
  });
  const html = reportPage(siteModel([r]), r);

  it('"Family, Given" author tags, citation_publication_date and citation_doi', () => {
    expect(metas(html, 'citation_author')).toEqual(['Zhang, Xiaohuan', 'Ouyang, Xiu Ming', 'Research Team on “X”', '欧阳, 修']);
    expect(metas(html, 'citation_publication_date')).toEqual(['2019/01/25']);
    expect(metas(html, 'citation_doi')).toEqual(['10.5555/drc.2019-r1']);
    expect(html).toContain('<p class="doi">DOI: <a href="https://doi.org/10.5555/drc.2019-r1">https://doi.org/10.5555/drc.2019-r1</a></p>');
  });

  it('JSON-LD Person names with familyName and givenName, an organization as an Organization', () => {
    expect(jsonLd(html).author).toEqual([
      { '@type': 'Person', name: 'Zhang Xiaohuan', familyName: 'Zhang', givenName: 'Xiaohuan' },
      { '@type': 'Person', name: 'Ouyang Xiu Ming', familyName: 'Ouyang', givenName: 'Xiu Ming' },
      { '@type': 'Organization', name: 'Research Team on “X”' },
      { '@type': 'Person', name: '欧阳修', familyName: '欧阳', givenName: '修' },
    ]);
    expect(jsonLd(html).identifier).toEqual({ '@type': 'PropertyValue', propertyID: 'DOI', value: '10.5555/drc.2019-r1', url: 'https://doi.org/10.5555/drc.2019-r1' });
  });

  it('the visible by-line keeps the names as the page writes them', () => {
    expect(html).toContain('<p class="byline">By Zhang Xiaohuan, Ouyang Xiu Ming, Research Team on “X” &amp; <span lang="zh">欧阳修</span>, DRC</p>');
  });

  it('a report signed by its team alone cites the team', () => {
    const team = rec({ authors: [], team: 'Research Team on “Y”' } as Partial<Report>);
    const page = reportPage(siteModel([team]), team);
    expect(metas(page, 'citation_author')).toEqual(['Research Team on “Y”']);
    expect(jsonLd(page).author).toEqual([{ '@type': 'Organization', name: 'Research Team on “Y”' }]);
  });

  it('given-first archives split the other way', () => {
    const en = rec({ authors: ['John Smith'] });
    expect(metas(reportPage(siteModel([en], { nameStyle: 'given-first' }), en), 'citation_author')).toEqual(['Smith, John']);
  });
});

describe('sitemap.xml', () => {
  const records = sortRecords([rec(), rec({ number: 2, total: 5502, date: '2019-02-03', keywords: ['乡村振兴'] }), rec({ number: 3, total: 5503, date: undefined })], 'date');

  it('lists every page by its absolute address, reports with their date, when a base URL is given', () => {
    const m = siteModel(records, { baseUrl: 'https://example.org/r/' });
    const files = [...siteFiles(m)];
    expect(files).toHaveLength(siteFileCount(m));
    const xml = siteFileText(files.find((f) => f.path === 'sitemap.xml')!);
    expect(XMLValidator.validate(xml)).toBe(true);
    const urls = (new XMLParser().parse(xml) as { urlset: { url: { loc: string; lastmod?: string }[] } }).urlset.url;
    expect(urls.map((u) => u.loc)).toEqual([
      'https://example.org/r/index.html',
      'https://example.org/r/years/2019.html',
      'https://example.org/r/keywords/kw--ff5bacd773.html',
      // Undated, R3 sorts by its Total: after R2 (Total 5502), so first, newest first.
      'https://example.org/r/reports/2019-R3.html',
      'https://example.org/r/reports/2019-R2.html',
      'https://example.org/r/reports/2019-R1.html',
    ]);
    expect(urls.filter((u) => u.loc.includes('/reports/')).map((u) => u.lastmod)).toEqual([undefined, '2019-02-03', '2019-01-02']);
    // Every other file of the site is in it.
    const pages = files.filter((f) => f.path.endsWith('.html')).map((f) => `https://example.org/r/${f.path}`);
    expect(urls.map((u) => u.loc).sort()).toEqual(pages.sort());
  });

  it('is not written without a base URL (its addresses must be absolute)', () => {
    const m = siteModel(records);
    expect([...siteFiles(m)].map((f) => f.path)).not.toContain('sitemap.xml');
    expect([...siteFiles(m)]).toHaveLength(siteFileCount(m));
  });
});

describe('a DOI is carried by every export', () => {
  const r = rec({ doi: '10.5555/drc.2019-r1' });
  const link = 'https://doi.org/10.5555/drc.2019-r1';
  it.each([
    ['json', () => exportJson([r], new Date(0)), '"doi": "10.5555/drc.2019-r1"'],
    ['csv', () => exportCsv([r]), ',10.5555/drc.2019-r1,'],
    ['bibtex', () => exportBibtex([r]), 'doi         = {10.5555/drc.2019-r1}'],
    ['ris', () => exportRis([r]), 'DO  - 10.5555/drc.2019-r1\r\n'],
    ['csl-json', () => exportCsl([r]), '"DOI": "10.5555/drc.2019-r1"'],
    ['atom', () => exportAtom([r], { baseUrl: 'https://example.org/', generated: new Date(0) }), `DOI: <a href="${link}"`],
    ['e-mail', () => singleFilePage(siteModel([r])), `DOI: <a href="${link}"`],
    ['dublin core', () => JSON.stringify(dublinCore(r.record)), link],
  ])('%s', (_name, out, expected) => expect(out()).toContain(expected));
});
