// HTML export: a static catalogue site (index, a page per report, per year, per key word) or one self-contained
// catalogue page for an e-mail alert. Pure: pages come out as strings (siteFiles yields them one at a time);
// writing them is the store's work (store/site.ts).
import { byLine, creditedAuthors, fullTitle, joinAuthors, numbering, pageDate, titleSuffix } from '../../model/page/lines.js';
import { authorText, citedAuthors, invertedName, isLiteral, type NameStyle } from '../../model/names.js';
import { reportId } from '../../model/ids.js';
import { doiUrl } from '../../model/url.js';
import type { Report } from '../../model/report.js';
import { sortRecords, titleOrder } from '../../query.js';
import { sequenceKey } from '../../checks/sequences.js';
import type { LoadedRecord } from '../../model/record.js';
import { escapeHtml as h, jsonInScript, safeHref, textHtml as t } from './html-escape.js';
import { foldKeyword, isDefaultSeries, keywordSlug, pageNames } from './names.js';
import { SITE_CSS, FILTER_JS } from './html-assets.js';
import { markupSafe } from '../safe.js';

export interface SiteOptions {
  /** Catalogue title, shown on every page. */
  title?: string;
  /** Absolute URL where the site is published, ending in "/": canonical links, and the e-mail file's links. */
  baseUrl?: string;
  /** When the catalogue was made, shown in every page's footer (SOURCE_DATE_EPOCH makes it reproducible). */
  generated?: Date;
  /** The Atom feed (its text) exported with the site: written as feed.atom and linked from every page. */
  feed?: string;
  /** How the archive writes names (config `names`): how citation_author and JSON-LD split them. */
  nameStyle?: NameStyle;
  /** The reports' attached files as the site holds them (`files/2019-s11.pdf`): linked, and citation_pdf_url. */
  files?: ReadonlyMap<LoadedRecord, string>;
}

export interface SiteFile {
  path: string;
  /** The text, or its pieces (the index, see pagePieces), made as they are written. */
  content: string | Iterable<string>;
}

/** The whole text of a site file. */
export const siteFileText = (f: SiteFile): string => (typeof f.content === 'string' ? f.content : [...f.content].join(''));

interface Keyword {
  label: string;
  slug: string;
  records: LoadedRecord[];
}

/** Everything the pages need, computed once: page names, sequences (for previous/next), years, key words. */
export interface SiteModel {
  title: string;
  records: LoadedRecord[];
  names: Map<LoadedRecord, string>;
  prev: Map<LoadedRecord, LoadedRecord>;
  next: Map<LoadedRecord, LoadedRecord>;
  years: Map<number, LoadedRecord[]>;
  keywords: Map<string, Keyword>;
  baseUrl?: string;
  /** The generation date, YYYY-MM-DD (UTC). */
  generated?: string;
  feed?: string;
  nameStyle?: NameStyle;
  /** Links in the banner after the title (the pages `reports serve` adds): HTML, made safe by its maker. */
  nav?: string;
  files?: ReadonlyMap<LoadedRecord, string>;
}

/** `records` must be newest first (as sortRecords gives them). */
export function siteModel(records: readonly LoadedRecord[], opts: SiteOptions = {}): SiteModel {
  const names = pageNames(records);
  // Previous/next within a sequence: each sequence is sorted once by its numbering (linear after the sort).
  const prev = new Map<LoadedRecord, LoadedRecord>();
  const next = new Map<LoadedRecord, LoadedRecord>();
  const sequences = new Map<string, LoadedRecord[]>();
  const years = new Map<number, LoadedRecord[]>();
  const keywords = new Map<string, Keyword>();
  for (const r of records) {
    const key = sequenceKey(r.record);
    const seq = sequences.get(key);
    if (seq) seq.push(r);
    else sequences.set(key, [r]);
    const y = years.get(r.record.year);
    if (y) y.push(r);
    else years.set(r.record.year, [r]);
    const seen = new Set<string>();
    for (const k of r.record.keywords ?? []) {
      const folded = foldKeyword(k);
      if (seen.has(folded)) continue;
      seen.add(folded);
      const kw = keywords.get(folded);
      if (kw) kw.records.push(r);
      else keywords.set(folded, { label: k.trim(), slug: keywordSlug(k), records: [r] });
    }
  }
  for (const seq of sequences.values()) {
    const ordered = sortRecords(seq.slice(), 'number', true); // oldest first
    for (let i = 0; i < ordered.length; i++) {
      if (i > 0) prev.set(ordered[i]!, ordered[i - 1]!);
      if (i < ordered.length - 1) next.set(ordered[i]!, ordered[i + 1]!);
    }
  }
  // Slugs of different key words differ unless two hashes collide: then those use the full hash.
  const bySlug = new Map<string, Keyword>();
  for (const [folded, kw] of keywords) {
    const other = bySlug.get(kw.slug);
    if (other) {
      kw.slug = keywordSlug(folded, 40);
      other.slug = keywordSlug(foldKeyword(other.label), 40);
      bySlug.set(other.slug, other);
    }
    bySlug.set(kw.slug, kw);
  }
  return {
    title: opts.title ?? 'Research Reports',
    records: [...records],
    names,
    prev,
    next,
    years,
    keywords,
    baseUrl: opts.baseUrl,
    files: opts.files,
    generated: opts.generated ? opts.generated.toISOString().slice(0, 10) : undefined,
    feed: opts.feed,
    nameStyle: opts.nameStyle,
  };
}

// ---- page parts ----------------------------------------------------------------------------------------------

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

export interface PageParts {
  /** The <title>. */
  title: string;
  /** The way from the page to the site's root: "" or "../". */
  root: string;
  body: string;
  /** More of <head>: the report page's citation meta tags and JSON-LD. */
  head?: string;
  script?: boolean | string;
  description?: string;
  /** The index: the site title in the banner is the page's one h1. */
  brandIsHeading?: boolean;
}

function footer(m: SiteModel, root: string): string {
  const parts = [t(m.title)];
  if (m.generated) parts.push(`generated <time datetime="${m.generated}">${m.generated}</time>`);
  if (m.feed) parts.push(`<a href="${root}feed.atom" type="application/atom+xml">Atom feed</a>`);
  return `<footer class="site"><div class="wrap">${parts.join(' · ')}</div></footer>`;
}

/** What every page (the site's and the e-mail file) starts with, up to its title. */
function documentStart(title: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="reports">
<title>${h(title)}</title>
`;
}

/** What a page has before its body and after it. */
function pageAround(m: SiteModel, o: Omit<PageParts, 'body'>): [string, string] {
  const brand = o.brandIsHeading ? `<h1 class="brand">${t(m.title)}</h1>` : `<a class="brand" href="${o.root}index.html">${t(m.title)}</a>`;
  const feed = m.feed ? `<link rel="alternate" type="application/atom+xml" title="${h(m.title)}" href="${o.root}feed.atom">\n` : '';
  const before = `${documentStart(o.title)}${o.description ? `<meta name="description" content="${h(o.description)}">\n` : ''}<link rel="stylesheet" href="${o.root}style.css">
${feed}${o.head ?? ''}</head>
<body>
<header class="site"><div class="wrap">${brand}${m.nav ?? ''}</div></header>
<main>
`;
  const after = `
</main>
${footer(m, o.root)}
${o.script ? `<script src="${o.root}${typeof o.script === 'string' ? o.script : 'filter.js'}" defer></script>\n` : ''}</body>
</html>
`;
  return [before, after];
}

export function page(m: SiteModel, o: PageParts): string {
  const [before, after] = pageAround(m, o);
  // Control characters and lone surrogates of record text are written out (HTML and XML parsers refuse them).
  return markupSafe(before + o.body + after);
}

/** About how many characters each piece of a page made in pieces holds. */
const PIECE = 64 * 1024;

/**
 * A page whose body is `lines` joined by line feeds, made a piece at a time: the same text as page(). The index of
 * 100,000 reports is a 40 MB page; made whole, it and its copies took about 330 MiB of the site export's 950
 * MiB peak (620 MiB with the index left out, one run each). markupSafe works a piece at a time: pieces end
 * between lines, and a line feed never splits a surrogate pair.
 */
function* pagePieces(m: SiteModel, o: Omit<PageParts, 'body'>, lines: Iterable<string>): Generator<string> {
  const [before, after] = pageAround(m, o);
  let piece = before;
  let first = true;
  for (const line of lines) {
    piece += first ? line : `\n${line}`;
    first = false;
    if (piece.length >= PIECE) {
      yield markupSafe(piece);
      piece = '';
    }
  }
  yield markupSafe(piece + after);
}

const reportPath = (m: SiteModel, r: LoadedRecord) => `reports/${encodeURIComponent(m.names.get(r)!)}.html`;
export const reportHref = (m: SiteModel, r: LoadedRecord, root: string) => root + reportPath(m, r);

/** "(Total 1639)", kept on one line. */
const totalHtml = (rec: Report, style = '') => (rec.total !== undefined ? `<span class="total"${style}>(Total ${rec.total})</span>` : '');

// One column set for every table of a page, with fixed layout: the columns of the per-sequence tables line up.
const COLUMNS =
  '<colgroup><col class="c-id"><col class="c-num"><col class="c-title"><col class="c-authors"><col class="c-date"></colgroup>\n' +
  '<thead><tr><th scope="col">Id</th><th scope="col">Numbering</th><th scope="col">Title</th><th scope="col">Authors</th><th scope="col">Date</th></tr></thead>';

/** The lines of a table of reports; `href` gives each row's link (or none). Dates in tables are ISO (2019-01-25). */
export function* tableLines(rows: readonly LoadedRecord[], href: (r: LoadedRecord) => string | undefined, style?: NameStyle): Generator<string> {
  yield* ['<table class="reports">', COLUMNS, '<tbody>'];
  for (const r of rows) {
    const rec = r.record;
    const link = href(r);
    const title = link ? `<a href="${h(link)}">${t(rec.title)}</a>` : t(rec.title);
    const total = totalHtml(rec);
    // The key words ride on the row for the filter box (FILTER_JS), which looks for words where list --search does:
    // title, authors and key words (the abstracts stay on the report pages: 100,000 of them make no index page).
    const keywords = rec.keywords?.length ? ` data-k="${h(rec.keywords.join(' · '))}"` : '';
    yield `<tr${keywords}><td class="id">${h(reportId(rec))}</td><td class="num">${h(numbering(rec))}${total ? ` ${total}` : ''}</td><td class="title">${title}</td><td class="authors">${t(joinAuthors(creditedAuthors(rec), style))}</td><td class="date">${rec.date ? `<time datetime="${h(rec.date)}">${h(rec.date)}</time>` : ''}</td></tr>`;
  }
  yield* ['</tbody>', '</table>'];
}

/**
 * The heading of a sequence: "Regular reports" and "Special Issues" of the main series, else the series' name
 * ("China Development Review", "China Development Review, Special Issues"); never the site's title again.
 */
function sequenceHeading(rec: Pick<Report, 'series' | 'kind'>): string {
  if (isDefaultSeries(rec.series)) return rec.kind === 'special' ? 'Special Issues' : 'Regular reports';
  return rec.kind === 'special' ? `${rec.series.trim()}, Special Issues` : rec.series.trim();
}

// The main series first, regular before special; other series after, by name.
const sequenceOrder = (rec: Pick<Report, 'series' | 'kind'>) => `${isDefaultSeries(rec.series) ? 0 : 1}${foldKeyword(rec.series)}\u0000${rec.kind === 'special' ? 1 : 0}`;

interface Group {
  year: number;
  sequences: { heading: string; rows: LoadedRecord[] }[];
}

/** Newest year first; within a year one group per sequence, in the order records come (newest first). */
function groups(rows: readonly LoadedRecord[]): Group[] {
  const byYear = new Map<number, Map<string, { heading: string; rows: LoadedRecord[] }>>();
  // A catalogue has a handful of sequences and up to thousands of rows: fold each series name once.
  const orders = new Map<string, string>();
  for (const r of rows) {
    let seqs = byYear.get(r.record.year);
    if (!seqs) byYear.set(r.record.year, (seqs = new Map()));
    const raw = `${r.record.kind}\u0000${r.record.series}`;
    let key = orders.get(raw);
    if (key === undefined) orders.set(raw, (key = sequenceOrder(r.record)));
    const s = seqs.get(key);
    if (s) s.rows.push(r);
    else seqs.set(key, { heading: sequenceHeading(r.record), rows: [r] });
  }
  return [...byYear.keys()]
    .sort((a, b) => b - a)
    .map((year) => {
      const seqs = byYear.get(year)!;
      return { year, sequences: [...seqs.keys()].sort().map((k) => seqs.get(k)!) };
    });
}

/**
 * The lines of the catalogue as tables: a heading per year (level `level`) and per sequence (the level below); a
 * page about one year (`yearHeadings: false`) has no year headings and its sequences one level higher.
 */
export function* catalogueLines(rows: readonly LoadedRecord[], href: (r: LoadedRecord) => string | undefined, level: number, yearHeadings = true, style?: NameStyle): Generator<string> {
  const hy = `h${level}`;
  const hs = `h${yearHeadings ? level + 1 : level}`;
  for (const g of groups(rows)) {
    yield `<section class="year" id="y${g.year}">`;
    if (yearHeadings) yield `<${hy}>${g.year}</${hy}>`;
    for (const s of g.sequences) {
      yield* ['<section class="sequence">', `<${hs}>${h(s.heading)} <span class="count">(${s.rows.length})</span></${hs}>`];
      yield* tableLines(s.rows, href, style);
      yield '</section>';
    }
    yield '</section>';
  }
}

const catalogue = (...args: Parameters<typeof catalogueLines>) => [...catalogueLines(...args)].join('\n');

function crumbs(root: string, ...parts: (string | [string, string])[]): string {
  const items = [`<a href="${root}index.html">Home</a>`, ...parts.map((p) => (typeof p === 'string' ? `<span aria-current="page">${t(p)}</span>` : `<a href="${h(p[1])}">${t(p[0])}</a>`))];
  return `<nav class="crumbs" aria-label="Breadcrumb">You are here: ${items.join(' &gt; ')}</nav>`;
}

// ---- pages ---------------------------------------------------------------------------------------------------

/** The site's index, a piece at a time (see pagePieces). */
export function indexPieces(m: SiteModel): Generator<string> {
  const years = [...m.years.keys()].sort((a, b) => b - a);
  const { compare } = titleOrder();
  const keywords = [...m.keywords.values()].sort((a, b) => compare(a.label, b.label));
  function* body(): Generator<string> {
    yield `<p class="summary">${plural(m.records.length, 'report')}, newest first.</p>`;
    // Hidden until filter.js runs: without scripts the full catalogue shows and nothing is broken.
    yield `<div class="filter" id="filter" role="search" hidden><label for="q">Filter</label> <input id="q" type="search" placeholder="title, author, id, date…" autocomplete="off"> <output id="shown" for="q" aria-live="polite"></output></div>`;
    if (years.length) yield `<nav class="years" aria-label="Years">Years: ${years.map((y) => `<a href="years/${y}.html">${y}</a>`).join(' ')}</nav>`;
    yield* catalogueLines(m.records, (r) => reportHref(m, r, ''), 2, true, m.nameStyle);
    if (m.records.length === 0) yield '<p>No reports.</p>';
    if (keywords.length) {
      yield `<section class="keywords-all"><h2>Key words</h2><ul class="keywords">${keywords.map((k) => `<li><a href="keywords/${encodeURIComponent(k.slug)}.html">${t(k.label)}</a> <span class="count">(${k.records.length})</span></li>`).join('')}</ul></section>`;
    }
  }
  return pagePieces(m, { title: m.title, root: '', script: true, brandIsHeading: true }, body());
}

export const indexPage = (m: SiteModel): string => [...indexPieces(m)].join('');

function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/** The first sentences of a text, up to about `max` characters, cut between words. */
function summary(text: string, max = 200): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}


/** "Research Report, Special Issue, No.11, 2019": the report number reference managers store. */
const reportNumber = (rec: Report) => `${rec.series.trim()}, ${numbering(rec)}`;

/** Highwire Press citation_* meta tags (Zotero, Google Scholar) and schema.org Report JSON-LD. */
function citationHead(rec: Report, abstract: string | undefined, canonical: string | undefined, style: NameStyle | undefined, pdf?: string): string {
  const meta = (name: string, content: string) => `<meta name="${name}" content="${h(content)}">`;
  const institution = rec.organization ?? rec.unit;
  // "Family, Given": Zotero and Google Scholar split a name at its comma, and read "Zhang Xiaohuan" given-first.
  const cited = citedAuthors(rec, style);
  const lines = [meta('citation_title', rec.title), ...cited.map((a) => meta('citation_author', invertedName(a)))];
  // Google Scholar reads YYYY/MM/DD; an undated report has the year of its numbering.
  const date = rec.date ? rec.date.replace(/-/g, '/') : String(rec.year);
  lines.push(meta('citation_publication_date', date), meta('citation_date', date));
  if (rec.doi) lines.push(meta('citation_doi', rec.doi));
  lines.push(meta('citation_technical_report_number', reportNumber(rec)));
  if (institution) lines.push(meta('citation_technical_report_institution', institution));
  if (abstract) lines.push(meta('citation_abstract', abstract));
  if (rec.keywords?.length) lines.push(meta('citation_keywords', rec.keywords.join('; ')));
  lines.push(meta('citation_language', 'en'));
  if (canonical) lines.push(meta('citation_abstract_html_url', canonical), `<link rel="canonical" href="${h(canonical)}">`);
  if (pdf) lines.push(meta('citation_pdf_url', pdf));
  const org = (name: string) => ({ '@type': 'Organization', name });
  const ld: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'Report',
    name: rec.title,
    reportNumber: reportNumber(rec),
    author: cited.map((a, i) =>
      isLiteral(a)
        ? org(a.literal)
        : { '@type': 'Person', name: rec.authors?.[i] === undefined ? invertedName(a) : authorText(rec.authors[i]!, style), familyName: a.family, ...(a.given ? { givenName: a.given } : {}) },
    ),
    datePublished: rec.date ?? String(rec.year),
    isPartOf: { '@type': 'CreativeWorkSeries', name: rec.series.trim() },
    inLanguage: 'en',
  };
  if (rec.team) ld.contributor = org(rec.team);
  if (rec.unit) ld.sourceOrganization = org(rec.unit);
  if (rec.organization) ld.publisher = org(rec.organization);
  if (abstract) ld.abstract = abstract;
  if (rec.keywords?.length) ld.keywords = rec.keywords;
  if (canonical) ld.url = canonical;
  if (rec.doi) ld.identifier = { '@type': 'PropertyValue', propertyID: 'DOI', value: rec.doi, url: doiUrl(rec.doi) };
  const source = safeHref(rec.url);
  if (source) ld.sameAs = source;
  lines.push(`<script type="application/ld+json">${jsonInScript(ld)}</script>`);
  return lines.join('\n') + '\n';
}

/** "1.2 MB", "350 KB", "120 bytes". */
const sizeText = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : n >= 1e3 ? `${Math.round(n / 1e3)} KB` : `${n} bytes`);

export function reportPage(m: SiteModel, r: LoadedRecord): string {
  const rec = r.record;
  const root = '../';
  const body: string[] = [crumbs(root, [String(rec.year), `${root}years/${rec.year}.html`], reportId(rec)), '<article class="report">'];
  body.push(`<h1>${t(rec.title)} <span class="suffix">${h(titleSuffix(rec))}</span></h1>`);
  body.push(`<p class="byline">${t(byLine(rec, m.nameStyle))}</p>`);
  // The page's own series line keeps the DRC's form of the date (2019-1-25), as on the report's page.
  const total = totalHtml(rec);
  const date = rec.date ? ` <time datetime="${h(rec.date)}">${h(pageDate(rec.date))}</time>` : '';
  body.push(`<p class="series">${h(`${rec.series}, ${numbering(rec)}`)}${total ? ` ${total}` : ''}${date}</p>`);
  const ps = rec.abstract ? paragraphs(rec.abstract) : [];
  if (ps.length) {
    body.push(`<div class="abstract">${ps.map((p, i) => `<p>${i === 0 ? '<strong>Abstract:</strong> ' : ''}${t(p)}</p>`).join('\n')}</div>`);
  }
  if (rec.keywords?.length) {
    const links = rec.keywords.map((k) => {
      const kw = m.keywords.get(foldKeyword(k));
      return kw ? `<a href="${root}keywords/${encodeURIComponent(kw.slug)}.html">${t(k)}</a>` : t(k);
    });
    body.push(`<p class="keywords"><strong>Key words:</strong> ${links.join(', ')}</p>`);
  }
  const source = safeHref(rec.url);
  if (source) body.push(`<p class="source">Source: <a href="${h(source)}" rel="noopener noreferrer">${h(source)}</a></p>`);
  if (rec.doi) body.push(`<p class="doi">DOI: <a href="${h(doiUrl(rec.doi))}">${h(doiUrl(rec.doi))}</a></p>`);
  const file = m.files?.get(r);
  if (file) body.push(`<p class="file">File: <a href="${h(root + file)}">${h(file.slice(file.lastIndexOf('/') + 1))}</a> (${h(sizeText(rec.attachment?.size ?? 0))})</p>`);
  body.push('</article>');
  const p = m.prev.get(r);
  const n = m.next.get(r);
  if (p || n) {
    body.push('<nav class="prevnext" aria-label="In this sequence">');
    if (p) body.push(`<a rel="prev" href="${reportHref(m, p, root)}">← Previous: ${h(numbering(p.record))}<br><span>${t(p.record.title)}</span></a>`);
    if (n) body.push(`<a rel="next" href="${reportHref(m, n, root)}">Next: ${h(numbering(n.record))} →<br><span>${t(n.record.title)}</span></a>`);
    body.push('</nav>');
  }
  const canonical = m.baseUrl ? new URL(reportPath(m, r), m.baseUrl).toString() : undefined;
  return page(m, {
    title: fullTitle(rec),
    root,
    body: body.join('\n'),
    head: citationHead(rec, ps.length ? ps.join(' ') : undefined, canonical, m.nameStyle, file && (m.baseUrl ? new URL(file, m.baseUrl).toString() : root + file)),
    description: ps.length ? summary(ps[0]!) : undefined,
  });
}

export function yearPage(m: SiteModel, year: number): string {
  const rows = m.years.get(year) ?? [];
  const root = '../';
  const body = [crumbs(root, String(year)), `<h1>${year}</h1>`, `<p class="summary">${plural(rows.length, 'report')}.</p>`, catalogue(rows, (r) => reportHref(m, r, root), 2, false, m.nameStyle)];
  return page(m, { title: `${year} · ${m.title}`, root, body: body.join('\n') });
}

export function keywordPage(m: SiteModel, kw: Keyword): string {
  const root = '../';
  const body = [
    crumbs(root, `Key word: ${kw.label}`),
    `<h1>Key word: ${t(kw.label)}</h1>`,
    `<p class="summary">${plural(kw.records.length, 'report')}.</p>`,
    catalogue(kw.records, (r) => reportHref(m, r, root), 2, true, m.nameStyle),
  ];
  return page(m, { title: `${kw.label} · ${m.title}`, root, body: body.join('\n') });
}

/** Every file of the site, one at a time (so that a large site is never all in memory). */
export function* siteFiles(m: SiteModel): Generator<SiteFile> {
  yield { path: 'style.css', content: SITE_CSS };
  yield { path: 'filter.js', content: FILTER_JS };
  if (m.feed !== undefined) yield { path: 'feed.atom', content: m.feed };
  yield { path: 'index.html', content: indexPieces(m) };
  for (const y of m.years.keys()) yield { path: `years/${y}.html`, content: yearPage(m, y) };
  for (const kw of m.keywords.values()) yield { path: `keywords/${kw.slug}.html`, content: keywordPage(m, kw) };
  for (const r of m.records) yield { path: `reports/${m.names.get(r)}.html`, content: reportPage(m, r) };
  if (m.baseUrl) yield { path: 'sitemap.xml', content: sitemapPieces(m, m.baseUrl) };
}

/** How many files siteFiles yields. */
export const siteFileCount = (m: SiteModel) =>
  (m.feed !== undefined ? 4 : 3) + (m.baseUrl ? 1 : 0) + m.years.size + m.keywords.size + m.records.length;

/**
 * sitemap.xml (sitemaps.org 0.9) of every page, with a base URL only (a sitemap's addresses are absolute). A report
 * page's lastmod is its report's date. More than 50,000 pages would need an index of sitemaps: the addresses past
 * that are left out, as search engines would ignore them.
 */
function* sitemapPieces(m: SiteModel, base: string): Generator<string> {
  const MAX = 50_000;
  let n = 0;
  const url = (path: string, lastmod?: string) => (n++ < MAX ? `<url><loc>${h(new URL(path, base).toString())}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ''}</url>\n` : '');
  yield '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n';
  yield url('index.html');
  for (const y of m.years.keys()) yield url(`years/${y}.html`);
  for (const kw of m.keywords.values()) yield url(`keywords/${encodeURIComponent(kw.slug)}.html`);
  let piece = '';
  for (const r of m.records) {
    piece += url(reportPath(m, r), r.record.date);
    if (piece.length > 64 * 1024) {
      yield piece;
      piece = '';
    }
  }
  yield piece + '</urlset>\n';
}

// ---- the e-mail file -----------------------------------------------------------------------------------------

// Mail clients drop <style> and external style sheets: the e-mail file carries its styles on each element.
const FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif";
const MAIL = {
  body: `margin:0;padding:0;background:#f3f5f7;color:#1d2733;${FONT};font-size:16px;line-height:1.5`,
  wrap: 'max-width:44rem;margin:0 auto;background:#ffffff',
  header: 'background:#0b5394;color:#ffffff;padding:16px 20px',
  brand: 'margin:0;font-size:22px;line-height:1.3;font-weight:600;color:#ffffff',
  brandLink: 'color:#ffffff;text-decoration:none',
  lead: 'margin:4px 0 0;font-size:14px;color:#dce7f3',
  main: 'padding:4px 20px 12px',
  year: 'font-size:20px;margin:28px 0 4px;padding-bottom:4px;border-bottom:2px solid #d8dde3',
  sequence: 'font-size:16px;margin:20px 0 8px;color:#5a6572',
  entry: 'margin:0 0 18px;padding:0 0 14px;border-bottom:1px solid #d8dde3',
  title: 'font-size:17px;line-height:1.35;margin:0 0 4px;overflow-wrap:anywhere',
  link: 'color:#0b5394',
  meta: 'margin:0 0 6px;font-size:14px;color:#5a6572;overflow-wrap:anywhere',
  nowrap: 'white-space:nowrap',
  abstract: 'margin:0 0 6px;font-size:15px;overflow-wrap:anywhere',
  keywords: 'margin:0;font-size:13px;color:#5a6572;overflow-wrap:anywhere',
  footer: 'padding:12px 20px 20px;font-size:13px;color:#5a6572;border-top:1px solid #d8dde3',
} as const;

/** "6 reports from 2016 to 2019, newest first, with their abstracts." */
function lead(records: readonly LoadedRecord[]): string {
  if (records.length === 0) return 'No reports.';
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of records) {
    lo = Math.min(lo, r.record.year);
    hi = Math.max(hi, r.record.year);
  }
  return `${plural(records.length, 'report')} ${lo === hi ? `of ${lo}` : `from ${lo} to ${hi}`}, newest first, with their abstracts.`;
}

/**
 * One self-contained catalogue (inline styles, no scripts, no relative links) for an e-mail alert: a table of
 * contents, then each report with its numbering, authors, date and abstract. Titles link to the published site
 * when `baseUrl` is given, else to the report's source page when it has an http(s) one.
 */
export function singleFilePage(m: SiteModel): string {
  return [...singleFileChunks(m)].join('');
}

/** Entries of the e-mail page are written this many at a time. */
const MAIL_BATCH = 64;

/**
 * The e-mail page, a batch of entries at a time: a large archive's page (100,000 reports with their abstracts) is
 * never held whole in memory (made whole, it peaked at 1,345 MiB).
 */
export function* singleFileChunks(m: SiteModel): Generator<string> {
  const base = m.baseUrl;
  const s = (name: keyof typeof MAIL) => ` style="${MAIL[name]}"`;
  const href = (r: LoadedRecord) => (base ? new URL(reportPath(m, r), base).toString() : safeHref(r.record.url));
  const home = base ? new URL('index.html', base).toString() : undefined;
  const brand = home ? `<a href="${h(home)}"${s('brandLink')}>${t(m.title)}</a>` : t(m.title);
  // As every page: control characters and lone surrogates of record text are written out (piece by piece: the
  // pieces are cut between entries, never inside a character).
  yield markupSafe(`${documentStart(m.title)}</head>
<body${s('body')}>
<div${s('wrap')}>
<header${s('header')}><h1${s('brand')}>${brand}</h1><p${s('lead')}>${lead(m.records)}</p></header>
<main${s('main')}>
`);
  // The headings and entries, a line break between two.
  let body: string[] = [];
  let first = true;
  const item = (html: string) => {
    body.push(first ? html : `\n${html}`);
    first = false;
  };
  for (const g of groups(m.records)) {
    item(`<h2${s('year')} id="y${g.year}">${g.year}</h2>`);
    for (const q of g.sequences) {
      item(`<h3${s('sequence')}>${h(q.heading)} (${q.rows.length})</h3>`);
      for (const r of q.rows) {
        const rec = r.record;
        const link = href(r);
        const title = link ? `<a href="${h(link)}"${s('link')}>${t(rec.title)}</a>` : t(rec.title);
        const meta = [`${h(numbering(rec))}${rec.total !== undefined ? ` ${totalHtml(rec, s('nowrap'))}` : ''}`];
        if (rec.date) meta.push(`<time datetime="${h(rec.date)}"${s('nowrap')}>${h(rec.date)}</time>`);
        meta.push(t(byLine(rec, m.nameStyle)));
        const entry = [`<article${s('entry')}>`, `<h4${s('title')}>${title}</h4>`, `<p${s('meta')}>${meta.join(' · ')}</p>`];
        if (rec.abstract) for (const p of paragraphs(rec.abstract)) entry.push(`<p${s('abstract')}>${t(p)}</p>`);
        if (rec.keywords?.length) entry.push(`<p${s('keywords')}>Key words: ${rec.keywords.map(t).join(', ')}</p>`);
        if (rec.doi) entry.push(`<p${s('keywords')}>DOI: <a href="${h(doiUrl(rec.doi))}"${s('link')}>${h(doiUrl(rec.doi))}</a></p>`);
        entry.push('</article>');
        item(entry.join('\n'));
        if (body.length >= MAIL_BATCH) {
          yield markupSafe(body.join(''));
          body = [];
        }
      }
    }
  }
  if (body.length > 0) yield markupSafe(body.join(''));
  const foot = [t(m.title)];
  if (m.generated) foot.push(`generated <time datetime="${m.generated}">${m.generated}</time>`);
  if (home) foot.push(`the full catalogue: <a href="${h(home)}"${s('link')}>${h(home)}</a>`);
  yield markupSafe(`
</main>
<footer${s('footer')}>${foot.join(' · ')}</footer>
</div>
</body>
</html>
`);
}
