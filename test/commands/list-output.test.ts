// What list and show print for each reader: one report a line (--oneline), the same piped columns whatever the
// records, a pager for long terminal output (never when piped, with --no-pager, pager: false, TERM=dumb), no
// colour on TERM=dumb. In-process: the pager is a stand-in that records what it was given.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyArchive, makeArchive, recordYaml, runCli } from '../helpers.js';

let archive: string;
beforeAll(() => {
  archive = copyArchive('archive');
});

describe('list --format line (--oneline)', () => {
  it('prints id, date and title, one report a line, lined up', async () => {
    const r = await runCli(['list', '--archive', archive, '--oneline', '--year', '2018']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      '2018-R124  2018-08-08  Analysis on the Changes of Economic Pattern in Northeast China\n' +
        '2018-R3    2018-01-05  Chinese Small Towns with Distinctive Features: Spatial Layout Patterns and Policy Options\n',
    );
    expect((await runCli(['list', '--archive', archive, '--format', 'line', '--year', '2018'])).stdout).toBe(r.stdout);
  });

  it.each([40, 60, 80])('on a terminal %i columns wide, each line is cut to the width with "…"', async (width) => {
    const r = await runCli(['list', '--archive', archive, '--oneline'], { stdoutIsTTY: true, columns: width, env: { NO_COLOR: '1' }, rows: 100 });
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(width);
    expect(lines.some((l) => l.endsWith('…'))).toBe(true);
    expect(lines[0]).toMatch(/^2019-R96   2019-06-20  A Clear/);
  });

  it('cuts Chinese titles by their width on the terminal (two columns a character)', async () => {
    const dir = makeArchive({ '2019/regular-001.yaml': recordYaml({ title: '新时代中国特色小镇发展的进展与挑战：一项关于城乡融合的研究报告', date: '2019-01-25' }) });
    const r = await runCli(['list', '--archive', dir, '--oneline', '--width', '40']);
    expect(r.stdout).toBe('2019-R1  2019-01-25  新时代中国特色小镇…\n');
  });

  it('--columns chooses what a line shows; the last column is the one cut', async () => {
    const r = await runCli(['list', '--archive', archive, '--oneline', '--columns', 'total,id,title', '--kind', 'special', '--width', '50']);
    expect(r.stdout).toBe('1639  2019-S11  The Development of Small Towns wi…\n1637  2019-S9   The Strategic Significance of the…\n');
  });

  it('--oneline and --json do not go together (exit 2)', async () => {
    const r = await runCli(['list', '--archive', archive, '--oneline', '--json']);
    expect(r.code).toBe(2);
  });
});

describe('piped list: the same columns whatever the records', () => {
  it.each([
    ['both sequences', []],
    ['special issues only', ['--kind', 'special']],
    ['regular reports only', ['--kind', 'regular']],
    ['nothing', ['--year', '1999']],
  ])('%s: id, sequence, total, date, title, authors', async (_what, args) => {
    const r = await runCli(['list', '--archive', archive, ...args]);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('id\tsequence\ttotal\tdate\ttitle\tauthors');
    for (const l of lines.slice(1)) {
      const f = l.split('\t');
      expect(f).toHaveLength(6);
      expect(f[1]).toMatch(/^(regular|special)$/);
      expect(f[3]).toMatch(/^\d{4}-\d\d-\d\d$/);
    }
  });
});

describe('the pager', () => {
  const pagerCalls = () => {
    const calls: Array<{ cmd: string; args: string[]; text: string; env: NodeJS.ProcessEnv }> = [];
    const page = async (cmd: string, args: string[], text: string, env: NodeJS.ProcessEnv) => {
      calls.push({ cmd, args, text, env });
      return true;
    };
    return { calls, page };
  };
  const tty = { stdoutIsTTY: true, columns: 100, rows: 10 };

  it('a terminal shorter than the output: less -FRX gets the text, stdout nothing', async () => {
    const { calls, page } = pagerCalls();
    const r = await runCli(['list', '--archive', archive], { ...tty, page, env: { NO_COLOR: '1', PAGER: '' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(calls).toHaveLength(1);
    expect([calls[0]!.cmd, ...calls[0]!.args]).toEqual(['less', '-FRX']);
    expect(calls[0]!.text).toMatch(/^┌/);
    expect(calls[0]!.env.LESS).toBe('FRX');
  });

  it.each([
    ['$PAGER', { PAGER: 'most -s' }, ['most', '-s']],
    ['$REPORTS_PAGER over $PAGER', { PAGER: 'most', REPORTS_PAGER: 'less -R' }, ['less', '-R']],
  ])('%s is the pager', async (_what, env, expected) => {
    const { calls, page } = pagerCalls();
    await runCli(['show', '2019-S11', '--archive', archive], { ...tty, page, env: { NO_COLOR: '1', ...env } });
    expect([calls[0]!.cmd, ...calls[0]!.args]).toEqual(expected);
    expect(calls[0]!.text).toContain('Abstract:');
  });

  it.each([
    ['piped', { stdoutIsTTY: false }, [], {}],
    ['--no-pager', {}, ['--no-pager'], {}],
    ['PAGER=cat', {}, [], { PAGER: 'cat' }],
    ['TERM=dumb', {}, [], { TERM: 'dumb' }],
    ['REPORTS_PAGER=false', {}, [], { REPORTS_PAGER: 'false' }],
    ['shorter than the terminal', { rows: 100 }, [], {}],
  ])('no pager when %s: the text goes to stdout', async (_what, io, args, env) => {
    const { calls, page } = pagerCalls();
    const r = await runCli(['list', '--archive', archive, '--format', 'table', ...args], { ...tty, ...io, page, env: { NO_COLOR: '1', PAGER: 'less', ...env } });
    expect(calls).toHaveLength(0);
    expect(r.stdout).toMatch(/^┌/);
  });

  it.each([['validate'], ['stats']])('%s on a terminal pages too', async (cmd) => {
    const { calls, page } = pagerCalls();
    const r = await runCli([cmd, '--archive', archive], { ...tty, rows: 5, page, env: { NO_COLOR: '1' } });
    expect(r.stdout).toBe('');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.text).toMatch(/2018/);
  });

  it('pager: false in the config turns it off', async () => {
    const dir = copyArchive('archive');
    const config = path.join(path.dirname(dir), 'reports.config.yaml');
    writeFileSync(config, 'archive: archive\npager: false\n');
    const { calls, page } = pagerCalls();
    const r = await runCli(['list'], { ...tty, cwd: path.dirname(dir), page, env: { NO_COLOR: '1' } });
    expect(calls).toHaveLength(0);
    expect(r.stdout).toMatch(/^┌/);
  });

  it('a pager that cannot start: the text goes to stdout', async () => {
    const r = await runCli(['list', '--archive', archive], { ...tty, page: async () => false, env: { NO_COLOR: '1' } });
    expect(r.stdout).toMatch(/^┌/);
  });
});

describe('TERM=dumb', () => {
  it('means no colour on a terminal; FORCE_COLOR still wins', async () => {
    const dumb = await runCli(['list', '--archive', archive, '--oneline', '--no-pager'], { stdoutIsTTY: true, columns: 100, env: { TERM: 'dumb', FORCE_COLOR: '' } });
    expect(dumb.stdout).not.toMatch(/\x1b\[/);
    const forced = await runCli(['list', '--archive', archive, '--oneline', '--no-pager'], { stdoutIsTTY: true, columns: 100, env: { TERM: 'dumb', FORCE_COLOR: '1' } });
    expect(forced.stdout).toMatch(/\x1b\[36m2019-R96/);
  });
});
