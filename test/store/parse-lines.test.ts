// The line reader must give exactly what the full parse gives, or step aside.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLineRecord } from '../../src/store/parse-lines.js';
import { parseRecord, type ParsedFile } from '../../src/store/parse.js';
import { unpackPositions } from '../../src/store/positions.js';
import { allFiles, ROOT } from '../helpers.js';

const yamlFiles = (dir: string) => allFiles(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(dir, f));

/** The parse as plain data: record, problems and positions unpacked. */
const plain = (p: ParsedFile) => ({
  record: p.record ? JSON.parse(JSON.stringify(p.record)) : undefined,
  problems: p.problems,
  positions: typeof p.positions === 'string' ? unpackPositions(p.positions) : typeof p.positions === 'function' ? p.positions() : p.positions,
});

/** Both ways of parsing `text` agree; returns whether the line reader took it. */
function agree(text: string, label: string): false | 'lines' {
  const full = plain(parseRecord(text, 'x.yaml', false));
  const lines = parseLineRecord(text);
  // What the line reader made, when it took the text (the callers check whether it did).
  for (const quick of [lines].filter((q) => !!q)) {
    expect(full.problems, label).toEqual([]);
    expect(plain(quick!), label).toEqual(full);
  }
  expect(plain(parseRecord(text, 'x.yaml')), label).toEqual(full);
  return lines ? 'lines' : false;
}

/** A record in each style the benchmark writes (bench/generate.mjs): what `add` writes; flow lists of
 * double-quoted scalars; a hand-edited file with comments, keys in another order, a literal abstract. */
const STYLES: Record<string, string> = {
  add: `title: Tisament as vabisition town the policy finance is in market
authors:
  - Zhang Xuan
  - Sun Min
unit: Institute for Resources and Environment Policies
organization: DRC
series: Research Report
kind: regular
number: 1
year: 1990
total: 1001
date: 1990-01-01
abstract: >-
  In reform tobogezetion innovation be ridomotion by tememoris soketiment miramodaal veheneing
  development robasoment vakement is febebidoing pehadis rarial to lobemetion with nosament this.
keywords:
  - lefavament school
  - reform food
`,
  flow: `title: "Tisament as vabisition town the policy finance is in market"
authors: ["Zhang Xuan", "Sun Min", "Luo Tao"]
unit: "Institute for Resources and Environment Policies"
organization: "DRC"
series: "Research Report"
kind: "regular"
number: 1
year: 1990
total: 1001
date: "1990-01-01"
abstract: "In reform tobogezetion innovation be ridomotion by tememoris soketiment: miramodaal # veheneing."
keywords: ["lefavament school", "reform food", "digital trade"]
`,
  hand: `# Report No.3, 1993 (Total 1024)
year: 1993
number: 3  # checked against the page
kind: regular
total: 1024
unit: Research Department of Industrial Economy
abstract: |
    Reform siriroment tarinial development an university pedobiment finance this
    are it that development nema gerekepa market moniha lisofaing rural with

    romaing which risk be ganimeal katozaal from in has pedi growth credit finance.
organization: DRC
series: Research Report

# key words as listed
keywords:
  - marasos credit
  - nemali debt
title: Be miganisis semotial development nalamaal and their debt an bibe be
authors: ["Xu Xuan", Ma Sanlin, 'Gao Yun']
date: 1993-04-09
# the unit as printed on the cover
`,
};

const SIMPLE = `title: "The Strategic Significance: \\"Small Towns\\""
authors:
  - Zhang Liang
  - 'O''Brien, Pat'
team: Research Team on “The Innovative Development Model”
organization: DRC
series: Research Report
kind: special
number: 9
year: 2019
total: 1637
date: 2019-01-25
abstract: >-
  Small towns with distinctive local features are a new way
  of urbanization.

  A second paragraph: with a colon, and # not a comment.
keywords: [small towns, "urban-rural integration", 'key: word']
`;

/** Variations of a simple record: each is either read the quick way, identically, or left to the full parse. */
const VARIANTS: Record<string, string> = {
  simple: SIMPLE,
  comments: `# a comment first\n${SIMPLE.replace('kind: special', 'kind: special # the kind\n# between fields')}`,
  'literal block': SIMPLE.replace('abstract: >-', 'abstract: |'),
  'keep chomping': SIMPLE.replace('abstract: >-', 'abstract: >+'),
  'indented block': SIMPLE.replace('abstract: >-', 'abstract: >2-'),
  'multi-line plain': SIMPLE.replace('organization: DRC', 'organization: Development Research\n  Center of the State Council'),
  'multi-line quoted': SIMPLE.replace('organization: DRC', 'organization: "Development Research\n  Center"'),
  'indented list': SIMPLE.replace('  - Zhang Liang', '    - Zhang Liang').replace("  - 'O''Brien, Pat'", "    - 'O''Brien, Pat'"),
  'unindented list': SIMPLE.replace('  - Zhang Liang', '- Zhang Liang').replace("  - 'O''Brien, Pat'", "- 'O''Brien, Pat'"),
  'flow list over lines': SIMPLE.replace("keywords: [small towns, ", 'keywords: [small towns,\n  '),
  'trailing comma': SIMPLE.replace("'key: word']", "'key: word',]"),
  'empty list': SIMPLE.replace(/keywords: .*\n/, 'keywords: []\n'),
  'number as text': SIMPLE.replace('number: 9', 'number: "9"'),
  'leading zero': SIMPLE.replace('number: 9', 'number: 09'),
  'number with sign': SIMPLE.replace('number: 9', 'number: +9'),
  'float': SIMPLE.replace('number: 9', 'number: 9.0'),
  hex: SIMPLE.replace('number: 9', 'number: 0x9'),
  huge: SIMPLE.replace('total: 1637', 'total: 123456789012345678901234567890'),
  'null value': SIMPLE.replace('team: Research Team on “The Innovative Development Model”', 'team: ~'),
  'empty value': SIMPLE.replace('team: Research Team on “The Innovative Development Model”', 'team:'),
  'boolean word': SIMPLE.replace('series: Research Report', 'series: true'),
  'yes is text': SIMPLE.replace('series: Research Report', 'series: yes'),
  'unknown field': `${SIMPLE}reviewed_by: Wang Wu\n`,
  'unknown nested field': `${SIMPLE}extra:\n  a: 1\n`,
  'duplicate key': `${SIMPLE}kind: regular\n`,
  'quoted key': SIMPLE.replace('year: 2019', '"year": 2019'),
  anchor: SIMPLE.replace('organization: DRC', 'organization: &org DRC'),
  tag: SIMPLE.replace('organization: DRC', 'organization: !!str DRC'),
  'document marker': `---\n${SIMPLE}`,
  'document end': `${SIMPLE}...\n`,
  'two documents': `${SIMPLE}---\n${SIMPLE}`,
  crlf: SIMPLE.replace(/\n/g, '\r\n'),
  bom: `\uFEFF${SIMPLE}`,
  tab: SIMPLE.replace('kind: special', 'kind:\tspecial'),
  'no final newline': SIMPLE.trimEnd(),
  'bad date': SIMPLE.replace('date: 2019-01-25', 'date: 2019-02-30'),
  'missing title': SIMPLE.replace(/^title: .*\n/, ''),
  'indented key': SIMPLE.replace('kind: special', ' kind: special'),
  'colon in plain value': SIMPLE.replace('series: Research Report', 'series: Research: Report'),
  'hash without space': SIMPLE.replace('series: Research Report', 'series: Research#Report'),
  'unclosed quote': SIMPLE.replace('"urban-rural integration"', '"urban-rural integration'),
  'list of lists': SIMPLE.replace("keywords: [small towns, ", 'keywords: [[small towns], '),
  'map in list': SIMPLE.replace('  - Zhang Liang', '  - name: Zhang Liang'),
  'explicit key': SIMPLE.replace('kind: special', '? kind\n: special'),
  'long key': `${'k'.repeat(300)}: value\n${SIMPLE}`,
  'unicode key': `${SIMPLE}ключ: значение\n`,
  'proto key': `${SIMPLE}__proto__: polluted\n`,
  'constructor key': `${SIMPLE}constructor: x\n`,
  'alias': `${SIMPLE.replace('organization: DRC', 'organization: &o DRC')}unit: *o\n`,
};

describe('the quick parse of simple record files', () => {
  it('reads every record of the bundled archive and the test fixtures as the full parse does', () => {
    const files = [...yamlFiles(path.join(ROOT, 'archive')), ...yamlFiles(path.join(ROOT, 'test', 'fixtures'))];
    expect(files.length).toBeGreaterThan(50);
    let quick = 0;
    for (const f of files) if (agree(readFileSync(f, 'utf8'), path.relative(ROOT, f))) quick++;
    // The bundled archive's six records are all simple.
    expect(yamlFiles(path.join(ROOT, 'archive')).every((f) => parseLineRecord(readFileSync(f, 'utf8')))).toBe(true);
    expect(quick).toBeGreaterThan(30);
  });

  it('reads each style of the benchmark line by line, as the full parse does', () => {
    for (const [name, text] of Object.entries(STYLES)) {
      expect(agree(text, name), name).toBe('lines');
      expect(agree(text.replace('abstract: |', 'abstract: >+'), name), name).toBe('lines');
      expect(agree(text.replace(/abstract: >-|abstract: \|/, 'abstract: |-'), name), name).toBe('lines');
    }
  });

  it('gives the same record and positions as the full parse for each kind of variation, or leaves it alone', () => {
    const taken: string[] = [];
    for (const [name, text] of Object.entries(VARIANTS)) if (agree(text, name)) taken.push(name);
    // The common forms are read the quick way; anything unusual is not.
    for (const name of ['simple', 'comments', 'literal block', 'keep chomping', 'indented list', 'unindented list', 'leading zero', 'unknown field', 'yes is text']) {
      expect(taken, name).toContain(name);
    }
    // Values over several lines other than block scalars and lists, and a file without a final line break, go to
    // the full parse.
    for (const name of ['multi-line plain', 'multi-line quoted', 'no final newline', 'proto key', 'anchor', 'tag', 'duplicate key', 'two documents', 'crlf', 'bom', 'tab', 'bad date', 'float', 'null value', 'empty value', 'alias', 'unknown nested field']) {
      expect(taken, name).not.toContain(name);
    }
  });

  // Slow on a busy machine (about 15,000 parses three ways): a generous time limit, no timing assertion.
  it.each([
    ['the simple record', SIMPLE, 3000],
    ['the add style', STYLES.add!, 1000],
    ['the flow style', STYLES.flow!, 1000],
    ['the hand-edited style', STYLES.hand!, 1000],
  ])('agrees with the full parse on thousands of random edits of %s', (_name, base, count) => {
    let seed = 12345;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    const pieces = [' ', '  ', '\n', '\n  ', ':', ': ', '- ', '-', '#', ' #', '"', "'", '[', ']', ',', '{', '}', '|', '>', '&a ', '*a', '!', '?', '%', '@', '`', '0', '9', '.', 'true', '~', '\\', '\t', 'x', '+', '\n#c\n', '\n\n', '\n    ', '---', '\u0085', "''"];
    let quick = 0;
    let lines = 0;
    for (let i = 0; i < count; i++) {
      let text = base;
      for (let k = 0, edits = 1 + random(3); k < edits; k++) {
        const at = random(text.length + 1);
        const piece = pieces[random(pieces.length)]!;
        text = random(4) === 0 ? text.slice(0, at) + text.slice(at + 1 + random(3)) : text.slice(0, at) + piece + text.slice(at);
      }
      const took = agree(text, JSON.stringify(text));
      if (took) quick++;
      if (took === 'lines') lines++;
    }
    // Many edits leave a simple record (an extra space, a changed word): those took a quick path.
    expect(quick).toBeGreaterThan(count / 10);
    expect(lines).toBeGreaterThan(count / 20);
  }, 240_000);
});
