// A Crossref deposit (schema 5.3.1), content type report-paper: one <report-paper> per report that has a DOI and a
// page. Pure: the records and the depositor in, the XML and the records left out (with why) back.
import { createHash } from 'node:crypto';
import type { LoadedRecord } from '../../model/record.js';
import { numbering } from '../../model/page/lines.js';
import { isLiteral, type CitedName } from '../../model/names.js';
import { citation, type CitationOptions } from './citation.js';
import { xmlText } from './dublin-core.js';
import { markupSafe } from '../safe.js';
import { keyPrefix, isDefaultSeries, pageNames, textSlug } from './names.js';

export const CROSSREF_VERSION = '5.3.1';
const NS = `http://www.crossref.org/schema/${CROSSREF_VERSION}`;

export interface CrossrefOptions extends CitationOptions {
  depositor: string;
  email: string;
  registrant: string;
  /** DOIs of records without one: <prefix>/<suffix> (see doiSuffix). */
  doiPrefix?: string;
  /** The series' ISSN: each report is deposited as part of its series (report-paper_series_metadata). */
  issn?: string;
  /** The catalogue site: a report's page there is what its DOI resolves to (else the record's url). */
  baseUrl?: string;
  /** The batch's time (SOURCE_DATE_EPOCH makes it reproducible). */
  generated: Date;
}

export interface CrossrefDeposit {
  xml: string;
  deposited: LoadedRecord[];
  /** Records left out, and why. */
  skipped: { record: LoadedRecord; field: string; reason: string }[];
}

/**
 * The DOI suffix given to a report without one: the organization's key prefix (as BibTeX keys have it), the
 * series' slug for another series than Research Report, then year, r or s, number: drc.2019-s11,
 * drc.china-development-review.2019-r3. The same report always gets the same suffix.
 */
export function doiSuffix(rec: LoadedRecord['record']): string {
  const series = isDefaultSeries(rec.series) ? '' : `${textSlug(rec.series)}.`;
  return `${keyPrefix(rec.organization)}.${series}${rec.year}-${rec.kind === 'special' ? 's' : 'r'}${rec.number}`;
}

// Crossref's limits (crossref5.3.1.xsd, common5.3.1.xsd).
const DOI_PATTERN = /^10\.[0-9]{4,9}\/.{1,200}$/s;
const PERSON_PART = /^[^\d?]*[^?\s]+[^\d]*$/;

/** "Family"/"Given" as Crossref takes them, or why not (at most 60 characters, no digit, no "?"). */
function personProblem(n: CitedName): string | undefined {
  if (isLiteral(n)) return n.literal.length > 511 ? `the author "${n.literal.slice(0, 40)}..." is longer than the 511 characters Crossref takes` : undefined;
  // Checked as written into the XML (a control character becomes \u0007, digits Crossref refuses in a name).
  for (const part of [n.family, n.given].filter((p): p is string => p !== undefined).map(markupSafe)) {
    if (part.length > 60 || !PERSON_PART.test(part)) return `the author's name "${part}" is not one Crossref takes as a name (at most 60 characters, no digits, no "?"); write it as {literal: ...} if it is an organization`;
  }
  return undefined;
}

const tag = (name: string, text: string, attrs = '') => `<${name}${attrs}>${xmlText(text)}</${name}>`;

/** Paragraphs of an abstract (blank lines between them), each on one line. */
const paragraphs = (s: string) => s.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean);

/** The 17-digit timestamp Crossref asks for: yyyymmddhhmmssSSS (UTC). */
export function crossrefTimestamp(d: Date): string {
  return d.toISOString().replace(/[-:TZ.]/g, '');
}

export function crossrefDeposit(records: readonly LoadedRecord[], opts: CrossrefOptions): CrossrefDeposit {
  const names = pageNames(records);
  const skipped: CrossrefDeposit['skipped'] = [];
  const deposited: LoadedRecord[] = [];
  const bodies: string[] = [];
  const dois: string[] = [];
  for (const r of records) {
    const rec = r.record;
    const doi = rec.doi ?? (opts.doiPrefix ? `${opts.doiPrefix}/${doiSuffix(rec)}` : undefined);
    if (!doi) {
      skipped.push({ record: r, field: 'doi', reason: 'no doi, and no DOI prefix to make one: not deposited' });
      continue;
    }
    if (!DOI_PATTERN.test(doi)) {
      skipped.push({ record: r, field: 'doi', reason: `the DOI ${doi} is not one Crossref takes (10.NNNN/ and at most 200 characters): not deposited` });
      continue;
    }
    const page = opts.baseUrl ? new URL(`reports/${encodeURIComponent(names.get(r)!)}.html`, opts.baseUrl).toString() : rec.url;
    if (!page) {
      skipped.push({ record: r, field: 'url', reason: 'no page for the DOI to resolve to (no url, and no base URL of the catalogue): not deposited' });
      continue;
    }
    const c = citation(rec, opts);
    const problem = c.authors.map(personProblem).find(Boolean);
    if (problem) {
      skipped.push({ record: r, field: 'authors', reason: `${problem}: not deposited` });
      continue;
    }
    bodies.push(reportPaper(r, c, doi, page, opts));
    deposited.push(r);
    dois.push(doi);
  }
  const stamp = crossrefTimestamp(opts.generated);
  const digest = createHash('sha1').update(dois.join('\n')).digest('hex').slice(0, 8);
  const xml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<doi_batch xmlns="${NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:jats="http://www.ncbi.nlm.nih.gov/JATS1" version="${CROSSREF_VERSION}" xsi:schemaLocation="${NS} https://www.crossref.org/schemas/crossref${CROSSREF_VERSION}.xsd">`,
    '  <head>',
    `    ${tag('doi_batch_id', `reports-${stamp}-${digest}`)}`,
    `    ${tag('timestamp', stamp)}`,
    '    <depositor>',
    `      ${tag('depositor_name', opts.depositor)}`,
    `      ${tag('email_address', opts.email)}`,
    '    </depositor>',
    `    ${tag('registrant', opts.registrant)}`,
    '  </head>',
    '  <body>',
    ...bodies,
    '  </body>',
    '</doi_batch>',
    '',
  ].join('\n');
  return { xml, deposited, skipped };
}

function reportPaper(r: LoadedRecord, c: ReturnType<typeof citation>, doi: string, page: string, opts: CrossrefOptions): string {
  const rec = r.record;
  const i = '        ';
  const lines: string[] = [];
  if (c.authors.length > 0) {
    lines.push(`${i}<contributors>`);
    c.authors.forEach((a, n) => {
      const atts = ` sequence="${n === 0 ? 'first' : 'additional'}" contributor_role="author"`;
      if (isLiteral(a)) lines.push(`${i}  ${tag('organization', a.literal, atts)}`);
      else lines.push(`${i}  <person_name${atts}>${a.given ? tag('given_name', a.given) : ''}${tag('surname', a.family)}</person_name>`);
    });
    lines.push(`${i}</contributors>`);
  }
  lines.push(`${i}<titles>`, `${i}  ${tag('title', c.title)}`, `${i}</titles>`);
  if (c.abstract) lines.push(`${i}<jats:abstract>`, ...paragraphs(c.abstract).map((p) => `${i}  ${tag('jats:p', p)}`), `${i}</jats:abstract>`);
  const [year, month, day] = c.issued;
  lines.push(
    `${i}<publication_date media_type="online">${month ? tag('month', String(month).padStart(2, '0')) + tag('day', String(day).padStart(2, '0')) : ''}${tag('year', String(year))}</publication_date>`,
  );
  if (rec.organization) lines.push(`${i}<publisher>${tag('publisher_name', rec.organization.trim())}</publisher>`);
  const institution = rec.organization ?? rec.unit;
  if (institution) {
    const department = rec.organization && rec.unit ? tag('institution_department', rec.unit.trim()) : '';
    lines.push(`${i}<institution>${tag('institution_name', institution.trim())}${department}</institution>`);
  }
  // The report number where Zotero's Crossref reader looks for it.
  lines.push(`${i}<publisher_item>${tag('item_number', numbering(rec), ' item_number_type="report-number"')}</publisher_item>`);
  lines.push(`${i}<doi_data>${tag('doi', doi)}${tag('resource', page)}</doi_data>`);
  const series = opts.issn
    ? [`${i}<series_metadata>`, `${i}  <titles>${tag('title', c.series)}</titles>`, `${i}  ${tag('issn', opts.issn)}`, `${i}</series_metadata>`]
    : [];
  const element = opts.issn ? 'report-paper_series_metadata' : 'report-paper_metadata';
  return ['    <report-paper>', `      <${element}>`, ...series, ...lines, `      </${element}>`, '    </report-paper>'].join('\n');
}
