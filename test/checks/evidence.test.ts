// Blame by evidence, never by order: disagreements no majority settles are settled by a declared offset, then by
// git (the party changed in the index or work tree, then the party committed later), else reported as ties.
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { checkRecords, type CheckFinding } from '../../src/checks/index.js';
import type { NumberingEvidence } from '../../src/checks/evidence.js';
import { canonicalPath } from '../../src/model/report.js';
import type { LoadedRecord } from '../../src/model/record.js';
import { parseRecord } from '../../src/store/parse.js';
import { toLoaded } from '../../src/store/archive.js';

function rec(kind: 'regular' | 'special', number: number, year: number, total: number, date: string, name?: string): LoadedRecord {
  const data = { title: `Report ${kind} ${year} ${number}`, authors: ['Zhang Wei'], series: 'Research Report', kind, number, year, total, date };
  const file = name ?? canonicalPath(data);
  const parsed = parseRecord(stringify(data), file);
  return toLoaded(file, parsed)!;
}

const S9 = (total = 1638) => rec('special', 9, 2019, total, '2019-01-25');
const S11 = (total = 1639) => rec('special', 11, 2019, total, '2019-01-25');
const S15 = (total: number) => rec('special', 15, 2019, total, '2019-01-25');
const f9 = '2019/special-009.yaml';
const f11 = '2019/special-011.yaml';
const f15 = '2019/special-015.yaml';

const changed = (entries: Array<[string, 'index' | 'work tree']>): NumberingEvidence => ({ changed: new Map(entries), committed: new Map() });
const commits = (ranks: Array<[string, number]>, extra: NumberingEvidence = {}): NumberingEvidence => ({ changed: new Map(), committed: new Map(ranks), ...extra });

/** The findings of one code as [file, unsettled or decided-by] pairs. */
const blame = (fs: CheckFinding[], code: string) => fs.filter((f) => f.code === code).map((f) => [f.file, f.unsettled ? 'tie' : (f.decidedBy ?? 'majority')]);

describe('ties of offsets (S9 changed from 1637 to 1638; S11 untouched at 1639)', () => {
  const declared = (offset: number): NumberingEvidence => ({ offsets: { special: { 2019: offset } }, offsetsFrom: 'reports.config.yaml' });
  it.each<[string, LoadedRecord[], NumberingEvidence | undefined, Array<[string, string]>]>([
    ['two parties, no evidence: a tie named on both files', [S9(), S11()], undefined, [[f9, 'tie'], [f11, 'tie']]],
    ['a declared offset wins', [S9(), S11()], declared(1628), [[f9, 'declared in reports.config.yaml']]],
    ['a declared offset wins even against a majority', [S9(1638), S11(1639), S15(1643)], declared(1629), [[f11, 'declared in reports.config.yaml'], [f15, 'declared in reports.config.yaml']]],
    ['the party changed in the index is the suspect', [S9(), S11()], changed([[f9, 'index']]), [[f9, `git: ${f9} is changed in the index`]]],
    ['the party changed in the work tree is the suspect', [S9(), S11()], changed([[f9, 'work tree']]), [[f9, `git: ${f9} is changed in the work tree`]]],
    ['the party committed later is the suspect', [S9(), S11()], commits([[f9, 2], [f11, 1]]), [[f9, `git: ${f9} was committed later`]]],
    ['both changed: a tie', [S9(), S11()], changed([[f9, 'index'], [f11, 'work tree']]), [[f9, 'tie'], [f11, 'tie']]],
    ['committed together: a tie', [S9(), S11()], commits([[f9, 1], [f11, 1]]), [[f9, 'tie'], [f11, 'tie']]],
    ['three parties (1-1-1), no evidence: a tie on all three', [S9(1638), S11(1639), S15(1650)], undefined, [[f9, 'tie'], [f11, 'tie'], [f15, 'tie']]],
    ['three parties, one changed, the others by commit: the earliest kept', [S9(1638), S11(1639), S15(1650)], commits([[f11, 1], [f15, 2]], { changed: new Map([[f9, 'work tree']]) }), [[f9, `git: ${f9} is changed in the work tree; git: ${f15} was committed later`], [f15, `git: ${f9} is changed in the work tree; git: ${f15} was committed later`]]],
    ['three parties, one changed, the others committed together: a tie', [S9(1638), S11(1639), S15(1650)], commits([[f11, 1], [f15, 1]], { changed: new Map([[f9, 'work tree']]) }), [[f9, 'tie'], [f11, 'tie'], [f15, 'tie']]],
    ['a majority needs no evidence (2-1)', [S9(1638), S11(1639), S15(1643)], undefined, [[f9, 'majority']]],
  ])('%s', (_name, records, ev, expected) => {
    expect(blame(checkRecords(records, { evidence: ev }), 'total-offset')).toEqual(expected);
  });

  it('a tie names every party and the offset each implies, on each file', () => {
    const fs = checkRecords([S9(), S11()]).filter((f) => f.code === 'total-offset');
    expect(fs[0]).toMatchObject({ file: f9, related: [f11], severity: 'error' });
    expect(fs[0]!.message).toBe(
      '2019-S9: total 1638 gives offset 1629 of special 2019, but 2019-S11 (total 1639) gives offset 1628; no majority, and nothing tells which is wrong (no declared offset, and git does not tell): check the Totals against the pages (reports fix --prefer <id> keeps that report\'s offset)',
    );
    expect(fs[1]).toMatchObject({ file: f11, related: [f9] });
  });

  it('says which evidence decided', () => {
    const [f] = checkRecords([S9(), S11()], { evidence: changed([[f9, 'index']]) }).filter((x) => x.code === 'total-offset');
    expect(f!.message).toBe(`2019-S9: total 1638 disagrees with offset 1628 of special 2019 (agreed by 2019-S11; decided by git: ${f9} is changed in the index): expected 1637`);
  });
});

describe('ties of date order (2018-R3 redated after 2018-R124)', () => {
  const R3 = (date: string) => rec('regular', 3, 2018, 5278, date);
  const R124 = () => rec('regular', 124, 2018, 5399, '2018-06-01');
  const R200 = (date: string) => rec('regular', 200, 2018, 5475, date);
  const f3 = '2018/regular-003.yaml';
  const f124 = '2018/regular-124.yaml';
  const f200 = '2018/regular-200.yaml';
  it.each<[string, LoadedRecord[], NumberingEvidence | undefined, Array<[string, string]>]>([
    ['two records, no evidence: a tie', [R3('2018-07-01'), R124()], undefined, [[f3, 'tie'], [f124, 'tie']]],
    ['the one changed in the index is blamed', [R3('2018-07-01'), R124()], changed([[f3, 'index']]), [[f3, `git: ${f3} is changed in the index`]]],
    ['the one changed in the work tree is blamed', [R3('2018-07-01'), R124()], changed([[f124, 'work tree']]), [[f124, `git: ${f124} is changed in the work tree`]]],
    ['the later commit is blamed', [R3('2018-07-01'), R124()], commits([[f3, 5], [f124, 3]]), [[f3, `git: ${f3} was committed later`]]],
    ['a third record that agrees makes a majority', [R3('2018-07-01'), R124(), R200('2018-06-15')], undefined, [[f3, 'majority']]],
    ['three records all out of order (1-1-1): a tie on all three', [R3('2018-09-01'), R124(), R200('2018-03-01')], undefined, [[f3, 'tie'], [f124, 'tie'], [f200, 'tie']]],
    ['three out of order, git keeps the one committed first', [R3('2018-09-01'), R124(), R200('2018-03-01')], commits([[f3, 3], [f124, 1], [f200, 2]]), [[f200, `git: ${f3}, ${f200} were committed later`], [f3, `git: ${f3}, ${f200} were committed later`]]],
  ])('%s', (_name, records, ev, expected) => {
    expect(blame(checkRecords(records, { evidence: ev }), 'date-order').sort()).toEqual(expected.sort());
  });
});

describe('the record a command is about to write', () => {
  it('is the one blamed in a tie with a record already in the archive', () => {
    const fs = checkRecords([S9(1637), S11(1640)], { evidence: { changed: new Map([[f11, 'new']]) } }).filter((f) => f.code === 'total-offset');
    expect(fs.map((f) => [f.file, f.decidedBy])).toEqual([[f11, `${f11} is the record being written`]]);
  });
});

describe('ties of numbers and Totals', () => {
  const a = rec('regular', 99, 2019, 5599, '2019-06-01');
  const b = rec('regular', 99, 2019, 5599, '2019-06-02', '2019/regular-099b.yaml');
  it.each<[string, NumberingEvidence | undefined, Array<[string, string]>]>([
    ['no evidence: both named', undefined, [['2019/regular-099.yaml', 'tie'], ['2019/regular-099b.yaml', 'tie']]],
    ['the one in the work tree is blamed', changed([['2019/regular-099b.yaml', 'work tree']]), [['2019/regular-099b.yaml', 'git: 2019/regular-099b.yaml is changed in the work tree']]],
    ['the later commit is blamed', commits([['2019/regular-099.yaml', 7], ['2019/regular-099b.yaml', 2]]), [['2019/regular-099.yaml', 'git: 2019/regular-099.yaml was committed later']]],
  ])('%s', (_name, ev, expected) => {
    const fs = checkRecords([a, b], { evidence: ev });
    expect(blame(fs, 'duplicate-number')).toEqual(expected);
    expect(blame(fs, 'duplicate-total')).toEqual(expected);
  });
});
