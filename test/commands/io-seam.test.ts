// The IO seam below the commands: what a run prints, reads of its environment, asks and colours goes through the
// IO (or the AppEnv) it was given, never through the process. Each case would fail if the code fell back to the
// process: the values given here differ from the process's.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addReport } from '../../src/app/add.js';
import { terminalOf, type IO } from '../../src/commands/context.js';
import { colourLevel } from '../../src/render/style.js';
import { phase, timed } from '../../src/timing.js';
import { copyArchive, runCli, tempDir } from '../helpers.js';
import { git, identify } from '../team-helpers.js';

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
  vi.restoreAllMocks();
});
const archive = () => {
  const a = copyArchive('archive');
  made.push(path.dirname(a));
  return a;
};

describe('timing', () => {
  it('REPORTS_TIMING in the run\'s environment writes the phases to the run\'s stderr, not the process\'s', async () => {
    const spy = vi.spyOn(process.stderr, 'write');
    const r = await runCli(['--archive', archive(), 'validate'], { env: { REPORTS_TIMING: '1' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^\[timing\] stat \d+ files: /m);
    expect(spy.mock.calls.filter(([s]) => String(s).includes('[timing]'))).toEqual([]);
  });

  it('without it (even when the process has it) nothing is timed', async () => {
    const before = process.env.REPORTS_TIMING;
    process.env.REPORTS_TIMING = '1';
    try {
      const r = await runCli(['--archive', archive(), 'validate'], { env: { REPORTS_TIMING: '' } });
      expect(r.stderr).not.toContain('[timing]');
    } finally {
      if (before === undefined) delete process.env.REPORTS_TIMING;
      else process.env.REPORTS_TIMING = before;
    }
  });

  it('phases go to the run they belong to, when two runs overlap', async () => {
    const a: string[] = [];
    const b: string[] = [];
    const tick = () => new Promise((r) => setTimeout(r, 1));
    await Promise.all([
      timed((l) => void a.push(l), async () => (await tick(), phase('one'))),
      timed((l) => void b.push(l), async () => (await tick(), phase('two'))),
    ]);
    expect(a.map((l) => l.split(':')[0])).toEqual(['[timing] one']);
    expect(b.map((l) => l.split(':')[0])).toEqual(['[timing] two']);
    phase('outside any run'); // goes nowhere, throws nothing
  });
});

describe('the clock', () => {
  it('export takes its time from the run\'s clock', async () => {
    const r = await runCli(['--archive', archive(), 'export', 'json', '--year', '2019'], { now: () => new Date('2001-02-03T04:05:06Z') });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).generated).toBe('2001-02-03T04:05:06.000Z');
  });
});

describe('git runs with the environment given', () => {
  it('a library caller\'s vars reach git (the author of the commit), not the process\'s', async () => {
    const top = tempDir('reports-seam-');
    made.push(top);
    const a = path.join(top, 'archive');
    const { cpSync } = await import('node:fs');
    cpSync(archive(), a, { recursive: true });
    git(top, 'init', '--quiet', '-b', 'main');
    identify(top);
    const vars = { ...process.env, GIT_AUTHOR_NAME: 'Given Author', GIT_AUTHOR_EMAIL: 'given@example.org' };
    const env = { archive: a, cache: false as const, now: () => new Date(), cwd: top, vars };
    const r = await addReport(env, { given: { title: 'Seam', authors: ['Li Na'], year: 2019 }, commit: true });
    expect(r.commit).toBeDefined();
    expect(git(top, 'log', '-1', '--format=%an <%ae>').trim()).toBe('Given Author <given@example.org>');
  });
});

describe('prompts', () => {
  it('are drawn on the IO\'s streams; without them there is no terminal to ask on', () => {
    const io = { stdin: process.stdin, stdout: () => undefined, stderr: () => undefined, env: {}, cwd: '/', stdoutIsTTY: true, stderrIsTTY: true, stdinIsTTY: true } satisfies IO;
    expect(() => terminalOf(io)).toThrow(/no terminal to ask on/);
    const streams = { stdout: process.stdout, stderr: process.stderr };
    expect(terminalOf({ ...io, streams })).toEqual({ input: process.stdin, ...streams });
  });
});

describe('colour', () => {
  it.each([
    [{ COLORTERM: 'truecolor' }, 3],
    [{ TERM: 'xterm-256color' }, 2],
    [{ TERM: 'xterm' }, 1],
    [{ TERM: 'dumb' }, 0],
  ])('a terminal with %j: level %i, told by the run\'s environment', (env, level) => {
    expect(colourLevel({ env, isTTY: true })).toBe(level);
  });

  it('two runs in one process colour each as its own environment says', async () => {
    const a = archive();
    const on = await runCli(['list', '--archive', a, '--format', 'table'], { env: { FORCE_COLOR: '1' } });
    const off = await runCli(['list', '--archive', a, '--format', 'table'], {});
    const again = await runCli(['list', '--archive', a, '--format', 'table'], { env: { FORCE_COLOR: '1' } });
    expect(on.stdout).toMatch(/\u001b\[/);
    expect(off.stdout).not.toMatch(/\u001b\[/);
    expect(again.stdout).toBe(on.stdout);
  });
});
