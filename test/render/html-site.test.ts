// The HTML renderer in-process: what reference managers, search engines, readers and mail clients get.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import type { LoadedRecord } from '../../src/model/record.js';
import type { Report } from '../../src/model/report.js';
import { indexPage, indexPieces, keywordPage, reportPage, singleFileChunks, singleFilePage, siteFiles, siteFileCount, siteFileText, siteModel, yearPage, type SiteModel } from '../../src/render/export/html.js';
import { escapeHtml, jsonInScript, textHtml } from '../../src/render/export/html-escape.js';
import { SITE_CSS } from '../../src/render/export/html-assets.js';
import { loadArchive } from '../../src/store/archive.js';
import { sortRecords } from '../../src/query.js';
import { reportId } from '../../src/model/ids.js';
import { FIXTURES, RECORD_DEFAULTS } from '../helpers.js';

function rec(fields: Partial<Report> = {}): LoadedRecord {
  const record = { ...RECORD_DEFAULTS, authors: [...RECORD_DEFAULTS.authors], ...fields } as Report;
  return { id: reportId(record), file: `${record.year}/${record.kind}-${record.number}.yaml`, record, positions: { keys: {}, values: {} } } as LoadedRecord;
}

const model = (records: LoadedRecord[], opts: Parameters<typeof siteModel>[1] = {}) => siteModel(sortRecords(records, 'date'), opts);

/** The content of every <meta name=...> of a page, in order. */
function metas(html: string, name: string): string[] {
  return [...html.matchAll(new RegExp(`<meta name="${name}" content="([^"]*)">`, 'g'))].map((m) => m[1]!);
}

/** The JSON-LD block of a page, parsed. */
function jsonLd(html: string): Record<string, unknown> {
  const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
  expect(m, 'a JSON-LD block').not.toBeNull();
  return JSON.parse(m![1]!) as Record<string, unknown>;
}

/** Every heading of a page: [level, text without tags]. */
function headings(html: string): [number, string][] {
  return [...html.matchAll(/<h([1-6])[^>]*>([\s\S]*?)<\/h\1>/g)].map((m) => [Number(m[1]), m[2]!.replace(/<[^>]+>/g, '').trim()]);
}

const hostile = async () => sortRecords((await loadArchive(path.join(FIXTURES, 'export', 'hostile'), { cache: false })).records, 'date');

describe('report pages for reference managers and search engines', () => {
  const r = rec({
    title: 'Small Towns',
    authors: ['Zhang Xiaohuan', 'Yang Xiaodong'],
    kind: 'special',
    number: 11,
    total: 1639,
    date: '2019-01-25',
    abstract: 'First paragraph.\n\nSecond paragraph.',
    keywords: ['towns', 'challenges'],
    url: 'https://example.org/drc/2019-s11',
  });
  const html = reportPage(model([r], { baseUrl: 'https://example.org/cat/' }), r);

  it('has the citation_* meta tags, one citation_author per author', () => {
    expect(metas(html, 'citation_title')).toEqual(['Small Towns']);
    // "Family, Given": Zotero reads "Zhang Xiaohuan" as given Zhang, family Xiaohuan.
    expect(metas(html, 'citation_author')).toEqual(['Zhang, Xiaohuan', 'Yang, Xiaodong']);
    expect(metas(html, 'citation_publication_date')).toEqual(['2019/01/25']);
    expect(metas(html, 'citation_date')).toEqual(['2019/01/25']);
    expect(metas(html, 'citation_technical_report_number')).toEqual(['Research Report, Special Issue, No.11, 2019']);
    expect(metas(html, 'citation_technical_report_institution')).toEqual(['DRC']);
    expect(metas(html, 'citation_abstract')).toEqual(['First paragraph. Second paragraph.']);
    expect(metas(html, 'citation_abstract_html_url')).toEqual(['https://example.org/cat/reports/2019-S11.html']);
    expect(html).toContain('<link rel="canonical" href="https://example.org/cat/reports/2019-S11.html">');
  });

  it('has a schema.org Report in JSON-LD', () => {
    expect(jsonLd(html)).toEqual({
      '@context': 'https://schema.org',
      '@type': 'Report',
      name: 'Small Towns',
      reportNumber: 'Research Report, Special Issue, No.11, 2019',
      author: [
        { '@type': 'Person', name: 'Zhang Xiaohuan', familyName: 'Zhang', givenName: 'Xiaohuan' },
        { '@type': 'Person', name: 'Yang Xiaodong', familyName: 'Yang', givenName: 'Xiaodong' },
      ],
      datePublished: '2019-01-25',
      isPartOf: { '@type': 'CreativeWorkSeries', name: 'Research Report' },
      inLanguage: 'en',
      publisher: { '@type': 'Organization', name: 'DRC' },
      abstract: 'First paragraph. Second paragraph.',
      keywords: ['towns', 'challenges'],
      url: 'https://example.org/cat/reports/2019-S11.html',
      sameAs: 'https://example.org/drc/2019-s11',
    });
  });

  it('says what it knows of a record without date, total, abstract or organization, and invents nothing', () => {
    const bare = rec({ organization: undefined, unit: 'Research Department of Rural Economy', date: undefined, total: undefined });
    const page = reportPage(model([bare]), bare);
    expect(metas(page, 'citation_date')).toEqual(['2019']); // the year of its numbering
    expect(metas(page, 'citation_technical_report_institution')).toEqual(['Research Department of Rural Economy']);
    expect(metas(page, 'citation_abstract')).toEqual([]);
    expect(page).not.toContain('rel="canonical"'); // no --base-url: no address to claim
    expect(page).not.toContain('(Total');
    const ld = jsonLd(page);
    expect(ld.publisher).toBeUndefined();
    expect(ld.sourceOrganization).toEqual({ '@type': 'Organization', name: 'Research Department of Rural Economy' });
    const none = rec({ organization: undefined });
    expect(metas(reportPage(model([none]), none), 'citation_technical_report_institution')).toEqual([]);
  });

  it('keeps a hostile record inside its JSON-LD: no </script>, <!-- or raw U+2028/2029 gets out', async () => {
    for (const r of await hostile()) {
      const page = reportPage(siteModel([r]), r);
      const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(page)!;
      const script = m[1]!;
      expect(script).not.toMatch(/<|>|\u2028|\u2029|[\u007f-\u009f]/);
      // The page has one script element, and the JSON reads back as the record wrote it.
      expect(page.match(/<script/gi)).toHaveLength(1);
      const ld = JSON.parse(script) as { name: string; author: { name: string }[] };
      expect(ld.name).toBe(r.record.title);
      expect(ld.author.map((a) => a.name)).toEqual(r.record.authors);
    }
  });

  it.each([
    ['</script>', '"\\u003c/script\\u003e"'],
    ['<!-- x -->', '"\\u003c!-- x --\\u003e"'],
    ['a\u2028b\u2029c', '"a\\u2028b\\u2029c"'],
    ['R&D', '"R\\u0026D"'],
    ['\u0085', '"\\u0085"'],
  ])('jsonInScript(%j) is %s', (value, json) => {
    expect(jsonInScript(value)).toBe(json);
    expect(JSON.parse(jsonInScript(value))).toBe(value);
  });
});

describe('text in another language', () => {
  it.each([
    ['Rural Revitalization', 'Rural Revitalization'],
    ['乡村振兴', '<span lang="zh">乡村振兴</span>'],
    ['Rural revitalization (乡村振兴战略) in 2019', 'Rural revitalization (<span lang="zh">乡村振兴战略</span>) in 2019'],
    ['乡村振兴 2.0 战略', '<span lang="zh">乡村振兴 2.0 战略</span>'],
    ['地方創生のための政策', '<span lang="ja">地方創生のための政策</span>'],
    ['농촌 활성화', '<span lang="ko">농촌 활성화</span>'],
    ['张三 & Li Na', '<span lang="zh">张三</span> &amp; Li Na'],
    ['<乡村>', '&lt;<span lang="zh">乡村</span>&gt;'],
  ])('textHtml(%j) is %j', (text, html) => {
    expect(textHtml(text)).toBe(html);
  });

  it('marks a Chinese title inside the English page', () => {
    const r = rec({ title: '乡村振兴战略的实施路径研究', authors: ['张三', 'Li Na'], keywords: ['乡村振兴'] });
    const m = model([r]);
    expect(reportPage(m, r)).toContain('<h1><span lang="zh">乡村振兴战略的实施路径研究</span> <span class="suffix">(No.1, 2019)</span></h1>');
    expect(reportPage(m, r)).toContain('<p class="byline">By <span lang="zh">张三</span> &amp; Li Na, DRC</p>');
    expect(indexPage(m)).toContain('<span lang="zh">乡村振兴战略的实施路径研究</span></a>');
    expect(indexPage(m)).toContain('<span lang="zh">乡村振兴</span></a>');
    expect(singleFilePage(m)).toContain('<span lang="zh">乡村振兴战略的实施路径研究</span>');
  });
});

describe('escaping', () => {
  it('shows control characters visibly and never raw', () => {
    expect(escapeHtml('a\x1b[31mb\x07c\x7fd\x9be\tf\ng')).toBe('a\u241b[31mb\u2407c\u2421d\ufffde\tf\ng');
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('the index, a piece at a time', () => {
  // 1,500 reports: the index is a few hundred kilobytes, so several pieces; one title holds an escape character
  // (which no page may hold raw) and a character outside the BMP (a surrogate pair, which must stay whole).
  const many = Array.from({ length: 1500 }, (_, i) =>
    rec({ number: i + 1, total: 5001 + i, date: `2019-${String(1 + (i % 12)).padStart(2, '0')}-10`, title: i === 700 ? 'Esc \u001b and \u{1d538} astral' : `Report ${i + 1}: ${'rural development '.repeat(4)}` }),
  );
  const pieces = [...indexPieces(model(many))];

  it('comes in several pieces that split the page only between lines', () => {
    expect(pieces.length).toBeGreaterThan(3);
    for (const p of pieces.slice(1)) expect(p.startsWith('\n')).toBe(true);
    expect(pieces[0]).toMatch(/^<!DOCTYPE html>/);
    expect(pieces.at(-1)).toMatch(/<\/html>\n$/);
  });

  it('is the whole page: every report once, record text made safe in every piece', () => {
    const whole = pieces.join('');
    expect(whole).toBe(indexPage(model(many)));
    expect(whole.match(/<tr><td class="id">/g)).toHaveLength(1500);
    expect(whole).toContain('Esc \u241b and \u{1d538} astral'); // the escape shown as ␛ (see "escaping")
    expect(whole).not.toContain('\u001b');
  });
});

describe('the site', () => {
  const rows = [
    rec({ number: 96, total: 5596, date: '2019-06-20', keywords: ['rural'] }),
    rec({ kind: 'special', number: 9, total: 1637, date: '2019-01-25', keywords: ['rural'] }),
    rec({ number: 3, year: 2018, total: 5278, date: '2018-01-08' }),
  ];
  const m = model(rows, { generated: new Date('2025-11-29T12:00:00Z'), feed: '<feed/>' });
  const pages = (mm: SiteModel) => [...siteFiles(mm)].filter((f) => f.path.endsWith('.html')).map((f) => ({ path: f.path, content: siteFileText(f) }));

  it('links the feed exported with it from every page, and ships it as feed.atom', () => {
    const files = [...siteFiles(m)];
    expect(files.find((f) => f.path === 'feed.atom')?.content).toBe('<feed/>');
    expect(files).toHaveLength(siteFileCount(m));
    for (const f of pages(m)) {
      const root = f.path.includes('/') ? '../' : '';
      expect(f.content, f.path).toContain(`<link rel="alternate" type="application/atom+xml" title="Research Reports" href="${root}feed.atom">`);
    }
    const alone = model(rows);
    expect([...siteFiles(alone)].some((f) => f.path === 'feed.atom')).toBe(false);
    for (const f of pages(alone)) expect(f.content).not.toContain('application/atom+xml');
  });

  it('has a footer with the site title and the generation date on every page', () => {
    for (const f of pages(m)) expect(f.content, f.path).toMatch(/<footer class="site"><div class="wrap">Research Reports · generated <time datetime="2025-11-29">2025-11-29<\/time> · <a href="(\.\.\/)?feed\.atom"/);
    expect(singleFilePage(m)).toMatch(/<footer[^>]*>Research Reports · generated <time datetime="2025-11-29">2025-11-29<\/time><\/footer>/);
  });

  it('has one h1 per page, and no heading repeated at another level', () => {
    for (const f of pages(m)) {
      const hs = headings(f.content);
      expect(hs.filter(([level]) => level === 1), f.path).toHaveLength(1);
      // The same heading never comes at two levels (a year as h1 and h2, the title as h1 and h3).
      const levels = new Map<string, Set<number>>();
      for (const [level, text] of hs) levels.set(text.replace(/\s*\(\d+\)$/, ''), (levels.get(text.replace(/\s*\(\d+\)$/, '')) ?? new Set()).add(level));
      for (const [text, ls] of levels) expect(ls.size, `${f.path}: "${text}" at levels ${[...ls].join(', ')}`).toBe(1);
      // A year's page is about one year: its heading is the h1, not an h2 again.
      const years = hs.filter(([, text]) => /^\d{4}$/.test(text)).map(([l]) => l);
      expect(f.path.startsWith('years/') ? years : [1], f.path).toEqual([1]);
      // The site's title is the index's h1 only, never a sequence's heading.
      expect(hs.filter(([, text]) => /^research reports?\b/i.test(text)).map(([l]) => l)).toEqual(f.path === 'index.html' ? [1] : []);
    }
    const hs = headings(yearPage(m, 2019));
    expect(hs).toEqual([
      [1, '2019'],
      [2, 'Regular reports (1)'],
      [2, 'Special Issues (1)'],
    ]);
    expect(headings(indexPage(m)).slice(0, 5)).toEqual([
      [1, 'Research Reports'],
      [2, '2019'],
      [3, 'Regular reports (1)'],
      [3, 'Special Issues (1)'],
      [2, '2018'],
    ]);
  });

  it('gives every table of a page the same fixed columns, so that they line up', () => {
    const html = indexPage(m);
    const tables = [...html.matchAll(/<table class="reports">\n(<colgroup>.*?<\/colgroup>)/g)].map((x) => x[1]);
    expect(tables).toHaveLength(3);
    expect(new Set(tables).size).toBe(1);
    expect(SITE_CSS).toMatch(/table\.reports \{[^}]*table-layout: fixed/);
    for (const col of ['c-id', 'c-num', 'c-authors', 'c-date']) expect(SITE_CSS).toMatch(new RegExp(`col\\.${col} \\{ width: [\\d.]+rem; \\}`));
  });

  it('never breaks "(Total N)" across lines', () => {
    expect(indexPage(m)).toContain('<td class="num">No.96, 2019 <span class="total">(Total 5596)</span></td>');
    expect(reportPage(m, m.records[0]!)).toContain('<p class="series">Research Report, No.96, 2019 <span class="total">(Total 5596)</span>');
    expect(SITE_CSS).toMatch(/\.total, time \{ white-space: nowrap; \}/);
    expect(singleFilePage(m)).toContain('<span class="total" style="white-space:nowrap">(Total 5596)</span>');
  });

  it('writes dates in one form: padded ISO in tables, the DRC form on the report page series line', () => {
    const index = indexPage(m);
    expect(index).toContain('<td class="date"><time datetime="2019-01-25">2019-01-25</time></td>');
    expect(index).not.toMatch(/\b2019-1-25\b/);
    expect(keywordPage(m, m.keywords.get('rural')!)).toContain('<time datetime="2019-06-20">2019-06-20</time>');
    expect(reportPage(m, m.records[1]!)).toContain('(Total 1637)</span> <time datetime="2019-01-25">2019-1-25</time></p>');
  });
});

describe('the e-mail file', () => {
  const rows = [
    rec({ number: 96, total: 5596, date: '2019-06-20', abstract: 'Why it matters.\n\nWhat to do.', keywords: ['rural'], url: 'https://example.org/src/96' }),
    rec({ kind: 'special', number: 9, total: 1637, date: '2019-01-25', url: 'javascript:alert(1)' }),
  ];

  it('carries its styles on the elements (mail clients drop <style>) and has no script', () => {
    const html = singleFilePage(model(rows, { baseUrl: 'https://example.org/cat/' }));
    expect(html).not.toMatch(/<style|<link|<script|\sclass="(?!total")/);
    expect(html).toContain('<body style="margin:0;');
  });

  it('includes each abstract, paragraph by paragraph, with the numbering, date and authors', () => {
    const html = singleFilePage(model(rows));
    expect(html).toMatch(/<p style="[^"]*">Why it matters\.<\/p>\n<p style="[^"]*">What to do\.<\/p>/);
    expect(html).toContain('No.96, 2019 <span class="total" style="white-space:nowrap">(Total 5596)</span> · <time datetime="2019-06-20" style="white-space:nowrap">2019-06-20</time> · By Li Na, DRC');
    expect(html).toContain('2 reports of 2019, newest first, with their abstracts.');
  });

  it('is written in pieces cut between entries: headings and entries one to a line, none lost or doubled', () => {
    for (const n of [0, 1, 63, 64, 65, 200]) {
      const many = Array.from({ length: n }, (_, i) => rec({ number: i + 1, total: 5000 + i, date: `2019-01-${String(1 + (i % 28)).padStart(2, '0')}`, abstract: `Abstract ${i}.` }));
      const pieces = [...singleFileChunks(model(many))];
      const html = pieces.join('');
      expect(html).toBe(singleFilePage(model(many)));
      const main = html.slice(html.indexOf('<main'), html.indexOf('</main>') + 7);
      expect(main.match(/<article/g)?.length ?? 0, String(n)).toBe(n);
      expect(new Set(main.match(/Abstract \d+\./g) ?? []).size).toBe(n);
      // One line per heading and entry line: no empty line between two, and the empty main of no report.
      if (n === 0) expect(main).toMatch(/^<main[^>]*>\n\n<\/main>$/);
      else {
        expect(main).toMatch(/^<main[^>]*>\n<h2[^\n]*\n<h3[^\n]*\n<article[\s\S]*<\/article>\n<\/main>$/);
        expect(main).not.toContain('\n\n');
      }
      expect(pieces.length).toBeGreaterThanOrEqual(2 + Math.floor(n / 64));
    }
  });

  it('links only to absolute addresses: the published site with a base URL, else the source pages', () => {
    const linked = singleFilePage(model(rows, { baseUrl: 'https://example.org/cat/' }));
    const hrefs = [...linked.matchAll(/href="([^"]*)"/g)].map((x) => x[1]);
    expect(hrefs).toEqual(['https://example.org/cat/index.html', 'https://example.org/cat/reports/2019-R96.html', 'https://example.org/cat/reports/2019-S9.html', 'https://example.org/cat/index.html']);
    const bare = singleFilePage(model(rows));
    expect([...bare.matchAll(/href="([^"]*)"/g)].map((x) => x[1])).toEqual(['https://example.org/src/96']); // javascript: is not linked
  });
});
