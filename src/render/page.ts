// A record written as a report page (the form `reports add --from-text` reads): how an add's answers are kept
// when they cannot be written, so that the same add can be run again from them.
import { byLine, fullTitle, seriesLine } from '../model/page/lines.js';
import type { Report } from '../model/report.js';

/** The page text of a (possibly partial) record; lines for fields it lacks are left out. */
export function pageText(given: Partial<Report>): string {
  // A field given as "none" (an empty or absent value) has no place on the page: "(Total )" would not read back.
  const r = { ...given };
  if (typeof r.total !== 'number' || !Number.isFinite(r.total)) delete r.total;
  if (!r.date) delete r.date;
  const lines: string[] = [];
  const numbered = r.kind !== undefined && r.number !== undefined && r.year !== undefined;
  if (r.title) lines.push(numbered ? fullTitle(r as Report) : r.title);
  // A report signed by its team or organization alone has a by-line too ("By Research Team on ..., DRC").
  if (r.authors?.length || r.team || r.unit || r.organization) lines.push(byLine({ ...r, authors: r.authors ?? [] }));
  if (r.series && numbered) lines.push(seriesLine(r as Report));
  if (r.abstract) lines.push(`Abstract: ${r.abstract}`);
  if (r.keywords?.length) lines.push(`Key words: ${r.keywords.join(', ')}`);
  return lines.join('\n') + '\n';
}
