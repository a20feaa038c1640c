// The repair rules of `reports fix`, one table row per case, run on records in memory (no files, no git).
import { describe, expect, it } from 'vitest';
import { planFix, type AddedAt, type ConflictInput, type FixInput, type FixPlan } from '../../src/checks/fix.js';
import { canonicalPath, reportId } from '../../src/model/ids.js';
import type { LoadedRecord, RecordData } from '../../src/model/record.js';

const base = { authors: ['Li Na'], series: 'Research Report', kind: 'regular', year: 2019, date: '2019-06-01' } as const;

/** A record of regular 2019 with the given number (Total from offset 5500 unless given), at its canonical file. */
function data(number: number, fields: Record<string, unknown> = {}): RecordData {
  return { ...base, authors: [...base.authors], title: `Report ${number}`, number, total: 5500 + number, ...fields } as RecordData;
}
function rec(d: RecordData, file = canonicalPath(d)): LoadedRecord {
  return { id: reportId(d), file, record: d, positions: { keys: {}, values: {} } };
}
const commit = (time: number): AddedAt => ({ time, from: 'commit' });

/** The plan as compact lines: "file field old -> new" (and "file <- source" for a file written from elsewhere). */
function lines(plan: FixPlan): string[] {
  const out: string[] = [];
  for (const a of plan.actions) {
    const src = 'conflict' in a.source ? `${a.source.side} of ${a.source.conflict}` : a.source.file !== a.file ? a.source.file : undefined;
    if (src) out.push(`${a.file} <- ${src}`);
    for (const e of a.edits) out.push(`${a.file} ${e.field} ${JSON.stringify(e.old)} -> ${JSON.stringify(e.new)}`);
    if (a.remove) out.push(`${a.remove} removed`);
  }
  return out;
}

const r95 = rec(data(95));
const r96 = rec(data(96));
const conflict = (ours: RecordData | undefined, theirs: RecordData | undefined, hasBase = false): ConflictInput => ({
  file: '2019/regular-097.yaml',
  hasBase,
  ours: ours ? { record: ours } : { problem: 'deleted' },
  theirs: theirs ? { record: theirs } : { problem: 'deleted' },
});

interface Case {
  name: string;
  input: FixInput;
  lines: string[];
  choices?: number;
  note?: RegExp;
}

const cases: Case[] = [
  {
    name: 'add/add conflict: ours stays, theirs takes the next free number and offset + number',
    input: { records: [r95, r96], conflicts: [conflict(data(97, { title: 'Beta' }), data(97, { title: 'Alpha' }))] },
    lines: ['2019/regular-097.yaml <- ours of 2019/regular-097.yaml', '2019/regular-098.yaml <- theirs of 2019/regular-097.yaml', '2019/regular-098.yaml number 97 -> 98', '2019/regular-098.yaml total 5597 -> 5598'],
  },
  {
    name: 'add/add conflict without a known offset: theirs keeps no Total, and the plan says so',
    input: {
      records: [rec(data(1, { total: undefined }))],
      conflicts: [{ file: '2019/regular-002.yaml', hasBase: false, ours: { record: data(2, { title: 'Beta', total: undefined }) }, theirs: { record: data(2, { title: 'Alpha', total: 4000 }) } }],
    },
    lines: ['2019/regular-002.yaml <- ours of 2019/regular-002.yaml', '2019/regular-003.yaml <- theirs of 2019/regular-002.yaml', '2019/regular-003.yaml number 2 -> 3', '2019/regular-003.yaml total 4000 -> undefined'],
    note: /no Total written: the offset of regular 2019 is not known/,
  },
  {
    name: 'add/add conflict where both sides are the same record: ours, nothing renumbered',
    input: { records: [r95, r96], conflicts: [conflict(data(97), data(97))] },
    lines: ['2019/regular-097.yaml <- ours of 2019/regular-097.yaml'],
  },
  {
    name: 'add/add conflict of one title on both sides: a choice, nothing done',
    input: { records: [r95, r96], conflicts: [conflict(data(97, { title: 'Same' }), data(97, { title: 'same', date: '2019-06-02' }))] },
    lines: [],
    choices: 1,
  },
  {
    name: 'the same title with --prefer both: two reports, theirs renumbered',
    input: { records: [r95, r96], prefer: ['both'], conflicts: [conflict(data(97, { title: 'Same' }), data(97, { title: 'same', date: '2019-06-02' }))] },
    lines: ['2019/regular-097.yaml <- ours of 2019/regular-097.yaml', '2019/regular-098.yaml <- theirs of 2019/regular-097.yaml', '2019/regular-098.yaml number 97 -> 98', '2019/regular-098.yaml total 5597 -> 5598'],
  },
  {
    name: 'both branches changed one record (a common base): a choice; --prefer theirs takes theirs',
    input: { records: [r95, r96], prefer: ['theirs'], conflicts: [conflict(data(97, { title: 'Old' }), data(97, { title: 'New' }), true)] },
    lines: ['2019/regular-097.yaml <- theirs of 2019/regular-097.yaml'],
  },
  {
    name: 'a conflict where one side was deleted: a choice',
    input: { records: [r95, r96], conflicts: [conflict(data(97), undefined, true)] },
    lines: [],
    choices: 1,
  },
  {
    name: 'theirs dated before ours: ours still stays, with a note and the swap offered',
    input: { records: [r95, r96], conflicts: [conflict(data(97, { title: 'Beta', date: '2019-06-02' }), data(97, { title: 'Alpha' }))] },
    lines: ['2019/regular-097.yaml <- ours of 2019/regular-097.yaml', '2019/regular-098.yaml <- theirs of 2019/regular-097.yaml', '2019/regular-098.yaml number 97 -> 98', '2019/regular-098.yaml total 5597 -> 5598'],
    choices: 1,
    note: /validate will report date-order/,
  },
  {
    name: '--prefer theirs on that conflict: theirs keeps the number, ours is renumbered',
    input: { records: [r95, r96], prefer: ['theirs'], conflicts: [conflict(data(97, { title: 'Beta', date: '2019-06-02' }), data(97, { title: 'Alpha' }))] },
    lines: ['2019/regular-097.yaml <- theirs of 2019/regular-097.yaml', '2019/regular-098.yaml <- ours of 2019/regular-097.yaml', '2019/regular-098.yaml number 97 -> 98', '2019/regular-098.yaml total 5597 -> 5598'],
  },
  {
    name: 'one number twice, merged without a conflict: the one committed later moves',
    input: {
      records: [r95, r96, rec(data(97, { title: 'Early' })), rec(data(97, { title: 'Late' }), '2019/late.yaml')],
      addedAt: new Map([['2019/regular-097.yaml', commit(100)], ['2019/late.yaml', commit(200)]]),
    },
    lines: ['2019/regular-098.yaml <- 2019/late.yaml', '2019/regular-098.yaml number 97 -> 98', '2019/regular-098.yaml total 5597 -> 5598', '2019/late.yaml removed'],
  },
  {
    name: 'the one committed later moves even when it has the canonical name',
    input: {
      records: [r95, r96, rec(data(97, { title: 'Early' }), '2019/early.yaml'), rec(data(97, { title: 'Late' }))],
      addedAt: new Map([['2019/early.yaml', commit(100)], ['2019/regular-097.yaml', commit(200)]]),
    },
    lines: ['2019/regular-098.yaml <- 2019/regular-097.yaml', '2019/regular-098.yaml number 97 -> 98', '2019/regular-098.yaml total 5597 -> 5598', '2019/regular-097.yaml removed'],
  },
  {
    name: 'an uncommitted report came after a committed one',
    input: {
      records: [r95, r96, rec(data(97, { title: 'Committed' }), '2019/a.yaml'), rec(data(97, { title: 'New' }), '2019/b.yaml')],
      addedAt: new Map([['2019/a.yaml', { time: 5e12, from: 'file' }], ['2019/b.yaml', commit(100)]]),
    },
    lines: ['2019/regular-097.yaml <- 2019/b.yaml', '2019/b.yaml removed', '2019/regular-098.yaml <- 2019/a.yaml', '2019/regular-098.yaml number 97 -> 98', '2019/regular-098.yaml total 5597 -> 5598', '2019/a.yaml removed'],
  },
  {
    name: 'same number, same commit time, same Total: a choice',
    input: {
      records: [r95, r96, rec(data(97, { title: 'One' }), '2019/a.yaml'), rec(data(97, { title: 'Two' }), '2019/b.yaml')],
      addedAt: new Map([['2019/a.yaml', commit(100)], ['2019/b.yaml', commit(100)]]),
    },
    lines: ['2019/regular-097.yaml <- 2019/a.yaml', '2019/a.yaml removed'],
    choices: 1,
  },
  {
    name: 'that choice made with --prefer: the other one moves',
    input: {
      records: [r95, r96, rec(data(97, { title: 'One' }), '2019/a.yaml'), rec(data(97, { title: 'Two' }), '2019/b.yaml')],
      addedAt: new Map([['2019/a.yaml', commit(100)], ['2019/b.yaml', commit(100)]]),
      prefer: ['2019/b.yaml'],
    },
    lines: ['2019/regular-097.yaml <- 2019/b.yaml', '2019/b.yaml removed', '2019/regular-098.yaml <- 2019/a.yaml', '2019/regular-098.yaml number 97 -> 98', '2019/regular-098.yaml total 5597 -> 5598', '2019/a.yaml removed'],
  },
  {
    name: 'no times known: the higher Total is the later report',
    input: { records: [r95, r96, rec(data(97, { title: 'One', total: 5597 })), rec(data(97, { title: 'Two', total: 5600 }), '2019/b.yaml')] },
    lines: ['2019/regular-098.yaml <- 2019/b.yaml', '2019/regular-098.yaml number 97 -> 98', '2019/regular-098.yaml total 5600 -> 5598', '2019/b.yaml removed'],
  },
  {
    name: 'one Total, different numbers: the later keeps its number and takes offset + number',
    input: {
      records: [r95, r96, rec(data(97)), rec(data(98, { total: 5597 }))],
      addedAt: new Map([['2019/regular-097.yaml', commit(100)], ['2019/regular-098.yaml', commit(200)]]),
    },
    lines: ['2019/regular-098.yaml total 5597 -> 5598'],
  },
  {
    name: 'a Total that disagrees with the offset the others agree on',
    input: { records: [r95, r96, rec(data(97, { total: 5601 }))] },
    lines: ['2019/regular-097.yaml total 5601 -> 5597'],
  },
  {
    name: 'one record against one: no offset is proved, nothing done',
    input: { records: [r95, rec(data(97, { total: 5601 }))] },
    lines: [],
  },
  {
    name: 'a file named against its numbering is moved to its canonical name',
    input: { records: [r95, rec(data(96), '2019/misc.yaml')] },
    lines: ['2019/regular-096.yaml <- 2019/misc.yaml', '2019/misc.yaml removed'],
  },
  {
    name: 'not moved over a file that is there (even one that does not load)',
    input: { records: [r95, rec(data(96), '2019/misc.yaml')], files: ['2019/regular-096.yaml'] },
    lines: [],
  },
  {
    name: 'a title keeping its own numbering suffix loses it; a suffix that disagrees is left to a person',
    input: { records: [rec(data(95, { title: 'Land Reform (No.95, 2019)' })), rec(data(96, { title: 'Rural Finance (No.3, 2018)' }))] },
    lines: ['2019/regular-095.yaml title "Land Reform (No.95, 2019)" -> "Land Reform"'],
  },
  {
    name: 'repeated key words (any case) are removed, the first spelling kept',
    input: { records: [rec(data(95, { keywords: ['Finance', 'finance ', 'rural areas'] }))] },
    lines: ['2019/regular-095.yaml keywords ["Finance","finance ","rural areas"] -> ["Finance","rural areas"]'],
  },
  {
    name: 'a file failing the schema only for a blank key word and an unpadded date is repaired',
    input: { records: [], repairable: [{ file: '2019/regular-001.yaml', data: { ...data(1), keywords: ['a', ' ', 'a'], date: '2019-1-5' } }] },
    lines: ['2019/regular-001.yaml keywords ["a"," ","a"] -> ["a"]', '2019/regular-001.yaml date "2019-1-5" -> "2019-01-05"'],
  },
  {
    name: 'a repair that would still leave the record invalid is not planned',
    input: { records: [], repairable: [{ file: '2019/regular-001.yaml', data: { ...data(1), date: '2019-2-30' } }] },
    lines: [],
  },
  {
    name: 'a valid archive: nothing to do',
    input: { records: [r95, r96] },
    lines: [],
  },
];

describe('planFix', () => {
  it.each(cases)('$name', (c) => {
    const plan = planFix(c.input);
    expect(lines(plan)).toEqual(c.lines);
    expect(plan.choices).toHaveLength(c.choices ?? 0);
    // A case without a note expects none.
    expect(plan.notes.join('\n')).toMatch(c.note ?? /^$/);
  });

  it('gives each of several renumbered reports its own next number', () => {
    const plan = planFix({
      records: [r95, r96],
      conflicts: [
        conflict(data(97, { title: 'A' }), data(97, { title: 'B' })),
        { ...conflict(data(98, { title: 'C' }), data(98, { title: 'D' })), file: '2019/regular-098.yaml' },
      ],
    });
    const numbers = plan.actions.map((a) => `${a.file} ${a.id}`);
    expect(numbers).toEqual(['2019/regular-097.yaml 2019-R97', '2019/regular-098.yaml 2019-R98', '2019/regular-099.yaml 2019-R99', '2019/regular-100.yaml 2019-R100']);
  });

  it('is the same plan for the same input', () => {
    const input = cases[0]!.input;
    expect(planFix(input)).toEqual(planFix(input));
  });
});
