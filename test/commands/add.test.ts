// reports add's flags, run in-process through run(argv, io): "-" for none, dates in the forms pages use, the
// messages a script author sees.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../helpers.js';
import { tempArchive } from '../helpers-add.js';

async function reports(argv: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runCli(argv, { env: { NO_COLOR: '1', REPORTS_NO_CACHE: '1' } });
}

const BASE = ['--no-input', '--title', 'Rural Finance Reform', '--author', 'Li Wei & Wang Fang'];

describe('reports add flags', () => {
  it('"-" means none for --team, --unit, --organization, --total, --date and --url', async () => {
    const a = tempArchive();
    const r = await reports(['add', '--archive', a, ...BASE, '--year', '2019', '--team', '-', '--unit', '-', '--organization', '-', '--total', '-', '--date', '-', '--url', '-']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^created 2019\/regular-097\.yaml \(2019-R97\)\n/m);
    const rec = parse(readFileSync(path.join(a, '2019/regular-097.yaml'), 'utf8'));
    for (const k of ['team', 'unit', 'organization', 'total', 'date', 'url']) expect(rec, k).not.toHaveProperty(k);
    expect(rec).toMatchObject({ number: 97, series: 'Research Report' });
  });

  it('--author - with --team: a report signed by its team alone, written without authors', async () => {
    const a = tempArchive();
    const r = await reports(['add', '--archive', a, '--no-input', '--title', 'Team Report', '--author', '-', '--team', 'Research Team on “Towns”', '--year', '2019', '--date', '2019-07-01']);
    expect(r.code, r.stderr).toBe(0);
    const rec = parse(readFileSync(path.join(a, '2019/regular-097.yaml'), 'utf8'));
    expect(rec).not.toHaveProperty('authors');
    expect(rec).toMatchObject({ team: 'Research Team on “Towns”' });
    const listed = await reports(['list', '--archive', a, '--year', '2019', '--format', 'tsv', '--columns', 'id,authors']);
    expect(listed.stdout).toMatch(/^2019-R97\tResearch Team on “Towns”$/m);
  });

  it.each([
    [['--author', '-', '--organization', '-'], /no person as author \(--author -\) needs a --team or --organization that signs the report/],
    [['--organization', '-'], /missing --author/],
  ])('%j without a team or organization: exit 2, naming the flags', async (extra, message) => {
    const r = await reports(['add', '--archive', tempArchive(), '--no-input', '--title', 'T', '--year', '2019', ...extra]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it("--doi writes the record's DOI (a https://doi.org/ address gives the DOI); anything else is a usage error", async () => {
    const a = tempArchive();
    const r = await reports(['add', '--archive', a, ...BASE, '--year', '2019', '--doi', 'https://doi.org/10.5555/drc.2019-r97']);
    expect(r.code, r.stderr).toBe(0);
    expect(parse(readFileSync(path.join(a, '2019/regular-097.yaml'), 'utf8')).doi).toBe('10.5555/drc.2019-r97');
    const bad = await reports(['add', '--archive', a, ...BASE, '--year', '2019', '--doi', '10.55/x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/the DOI must look like 10\.5555\/drc\.2019-s11/i);
  });

  it.each([
    ['2019-7-1', '2019-07-01'],
    ['2019/7/1', '2019-07-01'],
    ['Jul 1, 2019', '2019-07-01'],
    ['July 1, 2019', '2019-07-01'],
  ])('--date %j is read as %s', async (given, date) => {
    const a = tempArchive();
    const r = await reports(['add', '--archive', a, ...BASE, '--year', '2019', '--date', given]);
    expect(r.code).toBe(0);
    expect(parse(readFileSync(path.join(a, '2019/regular-097.yaml'), 'utf8')).date).toBe(date);
  });

  it('an unreal --date is a usage error that names the fault', async () => {
    const r = await reports(['add', '--archive', tempArchive(), ...BASE, '--date', '2019-02-30']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/2019-02-30 is not a real day: February 2019 has 28 days/);
  });

  it('without a date or a known offset nothing is guessed, and the script is told', async () => {
    const r = await reports(['add', '--archive', tempArchive(), ...BASE, '--kind', 'special', '--year', '2020']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      [
        'notice: no Total written: the offset of Research Report special 2020 is not known yet (no report of that year has a Total); give --total when the page shows it',
        'notice: no date written: none was given (--date YYYY-MM-DD, or a page with one)',
        "warning: 2020-S1: no date; add the page's date as date: YYYY-MM-DD (e.g. 2020-01-25) [missing-date]",
        'created 2020/special-001.yaml (2020-S1)',
        '',
      ].join('\n'),
    );
  });

  it('repeated --keyword values are dropped with a warning', async () => {
    const a = tempArchive();
    const r = await reports(['add', '--archive', a, ...BASE, '--year', '2019', '--date', '2019-07-01', '--keyword', 'finance, Finance', '--keyword', 'reform', '--keyword', ' ']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: the key word "Finance" repeats "finance"; kept "finance"/);
    expect(parse(readFileSync(path.join(a, '2019/regular-097.yaml'), 'utf8')).keywords).toEqual(['finance', 'reform']);
  });
});

describe('list --since/--until take the same dates', () => {
  it.each([['2019/6/1'], ['June 1, 2019'], ['2019-6-1']])('--since %j', async (since) => {
    const r = await reports(['list', '--archive', tempArchive(), '--since', since, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).reports.map((x: { id: string }) => x.id)).toEqual(['2019-R96']);
  });

  it('an unreal day is named as such', async () => {
    const r = await reports(['list', '--archive', tempArchive(), '--until', '2019-2-29']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/2019-2-29 is not a real day: February 2019 has 28 days/);
  });
});
