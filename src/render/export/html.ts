// HTML export: a static catalogue site (index, a page per report, per year, per key word) or one self-contained
// catalogue page for an e-mail alert. Pages are rendered by pure functions; writeSite is the one function of the
// renderers that touches the file system, and only inside the folder it is given.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { byLine, fullTitle, joinAuthors, numbering, pageDate, sequenceName, seriesLine, titleSuffix } from '../../model/page.js';
import { reportId } from '../../model/ids.js';
import { sortRecords, titleOrder } from '../../query.js';
import { sequenceKey } from '../../checks/sequences.js';
import type { LoadedRecord } from '../../model/record.js';
import { InterruptedError } from '../../errors.js';
import { escapeHtml as h, safeHref } from './html-escape.js';
import { foldKeyword, keywordSlug, pageNames } from './names.js';
import { SITE_CSS, FILTER_JS } from './html-assets.js';

export interface SiteOptions {
  /** Catalogue title, shown on every page. */
  title?: string;
  /** Absolute URL where the site is published: --single-file links to it. */
  baseUrl?: string;
}

export interface SiteFile {
  path: string;
  content: string;
}

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
  return { title: opts.title ?? 'Research Reports', records: [...records], names, prev, next, years, keywords };
}

// ---- page parts ----------------------------------------------------------------------------------------------

function page(m: SiteModel, o: { title: string; root: string; body: string; script?: boolean; inlineCss?: boolean; description?: string; home?: string | null }): string {
  const css = o.inlineCss ? `<style>\n${SITE_CSS}</style>` : `<link rel="stylesheet" href="${h(o.root)}style.css">`;
  const home = o.home === undefined ? `${o.root}index.html` : o.home;
  const header = home === null ? h(m.title) : `<a href="${h(home)}">${h(m.title)}</a>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="reports">
<title>${h(o.title)}</title>
${o.description ? `<meta name="description" content="${h(o.description)}">\n` : ''}${css}
</head>
<body>
<header class="site">${header}</header>
<main>
${o.body}
</main>
${o.script ? `<script src="${h(o.root)}filter.js" defer></script>\n` : ''}</body>
</html>
`;
}

const reportHref = (m: SiteModel, r: LoadedRecord, root: string) => `${root}reports/${encodeURIComponent(m.names.get(r)!)}.html`;

/** A table of reports; `href` gives each row's link (or none). */
function table(rows: readonly LoadedRecord[], href: (r: LoadedRecord) => string | undefined): string {
  const out = ['<table class="reports">', '<thead><tr><th scope="col">Id</th><th scope="col">Numbering</th><th scope="col">Title</th><th scope="col">Authors</th><th scope="col">Date</th></tr></thead>', '<tbody>'];
  for (const r of rows) {
    const rec = r.record;
    const link = href(r);
    const title = link ? `<a href="${h(link)}">${h(rec.title)}</a>` : h(rec.title);
    out.push(
      `<tr><td class="id">${h(reportId(rec))}</td><td class="num">${h(numbering(rec))}${rec.total !== undefined ? ` <span class="total">(Total ${rec.total})</span>` : ''}</td><td class="title">${title}</td><td class="authors">${h(joinAuthors(rec.authors))}</td><td class="date">${rec.date ? `<time datetime="${h(rec.date)}">${h(pageDate(rec.date))}</time>` : ''}</td></tr>`,
    );
  }
  out.push('</tbody>', '</table>');
  return out.join('\n');
}

/** Newest year first; within a year one table per sequence, in the order records come (newest first). */
function catalogue(rows: readonly LoadedRecord[], href: (r: LoadedRecord) => string | undefined, headingLevel = 2): string {
  const byYear = new Map<number, Map<string, LoadedRecord[]>>();
  for (const r of rows) {
    let seqs = byYear.get(r.record.year);
    if (!seqs) byYear.set(r.record.year, (seqs = new Map()));
    const label = sequenceName(r.record);
    const list = seqs.get(label);
    if (list) list.push(r);
    else seqs.set(label, [r]);
  }
  const years = [...byYear.keys()].sort((a, b) => b - a);
  const out: string[] = [];
  const hy = `h${headingLevel}`;
  const hs = `h${headingLevel + 1}`;
  for (const y of years) {
    out.push(`<section class="year" id="y${y}">`, `<${hy}>${y}</${hy}>`);
    const seqs = [...byYear.get(y)!.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [label, list] of seqs) {
      out.push('<section class="sequence">', `<${hs}>${h(label)} <span class="count">(${list.length})</span></${hs}>`, table(list, href), '</section>');
    }
    out.push('</section>');
  }
  return out.join('\n');
}

function crumbs(root: string, ...parts: (string | [string, string])[]): string {
  const items = [`<a href="${root}index.html">Home</a>`, ...parts.map((p) => (typeof p === 'string' ? `<span aria-current="page">${h(p)}</span>` : `<a href="${h(p[1])}">${h(p[0])}</a>`))];
  return `<nav class="crumbs" aria-label="Breadcrumb">You are here: ${items.join(' &gt; ')}</nav>`;
}

// ---- pages ---------------------------------------------------------------------------------------------------

export function indexPage(m: SiteModel): string {
  const years = [...m.years.keys()].sort((a, b) => b - a);
  const { compare } = titleOrder();
  const keywords = [...m.keywords.values()].sort((a, b) => compare(a.label, b.label));
  const body = [
    `<h1>${h(m.title)}</h1>`,
    `<p class="summary">${m.records.length} report${m.records.length === 1 ? '' : 's'}, newest first.</p>`,
    // Hidden until filter.js runs: without scripts the full catalogue shows and nothing is broken.
    `<form class="filter" id="filter" role="search" hidden><label for="q">Filter</label> <input id="q" type="search" placeholder="title, author, id, date…" autocomplete="off"> <output id="shown" for="q" aria-live="polite"></output></form>`,
    years.length ? `<nav class="years" aria-label="Years">Years: ${years.map((y) => `<a href="years/${y}.html">${y}</a>`).join(' ')}</nav>` : '',
    catalogue(m.records, (r) => reportHref(m, r, '')),
    m.records.length === 0 ? '<p>No reports.</p>' : '',
    keywords.length
      ? `<section class="keywords-all"><h2>Key words</h2><ul class="keywords">${keywords.map((k) => `<li><a href="keywords/${encodeURIComponent(k.slug)}.html">${h(k.label)}</a> <span class="count">(${k.records.length})</span></li>`).join('')}</ul></section>`
      : '',
  ].filter(Boolean);
  return page(m, { title: m.title, root: '', body: body.join('\n'), script: true });
}

function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

export function reportPage(m: SiteModel, r: LoadedRecord): string {
  const rec = r.record;
  const root = '../';
  const body: string[] = [crumbs(root, [String(rec.year), `${root}years/${rec.year}.html`], reportId(rec)), '<article class="report">'];
  body.push(`<h1>${h(rec.title)} <span class="suffix">${h(titleSuffix(rec))}</span></h1>`);
  body.push(`<p class="byline">${h(byLine(rec))}</p>`);
  body.push(`<p class="series">${h(seriesLine(rec))}</p>`);
  if (rec.abstract) {
    const ps = paragraphs(rec.abstract);
    body.push(`<div class="abstract">${ps.map((p, i) => `<p>${i === 0 ? '<strong>Abstract:</strong> ' : ''}${h(p)}</p>`).join('\n')}</div>`);
  }
  if (rec.keywords?.length) {
    const links = rec.keywords.map((k) => {
      const kw = m.keywords.get(foldKeyword(k));
      return kw ? `<a href="${root}keywords/${encodeURIComponent(kw.slug)}.html">${h(k)}</a>` : h(k);
    });
    body.push(`<p class="keywords"><strong>Key words:</strong> ${links.join(', ')}</p>`);
  }
  const source = safeHref(rec.url);
  if (source) body.push(`<p class="source">Source: <a href="${h(source)}" rel="noopener noreferrer">${h(source)}</a></p>`);
  body.push('</article>');
  const p = m.prev.get(r);
  const n = m.next.get(r);
  if (p || n) {
    body.push('<nav class="prevnext" aria-label="In this sequence">');
    if (p) body.push(`<a rel="prev" href="${reportHref(m, p, root)}">← Previous: ${h(numbering(p.record))}<br><span>${h(p.record.title)}</span></a>`);
    if (n) body.push(`<a rel="next" href="${reportHref(m, n, root)}">Next: ${h(numbering(n.record))} →<br><span>${h(n.record.title)}</span></a>`);
    body.push('</nav>');
  }
  return page(m, { title: fullTitle(rec), root, body: body.join('\n'), description: rec.abstract ? paragraphs(rec.abstract)[0]?.slice(0, 200) : undefined });
}

export function yearPage(m: SiteModel, year: number): string {
  const rows = m.years.get(year) ?? [];
  const root = '../';
  const body = [crumbs(root, String(year)), `<h1>${year}</h1>`, `<p class="summary">${rows.length} report${rows.length === 1 ? '' : 's'}.</p>`, catalogue(rows, (r) => reportHref(m, r, root))];
  return page(m, { title: `${year} · ${m.title}`, root, body: body.join('\n') });
}

export function keywordPage(m: SiteModel, kw: Keyword): string {
  const root = '../';
  const body = [
    crumbs(root, `Key word: ${kw.label}`),
    `<h1>Key word: ${h(kw.label)}</h1>`,
    `<p class="summary">${kw.records.length} report${kw.records.length === 1 ? '' : 's'}.</p>`,
    catalogue(kw.records, (r) => reportHref(m, r, root)),
  ];
  return page(m, { title: `${kw.label} · ${m.title}`, root, body: body.join('\n') });
}

/** Every file of the site, one at a time (so that a large site is never all in memory). */
export function* siteFiles(m: SiteModel): Generator<SiteFile> {
  yield { path: 'style.css', content: SITE_CSS };
  yield { path: 'filter.js', content: FILTER_JS };
  yield { path: 'index.html', content: indexPage(m) };
  for (const y of m.years.keys()) yield { path: `years/${y}.html`, content: yearPage(m, y) };
  for (const kw of m.keywords.values()) yield { path: `keywords/${kw.slug}.html`, content: keywordPage(m, kw) };
  for (const r of m.records) yield { path: `reports/${m.names.get(r)}.html`, content: reportPage(m, r) };
}

/** How many files siteFiles yields. */
export const siteFileCount = (m: SiteModel) => 3 + m.years.size + m.keywords.size + m.records.length;

export interface WriteOptions {
  /** Called after each batch of files with (written, total). */
  progress?: (done: number, total: number) => void;
  /** Stops the writing (Ctrl-C): writeSite throws InterruptedError and the caller removes the folder. */
  signal?: AbortSignal;
}

/** Write the site into `dir` (an empty folder the caller made). */
export async function writeSite(dir: string, m: SiteModel, opts: WriteOptions = {}): Promise<number> {
  for (const sub of ['reports', 'years', 'keywords']) mkdirSync(path.join(dir, sub));
  const total = siteFileCount(m);
  let done = 0;
  // Plain synchronous writes: for thousands of small files they take half the time of many writes in flight
  // (measured: 32,000 files, 0.33 s against 0.83 s). Every 256 files the event loop gets a turn, for Ctrl-C.
  const step = async () => {
    opts.progress?.(done, total);
    await new Promise((r) => setImmediate(r));
    if (opts.signal?.aborted) throw new InterruptedError('interrupted; the export was not written');
  };
  for (const f of siteFiles(m)) {
    writeFileSync(path.join(dir, f.path), f.content);
    if (++done % 256 === 0) await step();
  }
  await step();
  return done;
}

/** One self-contained catalogue page (inline CSS, no scripts) for an e-mail alert. */
export function singleFilePage(m: SiteModel, opts: SiteOptions = {}): string {
  const base = opts.baseUrl;
  const href = (r: LoadedRecord) => (base ? new URL(`reports/${encodeURIComponent(m.names.get(r)!)}.html`, base).toString() : safeHref(r.record.url));
  const body = [
    `<h1>${h(m.title)}</h1>`,
    `<p class="summary">${m.records.length} report${m.records.length === 1 ? '' : 's'}, newest first.</p>`,
    catalogue(m.records, href),
    m.records.length === 0 ? '<p>No reports.</p>' : '',
  ].filter(Boolean);
  // The header links to the published site when there is one; otherwise it is plain text.
  return page(m, { title: m.title, root: '', body: body.join('\n'), inlineCss: true, home: base ? new URL('index.html', base).toString() : null });
}
