// CSL-JSON, BibTeX and RIS read by a real consumer: citation-js (@citation-js/core with its BibTeX, RIS and CSL
// plugins) reads our BibTeX and our RIS back into the same items as our CSL-JSON, and citeproc-js (through
// plugin-csl) renders APA with the family names first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import '@citation-js/plugin-csl';
import { ROOT } from '../helpers.js';
import { reports } from '../export-helpers.js';
import { cslItem } from '../../src/render/export/csl.js';
import { exportBibtex } from '../../src/render/export/bibtex.js';
import { exportRis } from '../../src/render/export/ris.js';
import type { LoadedRecord } from '../../src/model/record.js';
import { noPositions } from '../../src/model/record.js';

type Item = Record<string, unknown>;
let dir: string;
const run = (...args: string[]) => reports(args, { cwd: dir, env: { SOURCE_DATE_EPOCH: '1700000000' } });

const EXTRA: Record<string, string> = {
  // Overrides: a name the rule cannot read, "Family, Given", an organization as an author; a DOI.
  '2020/regular-001.yaml': `title: "Rural Finance: A Review of GDP and the iPhone Economy"
authors:
  - {family: Ouyang, given: Xiu Ming}
  - "Smith, John"
  - {literal: "Research Team on “Rural Finance”"}
  - 张晓欢
organization: DRC
unit: Research Department of Rural Economy
series: Research Report
kind: regular
number: 1
year: 2020
total: 5745
date: 2020-01-03
abstract: |-
  First paragraph, with a comma.

  Second paragraph: 50% & more.
keywords: [rural finance, 农村金融, "a, b"]
url: https://example.org/drc/2020-r1
doi: 10.5555/drc.2020-r1
`,
  // No date, no Total, no abstract, no organization.
  '2017/special-002.yaml': `title: An Undated Report
authors: [Li Na]
series: Research Report
kind: special
number: 2
year: 2017
`,
};

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'reports-citations-'));
  cpSync(path.join(ROOT, 'archive'), path.join(dir, 'archive'), { recursive: true });
  for (const [file, text] of Object.entries(EXTRA)) {
    mkdirSync(path.dirname(path.join(dir, 'archive', file)), { recursive: true });
    writeFileSync(path.join(dir, 'archive', file), text);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the formats have in common, compared field by field. */
function normalize(item: Item): Item {
  const { _graph, 'citation-key': _key, id: _id, ...rest } = item as Item & { _graph?: unknown };
  const out: Item = { ...rest };
  // BibTeX has no literal name: a braced name comes back as a family name alone; the same for a lone family name.
  if (Array.isArray(out.author)) out.author = (out.author as Item[]).map((a) => (a.given === undefined ? { literal: a.literal ?? a.family } : { family: a.family, given: a.given }));
  // BibTeX and RIS hold an abstract on one line: its paragraphs join with a space.
  if (typeof out.abstract === 'string') out.abstract = out.abstract.replace(/\s+/g, ' ');
  // Key words: a comma-separated list, with or without a space.
  if (typeof out.keyword === 'string') out.keyword = out.keyword.split(/,\s*/).sort();
  return out;
}

const byId = (items: Item[], ids: string[]) => new Map(items.map((it, i) => [ids[i]!, it]));

describe('citation-js reads our BibTeX and RIS as our CSL-JSON', () => {
  let csl: Item[];
  beforeAll(async () => {
    const r = await run('export', 'csl-json');
    expect(r.code, r.stderr).toBe(0);
    csl = JSON.parse(r.stdout) as Item[];
  });

  it('CSL-JSON: one report item per record, with the fields reference managers use', () => {
    expect(csl).toHaveLength(8);
    const s11 = csl.find((i) => i.id === 'drc2019s11')!;
    expect(s11).toMatchObject({
      type: 'report',
      author: [
        { family: 'Zhang', given: 'Xiaohuan' },
        { family: 'Yang', given: 'Xiaodong' },
      ],
      issued: { 'date-parts': [[2019, 1, 25]] },
      genre: 'Research Report, Special Issue',
      number: '11',
      'collection-title': 'Research Report',
      publisher: 'DRC',
      note: 'Total 1639',
    });
    const r1 = csl.find((i) => i.id === 'drc2020r1')!;
    expect(r1.author).toEqual([{ family: 'Ouyang', given: 'Xiu Ming' }, { family: 'Smith', given: 'John' }, { literal: 'Research Team on “Rural Finance”' }, { family: '张', given: '晓欢' }]);
    expect(r1.DOI).toBe('10.5555/drc.2020-r1');
    expect(r1.URL).toBe('https://example.org/drc/2020-r1');
    expect(csl.find((i) => i.id === 'report2017s2')!.issued).toEqual({ 'date-parts': [[2017]] });
  });

  it('BibTeX', async () => {
    const bib = await run('export', 'bibtex');
    const items = (await Cite.async(bib.stdout)).data as Item[];
    expect(items).toHaveLength(csl.length);
    const ours = new Map(csl.map((i) => [i.id as string, i]));
    for (const it of items) expect(normalize(it), it.id as string).toEqual(normalize(ours.get(it.id as string)!));
  });

  it('RIS', async () => {
    const ris = await run('export', 'ris');
    expect(ris.stdout).toMatch(/^TY {2}- RPRT\r\n/);
    const items = (await Cite.async(ris.stdout)).data as Item[];
    expect(items).toHaveLength(csl.length);
    const ids = [...ris.stdout.matchAll(/^ID {2}- (.*)\r$/gm)].map((m) => m[1]!);
    const theirs = byId(items, ids);
    for (const ours of csl) expect(normalize(theirs.get(ours.id as string)!), ours.id as string).toEqual(normalize(ours));
  });

  it('citeproc renders the seed report in APA with the family names first', async () => {
    const apa = new Cite(csl.find((i) => i.id === 'drc2019s11')).format('bibliography', { format: 'text', template: 'apa', lang: 'en-US' }) as string;
    expect(apa).toMatch(/^Zhang, X\., & Yang, X\. \(2019\)\. The Development of Small Towns with Distinctive Local Features in China in the New Era: Progress and Challenges \(Research Report, Special Issue No\. 11; Research Report\)\. DRC\./);
    const cjk = new Cite(csl.find((i) => i.id === 'drc2020r1')).format('bibliography', { format: 'text', template: 'apa', lang: 'en-US' }) as string;
    expect(cjk).toMatch(/^Ouyang, X\. M\., Smith, J\., Research Team on “Rural Finance,” & 张晓欢\. \(2020\)/);
  });
});

describe('a report signed by its team alone', () => {
  const record = (fields: Record<string, unknown>): LoadedRecord => ({
    id: '2019-S3',
    file: '2019/special-003.yaml',
    positions: noPositions(),
    record: { title: 'Signed by a Team', authors: [], series: 'Research Report', kind: 'special', number: 3, year: 2019, date: '2019-02-01', ...fields } as LoadedRecord['record'],
  });

  it.each([
    [{ team: 'Research Team on “Small Towns”', unit: 'Unit', organization: 'DRC' }, 'Research Team on “Small Towns”'],
    [{ unit: 'General Office', organization: 'DRC' }, 'General Office'],
    [{ organization: 'DRC' }, 'DRC'],
    [{ authors: undefined, team: 'Research Team on X' }, 'Research Team on X'],
  ])('%j is cited with %s as its one literal author, in every format', async (fields, author) => {
    const r = record(fields);
    expect(cslItem(r, 'k').author).toEqual([{ literal: author }]);
    for (const text of [exportBibtex([r]), exportRis([r])]) {
      const [item] = (await Cite.async(text)).data as Item[];
      expect(normalize(item!).author).toEqual([{ literal: author }]);
    }
  });
});
