// The page reader on the forms real DRC pages and their mirrors take: site chrome, posting dates, old series lines,
// title suffixes, by-lines and labels. Each fixture page has a .json beside it with the fields the page shows.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePage, readByLine } from '../../src/model/page/read.js';
import { accuracy, FIELDS, scorePages } from './page-accuracy.js';

const PAGES = path.join(import.meta.dirname, '..', 'fixtures', 'pages');
const FORMS = path.join(PAGES, 'forms');
const HELD_OUT = path.join(PAGES, 'held-out');
const names = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.txt')).map((f) => f.replace(/\.txt$/, '')).sort();
const read = (dir: string, name: string) => readFileSync(path.join(dir, `${name}.txt`), 'utf8');
const expected = (dir: string, name: string) => JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8')) as Record<string, unknown>;

describe('parsePage: every form of page reads to the fields it shows', () => {
  it.each([...names(FORMS).map((n) => [n, FORMS] as const), ...names(HELD_OUT).map((n) => [n, HELD_OUT] as const)])('%s', (name, dir) => {
    const want = expected(dir, name);
    const r = parsePage(read(dir, name));
    const got: Record<string, unknown> = {};
    const exp: Record<string, unknown> = {};
    for (const f of FIELDS) {
      got[f] = (r.fields as Record<string, unknown>)[f];
      exp[f] = want[f];
    }
    expect(got).toEqual(exp);
  });
});

// Notices: what the reader was not sure of, or changed, is said; nothing is guessed silently.
const NOTICES: Array<[string, RegExp]> = [
  ['chrome-section-own-line', /ignored "Public Administration and Human Resources" above the title/],
  ['chrome-name-line', /ignored "Zhang Liang" above the title .*expert's name/],
  ['chrome-junk-other-script', /ignored "本站内容仅供参考 欢迎转载" above the title/],
  ['chrome-junk-between-title-and-by', /ignored "镜像站点 欢迎访问" between the title and the by-line/],
  ['posting-date-month', /ignored the date line "Dec 16,2021" above the by-line \(when the page was posted/],
  ['posting-date-iso', /ignored the date line "2020-07-30"/],
  ['series-report-no-2014', /names the series "Report": read as "Research Report"/],
  ['series-report-no-2014', /no "Abstract:" label: read the first paragraph after the numbering line as the abstract/],
  ['title-wrapped', /read the title from 2 lines/],
  ['by-none-and', /no "By" line: read "Chang Jiwen and Su Yang, .*" as the by-line/],
  ['by-wrapped', /read "with Distinctive Local Features .*" as the by-line's continuation/],
];

describe('parsePage: notices', () => {
  it.each(NOTICES)('%s says %s', (name, re) => {
    expect(parsePage(read(FORMS, name)).notices.join('\n')).toMatch(re);
  });

  it('seed-style pages read with no notice at all', () => {
    for (const name of names(FORMS).filter((n) => expected(FORMS, n)._style === 'seed')) expect(parsePage(read(FORMS, name)).notices).toEqual([]);
  });

  it('says which line it took for the author when none looks like a name', () => {
    const r = parsePage('Some Title (No.2, 2020)\nBy the editors of the quarterly, DRC\nResearch Report, No.2, 2020 (Total 5746)\n');
    expect(r.fields.authors).toEqual(['the editors of the quarterly']);
    expect(r.notices.join('\n')).toMatch(/took "the editors of the quarterly" for the author, though it does not look like a name/);
  });

  it('leaves out the paragraphs after an unlabelled abstract and says so', () => {
    const r = parsePage('T (No.2, 2015)\nBy Li Wei, DRC\nResearch Report No.2, 2015 (Total 4687)\n\nFirst paragraph of an invented text.\n\nSecond paragraph, perhaps the footer of a mirror.\n');
    expect(r.fields.abstract).toBe('First paragraph of an invented text.');
    expect(r.notices.join('\n')).toMatch(/left out 1 more paragraph/);
  });
});

describe('readByLine: affiliations, organizations, brackets', () => {
  it.each([
    ['By A Li, General Office, and B Wu, C Ma, Enterprise Research Institute, DRC', { authors: ['A Li', 'B Wu', 'C Ma'], unit: 'General Office, Enterprise Research Institute', organization: 'DRC' }],
    ['By Lu Mai, China Development Research Foundation', { authors: ['Lu Mai'], organization: 'China Development Research Foundation' }],
    ['Zhang Wei (General Office of DRC) and Li Na (Research Institute of Finance, DRC)', { authors: ['Zhang Wei', 'Li Na'], unit: 'General Office of DRC, Research Institute of Finance', organization: 'DRC' }],
    ['By Li Wei, Wang Fang, and Zhao Min, Research Department of Social Development, DRC', { authors: ['Li Wei', 'Wang Fang', 'Zhao Min'], unit: 'Research Department of Social Development', organization: 'DRC' }],
    // Each author with an affiliation, the second after "&" or "and": two authors, no affiliation taken for one.
    ['By Zhang Wei, Research Department of Rural Economy, DRC & Li Na, Peking University', { authors: ['Zhang Wei', 'Li Na'], unit: 'Research Department of Rural Economy, DRC, Peking University' }],
    ['By Zhang Wei, Institute of Finance, DRC and Li Na, School of Economics, Peking University', { authors: ['Zhang Wei', 'Li Na'], unit: 'Institute of Finance, DRC, School of Economics, Peking University' }],
    ['By Zhang Wei, DRC & Li Na, University of Oxford', { authors: ['Zhang Wei', 'Li Na'], unit: 'DRC, University of Oxford' }],
    // "and" inside a unit's name is not a new author.
    ['By Li Na, Department of Science and Technology, DRC', { authors: ['Li Na'], unit: 'Department of Science and Technology', organization: 'DRC' }],
    // Signed by a research team alone: no person is made up.
    ['By Research Team on “Rural Reform”, DRC', { authors: [], team: 'Research Team on “Rural Reform”', organization: 'DRC' }],
  ])('%s', (line, want) => {
    expect(readByLine(line)).toEqual(want);
  });

  it.each(['By School of Economics, Peking University', 'By Tsinghua University', 'By State Key Laboratory of Water Resources, DRC'])('never takes an affiliation for an author: %s', (line) => {
    const r = readByLine(line);
    expect(r.authors).toEqual([]);
    expect(r.doubts).toBeUndefined();
  });

  it('never takes an organization for an author', () => {
    const r = readByLine('By China Development Research Foundation');
    expect(r.authors).toEqual([]);
    expect(r.organization).toBe('China Development Research Foundation');
  });
});

describe('field accuracy over all fixture pages', () => {
  const forms = scorePages(FORMS);
  const heldOut = scorePages(HELD_OUT);
  // The threshold is what is measured: every field of every page reads right (a page that reads worse is a
  // regression to look at, not a margin to spend).
  it('every field the pages show reads right, over all pages', () => {
    const all = [...forms, ...heldOut];
    expect(all.length).toBeGreaterThanOrEqual(45);
    expect(all.flatMap((s) => s.wrong)).toEqual([]);
    expect(accuracy(all)).toBe(1);
  });
  it('100% on the seed-style pages', () => {
    const seed = forms.filter((s) => s.style === 'seed');
    expect(seed.length).toBeGreaterThanOrEqual(5);
    expect(seed.flatMap((s) => s.wrong)).toEqual([]);
    expect(accuracy(seed)).toBe(1);
  });
  it('the score counts a field read wrong, and one read where the page shows none', () => {
    // The checker itself: a page whose expectation is changed must lose points.
    const one = scorePages(FORMS, (f) => parsePage(readFileSync(f, 'utf8').replace('Research Report, No.40, 2019 (Total 5540)', 'Research Report, No.41, 2019 (Total 5541)')));
    const s = one.find((x) => x.name === 'chrome-breadcrumb-whats-new')!;
    expect(s.wrong.map((w) => w.field)).toEqual(['number', 'total']);
  });
});

describe('control characters never reach a record', () => {
  it('drops ESC, BEL, C1 and bidi overrides from what it reads', () => {
    const r = parsePage('Title \u001b[31mRed\u0007 (No.2, 2020)\nBy Li\u202e Wei, DRC\nResearch Report, No.2, 2020 (Total 5746)\nAbstract: a\u009bb\n');
    expect(r.fields.title).toBe('Title [31mRed');
    expect(r.fields.authors).toEqual(['Li Wei']);
    expect(r.fields.abstract).toBe('ab');
  });
});
