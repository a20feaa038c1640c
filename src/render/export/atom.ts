// Atom 1.0 export with the `feed` package: newest first, one entry per report, ids stable across runs.
import { Feed } from 'feed';
import type { FeedOptions, Item } from 'feed';
import { byLine, fullTitle, seriesLine } from '../../model/page/lines.js';
import type { LoadedRecord } from '../../model/record.js';
import { escapeHtml } from './html-escape.js';
import { doiUrl } from '../../model/url.js';
import { keywordSlug, pageNames } from './names.js';
import { markupSafe } from '../safe.js';
import { authorTexts, citedAuthors, invertedName, type NameStyle } from '../../model/names.js';

export interface AtomOptions {
  /** Absolute http(s) URL of the exported HTML site, ending in "/". */
  baseUrl: string;
  /** The feed's title. */
  title?: string;
  /** Used as the feed's `updated` only when no exported report has a date. */
  generated: Date;
  /** How the archive writes names (an override is shown in its style). */
  nameStyle?: NameStyle;
}

/** The `updated` of an entry: its report's date, else 1 January of its year. */
export function entryDate(r: LoadedRecord): Date {
  return new Date(`${r.record.date ?? `${r.record.year}-01-01`}T00:00:00Z`);
}

// xml-js (under `feed`) turns "&amp;" in text back into "&" before escaping: escaping "&" first keeps text as written.
const text = (s: string) => s.replace(/&/g, '&amp;');

export function exportAtom(records: readonly LoadedRecord[], opts: AtomOptions): string {
  return [...exportAtomChunks(records, opts)].join('');
}

/** The feed's own fields (its `updated` is the newest report's date, so that the same archive gives the same feed). */
export function atomFeedOptions(records: readonly LoadedRecord[], opts: AtomOptions): FeedOptions {
  const base = opts.baseUrl;
  const newest = records.reduce<Date | undefined>((d, r) => {
    const e = entryDate(r);
    return !d || e > d ? e : d;
  }, undefined);
  return {
    id: base,
    title: text(opts.title ?? 'Research reports'),
    link: new URL('index.html', base).toString(),
    feed: new URL('feed.atom', base).toString(),
    updated: newest ?? opts.generated,
    generator: 'reports',
  };
}

/** The records newest first, by the date each entry carries (an undated report counts as 1 January of its year). */
export function atomOrder(records: readonly LoadedRecord[]): { r: LoadedRecord; date: Date }[] {
  return records.map((r) => ({ r, date: entryDate(r) })).sort((a, b) => b.date.getTime() - a.date.getTime());
}

/** One report's entry; `names` are the site's page names (see pageNames). */
export function atomEntry(r: LoadedRecord, date: Date, baseUrl: string, names: ReadonlyMap<LoadedRecord, string>, style?: NameStyle): Item {
  const rec = r.record;
  const link = new URL(`reports/${names.get(r)}.html`, baseUrl).toString();
  const paras = [byLine(rec, style), seriesLine(rec)].map((p) => `<p>${escapeHtml(p)}</p>`);
  if (rec.abstract) paras.push(`<p>${escapeHtml(rec.abstract)}</p>`);
  if (rec.keywords?.length) paras.push(`<p>Key words: ${escapeHtml(rec.keywords.join(', '))}</p>`);
  if (rec.doi) paras.push(`<p>DOI: <a href="${escapeHtml(doiUrl(rec.doi))}">${escapeHtml(doiUrl(rec.doi))}</a></p>`);
  return {
    // The title and summary are type="html": escape them so that a title such as "<script>" stays text.
    title: escapeHtml(fullTitle(rec)),
    // The page URL, which depends only on the base URL and the record's numbering: stable across runs.
    id: link,
    link,
    date,
    description: paras.join(''),
    // Names as the page writes them (Atom has one name per person); a report signed by its team alone: the team.
    author: (rec.authors?.length ? authorTexts(rec.authors, style) : citedAuthors(rec).map(invertedName)).map((name) => ({ name: text(name) })),
    // term is the keyword page's slug (always XML-safe); the label carries the keyword unless it holds "<",
    // which `feed` would put into an attribute unescaped.
    category: (rec.keywords ?? []).map((k) => ({
      term: keywordSlug(k),
      scheme: new URL('keywords/', baseUrl).toString(),
      ...(k.includes('<') ? {} : { name: k }),
    })),
  };
}

/**
 * Entries are made by `feed` this many at a time. Each batch's short-lived objects (xml-js builds a tree and several
 * copies of the text) outlive a young-generation collection when the batch is large, and V8 lets such garbage grow
 * far before collecting it: on 100,000 reports the export peaked at 993 MiB with batches of 256, 638 with 64 and
 * 516 with 32, in about the same time.
 */
export const ATOM_BATCH = 32;
const END = '\n</feed>';

/**
 * The same text as one `feed` of every entry, a few hundred entries at a time, so that a large archive's feed is
 * written without ever being held whole in memory (100,000 reports make a feed of about 200 MB, and `feed` builds
 * several copies of its text: made whole, the export peaked at 1.1 GiB). Each batch is made by `feed` in a feed of its own and
 * its entries are cut out of it.
 */
export function* exportAtomChunks(records: readonly LoadedRecord[], opts: AtomOptions): Generator<string> {
  const names = pageNames(records);
  const options = atomFeedOptions(records, opts);
  const empty = new Feed(options).atom1();
  if (!empty.endsWith(END)) throw new Error('feed: unexpected output');
  // XML 1.0 cannot carry most C0 controls or lone surrogates, whatever a record holds: written out as escapes
  // (piece by piece: the pieces are cut between entries, never inside a character).
  yield markupSafe(empty.slice(0, -END.length));
  const entries = atomOrder(records);
  for (let start = 0; start < entries.length; start += ATOM_BATCH) {
    const feed = new Feed(options);
    for (const { r, date } of entries.slice(start, start + ATOM_BATCH)) feed.addItem(atomEntry(r, date, opts.baseUrl, names, opts.nameStyle));
    const xml = feed.atom1();
    const from = xml.indexOf('\n    <entry>');
    if (from < 0 || !xml.endsWith(END)) throw new Error('feed: unexpected output');
    yield markupSafe(xml.slice(from, -END.length));
  }
  yield END + '\n';
}
