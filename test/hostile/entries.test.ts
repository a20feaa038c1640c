// Items 12 and 13 of the trust issue: one bad entry of the archive (a link that loops, a folder that cannot be
// read, a path too long, a FIFO, socket or device named *.yaml) is one located problem; the rest is served, and
// nothing hangs.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeArchive, recordYaml } from '../helpers.js';
import { openToAll, PERMISSIONS_TESTABLE, reportsProcess as reports } from './run.js';

/** Two good records; each test adds one bad entry. */
const archive = () => openToAll(makeArchive({ '2019/regular-001.yaml': recordYaml(), '2019/regular-002.yaml': recordYaml({ number: 2, total: 5502, title: 'Second' }) }));

const listed = (stdout: string) => stdout.split('\n').filter((l) => /^│ \d{4}-[RS]\d+/.test(l)).length;

/** list serves the two good records and prints one problem line for `entry`; validate reports it and fails. */
async function expectOneProblem(dir: string, entry: string, message: RegExp, asUser = false): Promise<void> {
  const list = await reports(['list', '--archive', dir, '--format', 'table'], { asUser });
  expect(list.hung).toBe(false);
  expect(list.code).toBe(0);
  expect(listed(list.stdout)).toBe(2);
  const lines = list.stderr.split('\n').filter((l) => l.includes(entry));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(list.stderr).not.toMatch(/this is a bug/);
  const validate = await reports(['validate', '--archive', dir, '--json'], { asUser });
  expect(validate.code).toBe(1);
  const errors = (JSON.parse(validate.stdout) as { errors: { code: string; file: string }[] }).errors;
  const unreadable = errors.filter((e) => e.code === 'unreadable');
  expect(unreadable).toHaveLength(1);
  expect(unreadable[0]!.file.startsWith(entry)).toBe(true);
}

describe('one bad entry never stops the rest', () => {
  it('a symbolic link that loops is one problem', async () => {
    const dir = archive();
    symlinkSync('loop.yaml', path.join(dir, '2019/loop.yaml'));
    await expectOneProblem(dir, '2019/loop.yaml', /2019\/loop\.yaml:1:1: cannot read this entry: a symbolic link that loops \(ELOOP\)/);
  });

  it.skipIf(!PERMISSIONS_TESTABLE)('a folder that cannot be read is one problem', async () => {
    const dir = archive();
    mkdirSync(path.join(dir, 'closed'));
    chmodSync(path.join(dir, 'closed'), 0o000);
    await expectOneProblem(dir, 'closed', /closed:1:1: cannot read this folder: permission denied \(EACCES\); its records are not loaded/, true);
  });

  it('a path longer than the system allows is one problem', async () => {
    const dir = archive();
    // Made with relative steps: no single call names the whole path.
    const name = 'd'.repeat(250);
    expect(spawnSync('bash', ['-c', `cd "$1" && for i in $(seq 18); do mkdir ${name} && cd ${name}; done && echo 'title: x' > r.yaml`, '_', dir]).status).toBe(0);
    await expectOneProblem(dir, name, /ENAMETOOLONG/);
    spawnSync('rm', ['-rf', dir]);
  });

  it('a FIFO named *.yaml is one problem, and list does not wait for a writer', async () => {
    const dir = archive();
    expect(spawnSync('mkfifo', [path.join(dir, '2019/regular-003.yaml')]).status).toBe(0);
    await expectOneProblem(dir, '2019/regular-003.yaml', /regular-003\.yaml:1:1: cannot read this record file: it is a named pipe \(FIFO\), not a regular file/);
  });

  it('a link named *.yaml to a FIFO is one problem', async () => {
    const dir = archive();
    expect(spawnSync('mkfifo', [path.join(dir, 'pipe')]).status).toBe(0);
    symlinkSync('../pipe', path.join(dir, '2019/regular-003.yaml'));
    await expectOneProblem(dir, '2019/regular-003.yaml', /named pipe \(FIFO\)/);
  });

  it('a socket named *.yaml is one problem', async () => {
    const dir = archive();
    const sock = path.join(dir, '2019/regular-003.yaml');
    expect(spawnSync('python3', ['-c', 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])', sock]).status).toBe(0);
    await expectOneProblem(dir, '2019/regular-003.yaml', /it is a socket, not a regular file/);
  });

  it('a link named *.yaml to a device is one problem, and nothing is read from it', async () => {
    const dir = archive();
    symlinkSync('/dev/zero', path.join(dir, '2019/regular-003.yaml'));
    await expectOneProblem(dir, '2019/regular-003.yaml', /it is a character device, not a regular file/);
  });

  it('show of a FIFO record, by path or by id, says why at once instead of hanging', async () => {
    const dir = archive();
    expect(spawnSync('mkfifo', [path.join(dir, '2019/regular-003.yaml')]).status).toBe(0);
    for (const ref of [path.join(dir, '2019/regular-003.yaml'), '2019-R3']) {
      const r = await reports(['show', ref, '--archive', dir]);
      expect(r.hung).toBe(false);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/named pipe \(FIFO\), not a regular file/);
    }
  });

  it('edit of a FIFO record says why at once instead of hanging', async () => {
    const dir = archive();
    const fifo = path.join(dir, '2019/regular-003.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const r = await reports(['edit', fifo, '--archive', dir], { env: { EDITOR: 'true' } });
    expect(r.hung).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot read .*regular-003\.yaml: it is a named pipe \(FIFO\), not a regular file/);
    expect(r.stderr).not.toMatch(/this is a bug/);
  });
});
