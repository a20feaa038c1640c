import { beforeAll, describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/render/width.js';
import { copyArchive, makeArchive, recordYaml, runCli } from '../helpers.js';

let archive: string;
let gappy: string;
beforeAll(() => {
  archive = copyArchive('archive');
  // 2019: every even number held up to 200, so 100 gaps (1, 3, 5, ... 199).
  const files: Record<string, string> = {};
  for (let n = 2; n <= 200; n += 2) {
    files[`2019/regular-${String(n).padStart(3, '0')}.yaml`] = recordYaml({ number: n, total: 5000 + n, title: `Report ${n}`, date: '2019-01-02' });
  }
  gappy = makeArchive(files);
});

/** The gaps as one line: the last column of a table, or the lines of the narrow layout, joined. */
const gapsText = (out: string) =>
  out.includes('│')
    ? out.split('\n').filter((l) => l.startsWith('│')).map((l) => l.split('│').at(-2)!.trim()).join(' ')
    : out.split('\n').map((l) => l.trim()).join(' ');

const stats = (dir: string, args: string[], o: { tty?: boolean; columns?: number } = {}) => runCli(['stats', '--archive', dir, ...args], { stdoutIsTTY: o.tty, columns: o.columns, env: { NO_COLOR: '1' } });

describe('reports stats on a terminal', () => {
  it.each([40, 60, 80, 120])('no line is longer than %i columns', async (columns) => {
    for (const dir of [archive, gappy]) {
      const r = await stats(dir, [], { tty: true, columns });
      expect(r.code).toBe(0);
      for (const line of r.stdout.trimEnd().split('\n')) expect(displayWidth(line), line).toBeLessThanOrEqual(columns);
    }
  });

  it('shows every gap when they fit, at any width', async () => {
    for (const columns of [40, 60, 80, 120]) {
      const r = await stats(archive, [], { tty: true, columns });
      expect(gapsText(r.stdout)).toContain('1-2, 4-123, 125-225');
    }
  });

  it('says "+N more" where a long list of gaps is shortened, with N the ranges left out', async () => {
    for (const columns of [40, 120]) {
      const r = await stats(gappy, [], { tty: true, columns });
      const m = /((?:\d+, )+)\+(\d+) more/.exec(gapsText(r.stdout));
      expect(m, r.stdout).not.toBeNull();
      const shown = m![1]!.split(', ').filter(Boolean).length;
      expect(shown + Number(m![2])).toBe(100);
    }
  });

  it('--width fits a width when piped too; piped without it, nothing is shortened', async () => {
    const narrow = await stats(gappy, ['--width', '50']);
    for (const line of narrow.stdout.trimEnd().split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(50);
    // The note on stderr keeps to the width too.
    expect(narrow.stderr).toMatch(/count = reports published/);
    for (const line of narrow.stderr.trimEnd().split('\n')) expect(displayWidth(line), line).toBeLessThanOrEqual(50);
    const piped = await stats(gappy, []);
    expect(piped.stdout).not.toMatch(/more/);
    expect(piped.stdout).toContain(Array.from({ length: 100 }, (_, i) => String(2 * i + 1)).join(', '));
  });
});

describe('reports stats --json', () => {
  it('never shortens the gaps, at any width', async () => {
    const r = await stats(gappy, ['--json'], { tty: true, columns: 40 });
    const year = JSON.parse(r.stdout).sequences[0].years[0];
    expect(year.gaps).toBe(Array.from({ length: 100 }, (_, i) => String(2 * i + 1)).join(', '));
    expect(year.missing).toBe(100);
  });

  it('gives coverage as a fraction from 0 to 1 (0.0089 is 0.9%), the text as a percentage', async () => {
    const json = JSON.parse((await stats(archive, ['--json'])).stdout);
    const y2018 = json.sequences[0].years.find((y: { year: number }) => y.year === 2018);
    expect(y2018.coverage).toBe(0.0089);
    expect(json.sequences[1].years[0].coverageAtMost).toBe(0.1818);
    for (const s of json.sequences) for (const y of s.years) for (const f of [y.coverage, y.coverageAtMost]) expect(f === null || (f >= 0 && f <= 1), String(f)).toBe(true);
    const text = (await stats(archive, [])).stdout;
    expect(text).toMatch(/│\s+0\.9% │/);
    expect(text).toMatch(/│\s+≤ 18\.2% │/);
  });
});
