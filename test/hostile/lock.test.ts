// Item: a `.reports.lock` that reports did not make is refused at once with a message (not waited on for 50 s and
// reported as a bug); a lock held by a live process is named (pid, host, since when); a holder that died on this
// machine is taken over at once. The holders are processes of their own; add runs in-process.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inProcess, tempArchive } from '../helpers-add.js';
import { srcModule } from '../src-module.js';
import { HOLDER_NAME, STALE_MS, withArchiveLock } from '../../src/store/lock.js';

const ADD = ['add', '--no-input', '--title', 'Locked Out', '--author', 'X Y', '--year', '2019', '--kind', 'regular', '--number', '97', '--total', '5597', '--date', '2019-07-01'];

/** A child process that takes the archive lock through reports' own code and keeps it; resolves once it holds it. */
async function holdLock(archive: string) {
  const lockModule = await srcModule('store/lock');
  const child = spawn(process.execPath, [
    '--input-type=module',
    '-e',
    `import { withArchiveLock } from ${JSON.stringify(lockModule)};
     await withArchiveLock(${JSON.stringify(archive)}, () => { process.stdout.write('locked\\n'); setInterval(() => {}, 1000); return new Promise(() => {}); });`,
  ]);
  await new Promise<void>((resolve) => child.stdout!.on('data', (d) => String(d).includes('locked') && resolve()));
  return child;
}

describe('a lock that reports did not make', () => {
  it.each([
    ['a plain file', (lock: string) => writeFileSync(lock, 'not a lock\n'), /it is a plain file/],
    ['a symbolic link', (lock: string) => symlinkSync('/nonexistent', lock), /it is a symbolic link/],
    ['a folder holding other files', (lock: string) => (mkdirSync(lock), writeFileSync(path.join(lock, 'notes.txt'), 'x')), /it is a folder holding notes\.txt/],
  ])('%s makes add fail at once with a message naming it, exit 1, not a bug', async (_what, make, why) => {
    const a = tempArchive();
    const lock = path.join(a, '.reports.lock');
    make(lock);
    const r = await inProcess([...ADD, '--archive', a]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${lock} is not a lock made by reports`);
    expect(r.stderr).toMatch(why);
    expect(r.stderr).toMatch(/nothing was written/);
    expect(r.stderr).not.toMatch(/bug/);
    expect(existsSync(path.join(a, '2019/regular-097.yaml'))).toBe(false);
  }, 20_000);
});

describe('a lock held by another process', () => {
  it('is named by the pid, host and start time its holder wrote', async () => {
    const a = tempArchive();
    const holder = await holdLock(a);
    try {
      const written = JSON.parse(readFileSync(path.join(a, '.reports.lock', HOLDER_NAME), 'utf8'));
      expect(written).toMatchObject({ pid: holder.pid, host: os.hostname() });
      const since = new Date(written.since).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
      await expect(withArchiveLock(a, () => 'never', { waitMs: 200 })).rejects.toThrow(
        `the archive is locked by reports process pid ${holder.pid} on ${os.hostname()} since ${since}`,
      );
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('a holder killed on this machine leaves a lock that is taken over at once (well before the stale time)', async () => {
    const a = tempArchive();
    const holder = await holdLock(a);
    holder.kill('SIGKILL');
    await new Promise((r) => holder.once('exit', r));
    // Its lock folder is still there, fresh: the mtime rule alone would wait for it to go stale.
    expect(existsSync(path.join(a, '.reports.lock', HOLDER_NAME))).toBe(true);
    await expect(withArchiveLock(a, () => 'taken', { waitMs: 200 })).resolves.toBe('taken');
    expect(existsSync(path.join(a, '.reports.lock'))).toBe(false);
  });

  it('a holder that died, named in a fresh lock folder, does not block add', async () => {
    const a = tempArchive();
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    mkdirSync(path.join(a, '.reports.lock'));
    writeFileSync(path.join(a, '.reports.lock', HOLDER_NAME), JSON.stringify({ pid: dead, host: os.hostname(), since: new Date().toISOString() }));
    const r = await inProcess([...ADD, '--archive', a]);
    expect(r.stderr).toMatch(/^created 2019\/regular-097\.yaml/);
    expect(r.status).toBe(0);
    expect(existsSync(path.join(a, '2019/regular-097.yaml'))).toBe(true);
  });

  it('release removes the lock folder with its holder file', async () => {
    const a = tempArchive();
    await withArchiveLock(a, () => expect(existsSync(path.join(a, '.reports.lock', HOLDER_NAME))).toBe(true));
    expect(existsSync(path.join(a, '.reports.lock'))).toBe(false);
  });
});

describe('a lock without a readable holder', () => {
  /** A lock folder as a holder leaves it when killed at that point, made `age` ms ago. */
  const leftLock = (a: string, files: Record<string, string>, age: number) => {
    const lock = path.join(a, '.reports.lock');
    mkdirSync(lock);
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(lock, name), text);
    const then = new Date(Date.now() - age);
    utimesSync(lock, then, then);
    return lock;
  };
  const dead = () => spawnSync(process.execPath, ['-e', '']).pid;

  it.each([
    ['killed between writing its holder file and renaming it', () => ({ [`${HOLDER_NAME}.tmp-${dead()}`]: '{"pid":' })],
    ['a damaged holder file', () => ({ [HOLDER_NAME]: '{"pid": 12' })],
    ['no holder file at all', () => ({})],
  ])('%s: taken over once past the stale time', async (_what, files) => {
    const a = tempArchive();
    const lock = leftLock(a, files(), STALE_MS * 2);
    await expect(withArchiveLock(a, () => 'taken', { waitMs: 2000 })).resolves.toBe('taken');
    expect(existsSync(lock)).toBe(false);
  });

  it('a fresh one is waited on (its holder may be writing it now)', async () => {
    const a = tempArchive();
    leftLock(a, { [`${HOLDER_NAME}.tmp-${dead()}`]: '' }, 0);
    await expect(withArchiveLock(a, () => 'taken', { waitMs: 300 })).rejects.toThrow(/the archive is locked by another reports process/);
  });
});
