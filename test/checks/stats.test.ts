import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sequenceStats } from '../../src/checks/stats.js';
import { shortenRanges } from '../../src/render/stats.js';
import { loadArchive } from '../../src/store/archive.js';
import { ROOT, runCli, tempDir } from '../helpers.js';

const tmp = tempDir('reports-stats-');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const archive = path.join(tmp, 'archive');
cpSync(path.join(ROOT, 'archive'), archive, { recursive: true });

const reports = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(['--archive', archive, ...args], { env });

describe('sequenceStats', () => {
  it('per sequence and year: held, count from the offsets, coverage, Totals, gaps', async () => {
    const stats = sequenceStats((await loadArchive(path.join(ROOT, 'archive'), { cache: false })).records);
    expect(stats.map((s) => s.label)).toEqual(['regular', 'special']);
    const y2018 = stats[0]!.years.find((y) => y.year === 2018)!;
    expect(y2018).toEqual({
      year: 2018,
      records: 2,
      numbers: 2,
      highest: 124,
      offset: 5275,
      count: 225,
      coverage: 0.0089,
      coverageAtMost: null,
      firstTotal: 5278,
      lastTotal: 5399,
      missing: 223,
      gaps: '1-2, 4-123, 125-225',
    });
    const s2019 = stats[1]!.years[0]!;
    expect(s2019).toMatchObject({ year: 2019, records: 2, count: null, coverage: null, coverageAtMost: 0.1818, missing: 9, gaps: '1-8, 10' });
  });

  it('a complete year has full coverage and no gaps', async () => {
    const stats = sequenceStats((await loadArchive(path.join(ROOT, 'test/fixtures/validate/year-count-clean'), { cache: false })).records);
    expect(stats[0]!.years[0]).toMatchObject({ year: 2018, count: 3, coverage: 1, missing: 0, gaps: '' });
  });

  it('shortenRanges cuts at a range boundary and says how many ranges are left out', () => {
    expect(shortenRanges('1-2, 4-123, 125-225', 30, 1)).toBe('1-2, 4-123, 125-225');
    expect(shortenRanges('1-2, 4-123, 125-225, 227-300', 20, 1)).toBe('1-2, 4-123, +2 more');
    expect(shortenRanges('1-2, 4-123, 125-225, 227-300', 20, 2)).toBe('1-2, 4-123, 125-225, 227-300'); // wraps onto two lines
    expect(shortenRanges('1-2, 4-123', 5, 1)).toBe('+2 more');
  });
});

describe('reports stats', () => {
  it('prints a table without colour or coloured borders when piped', async () => {
    const r = await reports(['stats']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\u001b\[/);
    expect(r.stdout).toMatch(/│ regular\s+│ 2018 │\s+2 │\s+225 │\s+0\.9% │ 5278-5399 │\s+223 │ 1-2, 4-123, 125-225\s+│/);
    expect(r.stdout).toMatch(/│ special\s+│ 2019 │\s+2 │\s+\? │\s+≤ 18\.2% │/);
  });

  it('--json prints the sequences and a summary, nothing else', async () => {
    const r = await reports(['stats', '--json']);
    const j = JSON.parse(r.stdout);
    expect(j.summary).toEqual({ files: 6, records: 6, problems: 0, sequences: 2 });
    expect(j.sequences[0].years.map((y: { year: number }) => y.year)).toEqual([2016, 2018, 2019]);
  });
});

describe('reports stats at 80 columns', () => {
  it('fits the gaps by wrapping, without cutting them', async () => {
    const r = await reports(['stats', '--width', '80']);
    for (const line of r.stdout.trimEnd().split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(r.stdout).toContain('1-2, 4-123, 125-225');
  });
});
