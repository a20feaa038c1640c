// OAI-PMH at /oai: each verb, each error code, sets, from/until, and a harvest that follows resumption tokens.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { bigArchive } from '../helpers.js';
import { served, type Served } from './helpers.js';
import { OAI_PMH_DC_XSD, schemaErrors } from '../xml-schema.js';

let s: Served | undefined;
afterEach(() => {
  s?.close();
  s = undefined;
});

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['record', 'header', 'setSpec', 'set', 'error', 'dc:creator', 'dc:identifier', 'dc:subject', 'dc:type'].includes(name) });

async function oai(query: string, init: RequestInit = {}): Promise<{ xml: string; doc: Record<string, any> }> {
  const r = await s!.req(`/oai?${query}`, { auth: 'none', ...init });
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toContain('text/xml');
  const xml = await r.text();
  expect(XMLValidator.validate(xml), xml).toBe(true);
  // Every response, error or not, is valid OAI-PMH with its oai_dc records (libxml2, the schemas of
  // test/fixtures/schemas/oai).
  expect(schemaErrors(xml, OAI_PMH_DC_XSD), xml).toEqual([]);
  return { xml, doc: parser.parse(xml)['OAI-PMH'] };
}

const errorCode = (doc: Record<string, any>) => doc.error?.[0]?.['@code'];

describe('OAI-PMH verbs', () => {
  it('Identify names the repository, its base URL and granularity', async () => {
    s = served({ oai: { adminEmail: 'archive@example.org', repositoryName: 'DRC reports' } });
    const { doc } = await oai('verb=Identify');
    expect(doc.Identify.repositoryName).toBe('DRC reports');
    expect(doc.Identify.baseURL).toBe('http://127.0.0.1:8737/oai');
    expect(doc.Identify.adminEmail).toBe('archive@example.org');
    expect(doc.Identify.granularity).toBe('YYYY-MM-DDThh:mm:ssZ');
    expect(doc.Identify.deletedRecord).toBe('no');
  });

  it('ListMetadataFormats gives oai_dc', async () => {
    s = served();
    const { doc } = await oai('verb=ListMetadataFormats');
    expect(doc.ListMetadataFormats.metadataFormat.metadataPrefix).toBe('oai_dc');
    expect(errorCode((await oai('verb=ListMetadataFormats&identifier=oai:reports.local:2019-S99')).doc)).toBe('idDoesNotExist');
  });

  it('ListSets: the sequences, their years, and the years', async () => {
    s = served();
    const { doc } = await oai('verb=ListSets');
    const specs = doc.ListSets.set.map((x: any) => x.setSpec[0]);
    expect(specs).toEqual(expect.arrayContaining(['regular', 'regular:2018', 'special', 'special:2019', 'year', 'year:2016']));
  });

  it('GetRecord gives the Dublin Core of one report', async () => {
    s = served();
    const { doc } = await oai('verb=GetRecord&identifier=oai:reports.local:2019-S11&metadataPrefix=oai_dc');
    const rec = doc.GetRecord.record[0];
    expect(rec.header[0].identifier).toBe('oai:reports.local:2019-S11');
    expect(rec.header[0].setSpec).toEqual(['special', 'special:2019', 'year:2019']);
    const dc = rec.metadata['oai_dc:dc'];
    expect(dc['dc:title']).toContain('The Development of Small Towns');
    expect(dc['dc:creator']).toEqual(['Zhang, Xiaohuan', 'Yang, Xiaodong']);
    expect(dc['dc:date']).toBe('2019-01-25');
  });

  it('ListRecords of a set, and ListIdentifiers with from/until on the files\u2019 change times', async () => {
    s = served();
    const { doc } = await oai('verb=ListRecords&metadataPrefix=oai_dc&set=special');
    expect(doc.ListRecords.record.map((r: any) => r.header[0].identifier)).toEqual(['oai:reports.local:2019-S9', 'oai:reports.local:2019-S11']);
    const old = new Date('2020-03-04T05:06:07Z');
    utimesSync(path.join(s.archive, '2016/regular-122.yaml'), old, old);
    const until = await oai('verb=ListIdentifiers&metadataPrefix=oai_dc&until=2020-03-04');
    expect(until.doc.ListIdentifiers.header.map((h: any) => h.identifier)).toEqual(['oai:reports.local:2016-R122']);
    expect(until.doc.ListIdentifiers.header[0].datestamp).toBe('2020-03-04T05:06:07Z');
    const exact = await oai('verb=ListIdentifiers&metadataPrefix=oai_dc&from=2020-03-04T05:06:07Z&until=2020-03-04T05:06:07Z');
    expect(exact.doc.ListIdentifiers.header.length).toBe(1);
    const from = await oai('verb=ListIdentifiers&metadataPrefix=oai_dc&from=2020-03-05');
    expect(from.doc.ListIdentifiers.header.length).toBe(5);
  });

  it('a POST with the arguments in its body is answered like a GET (no token, no --write)', async () => {
    s = served();
    const r = await s.req('/oai', { auth: 'none', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'verb=Identify' });
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('<Identify>');
  });
});

describe('OAI-PMH errors', () => {
  it.each([
    ['', 'badVerb'],
    ['verb=Frobnicate', 'badVerb'],
    ['verb=Identify&verb=Identify', 'badVerb'],
    ['verb=Identify&extra=1', 'badArgument'],
    ['verb=ListRecords', 'badArgument'],
    ['verb=GetRecord&metadataPrefix=oai_dc', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=oai_dc&from=2019-13-01', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=oai_dc&from=2019-01-01&until=2019-01-01T00:00:00Z', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-02&until=2020-01-01', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=oai_dc&set=special&set=regular', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=marc21', 'cannotDisseminateFormat'],
    ['verb=GetRecord&metadataPrefix=marc21&identifier=oai:reports.local:2019-S11', 'cannotDisseminateFormat'],
    ['verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:reports.local:2019-S99', 'idDoesNotExist'],
    ['verb=GetRecord&metadataPrefix=oai_dc&identifier=2019-S11', 'idDoesNotExist'],
    ['verb=ListRecords&metadataPrefix=oai_dc&set=weekly', 'noRecordsMatch'],
    ['verb=ListRecords&metadataPrefix=oai_dc&until=1999-01-01', 'noRecordsMatch'],
    ['verb=ListRecords&resumptionToken=bogus', 'badResumptionToken'],
    ['verb=ListRecords&resumptionToken=eyJ2ZXJiIjoiTGlzdFNldHMifQ', 'badResumptionToken'],
    ['verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=x', 'badArgument'],
    ['verb=ListSets&resumptionToken=x', 'badResumptionToken'],
  ])('%s -> %s', async (query, code) => {
    s = served();
    const { doc, xml } = await oai(query);
    expect(errorCode(doc), xml).toBe(code);
    // A badVerb or badArgument response echoes no arguments; the others echo what was asked.
    expect(/<request>http/.test(xml)).toBe(code === 'badVerb' || code === 'badArgument');
  });

  it('the schema check can fail: a record without its header is refused', async () => {
    s = served();
    const { xml } = await oai('verb=GetRecord&identifier=oai:reports.local:2019-S11&metadataPrefix=oai_dc');
    expect(schemaErrors(xml.replace(/<header>[\s\S]*?<\/header>/, ''), OAI_PMH_DC_XSD).length).toBeGreaterThan(0);
  });

  it('record text with markup and control characters stays well-formed XML', async () => {
    s = served();
    const file = path.join(s.archive, '2019/special-011.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: "A <b>bold</b> & \\u0001 title ]]>"'));
    const { doc } = await oai('verb=GetRecord&identifier=oai:reports.local:2019-S11&metadataPrefix=oai_dc');
    expect(doc.GetRecord.record[0].metadata['oai_dc:dc']['dc:title']).toContain('<b>bold</b> &');
  });
});

describe('a harvest', () => {
  it('follows resumption tokens and collects every record exactly once, also when reports are added meanwhile', async () => {
    const archive = bigArchive(250);
    s = served({ archive, oai: { pageSize: 40 } });
    const seen: string[] = [];
    let { doc } = await oai('verb=ListIdentifiers&metadataPrefix=oai_dc');
    let rounds = 0;
    for (;;) {
      const list = doc.ListIdentifiers;
      seen.push(...list.header.map((h: any) => h.identifier));
      const token = list.resumptionToken;
      // The list's size as it stands when each page is made (a report comes in after the second page).
      expect(token['@completeListSize']).toBe(rounds < 2 ? '250' : '251');
      expect(token['@cursor']).toBe(String(rounds * 40));
      const text = typeof token === 'object' ? token['#text'] : token;
      if (!text) break;
      rounds++;
      expect(rounds).toBeLessThan(20);
      // A report added during the harvest, after the place reached: it comes in this harvest, once.
      if (rounds === 2) writeFileSync(path.join(archive, '2019/regular-251.yaml'), readFileSync(path.join(archive, '2019/regular-250.yaml'), 'utf8').replace('number: 250', 'number: 251').replace('total: 5250', 'total: 5251'));
      ({ doc } = await oai(`verb=ListIdentifiers&resumptionToken=${encodeURIComponent(text)}`));
    }
    expect(rounds).toBe(6);
    expect(seen.length).toBe(251);
    expect(new Set(seen).size).toBe(251);
    expect(seen).toContain('oai:reports.local:2019-R251');
  });
});
