// Is this report already in the archive? Used by `import` (a verdict per page) and by `add --from-text` (said before
// the first prompt). Pure: records and fields in, the record it matches out.
import { parseTitleSuffix } from '../model/page/lines.js';
import type { Report } from '../model/report.js';
import type { LoadedRecord } from '../model/record.js';
import { sequenceKey } from './sequences.js';

export interface Existing {
  /** `existing`: the same report; `clashing`: a different report holds its number or Total. */
  verdict: 'existing' | 'clashing';
  /** The record it matches. */
  record: LoadedRecord;
  /** What matched, e.g. "same number and title as 2018-R124 (2018/regular-124.yaml)". */
  reason: string;
}

/** A title as compared: without its numbering suffix, case, punctuation and spacing. */
export function titleKey(title: string): string {
  const base = parseTitleSuffix(title)?.base ?? title;
  return base
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[‘’]/g, "'")
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

type Fields = Partial<Pick<Report, 'title' | 'series' | 'kind' | 'number' | 'year' | 'total'>>;

const named = (r: LoadedRecord) => `${r.id} (${r.file}): "${r.record.title}"`;

/**
 * The records indexed by what identifies a report: (sequence, year, number), (sequence, Total) and title. A batch
 * adds its records as it goes, so each page is looked up in constant time (a scan per page made 1,000 pages take
 * most of a second in title comparisons alone).
 */
export class ExistingIndex {
  private byNumber = new Map<string, LoadedRecord>();
  private byTotal = new Map<string, LoadedRecord>();
  private byTitle = new Map<string, LoadedRecord>();

  constructor(records: readonly LoadedRecord[] = []) {
    for (const r of records) this.add(r);
  }

  add(r: LoadedRecord): void {
    const rec = r.record;
    const seq = sequenceKey(rec);
    setFirst(this.byNumber, `${seq}\u0000${rec.year}\u0000${rec.number}`, r);
    setFirst(this.byNumber, `${rec.kind}\u0000${rec.year}\u0000${rec.number}`, r);
    if (rec.total !== undefined) {
      setFirst(this.byTotal, `${seq}\u0000${rec.total}`, r);
      setFirst(this.byTotal, `${rec.kind}\u0000${rec.total}`, r);
    }
    const t = titleKey(rec.title);
    if (t) setFirst(this.byTitle, t, r);
  }

  /**
   * The record `fields` describe, if the index holds it: the same sequence, year and number, or the same sequence
   * and Total, or the same title. Same numbering with another title is a clash (a different report with that
   * number); without a series (a page with no numbering line) any sequence of that kind counts.
   */
  find(fields: Fields): Existing | undefined {
    const kind = fields.kind ?? 'regular';
    const seq = fields.series ? sequenceKey({ series: fields.series, kind }) : kind;
    const title = fields.title ? titleKey(fields.title) : '';
    const sameTitle = (r: LoadedRecord) => title !== '' && titleKey(r.record.title) === title;
    const byNumber = fields.number !== undefined && fields.year !== undefined ? this.byNumber.get(`${seq}\u0000${fields.year}\u0000${fields.number}`) : undefined;
    if (byNumber) {
      if (sameTitle(byNumber)) return { verdict: 'existing', record: byNumber, reason: `already in the archive as ${byNumber.id} (${byNumber.file})` };
      return { verdict: 'clashing', record: byNumber, reason: `No.${fields.number}, ${fields.year} is already ${named(byNumber)}, another title` };
    }
    const byTotal = fields.total !== undefined ? this.byTotal.get(`${seq}\u0000${fields.total}`) : undefined;
    if (byTotal) {
      if (sameTitle(byTotal)) {
        return { verdict: 'existing', record: byTotal, reason: `already in the archive as ${byTotal.id} (${byTotal.file}), same Total ${fields.total} and title` };
      }
      return { verdict: 'clashing', record: byTotal, reason: `Total ${fields.total} is already that of ${named(byTotal)}, another title` };
    }
    const byTitle = title ? this.byTitle.get(title) : undefined;
    if (byTitle) {
      const differs = fields.number !== undefined && (byTitle.record.number !== fields.number || byTitle.record.year !== fields.year);
      return {
        verdict: 'existing',
        record: byTitle,
        reason: `already in the archive as ${byTitle.id} (${byTitle.file}), same title${differs ? ` (the page says No.${fields.number}, ${fields.year}: check which is right)` : ''}`,
      };
    }
    return undefined;
  }
}

function setFirst(map: Map<string, LoadedRecord>, key: string, r: LoadedRecord): void {
  if (!map.has(key)) map.set(key, r);
}

/** The record `fields` describe among `records`, if any (see ExistingIndex.find). */
export function findExisting(records: readonly LoadedRecord[], fields: Fields): Existing | undefined {
  return new ExistingIndex(records).find(fields);
}
