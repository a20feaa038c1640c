// export crossref and export oai, checked with a real XML Schema validator (libxml2, via libxml2-wasm) against
// Crossref's 5.3.1 schema and OAI-PMH 2.0 with oai_dc (test/fixtures/schemas/, their origin in its README).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, recordYaml } from '../helpers.js';
import { reports } from '../export-helpers.js';
import { CROSSREF_XSD, OAI_DC_XSD, OAI_PMH_DC_XSD, schemaErrors } from '../xml-schema.js';
import { noPositions, type LoadedRecord } from '../../src/model/record.js';
import { crossrefDeposit } from '../../src/render/export/crossref.js';
import { oaiStaticRepository } from '../../src/render/export/oai.js';

let dir: string;
const EPOCH = { SOURCE_DATE_EPOCH: '1700000000' };
const run = (...args: string[]) => reports(args, { cwd: dir, env: EPOCH });
const WHO = ['--depositor', 'DRC Library', '--email', 'doi@example.org', '--registrant', 'DRC'];
const BASE = ['--base-url', 'https://example.org/reports/'];

const EXTRA: Record<string, string> = {
  '2020/regular-001.yaml': `title: 中国农村发展报告：“乡村振兴” & <the> Rural Economy
authors:
  - 张晓欢
  - {family: Ouyang, given: Xiu Ming}
  - {literal: "Research Team on “Rural Finance”"}
organization: DRC
unit: Research Department of Rural Economy
series: Research Report
kind: regular
number: 1
year: 2020
total: 5745
date: 2020-01-03
abstract: |-
  First paragraph, with <markup> & ]]> in it.

  Second paragraph.
keywords: [rural finance, 农村金融]
url: https://example.org/drc/2020-r1
doi: 10.5555/own.suffix-2020_r1
`,
};

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'reports-deposits-'));
  cpSync(path.join(ROOT, 'archive'), path.join(dir, 'archive'), { recursive: true });
  for (const [file, text] of Object.entries(EXTRA)) {
    mkdirSync(path.dirname(path.join(dir, 'archive', file)), { recursive: true });
    writeFileSync(path.join(dir, 'archive', file), text);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('export crossref', () => {
  it('a deposit of single reports validates against Crossref 5.3.1, with what Zotero and Crossref read', async () => {
    const r = await run('export', 'crossref', ...WHO, '--doi-prefix', '10.5555', ...BASE);
    expect(r.code, r.stderr).toBe(0);
    expect(schemaErrors(r.stdout, CROSSREF_XSD)).toEqual([]);
    expect(r.stdout.match(/<report-paper>/g)).toHaveLength(7);
    expect(r.stdout).toContain('<report-paper_metadata>');
    expect(r.stdout).not.toContain('series_metadata');
    // The seed: family names as surname, the report number where Zotero's Crossref reader looks, the DOI's page.
    expect(r.stdout).toContain(
      '<person_name sequence="first" contributor_role="author"><given_name>Xiaohuan</given_name><surname>Zhang</surname></person_name>',
    );
    expect(r.stdout).toContain('<item_number item_number_type="report-number">Special Issue, No.11, 2019</item_number>');
    expect(r.stdout).toContain('<doi_data><doi>10.5555/drc.2019-s11</doi><resource>https://example.org/reports/reports/2019-S11.html</resource></doi_data>');
    expect(r.stdout).toContain('<publication_date media_type="online"><month>01</month><day>25</day><year>2019</year></publication_date>');
    // A record's own DOI wins over the prefix; an organization is an organization; CJK and markup are text.
    expect(r.stdout).toContain('<doi>10.5555/own.suffix-2020_r1</doi>');
    expect(r.stdout).toContain('<organization sequence="additional" contributor_role="author">Research Team on “Rural Finance”</organization>');
    expect(r.stdout).toContain('<given_name>晓欢</given_name><surname>张</surname>');
    expect(r.stdout).toContain('<title>中国农村发展报告：“乡村振兴” &amp; &lt;the&gt; Rural Economy</title>');
    expect(r.stdout).toContain('<jats:p>First paragraph, with &lt;markup&gt; &amp; ]]&gt; in it.</jats:p>');
    expect(r.stdout).toContain('<institution><institution_name>DRC</institution_name><institution_department>Research Department of Rural Economy</institution_department></institution>');
  });

  it('with the series ISSN, each report is deposited as part of its series, and validates', async () => {
    const r = await run('export', 'crossref', ...WHO, '--doi-prefix', '10.5555', ...BASE, '--issn', '0317-8471');
    expect(r.code, r.stderr).toBe(0);
    expect(schemaErrors(r.stdout, CROSSREF_XSD)).toEqual([]);
    expect(r.stdout.match(/<report-paper_series_metadata>/g)).toHaveLength(7);
    expect(r.stdout).toContain('<series_metadata>\n          <titles><title>Research Report</title></titles>\n          <issn>0317-8471</issn>');
  });

  it('a deposit missing its title fails that same validation', async () => {
    const r = await run('export', 'crossref', ...WHO, '--doi-prefix', '10.5555', ...BASE);
    const untitled = r.stdout.replace(/<titles>[^]*?<\/titles>\n\s*/, '');
    expect(untitled).not.toBe(r.stdout);
    expect(schemaErrors(untitled, CROSSREF_XSD).join('\n')).toMatch(/titles/);
  });

  it('is the same from run to run under SOURCE_DATE_EPOCH: batch id and timestamp from that time', async () => {
    const a = await run('export', 'crossref', ...WHO, '--doi-prefix', '10.5555', ...BASE);
    const b = await run('export', 'crossref', ...WHO, '--doi-prefix', '10.5555', ...BASE);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toContain('<timestamp>20231114221320000</timestamp>');
    expect(a.stdout).toMatch(/<doi_batch_id>reports-20231114221320000-[0-9a-f]{8}<\/doi_batch_id>/);
  });

  it('skips, with a located warning, a report it cannot deposit; refuses a request it cannot do before writing', async () => {
    // No prefix: only the record with a doi is deposited; the others are named.
    const out = path.join(dir, 'deposit.xml');
    const r = await run('export', 'crossref', ...WHO, ...BASE, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const xml = readFileSync(out, 'utf8');
    expect(schemaErrors(xml, CROSSREF_XSD)).toEqual([]);
    expect(xml.match(/<report-paper>/g)).toHaveLength(1);
    expect(r.stderr).toMatch(/archive\/2019\/special-011\.yaml:\d+:\d+: 2019-S11: no doi, and no DOI prefix to make one: not deposited \[not-exported\]/);
    expect(r.stderr).toContain('exported 1 report to ' + out + '\n');
    // No page: without --base-url, a record without url has nowhere for its DOI to go.
    const nopage = await run('export', 'crossref', ...WHO, '--doi-prefix', '10.5555');
    expect(nopage.code).toBe(0);
    expect(nopage.stderr).toMatch(/no page for the DOI to resolve to/);
    // Nothing to deposit at all, or no depositor: usage errors, nothing written.
    const none = await run('export', 'crossref', ...WHO, '--year', '2019', '--out', path.join(dir, 'none.xml'));
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no report can be deposited/);
    expect(existsSync(path.join(dir, 'none.xml'))).toBe(false);
    const nobody = await run('export', 'crossref', '--doi-prefix', '10.5555', '--email', 'doi@example.org', '--out', path.join(dir, 'x.xml'));
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toMatch(/crossref needs --depositor, --registrant/);
    expect(existsSync(path.join(dir, 'x.xml'))).toBe(false);
    expect((await run('export', 'crossref', ...WHO, '--doi-prefix', '10.5')).code).toBe(2);
    expect((await run('export', 'crossref', ...WHO, '--issn', '0317-8472')).stderr).toMatch(/wrong check digit/);
    expect((await run('export', 'bibtex', '--doi-prefix', '10.5555')).stderr).toMatch(/--doi-prefix is for crossref only/);
  });

  it('takes the depositor, registrant, prefix and ISSN from the config', async () => {
    writeFileSync(
      path.join(dir, 'reports.config.yaml'),
      'crossref:\n  depositor: DRC Library\n  email: doi@example.org\n  registrant: DRC\n  doiPrefix: "10.5555"\n  issn: 0317-8471\nsite:\n  baseUrl: https://example.org/reports/\n',
    );
    try {
      const r = await run('export', 'crossref');
      expect(r.code, r.stderr).toBe(0);
      expect(schemaErrors(r.stdout, CROSSREF_XSD)).toEqual([]);
      expect(r.stdout).toContain('<issn>0317-8471</issn>');
      expect(r.stdout).toContain('<doi>10.5555/drc.2019-s11</doi>');
    } finally {
      rmSync(path.join(dir, 'reports.config.yaml'));
    }
  });
});

/** An OAI-PMH response carrying `inner` as the body of `verb`, as a harvester would get it from a gateway. */
const envelope = (verb: string, inner: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:oai="http://www.openarchives.org/OAI/2.0/"><responseDate>2023-11-14T22:13:20Z</responseDate><request verb="${verb}">https://example.org/oai</request><${verb}>${inner}</${verb}></OAI-PMH>`;
const part = (xml: string, el: string) => new RegExp(`<${el}[^>]*>([^]*?)</${el}>`).exec(xml)![1]!;

describe('export oai', () => {
  it('a static repository whose Identify, formats and records validate as OAI-PMH with oai_dc', async () => {
    const out = path.join(dir, 'oai.xml');
    const r = await run('export', 'oai', ...BASE, '--email', 'library@example.org', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const xml = readFileSync(out, 'utf8');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Repository xmlns="http:\/\/www.openarchives.org\/OAI\/2.0\/static-repository"/);
    for (const verb of ['Identify', 'ListMetadataFormats', 'ListRecords']) expect(schemaErrors(envelope(verb, part(xml, verb)), OAI_PMH_DC_XSD), verb).toEqual([]);
    const records = [...xml.matchAll(/<oai_dc:dc [^]*?<\/oai_dc:dc>/g)].map((m) => m[0]);
    expect(records).toHaveLength(7);
    for (const dc of records) expect(schemaErrors(dc, OAI_DC_XSD)).toEqual([]);
    expect(xml).toContain('<oai:baseURL>https://example.org/reports/oai.xml</oai:baseURL>');
    expect(xml).toContain('<oai:identifier>oai:example.org:2019-S11</oai:identifier>');
    expect(xml).toContain('<dc:creator>Zhang, Xiaohuan</dc:creator>');
    expect(xml).toContain('<dc:title>中国农村发展报告：“乡村振兴” &amp; &lt;the&gt; Rural Economy</dc:title>');
    // The identify part fails when a required element is missing: the check can fail.
    expect(schemaErrors(envelope('Identify', part(xml, 'Identify').replace(/<oai:adminEmail>.*<\/oai:adminEmail>/, '')), OAI_PMH_DC_XSD)).not.toEqual([]);
  });

  it('with --gateway, the base URL is the gateway\'s address and the file\'s without http://', async () => {
    const r = await run('export', 'oai', ...BASE, '--email', 'library@example.org', '--gateway', 'https://gateway.example.net/oai');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('<oai:baseURL>https://gateway.example.net/oai/example.org/reports/oai.xml</oai:baseURL>');
    expect(schemaErrors(envelope('Identify', part(r.stdout, 'Identify')), OAI_PMH_DC_XSD)).toEqual([]);
    expect((await run('export', 'ris', '--gateway', 'https://gateway.example.net/oai')).stderr).toMatch(/--gateway is for oai only/);
  });

  it('needs --base-url and --email', async () => {
    expect((await run('export', 'oai', '--email', 'a@example.org')).stderr).toMatch(/oai needs --base-url/);
    expect((await run('export', 'oai', ...BASE)).stderr).toMatch(/oai needs --email/);
    expect((await run('export', 'csv', '--split')).stderr).toMatch(/--split is for oai only/);
  });
});

describe('export oai: at most 5,000 records a file', () => {
  let big: string;
  beforeAll(() => {
    big = mkdtempSync(path.join(tmpdir(), 'reports-oai-'));
    const archive = path.join(big, 'archive', '2019');
    mkdirSync(archive, { recursive: true });
    for (let i = 1; i <= 5001; i++) writeFileSync(path.join(archive, `regular-${String(i).padStart(3, '0')}.yaml`), recordYaml({ number: i, total: 5500 + i, date: '2019-01-02' }));
  });
  afterAll(() => rmSync(big, { recursive: true, force: true }));

  it('refuses 5,001 reports in one file, and splits them with --split', async () => {
    const cmd = (...a: string[]) => reports(['export', 'oai', ...BASE, '--email', 'library@example.org', ...a], { cwd: big, env: EPOCH });
    const refused = await cmd('--out', 'oai.xml');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/5001 reports: a static repository holds at most 5,000 records .*--split/);
    expect(readdirSync(big)).toEqual(['archive']);
    const split = await cmd('--split', '--out', 'oai.xml');
    expect(split.code, split.stderr).toBe(0);
    expect(split.stderr).toContain('exported 5001 reports to 2 files: oai.xml, oai-2.xml\n');
    const first = readFileSync(path.join(big, 'oai.xml'), 'utf8');
    const second = readFileSync(path.join(big, 'oai-2.xml'), 'utf8');
    expect(first.match(/<oai:record>/g)).toHaveLength(5000);
    expect(second.match(/<oai:record>/g)).toHaveLength(1);
    expect(second).toContain('<oai:baseURL>https://example.org/reports/oai-2.xml</oai:baseURL>');
    expect(second).toContain('<oai:repositoryName>Research Reports (2 of 2)</oai:repositoryName>');
    expect(schemaErrors(envelope('ListRecords', part(second, 'ListRecords')), OAI_PMH_DC_XSD)).toEqual([]);
  });
});

describe('a report signed by its team alone (no person author)', () => {
  const team: LoadedRecord = {
    id: '2019-S3',
    file: '2019/special-003.yaml',
    positions: noPositions(),
    record: {
      title: 'Signed by a Team',
      authors: [],
      team: 'Research Team on “Small Towns”',
      organization: 'DRC',
      series: 'Research Report',
      kind: 'special',
      number: 3,
      year: 2019,
      date: '2019-02-01',
      url: 'https://example.org/r',
    } as LoadedRecord['record'],
  };

  it('is deposited with the team as its one organization author, and validates', () => {
    const d = crossrefDeposit([team], { depositor: 'D', email: 'doi@example.org', registrant: 'R', doiPrefix: '10.5555', generated: new Date(0) });
    expect(schemaErrors(d.xml, CROSSREF_XSD)).toEqual([]);
    expect(d.xml).toContain('<contributors>\n          <organization sequence="first" contributor_role="author">Research Team on “Small Towns”</organization>\n        </contributors>');
  });

  it('is harvested with the team as its creator', () => {
    const xml = [...oaiStaticRepository([team], { repositoryName: 'R', fileUrl: 'https://example.org/oai.xml', adminEmail: 'a@example.org', generated: new Date(0) })].join('');
    expect(xml).toContain('<dc:creator>Research Team on “Small Towns”</dc:creator>');
    expect(xml).not.toContain('<dc:contributor>');
  });
});
