// What every citation format says of a report, decided once: the authors split by the archive's style (a record
// signed by its team alone: the team as one literal author), the date, the report number and type, the publisher.
// BibTeX, RIS and CSL-JSON are written from these, so that a reader of any of them gets the same item.
import { sequenceName } from '../../model/page/lines.js';
import { citedAuthors, type CitedName, type NameStyle } from '../../model/names.js';
import type { RecordData } from '../../model/record.js';

export interface CitationOptions {
  /** How the archive writes names (config `names`). */
  nameStyle?: NameStyle;
}

export interface Citation {
  title: string;
  authors: CitedName[];
  /** [year] or [year, month, day]. */
  issued: number[];
  /** "Research Report, Special Issue": the report type (CSL genre, BibTeX type, RIS M3). */
  genre: string;
  /** The number within its sequence and year: "11". */
  number: string;
  /** The series: "Research Report" (CSL collection-title, BibTeX series, RIS T2). */
  series: string;
  /** The organization, else the unit (CSL publisher, BibTeX institution, RIS PB). */
  publisher?: string;
  /** "Total 1639". */
  note?: string;
  abstract?: string;
  keywords: string[];
  url?: string;
  doi?: string;
}

const line = (s: string) => s.replace(/\s+/g, ' ').trim();

export function citation(rec: RecordData, opts: CitationOptions = {}): Citation {
  const c: Citation = {
    title: line(rec.title),
    authors: citedAuthors(rec, opts.nameStyle),
    issued: rec.date ? rec.date.split('-').map(Number) : [rec.year],
    genre: line(sequenceName(rec)),
    number: String(rec.number),
    series: line(rec.series),
    keywords: (rec.keywords ?? []).map(line).filter(Boolean),
  };
  const publisher = rec.organization ?? rec.unit;
  if (publisher) c.publisher = line(publisher);
  if (rec.total !== undefined) c.note = `Total ${rec.total}`;
  if (rec.abstract?.trim()) c.abstract = rec.abstract.trim();
  if (rec.url) c.url = rec.url;
  if (rec.doi) c.doi = rec.doi;
  return c;
}
