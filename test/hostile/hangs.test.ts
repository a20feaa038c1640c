// Item: nothing a user names hangs a command or grows its memory without end. `edit --from`, `--config` and
// $REPORTS_CONFIG read regular files only, opened without blocking, with a size cap: /dev/zero (which grew to
// 16.8 GB and aborted) and a FIFO (which waited past Ctrl-C, SIGTERM and SIGHUP) are refused at once. Each run is a
// process of its own under a memory bound and a timer (bounded.ts), so a regression fails rather than hangs.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempArchive } from '../helpers-add.js';
import { tempDir } from '../helpers.js';
import { boundedRun } from './bounded.js';
import { reports } from './run.js';

/** A temp folder holding a FIFO nobody writes to. */
function fifo(): string {
  const dir = tempDir('reports-fifo-');
  const p = path.join(dir, 'pipe.yaml');
  expect(spawnSync('mkfifo', [p]).status).toBe(0);
  return p;
}

function archive(): string {
  const a = tempArchive();
  return a;
}

describe('a file named to edit --from, --config or REPORTS_CONFIG that is not a regular file', () => {
  const cases: Array<[string, () => { args: string[]; env?: NodeJS.ProcessEnv }, RegExp]> = [
    ['edit --from /dev/zero', () => ({ args: ['edit', '2019-R96', '--archive', archive(), '--from', '/dev/zero'] }), /cannot read the new text \/dev\/zero: it is not a regular file/],
    ['edit --from a FIFO', () => ({ args: ['edit', '2019-R96', '--archive', archive(), '--from', fifo()] }), /cannot read the new text .*pipe\.yaml: it is not a regular file/],
    ['--config /dev/zero', () => ({ args: ['list', '--config', '/dev/zero'] }), /cannot read the config file \/dev\/zero: it is not a regular file \(a pipe or a device\)$/m],
    ['--config a FIFO', () => ({ args: ['list', '--config', fifo()] }), /cannot read the config file .*pipe\.yaml: it is not a regular file/],
    ['REPORTS_CONFIG=/dev/zero', () => ({ args: ['list'], env: { REPORTS_CONFIG: '/dev/zero' } }), /cannot read the config file \/dev\/zero: it is not a regular file/],
    ['REPORTS_CONFIG=a FIFO', () => ({ args: ['list'], env: { REPORTS_CONFIG: fifo() } }), /cannot read the config file .*pipe\.yaml: it is not a regular file/],
  ];
  it.each(cases)('%s is refused at once, exit 1, within a memory bound', async (_what, make, message) => {
    const { args, env } = make();
    const r = await boundedRun(args, { env });
    expect(r.hung).toBe(false);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/bug|heap|memory/i);
    expect(r.code).toBe(1);
  }, 20_000);
});

describe('configs and edit --from: size and shape', () => {
  it('a config larger than 64 KB is refused before it is read', async () => {
    const dir = tempDir('reports-config-');
    const file = path.join(dir, 'reports.config.yaml');
    writeFileSync(file, `# ${'x'.repeat(70 * 1024)}\narchive: archive\n`);
    const r = await reports(['list', '--config', file]);
    expect(r.stderr).toMatch(/the config file .* is 71\d\d\d bytes; at most 65536 bytes \(64 KB\) are read/);
    expect(r.code).toBe(1);
  });

  it('a config of thousands of keys (checked in quadratic time: 40,000 took 11.7 s) is one problem, at the key past the limit', async () => {
    const dir = tempDir('reports-config-');
    const file = path.join(dir, 'reports.config.yaml');
    writeFileSync(file, Array.from({ length: 5000 }, (_, i) => `u${i}: 1\n`).join(''));
    const r = await reports(['list', '--config', file]);
    expect(r.stderr).toMatch(/the config has 1 error/);
    expect(r.stderr).toContain(`${file}:501:`);
    expect(r.stderr).toMatch(/more than 500 keys/);
    expect(r.code).toBe(1);
  });

  it('edit --from a file larger than a record may be is refused; the record is unchanged', async () => {
    const a = archive();
    const file = path.join(path.dirname(a), 'big.yaml');
    writeFileSync(file, `title: x\nabstract: ${'y'.repeat(1024 * 1024)}\n`);
    const r = await reports(['edit', '2019-R96', '--archive', a, '--from', file]);
    expect(r.stderr).toMatch(/the new text .*big\.yaml is 10\d+ bytes; at most 1048576 bytes \(1 MB\) are read/);
    expect(r.code).toBe(1);
  });
});
