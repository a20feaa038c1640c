// Atom 1.0 export with the `feed` package: newest first, one entry per report, ids stable across runs.
import { Feed } from 'feed';
import { byLine, fullTitle, seriesLine } from '../../model/page.js';
import type { LoadedRecord } from '../../model/record.js';
import { escapeHtml } from './html-escape.js';
import { keywordSlug, pageNames } from './names.js';
import { markupSafe } from '../safe.js';

export interface AtomOptions {
  /** Absolute http(s) URL of the exported HTML site, ending in "/". */
  baseUrl: string;
  /** The feed's title. */
  title?: string;
  /** Used as the feed's `updated` only when no exported report has a date. */
  generated: Date;
}

/** The `updated` of an entry: its report's date, else 1 January of its year. */
export function entryDate(r: LoadedRecord): Date {
  return new Date(`${r.record.date ?? `${r.record.year}-01-01`}T00:00:00Z`);
}

// xml-js (under `feed`) turns "&amp;" in text back into "&" before escaping: escaping "&" first keeps text as written.
const text = (s: string) => s.replace(/&/g, '&amp;');

export function exportAtom(records: readonly LoadedRecord[], opts: AtomOptions): string {
  const base = opts.baseUrl;
  const names = pageNames(records);
  const newest = records.reduce<Date | undefined>((d, r) => {
    const e = entryDate(r);
    return !d || e > d ? e : d;
  }, undefined);
  const feed = new Feed({
    id: base,
    title: text(opts.title ?? 'Research reports'),
    link: new URL('index.html', base).toString(),
    feed: new URL('feed.atom', base).toString(),
    // The newest report's date, so that the same archive gives the same feed.
    updated: newest ?? opts.generated,
    generator: 'reports',
  });
  // Newest first by the date each entry carries (an undated report counts as 1 January of its year).
  const entries = records.map((r) => ({ r, date: entryDate(r) })).sort((a, b) => b.date.getTime() - a.date.getTime());
  for (const { r, date } of entries) {
    const rec = r.record;
    const link = new URL(`reports/${names.get(r)}.html`, base).toString();
    const paras = [byLine(rec), seriesLine(rec)].map((p) => `<p>${escapeHtml(p)}</p>`);
    if (rec.abstract) paras.push(`<p>${escapeHtml(rec.abstract)}</p>`);
    if (rec.keywords?.length) paras.push(`<p>Key words: ${escapeHtml(rec.keywords.join(', '))}</p>`);
    feed.addItem({
      // The title and summary are type="html": escape them so that a title such as "<script>" stays text.
      title: escapeHtml(fullTitle(rec)),
      // The page URL, which depends only on the base URL and the record's numbering: stable across runs.
      id: link,
      link,
      date,
      description: paras.join(''),
      author: rec.authors.map((name) => ({ name: text(name) })),
      // term is the keyword page's slug (always XML-safe); the label carries the keyword unless it holds "<",
      // which `feed` would put into an attribute unescaped.
      category: (rec.keywords ?? []).map((k) => ({
        term: keywordSlug(k),
        scheme: new URL('keywords/', base).toString(),
        ...(k.includes('<') ? {} : { name: k }),
      })),
    });
  }
  // XML 1.0 cannot carry most C0 controls or lone surrogates, whatever a record holds: written out as escapes.
  return markupSafe(feed.atom1()) + '\n';
}
