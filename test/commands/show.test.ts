import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyArchive, runCli, tempDir } from '../helpers.js';

let archive: string;
beforeAll(() => {
  archive = copyArchive('archive');
});
const show = (args: string[], o: { tty?: boolean; columns?: number; cwd?: string } = {}) => runCli(['show', '--archive', archive, ...args], { stdoutIsTTY: o.tty, columns: o.columns, cwd: o.cwd, env: { NO_COLOR: '1' } });
const longest = (s: string) => Math.max(...s.split('\n').map((l) => l.length));

describe('reports show <path>', () => {
  it('accepts the archive-relative path its own footer prints, from any working folder', async () => {
    const footer = (await show(['2019-S11'])).stdout.trimEnd().split('\n').at(-1)!;
    expect(footer).toBe('2019-S11 · 2019/special-011.yaml');
    const file = footer.split(' · ')[1]!;
    for (const cwd of [path.dirname(archive), tempDir(), archive, path.join(archive, '2018')]) {
      const r = await show([file, '--json'], { cwd });
      expect(r.code, `${cwd}: ${r.stderr}`).toBe(0);
      expect(JSON.parse(r.stdout).report.id).toBe('2019-S11');
    }
  });

  it('still takes a path from the working folder first, and says when neither exists', async () => {
    const r = await show([path.join('archive', '2018', 'regular-124.yaml'), '--json'], { cwd: path.dirname(archive) });
    expect(JSON.parse(r.stdout).report.id).toBe('2018-R124');
    const missing = await show(['2019/special-099.yaml']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no report matches "2019\/special-099.yaml"/);
    const outside = await show(['../archive/2019/special-011.yaml'], { cwd: tempDir() });
    expect(outside.code).toBe(1);
  });
});

describe('reports show: wrapping', () => {
  it.each([40, 60, 80, 100])('wraps to a %i-column terminal', async (columns) => {
    const r = await show(['2019-S11'], { tty: true, columns });
    expect(longest(r.stdout)).toBeLessThanOrEqual(columns);
    expect(longest(r.stdout)).toBeGreaterThan(columns - 15);
  });

  it('piped: not wrapped at all (one line per paragraph), whatever $COLUMNS says', async () => {
    const r = await runCli(['show', '--archive', archive, '2019-S11'], { env: { COLUMNS: '80' } });
    const abstract = r.stdout.split('\n').find((l) => l.startsWith('Abstract:'))!;
    expect(abstract.length).toBeGreaterThan(200);
    expect(r.stdout).toContain('The Development of Small Towns with Distinctive Local Features in China in the New Era: Progress and Challenges (Special Issue, No.11, 2019)\n');
  });

  it('--width wraps piped output too, and wins over the terminal', async () => {
    expect(longest((await show(['2019-S11', '--width', '50'])).stdout)).toBeLessThanOrEqual(50);
    expect(longest((await show(['2019-S11', '--width', '50'], { tty: true, columns: 120 })).stdout)).toBeLessThanOrEqual(50);
  });
});
