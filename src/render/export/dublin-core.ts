// Dublin Core for harvesters: one record -> the fifteen-element oai_dc fields. Pure, and independent of where the
// fields go: the static repository file of `export oai` and a live OAI-PMH endpoint render the same mapping.
import { numbering, sequenceName } from '../../model/page/lines.js';
import { citedAuthors, invertedName, type Author, type NameStyle } from '../../model/names.js';
import { markupSafe } from '../safe.js';
import { doiUrl } from '../../model/url.js';
import { pageName } from './names.js';

/** The record fields the mapping reads (a loaded record's `record` will do). */
export interface DublinCoreSource {
  title: string;
  authors?: readonly Author[];
  team?: string;
  unit?: string;
  organization?: string;
  series: string;
  kind: 'regular' | 'special';
  number: number;
  year: number;
  total?: number;
  date?: string;
  abstract?: string;
  keywords?: readonly string[];
  url?: string;
  doi?: string;
}

/** What the archive adds to each record. */
export interface DublinCoreSettings {
  /** Where the catalogue site is published ("https://example.org/reports/"): the report's page is an identifier. */
  baseUrl?: string;
  /** The publisher when a record names no organization (the config's organization). */
  organization?: string;
  /** How the archive writes names (config `names`). */
  names?: NameStyle;
  /** The record's page name on the site, when it is not the usual one (a duplicate's "2019-S11-2"). */
  page?: string;
}

/** The Dublin Core elements in the order oai_dc records usually list them. */
export const DC_ELEMENTS = [
  'title',
  'creator',
  'subject',
  'description',
  'publisher',
  'contributor',
  'date',
  'type',
  'format',
  'identifier',
  'source',
  'language',
  'relation',
  'coverage',
  'rights',
] as const;
export type DcElement = (typeof DC_ELEMENTS)[number];

/** Each element's values, in order; an element with no value is left out. */
export type DublinCore = Partial<Record<DcElement, string[]>>;

/**
 * The oai_dc fields of a report:
 * - title: the title (without its numbering suffix); creator: each author "Family, Given" (a record signed by its
 *   team alone: the team, else the unit, else the organization); subject: the key words; description: the abstract;
 * - publisher: the organization (the record's, else the archive's); contributor: the team and unit of a record
 *   that has person authors;
 * - date: the report's date (YYYY-MM-DD), else the year of its numbering; type: "Text" (DCMI type) and "Report";
 * - identifier: the numbering ("Research Report, Special Issue, No.11, 2019 (Total 1639)"), the DOI as
 *   https://doi.org/..., the catalogue page (with a base URL) and the source page; relation: the sequence.
 * No language is claimed: a record does not say it.
 */
export function dublinCore(rec: DublinCoreSource, settings: DublinCoreSettings = {}): DublinCore {
  const dc: DublinCore = {};
  const put = (el: DcElement, ...values: (string | undefined)[]) => {
    for (const v of values) {
      if (v === undefined) continue;
      const t = v.replace(/\s+/g, ' ').trim();
      if (t !== '') (dc[el] ??= []).push(t);
    }
  };
  put('title', rec.title);
  put('creator', ...citedAuthors(rec, settings.names).map(invertedName));
  put('subject', ...(rec.keywords ?? []));
  // The abstract keeps its paragraphs (a harvester shows them); other fields are one line.
  if (rec.abstract?.trim()) (dc.description ??= []).push(rec.abstract.trim());
  put('publisher', rec.organization ?? settings.organization);
  if (rec.authors && rec.authors.length > 0) put('contributor', rec.team, rec.unit);
  put('date', rec.date ?? String(rec.year));
  put('type', 'Text', 'Report');
  put('identifier', `${sequenceName(rec)}, ${numbering(rec).replace(/^Special Issue, /, '')}${rec.total !== undefined ? ` (Total ${rec.total})` : ''}`);
  if (rec.doi) put('identifier', doiUrl(rec.doi));
  if (settings.baseUrl) put('identifier', new URL(`reports/${settings.page ?? pageName(rec)}.html`, settings.baseUrl).toString());
  put('identifier', rec.url);
  put('relation', sequenceName(rec));
  return dc;
}

const XML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
/** Text for XML 1.0: markup escaped, and what XML cannot carry (C0 controls, lone surrogates) written as \u001b. */
export const xmlText = (s: string): string => markupSafe(s).replace(/[&<>"]/g, (ch) => XML[ch]!);

export const OAI_DC_NS = 'http://www.openarchives.org/OAI/2.0/oai_dc/';
export const DC_NS = 'http://purl.org/dc/elements/1.1/';
export const OAI_DC_SCHEMA = 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd';

/**
 * The `<oai_dc:dc>` element of the fields, as OAI-PMH's metadata part carries it (namespaces declared on it, so
 * it can be put into any response). `indent` starts each line.
 */
export function oaiDcXml(dc: DublinCore, indent = ''): string {
  const lines = [
    `${indent}<oai_dc:dc xmlns:oai_dc="${OAI_DC_NS}" xmlns:dc="${DC_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${OAI_DC_NS} ${OAI_DC_SCHEMA}">`,
  ];
  for (const el of DC_ELEMENTS) for (const v of dc[el] ?? []) lines.push(`${indent}  <dc:${el}>${xmlText(v)}</dc:${el}>`);
  lines.push(`${indent}</oai_dc:dc>`);
  return lines.join('\n');
}
