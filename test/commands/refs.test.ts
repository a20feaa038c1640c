// The refs people type: ids as written (2019-R096, 2019s11), several at once, words that find a report, a
// picker when they find several (through env.ask; the terminal one is in refs-pty.test.ts), the candidates listed
// when nobody can be asked, and "did you mean" for near misses.
import { describe, expect, it } from 'vitest';
import { findReports } from '../../src/app/refs.js';
import { refKind } from '../../src/checks/near.js';
import { showReport } from '../../src/app/read.js';
import { createEnv } from '../../src/index.js';
import { copyArchive, ROOT, runCli } from '../helpers.js';
import { scripted } from '../helpers-ask.js';
import path from 'node:path';

const ARCHIVE = path.join(ROOT, 'archive');
const ids = async (refs: string[]) => {
  const r = await runCli(['show', ...refs, '--json', '--archive', ARCHIVE]);
  expect(r.code, r.stderr).toBe(0);
  const data = JSON.parse(r.stdout) as { report: { id: string }; reports?: Array<{ id: string }> };
  // One ref: the report; several: all of them too, the first being the report.
  expect((data.reports ?? [data.report])[0]).toEqual(data.report);
  return (data.reports ?? [data.report]).map((x) => x.id);
};

describe('refs', () => {
  it.each([
    ['2019-S11', 'id'],
    ['2019-R096', 'id'],
    ['2019s11', 'id'],
    ['2019 S 011', 'id'],
    ['1639', 'total'],
    ['2019/special-011.yaml', 'path'],
    ['small towns', 'search'],
    ['northeast', 'search'],
  ])('%j is read as %s', (ref, kind) => expect(refKind(ref)).toBe(kind));

  it.each([
    [['2019-R096'], ['2019-R96']],
    [['2019-s011'], ['2019-S11']],
    [['2019S11'], ['2019-S11']],
    [['2019 s 9'], ['2019-S9']],
    [['2018-R3', '2018-R124'], ['2018-R3', '2018-R124']],
    [['1639', '2019-S11', '2019/special-011.yaml'], ['2019-S11']],
    [['northeast'], ['2018-R124']],
    [['rural revitalization'], ['2019-R96']],
    [['debt risks'], ['2016-R122']],
    [['2016/regular-122.yaml', 'northeast'], ['2016-R122', '2018-R124']],
  ])('show %j -> %j', async (refs, expected) => expect(await ids(refs)).toEqual(expected));

  it('several refs: each shown, one after the other', async () => {
    const r = await runCli(['show', '2018-R3', '2018-R124', '--archive', ARCHIVE]);
    expect(r.stdout.match(/^\d{4}-[RS]\d+ · /gm)).toEqual(['2018-R3 · ', '2018-R124 · ']);
  });

  it('words that find several reports, nobody to ask: the candidates are listed (exit 1)', async () => {
    const r = await runCli(['show', 'towns', '--archive', ARCHIVE]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'error: "towns" matches 3 reports; give one of their ids\n' +
        '  2019-S11  The Development of Small Towns with Distinctive Local Features in China in the New Era: Progress and Challenges\n' +
        '  2018-R3  Chinese Small Towns with Distinctive Features: Spatial Layout Patterns and Policy Options\n' +
        '  2019-S9  The Strategic Significance of the Construction of Small Towns with Distinctive Local Features in China\n',
    );
  });

  it('words that find several reports: a picker through env.ask, best match first', async () => {
    const s = scripted({ report: '2018-R3\u00002018/regular-003.yaml' });
    const r = await showReport(createEnv({ archive: ARCHIVE, ask: s.ask }), { refs: ['towns'] });
    expect(r.report.id).toBe('2018-R3');
    expect(s.asked).toHaveLength(1);
    const q = s.asked[0]!;
    expect(q.type).toBe('select');
    expect(q.message).toBe('Which report to show? 3 reports match "towns"');
    expect(q.type === 'select' && q.choices.map((c) => c.name)).toEqual([
      '2019-S11  The Development of Small Towns with Distinctive Local Features in China in the New Era: Progress and Challenges',
      '2018-R3  Chinese Small Towns with Distinctive Features: Spatial Layout Patterns and Policy Options',
      '2019-S9  The Strategic Significance of the Construction of Small Towns with Distinctive Local Features in China',
    ]);
  });

  it('one match is taken without asking', async () => {
    const s = scripted({});
    const [r] = await findReports(createEnv({ archive: ARCHIVE, ask: s.ask }), (await import('../../src/app/read.js').then((m) => m.openArchive({ archive: ARCHIVE, cache: false }))), ['northeast']);
    expect(r!.id).toBe('2018-R124');
    expect(s.asked).toEqual([]);
  });

  it.each([
    [['2019-S12'], /no report 2019-S12 in the archive \(see: reports list --year 2019\); did you mean 2019-S11, 2019-S9\?/],
    [['2018-R125'], /did you mean 2018-R124\b/],
    [['2017-R3'], /did you mean 2018-R3\?/],
    [['1640'], /no report with Total 1640 .*; did you mean 1639, 1637\?/],
    [['5277'], /did you mean 5278\?/],
    [['2019/special-012.yaml'], /did you mean 2019\/special-011\.yaml\b/],
    [['no-such-thing'], /no report matches "no-such-thing": give an id \(2019-S11\), a Total \(1639\), a record file's path, or words/],
  ])('%j finds nothing: exit 1, and what was near', async (refs, message) => {
    const r = await runCli(['show', ...refs, '--archive', ARCHIVE]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
  });

  it('open, edit --set and rm take the same refs', async () => {
    const dir = copyArchive('archive');
    expect((await runCli(['edit', 'northeast', '2019-R096', '--set', 'unit=Research Department', '--dry-run', '--archive', dir])).stdout).toMatch(
      /^would change 2018-R124 .*\nwould change 2019-R96 /,
    );
    expect((await runCli(['rm', 'towns', '--yes', '--archive', dir])).stderr).toMatch(/"towns" matches 3 reports/);
    const open = await runCli(['open', 'northeast', '2019s11', '--print', '--archive', dir]);
    expect(open.stderr).toMatch(/2018-R124 has no url/);
  });
});
