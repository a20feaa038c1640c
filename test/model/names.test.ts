import { describe, expect, test } from 'vitest';
import { authorText, citedAuthors, invertedName, nameProblems, readName, type Author, type NameStyle } from '../../src/model/names.js';

// [author as the record holds it, archive style, cited as, can the rule split it]
const TABLE: [Author, NameStyle, string, boolean][] = [
  // family-first archives (the DRC): pinyin, family name first
  ['Zhang Xiaohuan', 'family-first', 'Zhang, Xiaohuan', true],
  ['Yang  Xiaodong ', 'family-first', 'Yang, Xiaodong', true],
  ['Ouyang Xiu', 'family-first', 'Ouyang, Xiu', true],
  ['Zhang Xiao-huan', 'family-first', 'Zhang, Xiao-huan', true],
  ['Li', 'family-first', 'Li', false],
  ['Li Xiao Ming', 'family-first', 'Li Xiao Ming', false],
  // given-first archives
  ['John Smith', 'given-first', 'Smith, John', true],
  ['Mary Ann Evans', 'given-first', 'Evans, Mary Ann', true],
  ['Ludwig van Beethoven', 'given-first', 'van Beethoven, Ludwig', true],
  ['Madonna', 'given-first', 'Madonna', false],
  ['A B C D', 'given-first', 'A B C D', false],
  // overrides, whatever the style
  ['Smith, John', 'family-first', 'Smith, John', true],
  ['Zhang, Xiaohuan', 'given-first', 'Zhang, Xiaohuan', true],
  [{ family: 'Li', given: 'Xiao Ming' }, 'family-first', 'Li, Xiao Ming', true],
  [{ family: 'Smith' }, 'given-first', 'Smith', true],
  [{ literal: 'Madonna' }, 'given-first', 'Madonna', true],
  ['a, b, c', 'family-first', 'a, b, c', false],
  // organizations and teams: one literal name
  ['Research Team on “Rural Revitalization”', 'family-first', 'Research Team on “Rural Revitalization”', true],
  ['General Office of DRC', 'given-first', 'General Office of DRC', true],
  ['Enterprise Research Institute', 'family-first', 'Enterprise Research Institute', true],
  // CJK names: family name first, without a space, whatever the style
  ['张晓欢', 'given-first', '张, 晓欢', true],
  ['杨晓东', 'family-first', '杨, 晓东', true],
  ['欧阳修', 'family-first', '欧阳, 修', true],
  ['司马相如', 'family-first', '司马, 相如', true],
  ['张三李四', 'family-first', '张三李四', false],
  ['김민준', 'given-first', '김, 민준', true],
  ['남궁민수', 'family-first', '남궁, 민수', true],
];

describe('names as family and given', () => {
  test.each(TABLE)('%j (%s) is cited as %s', (author, style, cited, splits) => {
    const r = readName(author, style);
    expect(invertedName(r.name)).toBe(cited);
    // A name the rule cannot split comes with the fix; one it can, with no problem.
    expect(r.problem ?? 'none').toMatch(splits ? /^none$/ : /"Family, Given"/);
  });

  test('the family-first rule reads DRC names as the page writes them, given-first reads them the other way', () => {
    expect(readName('Zhang Xiaohuan', 'family-first').name).toEqual({ family: 'Zhang', given: 'Xiaohuan' });
    expect(readName('Zhang Xiaohuan', 'given-first').name).toEqual({ family: 'Xiaohuan', given: 'Zhang' });
  });

  test('a record with no person author is signed by its team, else its unit, else its organization', () => {
    expect(citedAuthors({ authors: [], team: 'Research Team on “X”', unit: 'U', organization: 'DRC' })).toEqual([{ literal: 'Research Team on “X”' }]);
    expect(citedAuthors({ unit: 'General Office', organization: 'DRC' })).toEqual([{ literal: 'General Office' }]);
    expect(citedAuthors({ organization: 'DRC' })).toEqual([{ literal: 'DRC' }]);
    expect(citedAuthors({})).toEqual([]);
    expect(citedAuthors({ authors: ['Zhang Xiaohuan'], team: 'T' })).toEqual([{ family: 'Zhang', given: 'Xiaohuan' }]);
  });

  test('the terminal and the site keep a name as the page writes it; an override is written in the archive style', () => {
    expect(authorText('Zhang Xiaohuan')).toBe('Zhang Xiaohuan');
    expect(authorText('Smith, John', 'given-first')).toBe('Smith, John');
    expect(authorText({ family: 'Li', given: 'Xiao Ming' }, 'family-first')).toBe('Li Xiao Ming');
    expect(authorText({ family: 'Smith', given: 'John' }, 'given-first')).toBe('John Smith');
    expect(authorText({ family: '欧阳', given: '修' }, 'given-first')).toBe('欧阳修');
    expect(authorText({ literal: 'DRC' })).toBe('DRC');
  });

  test('validate is told which names cannot be split, by index', () => {
    expect(nameProblems(['Zhang Xiaohuan', 'Li', 'Li Xiao Ming'], 'family-first').map((p) => p.index)).toEqual([1, 2]);
    expect(nameProblems(undefined)).toEqual([]);
  });

  test('__proto__ as a name is a name', () => {
    expect(invertedName(readName('__proto__ constructor').name)).toBe('__proto__, constructor');
  });
});
