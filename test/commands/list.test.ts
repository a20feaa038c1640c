import { beforeAll, describe, expect, it } from 'vitest';
import { COLUMN_NAMES } from '../../src/render/columns.js';
import { copyArchive, makeArchive, recordYaml, runCli } from '../helpers.js';

let archive: string;
beforeAll(() => {
  archive = copyArchive('archive');
});
const list = (args: string[], o: { tty?: boolean; columns?: number; dir?: string } = {}) => runCli(['list', '--archive', o.dir ?? archive, ...args], { stdoutIsTTY: o.tty, columns: o.columns, env: { NO_COLOR: '1' } });
const NEWEST_FIRST = ['2019-R96', '2019-S11', '2019-S9', '2018-R124', '2018-R3', '2016-R122'];

describe('reports list: what is printed where', () => {
  it('on a terminal: a table with a Total column and, both sequences being shown, a sequence column', async () => {
    const r = await list([], { tty: true, columns: 120 });
    expect(r.code).toBe(0);
    const [, head, , first] = r.stdout.split('\n');
    expect(head!.split('│').map((s) => s.trim()).filter(Boolean)).toEqual(['id', 'sequence', 'total', 'date', 'title', 'authors']);
    expect(first).toMatch(/^│ 2019-R96 +│ regular +│ +5596 │ 2019-06-20 │ A Clear/);
  });

  it('piped: tab-separated lines with a heading line, one per record, for grep and cut', async () => {
    const r = await list([]);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('id\tsequence\ttotal\tdate\ttitle\tauthors');
    expect(lines.slice(1).map((l) => l.split('\t')[0])).toEqual(NEWEST_FIRST);
    expect(lines[2]).toBe('2019-S11\tspecial\t1639\t2019-01-25\tThe Development of Small Towns with Distinctive Local Features in China in the New Era: Progress and Challenges\tZhang Xiaohuan; Yang Xiaodong');
    expect(r.stdout).not.toMatch(/[│─]/);
  });

  it.each([
    [['--format', 'table'], false, /^┌/],
    [['--format', 'tsv'], true, /^id\t/],
    [['--format', 'json'], true, /^\{\n {2}"schemaVersion": 1,\n {2}"count": \d+,\n {2}"reports": \[\n {4}\{\n {6}"id": "2019-R96"/],
    [['--json'], false, /^\{\n {2}"schemaVersion": 1,\n {2}"count": \d+,\n {2}"reports": \[\n {4}\{\n {6}"id": "2019-R96"/],
  ] as const)('%j overrides the default (tty: %s)', async (args, tty, start) => {
    const r = await list([...args], { tty, columns: 100 });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(start);
  });

  it('--json is the same as --format json', async () => {
    expect((await list(['--json'])).stdout).toBe((await list(['--format', 'json'])).stdout);
  });

  it('--columns chooses the columns of the table, the TSV and the JSON', async () => {
    const tsv = await list(['--columns', 'id,total,title', '--limit', '2']);
    expect(tsv.stdout).toBe(
      'id\ttotal\ttitle\n2019-R96\t5596\tA Clear Understanding of the Values of Rural Areas and Propel Rural Revitalization in a Scientific Manner\n2019-S11\t1639\tThe Development of Small Towns with Distinctive Local Features in China in the New Era: Progress and Challenges\n',
    );
    const table = await list(['--columns', 'date,id', '--limit', '1'], { tty: true, columns: 80 });
    expect(table.stdout.split('\n')[3]).toBe('│ 2019-06-20 │ 2019-R96 │');
    const json = JSON.parse((await list(['--columns', 'id,authors,keywords', '--format', 'json', '--year', '2018', '--sort', 'number', '--reverse'])).stdout).reports;
    expect(json[0]).toEqual({ id: '2018-R3', authors: ['Sun Xuan', 'Zhang Xiaohuan', 'Chen Feng'], keywords: expect.any(Array) });
  });

  it('--no-header leaves the heading line out', async () => {
    expect((await list(['--no-header', '--columns', 'id'])).stdout.split('\n')[0]).toBe('2019-R96');
  });

  it.each([
    [['--columns', 'id,colour'], /No column "colour"; the columns are id, sequence, total/],
    [['--columns', ','], /Name one column or more/],
    [['--format', 'csv'], /Allowed choices are table, line, tsv, json/],
    [['--json', '--format', 'tsv'], /cannot be used with option '--format/],
    [['--width', '0'], /--width must be a whole number of 1 or more/],
  ])('%j is a usage error (exit 2) that says what is allowed', async (args, message) => {
    const r = await list(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('the usage error for an unknown column lists every column', async () => {
    const r = await list(['--columns', 'nope']);
    for (const name of COLUMN_NAMES) expect(r.stderr).toContain(name);
  });
});

describe('reports list: record text cannot break a line or drive the terminal', () => {
  const hostile = 'Tab\there\nnew line \u001b[2J\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007 \u202eevil';
  let dir: string;
  beforeAll(() => {
    dir = makeArchive({
      '2019/regular-001.yaml': recordYaml({ title: hostile, authors: ['A\tB'] }),
      '2019/regular-002.yaml': recordYaml({ number: 2, total: 5502, title: '新时代中国特色小镇发展的进展与挑战：一项关于城乡融合的研究报告' }),
    });
  });

  it('TSV: one line per record, as many fields as columns, no control character', async () => {
    const r = await list([], { dir });
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(l.split('\t')).toHaveLength(6);
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(lines[2]).toContain('Tab\\there\\nnew line \\x1b[2J\\x1b]8;;https://evil.example\\x07click');
  });

  it('table: no control character, the Chinese title whole', async () => {
    const r = await list(['--format', 'table', '--width', '80'], { dir });
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    const title = r.stdout.split('\n').filter((l) => l.startsWith('│')).map((l) => l.split('│')[4]!.trim()).join('');
    expect(title).toContain('新时代中国特色小镇发展的进展与挑战：一项关于城乡融合的研究报告');
  });
});
