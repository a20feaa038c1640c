// An OAI-PMH static repository (the OAI's "Static Repository" guidelines): one XML file with Identify,
// ListMetadataFormats and ListRecords in oai_dc, which an OAI static repository gateway serves to harvesters.
// The records' Dublin Core comes from dublin-core.ts, the mapping a live OAI-PMH endpoint uses too.
import type { LoadedRecord } from '../../model/record.js';
import type { NameStyle } from '../../model/names.js';
import { dublinCore, oaiDcXml, OAI_DC_NS, OAI_DC_SCHEMA, xmlText } from './dublin-core.js';
import { pageNames } from './names.js';

/** The guidelines' limit: a static repository holds at most 5,000 records. */
export const OAI_MAX_RECORDS = 5000;

const SR_NS = 'http://www.openarchives.org/OAI/2.0/static-repository';
const OAI_NS = 'http://www.openarchives.org/OAI/2.0/';

export interface OaiOptions {
  /** The repository's name (the catalogue's title). */
  repositoryName: string;
  /** The address of this file, as published. */
  fileUrl: string;
  /**
   * The static repository gateway that serves the file to harvesters: the repository's base URL is then the
   * gateway's address, a slash, and the file's address without http:// (as the guidelines have it); without one,
   * the file's own address.
   */
  gateway?: string;
  /** Where the catalogue site is published: each record's page is one of its identifiers. */
  siteUrl?: string;
  adminEmail: string;
  /** The datestamp of every record and the earliest datestamp (the export's day). */
  generated: Date;
  /** The publisher of records that name no organization. */
  organization?: string;
  nameStyle?: NameStyle;
}

/**
 * The oai identifier of a report: oai:<host of the file's address>:<its page name>, e.g.
 * oai:example.org:2019-S11: the same report keeps it from export to export.
 */
export function oaiIdentifier(host: string, page: string): string {
  return `oai:${host}:${page}`;
}

/** https://gateway.example.net/oai/ + https://example.org/reports/oai.xml -> https://gateway.example.net/oai/example.org/reports/oai.xml */
export function oaiBaseUrl(fileUrl: string, gateway?: string): string {
  if (!gateway) return fileUrl;
  return `${gateway.replace(/\/+$/, '')}/${fileUrl.replace(/^https?:\/\//i, '')}`;
}

/** The static repository file of `records` (at most OAI_MAX_RECORDS: the caller splits). */
export function* oaiStaticRepository(records: readonly LoadedRecord[], opts: OaiOptions): Generator<string> {
  if (records.length > OAI_MAX_RECORDS) throw new RangeError(`a static repository holds at most ${OAI_MAX_RECORDS} records`);
  const names = pageNames(records);
  const day = opts.generated.toISOString().slice(0, 10);
  const host = new URL(opts.fileUrl).hostname;
  yield [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<Repository xmlns="${SR_NS}" xmlns:oai="${OAI_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${SR_NS} http://www.openarchives.org/OAI/2.0/static-repository.xsd">`,
    '  <Identify>',
    `    <oai:repositoryName>${xmlText(opts.repositoryName)}</oai:repositoryName>`,
    `    <oai:baseURL>${xmlText(oaiBaseUrl(opts.fileUrl, opts.gateway))}</oai:baseURL>`,
    '    <oai:protocolVersion>2.0</oai:protocolVersion>',
    `    <oai:adminEmail>${xmlText(opts.adminEmail)}</oai:adminEmail>`,
    `    <oai:earliestDatestamp>${day}</oai:earliestDatestamp>`,
    '    <oai:deletedRecord>no</oai:deletedRecord>',
    '    <oai:granularity>YYYY-MM-DD</oai:granularity>',
    '  </Identify>',
    '  <ListMetadataFormats>',
    '    <oai:metadataFormat>',
    '      <oai:metadataPrefix>oai_dc</oai:metadataPrefix>',
    `      <oai:schema>${OAI_DC_SCHEMA}</oai:schema>`,
    `      <oai:metadataNamespace>${OAI_DC_NS}</oai:metadataNamespace>`,
    '    </oai:metadataFormat>',
    '  </ListMetadataFormats>',
    '  <ListRecords metadataPrefix="oai_dc">',
    '',
  ].join('\n');
  let piece = '';
  for (const r of records) {
    const page = names.get(r)!;
    const dc = dublinCore(r.record, { baseUrl: opts.siteUrl, organization: opts.organization, names: opts.nameStyle, page });
    piece += [
      '    <oai:record>',
      '      <oai:header>',
      `        <oai:identifier>${xmlText(oaiIdentifier(host, page))}</oai:identifier>`,
      `        <oai:datestamp>${day}</oai:datestamp>`,
      '      </oai:header>',
      '      <oai:metadata>',
      oaiDcXml(dc, '        '),
      '      </oai:metadata>',
      '    </oai:record>',
      '',
    ].join('\n');
    if (piece.length > 64 * 1024) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}  </ListRecords>\n</Repository>\n`;
}
