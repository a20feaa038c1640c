import { describe, expect, it } from 'vitest';
import { canonicalPath, isRealDate, KNOWN_FIELDS, parseId, reportId, reportJsonSchema, ReportSchema, StrictReportSchema } from '../../src/model/report.js';
import { byLine, creditedAuthors, fullTitle, joinAuthors, pageDate, parseTitleSuffix, seriesLine } from '../../src/model/page/lines.js';

const seed = {
  title: 'The Development of Small Towns with Distinctive Local Features in China in the New Era: Progress and Challenges',
  authors: ['Zhang Xiaohuan', 'Yang Xiaodong'],
  team: 'Research Team on “The Innovative Development Model of Small Towns with Distinctive Local Features in China in the New Era”',
  organization: 'DRC',
  series: 'Research Report',
  kind: 'special' as const,
  number: 11,
  year: 2019,
  total: 1639,
  date: '2019-01-25',
  keywords: ['small towns with distinctive local features', 'innovation of models', 'challenges'],
};

describe('record schema', () => {
  it('accepts the seed report', () => {
    expect(ReportSchema.safeParse(seed).success).toBe(true);
  });

  it('accepts a record without the optional fields', () => {
    const { team, organization, total, date, keywords, ...required } = seed;
    expect(ReportSchema.safeParse(required).success).toBe(true);
  });

  it('accepts a report signed by its team or organization alone (authors left out, read as none)', () => {
    const { authors, ...teamOnly } = seed;
    expect(ReportSchema.parse(teamOnly).authors).toEqual([]);
    expect(ReportSchema.safeParse({ ...teamOnly, team: undefined }).success).toBe(true); // the organization signs
    expect(ReportSchema.safeParse({ ...teamOnly, authors: [] }).success).toBe(true);
  });

  it('credits the team, else the organization, when no person is the author (never split into names)', () => {
    expect(creditedAuthors({ authors: [], team: 'Research Team on “X”', organization: 'DRC' })).toEqual(['Research Team on “X”']);
    expect(creditedAuthors({ authors: [], organization: 'DRC' })).toEqual(['DRC']);
    expect(creditedAuthors({ authors: ['Li Na'], team: 'T' })).toEqual(['Li Na']);
    expect(byLine({ authors: [], team: 'Research Team on “X”', organization: 'DRC' })).toBe('By Research Team on “X”, DRC');
  });

  it('keeps unknown fields (validate warns about them)', () => {
    const r = ReportSchema.parse({ ...seed, keyword: ['x'] });
    expect(r).toHaveProperty('keyword', ['x']);
  });

  const bad: [string, Record<string, unknown>, RegExp][] = [
    ['number: eleven', { number: 'eleven' }, /number must be a whole number/],
    ['number: -3', { number: -3 }, /number must be 1 or more/],
    ['number: 0', { number: 0 }, /number must be 1 or more/],
    ['total: 4500.5', { total: 4500.5 }, /total must be a whole number/],
    ['date: 2014-02-30', { date: '2014-02-30' }, /date must be a real date/],
    ['date: yesterday', { date: 'yesterday' }, /date must be a real date/],
    ['kind: weekly', { kind: 'weekly' }, /kind must be regular or special, not "weekly"/],
    ['title: ""', { title: '' }, /title must not be empty/],
    ['authors: {name: A}', { authors: { name: 'A' } }, /authors must be a list/],
    ['authors: [] with no team or organization', { authors: [], team: undefined, organization: undefined }, /authors is required .* unless a team or organization signs the report/],
    ['no authors, no team, no organization', { authors: undefined, team: undefined, organization: undefined }, /authors is required/],
    ['authors: [""]', { authors: [''] }, /author must not be empty/],
    ['no title', { title: undefined }, /title is required/],
    ['url: not a url', { url: 'not a url' }, /url must be an absolute URL/],
  ];
  for (const [name, change, message] of bad) {
    it(`rejects ${name} with a message that says what is right`, () => {
      const r = ReportSchema.safeParse({ ...seed, ...change });
      expect(r.success).toBe(false);
      expect(r.error!.issues.map((i) => i.message).join('\n')).toMatch(message);
    });
  }

  it('knows real dates', () => {
    expect(isRealDate('2016-02-29')).toBe(true);
    expect(isRealDate('2015-02-29')).toBe(false);
    expect(isRealDate('2019-13-01')).toBe(false);
    expect(isRealDate('2019-1-25')).toBe(false);
  });

  it('knows the same fields as the schema (unknown-field and the field order rely on it)', () => {
    expect([...KNOWN_FIELDS]).toEqual(Object.keys(StrictReportSchema.shape));
  });

  it('gives editors a strict JSON Schema', () => {
    const s = reportJsonSchema() as { properties: Record<string, unknown>; required: string[]; additionalProperties: boolean };
    expect(Object.keys(s.properties)).toEqual(expect.arrayContaining(['title', 'authors', 'kind', 'number', 'year', 'total', 'date', 'keywords', 'url']));
    expect(s.required).toEqual(expect.arrayContaining(['title', 'series', 'kind', 'number', 'year']));
    // Authors, unless a team or organization signs.
    expect((s as { anyOf?: unknown }).anyOf).toEqual([{ required: ['authors'], properties: { authors: { type: 'array', minItems: 1 } } }, { required: ['team'], properties: { team: { type: 'string' } } }, { required: ['organization'], properties: { organization: { type: 'string' } } }]);
    expect(s.required).not.toContain('total');
    expect(s.additionalProperties).toBe(false);
  });
});

describe('ids', () => {
  it('are <year>-<S|R><number>', () => {
    expect(reportId(seed)).toBe('2019-S11');
    expect(reportId({ year: 2018, kind: 'regular', number: 146 })).toBe('2018-R146');
  });
  it('parse in any case, with or without zero padding', () => {
    expect(parseId('2019-s11')).toEqual({ year: 2019, kind: 'special', number: 11 });
    expect(parseId(' 2018-R007 ')).toEqual({ year: 2018, kind: 'regular', number: 7 });
    expect(parseId('2019-X11')).toBeUndefined();
    expect(parseId('1639')).toBeUndefined();
  });
  it('place a record at <year>/<kind>-<NNN>.yaml', () => {
    expect(canonicalPath(seed)).toBe('2019/special-011.yaml');
    expect(canonicalPath({ year: 2018, kind: 'regular', number: 1234 })).toBe('2018/regular-1234.yaml');
  });
});

describe('the page', () => {
  it('writes the title suffix, by-line and series line as the DRC page does', () => {
    expect(fullTitle(seed)).toBe(`${seed.title} (Special Issue, No.11, 2019)`);
    expect(byLine(seed)).toBe(`By Zhang Xiaohuan & Yang Xiaodong, ${seed.team}, DRC`);
    expect(seriesLine(seed)).toBe('Research Report, Special Issue, No.11, 2019 (Total 1639) 2019-1-25');
    expect(seriesLine({ series: 'Research Report', kind: 'regular', number: 3, year: 2018 })).toBe('Research Report, No.3, 2018');
  });
  it('joins authors as a by-line does', () => {
    expect(joinAuthors(['A'])).toBe('A');
    expect(joinAuthors(['A', 'B'])).toBe('A & B');
    expect(joinAuthors(['Sun Xuan', 'Zhang Xiaohuan', 'Chen Feng'])).toBe('Sun Xuan, Zhang Xiaohuan & Chen Feng');
  });
  it('prints dates without zero padding', () => {
    expect(pageDate('2018-08-08')).toBe('2018-8-8');
  });
  it('finds a numbering suffix at the end of a title, in its variants', () => {
    expect(parseTitleSuffix('Options (No.3, 2018)')).toMatchObject({ base: 'Options', kind: 'regular', number: 3, year: 2018 });
    expect(parseTitleSuffix('Options(No.3, 2018)')).toMatchObject({ base: 'Options', number: 3 });
    expect(parseTitleSuffix('Towns (Special Issue, No.11, 2019)')).toMatchObject({ kind: 'special', number: 11, year: 2019 });
    expect(parseTitleSuffix('Towns (No 192,2017) ')).toMatchObject({ number: 192, year: 2017 });
    expect(parseTitleSuffix('Towns of the New Era')).toBeUndefined();
    expect(parseTitleSuffix('Reform (2019)')).toBeUndefined();
  });
});
