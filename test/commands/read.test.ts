import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, copyArchive, makeArchive, recordYaml, tempDir } from '../helpers.js';

const ANSI = /\u001b\[/;
let archive: string;
beforeAll(() => {
  archive = copyArchive('archive');
});

const ids = (stdout: string) => (JSON.parse(stdout) as { reports: { id: string }[] }).reports.map((r) => r.id);

describe('reports list', () => {
  it('lists the bundled archive newest first in a table, without colour when piped', async () => {
    const r = await runCli(['list', '--archive', archive, '--format', 'table']);
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => /^│ \d{4}-[RS]\d+/.test(l)).map((l) => l.split('│')[1]!.trim());
    expect(rows).toEqual(['2019-R96', '2019-S11', '2019-S9', '2018-R124', '2018-R3', '2016-R122']);
    expect(r.stdout).not.toMatch(ANSI);
    expect(r.stderr).toContain('6 of 6 reports');
  });

  it('runs from the project folder on ./archive with no options (a newcomer\'s first command)', async () => {
    const r = await runCli(['list', '--json']);
    expect(r.code).toBe(0);
    expect(ids(r.stdout)).toContain('2019-S11');
  });

  it('fits the table to the terminal width', async () => {
    for (const columns of ['60', '120']) {
      const r = await runCli(['list', '--archive', archive, '--format', 'table'], { env: { COLUMNS: columns } });
      const widths = r.stdout.trimEnd().split('\n').map((l) => [...l].length);
      expect(Math.max(...widths)).toBeLessThanOrEqual(Number(columns));
    }
  });

  it('aligns Chinese titles (double-width characters)', async () => {
    const dir = makeArchive({
      '2019/regular-001.yaml': recordYaml({ title: '新时代中国特色小镇发展的进展与挑战：一项关于城乡融合的研究报告', authors: ['张晓欢'] }),
      '2019/regular-002.yaml': recordYaml({ number: 2, total: 5502, title: 'An English Title' }),
    });
    const r = await runCli(['list', '--archive', dir, '--format', 'table'], { env: { COLUMNS: '80' } });
    const lines = r.stdout.trimEnd().split('\n');
    const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
    expect(new Set(lines.map(width)).size).toBe(1);
    expect(r.stdout).toContain('张晓欢');
  });

  it('filters by year, kind, series, author, keyword and dates', async () => {
    const run = async (...a: string[]) => ids((await runCli(['list', '--archive', archive, '--json', ...a])).stdout);
    expect(await run('--year', '2018')).toEqual(['2018-R124', '2018-R3']);
    expect(await run('--year', '2016..2018', '--sort', 'number', '--reverse')).toEqual(['2016-R122', '2018-R3', '2018-R124']);
    expect(await run('--kind', 'special')).toEqual(['2019-S11', '2019-S9']);
    expect(await run('--series', 'research report', '--year', '2016')).toEqual(['2016-R122']);
    expect(await run('--series', 'Policy Brief')).toEqual([]);
    expect(await run('--author', 'XIAOHUAN')).toEqual(['2019-S11', '2018-R3']);
    expect(await run('--keyword', 'Rural Revitalization')).toEqual(['2019-R96']);
    // A key word that starts with the text (any case), not one that holds it elsewhere.
    expect(await run('--keyword', 'rural')).toEqual(['2019-R96']);
    expect(await run('--keyword', 'SMALL')).toEqual(['2019-S11', '2019-S9', '2018-R3']);
    expect(await run('--keyword', 'towns')).toEqual([]);
    expect(await run('--since', '2018-8-8', '--until', '2019-01-25')).toEqual(['2019-S11', '2019-S9', '2018-R124']);
  });

  it.each([
    [['--since', '2019'], ['2019-R96', '2019-S11', '2019-S9']],
    [['--until', '2018'], ['2018-R124', '2018-R3', '2016-R122']],
    [['--since', '2018-08', '--until', '2019-1'], ['2019-S11', '2019-S9', '2018-R124']],
    [['--until', '2018-01'], ['2018-R3', '2016-R122']], // the month's last day: 2018-01-05 is in
    [['--since', '2019-06'], ['2019-R96']],
    [['--since', 'June 2019'], ['2019-R96']],
    [['--since', '2019年6月'], ['2019-R96']],
  ])('--since/--until %j: a year or a year-month is the whole of it', async (args, want) => {
    expect(ids((await runCli(['list', '--archive', archive, '--json', ...args])).stdout)).toEqual(want);
  });

  it('sorts by total, number and title, and limits', async () => {
    const run = async (...a: string[]) => ids((await runCli(['list', '--archive', archive, '--json', ...a])).stdout);
    expect(await run('--sort', 'total')).toEqual(['2019-R96', '2018-R124', '2018-R3', '2016-R122', '2019-S11', '2019-S9']);
    expect(await run('--sort', 'title', '--limit', '2')).toEqual(['2019-R96', '2018-R124']);
    expect(await run('--limit', '1')).toEqual(['2019-R96']);
  });

  it('searches titles, abstracts, keywords and authors, best match first', async () => {
    const run = async (...a: string[]) => ids((await runCli(['list', '--archive', archive, '--json', ...a])).stdout);
    expect(await run('--search', 'small towns')).toEqual(expect.arrayContaining(['2019-S11', '2019-S9', '2018-R3']));
    expect(await run('--search', 'small towns')).toHaveLength(3);
    expect(await run('--search', 'supply-side reform')).toEqual(['2019-S11']); // only in the abstract
    expect((await run('--search', 'northeast'))[0]).toBe('2018-R124');
    expect(await run('--search', 'shi hongda')).toEqual(['2018-R124']);
    expect(await run('--search', 'nothing-like-this')).toEqual([]);
  });

  it('prints only JSON on stdout with --json: every field plus id and file', async () => {
    const r = await runCli(['list', '--archive', archive, '--json', '--year', '2019', '--kind', 'special']);
    const list = JSON.parse(r.stdout).reports;
    expect(list[0]).toMatchObject({ id: '2019-S11', file: '2019/special-011.yaml', kind: 'special', number: 11, total: 1639, date: '2019-01-25' });
    expect(list[0].abstract).toMatch(/^Small towns with distinctive local features/);
    expect(Object.keys(list[0]).slice(0, 3)).toEqual(['id', 'file', 'title']);
  });

  it('keeps unknown fields in --json', async () => {
    const dir = makeArchive({ '2019/regular-001.yaml': recordYaml() + 'language: en\n' });
    expect(JSON.parse((await runCli(['list', '--archive', dir, '--json'])).stdout).reports[0].language).toBe('en');
  });

  it('accepts --archive before or after the command, and REPORTS_ARCHIVE', async () => {
    const other = makeArchive({ '2019/regular-001.yaml': recordYaml() });
    expect(ids((await runCli(['--archive', other, 'list', '--json'])).stdout)).toEqual(['2019-R1']);
    expect(ids((await runCli(['list', '--json', '--archive', other])).stdout)).toEqual(['2019-R1']);
    expect(ids((await runCli(['list', '--json'], { env: { REPORTS_ARCHIVE: other } })).stdout)).toEqual(['2019-R1']);
    expect(ids((await runCli(['list', '--json', '-a', archive], { env: { REPORTS_ARCHIVE: other } })).stdout)).toHaveLength(6);
  });

  it('says so when the archive folder is missing (exit 1)', async () => {
    const r = await runCli(['list', '--archive', path.join(tempDir(), 'nope')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: archive folder not found: .*nope \(pass --archive DIR or set REPORTS_ARCHIVE\)/);
  });

  it('exits 2 on usage errors, naming the problem', async () => {
    const cases: [string[], RegExp][] = [
      [['list', '--bogus'], /unknown option '--bogus'/],
      [['lst'], /unknown command 'lst'[\s\S]*list/],
      [['list', '--year', '19'], /four digits/],
      [['list', '--kind', 'weekly'], /regular or special/],
      [['list', '--sort', 'colour'], /date, total, number, title/],
      [['list', '--limit', '0'], /1 or more/],
      [['list', '--since', '2019-02-30'], /real day/],
      [['list', '--until', '2019-13'], /not a month: there is no month 13/],
      [['list', '--since', 'soon'], /not a year, a month or a day; write YYYY, YYYY-MM or YYYY-MM-DD/],
      [['show'], /missing required argument 'ref'/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli([...args, '--archive', archive]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stdout).toBe('');
    }
  });
});

describe('reports show', () => {
  it('prints the report as its page reads', async () => {
    const r = await runCli(['show', '2019-S11', '--archive', archive, '--width', '80']);
    expect(r.code).toBe(0);
    const text = r.stdout.replace(/\s*\n\s*/g, ' ');
    expect(text).toContain('The Development of Small Towns with Distinctive Local Features in China in the New Era: Progress and Challenges (Special Issue, No.11, 2019)');
    expect(text).toContain('By Zhang Xiaohuan & Yang Xiaodong, Research Team on “The Innovative Development Model of Small Towns with Distinctive Local Features in China in the New Era”, DRC');
    expect(text).toContain('Research Report, Special Issue, No.11, 2019 (Total 1639) 2019-1-25');
    expect(text).toContain("Abstract: Small towns with distinctive local features are a new type of platforms");
    expect(text).toContain("These incidents deserve the government's high attention.");
    expect(text).toContain('Key words: small towns with distinctive local features, innovation of models, challenges');
    expect(Math.max(...r.stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(r.stdout).not.toMatch(ANSI);
  });

  it('finds a report by id in any case, by Total, or by file path', async () => {
    const title = async (args: string[]) => JSON.parse((await runCli(['show', ...args, '--archive', archive, '--json'])).stdout).report.id;
    expect(await title(['2019-s11'])).toBe('2019-S11');
    expect(await title(['1639'])).toBe('2019-S11');
    expect(await title(['5399'])).toBe('2018-R124');
    expect(await title([path.join(archive, '2018/regular-003.yaml')])).toBe('2018-R3');
    const rel = await runCli(['show', '2018/regular-124.yaml', '--json'], { cwd: archive, env: { REPORTS_ARCHIVE: archive } });
    expect(JSON.parse(rel.stdout).report.id).toBe('2018-R124');
  });

  it('prints the same JSON as list --json for one record', async () => {
    const one = JSON.parse((await runCli(['show', '2018-R3', '--archive', archive, '--json'])).stdout).report;
    const all = JSON.parse((await runCli(['list', '--archive', archive, '--json'])).stdout).reports;
    expect(one).toEqual(all.find((r: { id: string }) => r.id === '2018-R3'));
  });

  it('exits 1 when nothing matches, and lists both reports when a Total is shared', async () => {
    const missing = await runCli(['show', '2019-S99', '--archive', archive]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no report 2019-S99 in the archive/);
    expect((await runCli(['show', '999999', '--archive', archive])).code).toBe(1);
    expect((await runCli(['show', 'no-such-thing', '--archive', archive])).stderr).toMatch(/give an id \(2019-S11\), a Total \(1639\)/);

    const dir = makeArchive({
      '2019/regular-001.yaml': recordYaml({ total: 1639 }),
      '2019/special-011.yaml': recordYaml({ kind: 'special', number: 11, total: 1639 }),
    });
    const r = await runCli(['show', '1639', '--archive', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/1639 is ambiguous: 2 reports match/);
    expect(r.stderr).toContain('2019-R1');
    expect(r.stderr).toContain('2019-S11');
  });

  it('reports an invalid record file given by path with its location', async () => {
    const dir = makeArchive({ 'bad.yaml': recordYaml({ number: 'eleven' }) });
    const r = await runCli(['show', path.join(dir, 'bad.yaml'), '--archive', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.yaml:6:9: number must be a whole number/);
  });
});

describe('conventions', () => {
  it('colours only when asked: FORCE_COLOR colours, NO_COLOR and --no-color win, borders included', async () => {
    expect((await runCli(['list', '--archive', archive, '--format', 'table'], { env: { FORCE_COLOR: '1' } })).stdout).toMatch(ANSI);
    expect((await runCli(['list', '--archive', archive, '--format', 'table'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).stdout).not.toMatch(ANSI);
    expect((await runCli(['list', '--archive', archive, '--format', 'table', '--no-color'], { env: { FORCE_COLOR: '1' } })).stdout).not.toMatch(ANSI);
    expect((await runCli(['show', '2019-S11', '--archive', archive], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).stdout).not.toMatch(ANSI);
  });

  it('has --help with examples for every command, and --version', async () => {
    for (const c of [[], ['list'], ['show'], ['schema']]) {
      const r = await runCli([...c, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Examples:\n {2}reports /);
    }
    const v = await runCli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('prints the JSON Schema', async () => {
    const r = await runCli(['schema']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).properties.kind.enum).toEqual(['regular', 'special']);
  });

  it('is not confused by a closed pipe', async () => {
    const r = await runCli(['list', '--archive', archive], { env: { COLUMNS: '40' } });
    expect(r.code).toBe(0);
  });
});
