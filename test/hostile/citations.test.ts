// Hostile text stays data in the citation formats: BibTeX fields whose braces always balance (a key word "a}b"
// cannot end a field), RIS values that no line break can split into fields or records, XML (Crossref, OAI)
// escaped and valid for any text, CSL-JSON that gives each text back, and "__proto__" as a name like any other.
import { parse as parseBibtex } from '@retorquere/bibtex-parser';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import { describe, expect, it } from 'vitest';
import type { LoadedRecord, RecordData } from '../../src/model/record.js';
import { noPositions } from '../../src/model/record.js';
import { exportBibtex } from '../../src/render/export/bibtex.js';
import { exportRis } from '../../src/render/export/ris.js';
import { exportCsl } from '../../src/render/export/csl.js';
import { crossrefDeposit } from '../../src/render/export/crossref.js';
import { oaiStaticRepository } from '../../src/render/export/oai.js';
import { CROSSREF_XSD, OAI_DC_XSD, schemaErrors } from '../xml-schema.js';

const C0 = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('');
const NASTY = `${C0}\ud800 x\udc00y\u007f\u0085\u009b\u2028\u2029\ufffe\uffff`;

function record(i: number, fields: Partial<RecordData>): LoadedRecord {
  const rec = {
    title: `Title ${i}`,
    authors: ['Li Na'],
    organization: 'DRC',
    series: 'Research Report',
    kind: 'regular',
    number: i,
    year: 2019,
    total: 5500 + i,
    date: '2019-03-04',
    url: 'https://example.org/r',
    ...fields,
  } as RecordData;
  return { id: `2019-R${i}`, file: `2019/regular-${String(i).padStart(3, '0')}.yaml`, record: rec, positions: noPositions() };
}

/** Every field's braces balance, counted as BibTeX and biber count them: a backslash escapes nothing. */
function bracesBalance(bib: string): boolean {
  for (const entry of bib.split(/\n(?=@)/)) {
    for (const line of entry.split('\n').slice(1, -2)) {
      const value = /^\s+\w+\s+= (.*?),?$/.exec(line)?.[1];
      if (value === undefined || !value.startsWith('{')) continue;
      let depth = 0;
      for (let k = 0; k < value.length; k++) {
        if (value[k] === '{') depth++;
        else if (value[k] === '}') depth--;
        // The field's own braces close only at its end.
        if (depth === 0 && k < value.length - 1) return false;
        if (depth < 0) return false;
      }
      if (depth !== 0) return false;
    }
  }
  return true;
}

const BRACES = [
  record(1, { keywords: ['a}b', 'c{d', '}{', '\\}'], title: 'Braces } in { a title }}', abstract: 'x\\}y \\{ {z' }),
  record(2, { authors: ['Li }Na', { family: 'Wang{', given: '}Fang' }, { literal: 'Team } of {' }] }),
];

describe('BibTeX braces', () => {
  it('balance in every field, so that a key word "a}b" stays inside its field', () => {
    const bib = exportBibtex(BRACES);
    expect(bib).not.toMatch(/\\[{}]/); // never \{ or \}: BibTeX counts those braces too
    expect(bracesBalance(bib)).toBe(true);
    const parsed = parseBibtex(bib, { sentenceCase: false });
    expect(parsed.errors).toEqual([]);
    expect(parsed.entries[0]!.fields.title).toBe('Braces } in { a title }}');
    expect(parsed.entries[0]!.fields.abstract).toBe('x\\}y \\{ {z');
  });

  it('the check itself catches an unbalanced field', () => {
    expect(bracesBalance('@techreport{k,\n  keywords = {a\\}b},\n  year = {2019}\n}\n')).toBe(false);
  });

  it('citation-js reads the same texts back', async () => {
    const items = (await Cite.async(exportBibtex(BRACES))).data as { title: string; keyword: string; author: { family?: string; given?: string }[] }[];
    expect(items[0]!.title).toBe('Braces } in { a title }}');
    expect(items[0]!.keyword).toBe('a}b,c{d,}{,\\}');
    expect(items[1]!.author.map((a) => [a.family, a.given])).toEqual([
      ['Li', '}Na'],
      ['Wang{', '}Fang'],
      ['Team } of {', undefined],
    ]);
  });
});

describe('hostile text in CSL-JSON, RIS, Crossref and OAI', () => {
  const RECORDS = [
    record(1, { title: `T ${NASTY}`, abstract: `A ${NASTY}\n\nB`, keywords: [NASTY, '__proto__', 'constructor'], authors: ['__proto__ constructor', `Li ${NASTY}`] }),
    // RIS: a line break in any value would start a field, "ER  -" would end the record.
    record(2, { title: 'One\r\nER  - \r\nTY  - JOUR\r\nTI  - Injected', abstract: 'x\rAU  - Evil, Injected\n\u2028KW  - injected', keywords: ['k\nUR  - https://evil.example/'] }),
    record(3, { title: '<script>&amp;</script> ]]> <!-- x --> <?pi?>', team: '"\'<&>', authors: [{ literal: '<b>&</b>' }, { family: '__proto__', given: 'toString' }] }),
    record(4, { authors: [{ family: 'Wang', given: '?' }] }),
    record(5, { authors: [{ family: 'W'.repeat(61), given: 'Fang\u0007' }] }),
  ];

  it('CSL-JSON parses and gives each text back; __proto__ is a key word and a name', () => {
    const items = JSON.parse(exportCsl(RECORDS)) as Record<string, unknown>[];
    // Titles are one line in every format: white space (line breaks, U+2028 included) is one space.
    expect(items.map((i) => i.title)).toEqual(RECORDS.map((r) => r.record.title.replace(/\s+/g, ' ').trim()));
    expect(items[0]!.keyword).toBe(`${NASTY.replace(/\s+/g, ' ')}, __proto__, constructor`);
    expect(items[0]!.author).toEqual([{ family: '__proto__', given: 'constructor' }, { literal: `Li ${NASTY.replace(/\s+/g, ' ')}` }]);
    expect(items[2]!.author).toEqual([{ literal: '<b>&</b>' }, { family: '__proto__', given: 'toString' }]);
    expect(Object.getPrototypeOf(items[2]!.author as object[])).toBe(Array.prototype);
  });

  it('RIS: one record per report, every value on its own line, read back by citation-js', async () => {
    const ris = exportRis(RECORDS);
    expect(ris.match(/^ER {2}- $/gm)).toHaveLength(5);
    expect(ris.match(/^TY {2}- /gm)).toHaveLength(5);
    for (const line of ris.split('\r\n')) expect(line).toMatch(/^(?:[A-Z][A-Z0-9] {2}- .*)?$/);
    // No control character but the CRLF line ends.
    // eslint-disable-next-line no-control-regex
    expect(ris.replace(/\r\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])/);
    const items = (await Cite.async(ris)).data as { title: string; author?: unknown[]; keyword?: string; URL?: string }[];
    expect(items).toHaveLength(5);
    expect(items[1]!.title).toBe('One ER - TY - JOUR TI - Injected');
    expect(items[1]!.author).toEqual([{ family: 'Li', given: 'Na' }]);
    expect(items[1]!.URL).toBe('https://example.org/r');
  });

  it('a Crossref deposit of them validates against the 5.3.1 schema; a name Crossref cannot take is skipped, named', () => {
    const d = crossrefDeposit(RECORDS, { depositor: 'D <&>', email: 'doi@example.org', registrant: 'R "x"', doiPrefix: '10.5555', generated: new Date(0) });
    expect(schemaErrors(d.xml, CROSSREF_XSD)).toEqual([]);
    expect(d.deposited.length + d.skipped.length).toBe(5);
    // Crossref takes a name part of at most 60 characters, not "?" alone. A name that is no person's (Li + the
    // control characters: more words than a name has) is deposited as an organization.
    expect(d.skipped.map((s) => [s.record.id, s.field])).toEqual([
      ['2019-R4', 'authors'],
      ['2019-R5', 'authors'],
    ]);
    expect(d.xml).toContain('<title>&lt;script&gt;&amp;amp;&lt;/script&gt; ]]&gt; &lt;!-- x --&gt; &lt;?pi?&gt;</title>');
    expect(d.xml).toContain('<organization sequence="first" contributor_role="author">&lt;b&gt;&amp;&lt;/b&gt;</organization>');
  });

  it("the OAI file's records validate as oai_dc, whatever they hold", () => {
    const xml = [...oaiStaticRepository(RECORDS, { repositoryName: 'R <&>', fileUrl: 'https://example.org/oai.xml', adminEmail: 'a@example.org', generated: new Date(0) })].join('');
    const dcs = [...xml.matchAll(/<oai_dc:dc [^]*?<\/oai_dc:dc>/g)].map((m) => m[0]);
    expect(dcs).toHaveLength(5);
    for (const dc of dcs) expect(schemaErrors(dc, OAI_DC_XSD)).toEqual([]);
    expect(xml).toContain('<dc:creator>__proto__, constructor</dc:creator>');
  });
});
