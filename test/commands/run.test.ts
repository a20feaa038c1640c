// The command line in-process: run(argv, io) with a fake IO gives what a subprocess would, and Ctrl-C reaches
// a running export through io.onInterrupt.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli.js';
import { copyArchive, runCli, tempDir } from '../helpers.js';

describe('run(argv, io)', () => {
  it.each([
    [['list', '--json'], 0, /"id": "2019-S11"/],
    [['show', '2019-S11'], 0, /Special Issue, No\.11, 2019 \(Total 1639\) 2019-1-25/],
    [['validate', '--json'], 0, /"errors": \[\]/],
    [['stats', '--json'], 0, /"sequences"/],
    [['show', '2019-S99'], 1, /^$/],
    [['list', '--year', '19'], 2, /^$/],
  ])('reports %j exits %i', async (args, code, stdout) => {
    const r = await runCli(args as string[]);
    expect(r.code).toBe(code);
    expect(r.stdout).toMatch(stdout);
  });

  it('Ctrl-C during export html stops it with 130 and writes nothing', async () => {
    const dir = copyArchive('archive');
    const out = path.join(tempDir(), 'site');
    let interrupt: (() => void) | undefined;
    let stderr = '';
    const code = await run(['export', 'html', '--archive', dir, '--out', out], {
      stdout: () => undefined,
      stderr: (s) => void (stderr += s),
      env: { NO_COLOR: '1' },
      cwd: dir,
      stdoutIsTTY: false,
      stderrIsTTY: false,
      stdinIsTTY: false,
      onInterrupt: (fn) => {
        interrupt = fn;
        // The user presses Ctrl-C as soon as the export has started.
        queueMicrotask(fn);
        return () => (interrupt = undefined);
      },
    });
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted/);
    expect(interrupt).toBeUndefined();
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(path.dirname(out))).toEqual([]);
  });
});
