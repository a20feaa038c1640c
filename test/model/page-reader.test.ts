// The page importer: the seed page and every variation seen on DRC pages read to the right fields.
import { readFileSync } from 'node:fs';
import { readDate } from '../../src/model/dates.js';
import { describe, expect, it } from 'vitest';
import { parseAuthors, parseKeywords } from '../../src/model/lists.js';
import { parsePage, readByLine } from '../../src/model/page/read.js';

const page = (name: string) => readFileSync(new URL(`../fixtures/pages/${name}`, import.meta.url), 'utf8');

const SEED_TITLE = 'The Development of Small Towns with Distinctive Local Features in China in the New Era: Progress and Challenges';
const SEED_TEAM = 'Research Team on “The Innovative Development Model of Small Towns with Distinctive Local Features in China in the New Era”';

describe('parsePage: the seed page', () => {
  it('reads every field, the title without its suffix, the date zero-padded', () => {
    const r = parsePage(page('seed.txt'));
    expect(r.unread).toEqual([]);
    expect(r.notices).toEqual([]);
    expect(r.fields).toMatchObject({
      title: SEED_TITLE,
      authors: ['Zhang Xiaohuan', 'Yang Xiaodong'],
      team: SEED_TEAM,
      organization: 'DRC',
      series: 'Research Report',
      kind: 'special',
      number: 11,
      year: 2019,
      total: 1639,
      date: '2019-01-25',
      keywords: ['small towns with distinctive local features', 'innovation of models', 'challenges'],
    });
    expect(r.fields.unit).toBeUndefined();
    expect(r.fields.abstract).toMatch(/^Small towns with distinctive local features are a new type/);
    expect(r.fields.abstract).toMatch(/high attention\.$/);
  });

  it('reads the same page with CRLF line ends, a BOM and straight quotes', () => {
    const crlf = '\uFEFF' + page('seed.txt').replace(/\n/g, '\r\n').replace(/[“”]/g, '"');
    const r = parsePage(crlf);
    expect(r.unread).toEqual([]);
    expect(r.fields.title).toBe(SEED_TITLE);
    expect(r.fields.team).toBe(SEED_TEAM);
    expect(r.fields.date).toBe('2019-01-25');
    expect(r.fields.abstract).not.toMatch(/\r/);
  });
});

// [fixture, expected fields, fields it cannot read]
const VARIATIONS: Array<[string, Record<string, unknown>, string[]]> = [
  [
    'lowercase-no-comma.txt', // "Research report No.3", suffix without a space "Options(No.3, 2018)"
    {
      title: 'Chinese Small Towns with Distinctive Features: Spatial Layout Patterns and Policy Options',
      authors: ['Sun Xuan', 'Zhang Xiaohuan', 'Chen Feng'],
      unit: 'Institute of Public Administration and Human Resources',
      organization: 'DRC',
      series: 'Research report',
      kind: 'regular',
      number: 3,
      year: 2018,
      total: 5278,
      date: '2018-01-05',
    },
    [],
  ],
  ['total-no.txt', { title: 'Reform of the Fiscal System', number: 192, year: 2017, total: 4877, date: '2017-08-25', unit: 'Department of Macroeconomic Research' }, []],
  ['series-no-date.txt', { title: 'Analysis on the Changes of Economic Pattern in Northeast China', number: 124, year: 2018, total: 5399, unit: 'General Office of DRC' }, ['date']],
  ['series-bare.txt', { title: 'Classification of Local Government Debt Risks and Countermeasures', number: 122, year: 2016, unit: 'the General Office of DRC' }, ['total', 'date']],
  [
    'blank-lines-everywhere.txt', // e-mail alert header, breadcrumb, blank lines, two abstract paragraphs
    {
      title: 'A Clear Understanding of the Values of Rural Areas and Propel Rural Revitalization in a Scientific Manner',
      authors: ['Jin Sanlin'],
      unit: 'Research Department of Rural Economy',
      total: 5596,
      date: '2019-06-20',
      abstract: 'Rural areas have values of their own.\n\nThey should be revitalized in a scientific manner.',
      keywords: ['rural revitalization', 'values of rural areas', 'development laws'],
    },
    [],
  ],
  ['fullwidth-labels.txt', { abstract: 'Green finance grows fast.', keywords: ['green finance', 'carbon markets'], unit: 'Research Institute of Finance' }, []],
  ['straight-quotes-and.txt', { authors: ['Zhang Liang', 'Zhang He'], team: 'Research Team on “Rural Land Reform”', kind: 'special', number: 5, total: 1633 }, []],
  ['no-by.txt', { title: 'Urban Water Supply', authors: ['Chen Feng', 'Sun Xuan'], unit: 'Research Department of Social Development', organization: 'DRC' }, []],
  [
    'extra-spaces.txt',
    { title: 'Industrial Policy Review', authors: ['Liu Yang', 'Zhao Min', 'Qian Hui'], unit: 'Industrial Economy Research Department', series: 'Research Report', number: 60, total: 5560, date: '2019-05-07', keywords: ['industrial policy', 'review'] },
    [],
  ],
  [
    'chinese.txt',
    { title: '特色小镇的发展与挑战', authors: ['张晓欢', '杨晓东'], team: 'Research Team on “特色小镇”', kind: 'special', number: 20, total: 1648, abstract: '特色小镇是创新创业的新平台。', keywords: ['特色小镇', '创新', '挑战'] },
    [],
  ],
  ['alert-header-nbsp.txt', { title: 'Foreign Trade Outlook', series: 'Research Report', number: 70, year: 2019, total: 5570, date: '2019-05-01', keywords: ['foreign trade', 'outlook'] }, []],
  ['title-and-byline-only.txt', { title: 'Housing Markets in Transition', authors: ['Gao Lei'] }, ['series', 'number', 'year', 'total', 'date', 'abstract', 'keywords']],
];

describe('parsePage: variations', () => {
  it.each(VARIATIONS)('%s', (name, expected, unread) => {
    const r = parsePage(page(name));
    expect(r.fields).toMatchObject(expected);
    expect(r.unread).toEqual(unread);
  });

  it('a page without an organization leaves it out', () => {
    const r = parsePage('Title A (No.1, 2020)\nBy Jin Sanlin, Research Department of Rural Economy\nResearch Report, No.1, 2020 (Total 5701) 2020-1-2\n');
    expect(r.fields.organization).toBeUndefined();
    expect(r.fields.unit).toBe('Research Department of Rural Economy');
  });

  it('says when there is no By line, rather than guessing silently', () => {
    expect(parsePage(page('no-by.txt')).notices.join('\n')).toMatch(/no "By" line/);
  });

  it('says when the title suffix and the numbering line disagree, and does not take the organization for an author', () => {
    const r = parsePage(page('suffix-disagrees.txt'));
    expect(r.notices.join('\n')).toMatch(/title ends with \(No\.12, 2019\) but the numbering line says Special Issue, No\.11, 2019/);
    expect(r.fields).toMatchObject({ kind: 'special', number: 11, year: 2019, authors: ['Zhang Xiaohuan'], organization: 'DRC' });
  });

  it('takes the numbering from the title suffix when there is no numbering line, and says so', () => {
    const r = parsePage('Trade (Special Issue, No.7, 2020)\nBy Li Na\n');
    expect(r.fields).toMatchObject({ kind: 'special', number: 7, year: 2020 });
    expect(r.unread).toContain('series');
    expect(r.notices.join('\n')).toMatch(/read from the title's suffix/);
  });

  it('reads labels in other spellings: "Key Words", "Keyword:", "Summary -"', () => {
    const r = parsePage('T\nBy A B\nResearch Report, No.2, 2020\nSummary - text here\nKeyword: one; two\n');
    expect(r.fields.abstract).toBe('text here');
    expect(r.fields.keywords).toEqual(['one', 'two']);
  });

  it('never throws, and reads nothing from an empty or unrelated text', () => {
    expect(parsePage('').unread).toEqual(['title', 'authors', 'series', 'number', 'year', 'total', 'date', 'abstract', 'keywords']);
    expect(() => parsePage('\u0000\u0001 ((( No.')).not.toThrow();
  });

  it('rejects an impossible date rather than inventing one', () => {
    const r = parsePage('T\nBy A B\nResearch Report, No.2, 2019 (Total 5502) 2019-2-30\n');
    expect(r.fields.date).toBeUndefined();
    expect(r.unread).toContain('date');
  });
});

describe('small parsers', () => {
  it('parseAuthors reads "A, B & C", "A and B", "A; B" and "甲、乙"', () => {
    expect(parseAuthors('Sun Xuan, Zhang Xiaohuan & Chen Feng')).toEqual(['Sun Xuan', 'Zhang Xiaohuan', 'Chen Feng']);
    expect(parseAuthors('Zhang Liang and Zhang He')).toEqual(['Zhang Liang', 'Zhang He']);
    expect(parseAuthors('A; B')).toEqual(['A', 'B']);
    expect(parseAuthors('张三、李四')).toEqual(['张三', '李四']);
    expect(parseAuthors(' , & ')).toEqual([]);
  });
  it('parseKeywords splits on commas and semicolons, drops a final full stop', () => {
    expect(parseKeywords('a, b;c，d.')).toEqual(['a', 'b', 'c', 'd']);
  });
  it('the date reader (model/dates.ts) pads and checks the day', () => {
    expect(readDate('2019-1-25').date).toBe('2019-01-25');
    expect(readDate('2019/1/5').date).toBe('2019-01-05');
    expect(readDate('2019年1月25日').date).toBe('2019-01-25');
    expect(readDate('2019-02-29').date).toBeUndefined();
  });
  it('readByLine keeps a unit that names the organization, and a team with commas inside its quotes', () => {
    expect(readByLine('By Shi Hongda, General Office of DRC')).toEqual({ authors: ['Shi Hongda'], unit: 'General Office of DRC' });
    expect(readByLine('By Li Na, Research Team on “Trade, Investment and Growth”, DRC')).toEqual({
      authors: ['Li Na'],
      team: 'Research Team on “Trade, Investment and Growth”',
      organization: 'DRC',
    });
  });
});

describe('parsePage: more variations', () => {
  it('reads dates written with month names, a labelled date line, and "By:"', () => {
    const r = parsePage('Trade Rules\nBy: Li Na, DRC\nResearch Report, No.9, 2020 (Total 5709)\nPublished: January 7, 2020\n');
    expect(r.fields).toMatchObject({ authors: ['Li Na'], organization: 'DRC', date: '2020-01-07', total: 5709 });
    expect(parsePage('T\nBy A B\nResearch Report, No.9, 2020 (Total 5709) 7 Feb. 2020\n').fields.date).toBe('2020-02-07');
  });

  it('reads a numbering line without any spaces', () => {
    const r = parsePage('T\nBy A B\nResearch Report,Special Issue,No.11,2019(Total 1639)2019-1-25\n');
    expect(r.fields).toMatchObject({ series: 'Research Report', kind: 'special', number: 11, year: 2019, total: 1639, date: '2019-01-25' });
  });

  it('does not take a title with a date in it for a date line, nor a name starting with "By" for a by-line', () => {
    const r = parsePage('Review of May 5, 2019\nByron Li & Wu Gang\nResearch Report, No.9, 2019 (Total 5509) 2019-5-8\n');
    expect(r.fields.title).toBe('Review of May 5, 2019');
    expect(r.fields.authors).toEqual(['Byron Li', 'Wu Gang']);
    expect(r.fields.date).toBe('2019-05-08');
  });
});
