// The archive lock: one writer at a time chooses a number and Total and creates its file.
//
// proper-lockfile makes `<archive>/.reports.lock` with mkdir (atomic everywhere, NFS included) and refreshes its
// mtime while the lock is held. A lock whose mtime is older than STALE_MS was left by a process that died (killed,
// power cut) and is taken over, so a crash never blocks the archive for longer than that.
//
// The holder writes who it is (pid, host, start time) into `<lock>/.holder.json`, so that a waiting process can say
// who holds the lock and since when, and can take over at once a lock whose holder died on this same host.
// Anything else named `.reports.lock` (a plain file, a link, a folder with other contents) was not made by reports:
// it is refused at once with a message, never waited on.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { ReportsError } from '../errors.js';
import { errnoCode, ioError } from './io-error.js';

export const LOCK_NAME = '.reports.lock';
/** The file inside the lock folder that names its holder (hidden, like everything of the lock). */
export const HOLDER_NAME = '.holder.json';
/** proper-lockfile's minimum; the holder refreshes the mtime every STALE_MS / 2. */
export const STALE_MS = 5000;

export function lockPath(dir: string): string {
  return path.join(dir, LOCK_NAME);
}

export interface LockOptions {
  /** How long to keep trying before giving up, in ms. */
  waitMs?: number;
}

/** Who holds a lock, as its holder wrote it. */
export interface LockHolder {
  pid: number;
  host: string;
  /** ISO 8601, UTC. */
  since: string;
}

/** What is at `<archive>/.reports.lock` now. */
export type LockState =
  | { kind: 'free' }
  | { kind: 'held'; holder?: LockHolder }
  | { kind: 'foreign'; why: string };

/** Look at the lock without touching it. */
export function inspectLock(dir: string): LockState {
  const lock = lockPath(dir);
  let st: fs.Stats;
  try {
    st = fs.lstatSync(lock);
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return { kind: 'free' };
    throw e;
  }
  if (st.isSymbolicLink()) return { kind: 'foreign', why: 'it is a symbolic link' };
  if (!st.isDirectory()) return { kind: 'foreign', why: st.isFile() ? 'it is a plain file' : 'it is not a folder' };
  let entries: string[];
  try {
    entries = fs.readdirSync(lock);
  } catch (e) {
    // Removed meanwhile (the holder finished): free.
    if (errnoCode(e) === 'ENOENT') return { kind: 'free' };
    throw e;
  }
  const others = entries.filter((n) => n !== HOLDER_NAME && !n.startsWith(`${HOLDER_NAME}.tmp-`));
  if (others.length > 0) return { kind: 'foreign', why: `it is a folder holding ${others.slice(0, 3).join(', ')}${others.length > 3 ? ', ...' : ''}` };
  if (!entries.includes(HOLDER_NAME)) return { kind: 'held' }; // just made, or by an older reports: the mtime rule applies
  try {
    const h = JSON.parse(fs.readFileSync(path.join(lock, HOLDER_NAME), 'utf8')) as Partial<LockHolder>;
    if (Number.isInteger(h.pid) && typeof h.host === 'string' && typeof h.since === 'string') return { kind: 'held', holder: h as LockHolder };
  } catch {
    // Being written or removed right now; or damaged: the mtime rule decides.
  }
  return { kind: 'held' };
}

/** True when `pid` is a running process on this machine (a process of another user counts as running). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errnoCode(e) !== 'ESRCH';
  }
}

/** "pid 1234 on host since 2026-11-29 09:40:12 UTC" */
export function describeHolder(h: LockHolder): string {
  const when = Number.isNaN(Date.parse(h.since)) ? h.since : new Date(h.since).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  return `pid ${h.pid} on ${h.host} since ${when}`;
}

/** The files a lock folder of ours may hold: the holder file, and the temp file of a holder killed while writing it. */
function holderFiles(lock: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(lock);
  } catch {
    return [];
  }
  return names.filter((n) => n === HOLDER_NAME || n.startsWith(`${HOLDER_NAME}.tmp-`)).map((n) => path.join(lock, n));
}

/**
 * Remove a lock folder of ours (its holder file first, so that rmdir finds it empty). A holder killed between
 * writing its temp file and renaming it leaves that temp file: it goes too, else the stale lock could never be
 * taken over (rmdir would fail with ENOTEMPTY forever).
 */
function removeLockDir(lock: string, cb: (err?: NodeJS.ErrnoException | null) => void): void {
  for (const f of holderFiles(lock)) fs.rmSync(f, { force: true });
  fs.rmdir(lock, cb);
}

// proper-lockfile removes a lock (its own on release, a stale one before taking over) with fs.rmdir: give it one
// that first removes the holder file. `fs` is one of its documented options.
// (Its exit handler uses rmdirSync.)
const lockFs = {
  ...fs,
  rmdir: (p: string, cb: (err?: NodeJS.ErrnoException | null) => void) => removeLockDir(p, cb),
  rmdirSync: (p: string) => {
    for (const f of holderFiles(p)) fs.rmSync(f, { force: true });
    fs.rmdirSync(p);
  },
};

/** Take over the lock of a holder that died: only if the lock still names that same holder. */
function removeDeadLock(lock: string, dead: LockHolder): Promise<void> {
  return new Promise((resolve) => {
    fs.readFile(path.join(lock, HOLDER_NAME), 'utf8', (err, text) => {
      let same = false;
      try {
        const h = JSON.parse(text) as LockHolder;
        same = !err && h.pid === dead.pid && h.host === dead.host && h.since === dead.since;
      } catch {
        same = false;
      }
      if (!same) return resolve();
      removeLockDir(lock, () => resolve());
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Write the holder file atomically (temp + rename), so a reader never sees half of it. Best effort: a full disk
 * may refuse it, and the lock still works without it (waiting processes then cannot name the holder). */
function writeHolder(lock: string, started: Date): void {
  const tmp = path.join(lock, `${HOLDER_NAME}.tmp-${process.pid}`);
  try {
    const h: LockHolder = { pid: process.pid, host: os.hostname(), since: started.toISOString() };
    fs.writeFileSync(tmp, JSON.stringify(h) + '\n');
    fs.renameSync(tmp, path.join(lock, HOLDER_NAME));
  } catch {
    fs.rmSync(tmp, { force: true });
  }
}

/** Run `fn` holding the archive lock. The lock is released when `fn` ends, whether it returns or throws. */
export async function withArchiveLock<T>(dir: string, fn: (check: () => void) => Promise<T> | T, opts: LockOptions = {}): Promise<T> {
  const waitMs = opts.waitMs ?? 30_000;
  const lock = lockPath(dir);
  const deadline = Date.now() + waitMs;
  let compromised: Error | undefined;
  let release: (() => Promise<void>) | undefined;
  let holder: LockHolder | undefined;
  try {
    if (!fs.statSync(dir).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') throw new ReportsError(`archive folder not found: ${dir} (pass --archive DIR or set REPORTS_ARCHIVE)`);
    throw ioError(e, lock, 'nothing was written', 'lock the archive at');
  }
  // Many short waits with jitter: 16 parallel adds each hold the lock for a few milliseconds. What is at the lock's
  // path is looked at only when taking it failed, so a free lock costs one mkdir.
  for (let attempt = 0; ; attempt++) {
    try {
      release = await lockfile.lock(dir, {
        lockfilePath: lock,
        realpath: false,
        stale: STALE_MS,
        retries: 0,
        fs: lockFs,
        onCompromised: (e) => {
          compromised = e;
        },
      });
      writeHolder(lock, new Date());
      break;
    } catch (e) {
      const code = errnoCode(e);
      // ELOCKED: held and fresh. ENOTEMPTY/ENOTDIR/EEXIST: not a lock proper-lockfile can take or clear; look.
      if (code !== 'ELOCKED' && code !== 'ENOTEMPTY' && code !== 'ENOTDIR' && code !== 'EEXIST') {
        if (code === 'ENOENT') throw new ReportsError(`archive folder not found: ${dir} (pass --archive DIR or set REPORTS_ARCHIVE)`);
        throw ioError(e, lock, 'nothing was written', 'lock the archive at');
      }
    }
    // Looked at on the first failure (a foreign lock is refused at once), then about once a second (a holder that
    // died meanwhile) and at the deadline (to name the holder): 15 waiting processes polling every few ms must
    // not take the CPU the holder needs.
    const late = Date.now() >= deadline;
    if (attempt > 0 && attempt % 10 !== 0 && !late) {
      await sleep(Math.min(100, 5 * 1.3 ** attempt * (1 + Math.random())));
      continue;
    }
    const state = inspectLock(dir);
    if (state.kind === 'foreign') {
      throw new ReportsError(`${lock} is not a lock made by reports (${state.why}); nothing was written. Remove or rename it and try again`);
    }
    holder = state.kind === 'held' ? state.holder : holder;
    // A holder that died on this machine: its lock is taken over at once (the stale rule would wait STALE_MS).
    if (state.kind === 'held' && state.holder && state.holder.host === os.hostname() && state.holder.pid !== process.pid && !alive(state.holder.pid)) {
      await removeDeadLock(lock, state.holder);
      continue;
    }
    if (state.kind === 'free') continue;
    if (late) {
      const who = holder ? `reports process ${describeHolder(holder)}` : 'another reports process';
      throw new ReportsError(
        `the archive is locked by ${who} (${lock}); nothing was written. Try again when it has finished, or remove that folder if no reports command is running`,
      );
    }
    // As proper-lockfile's retries did: 5 ms growing by 1.3 a time, randomised by up to 2x, at most 100 ms.
    await sleep(Math.min(100, 5 * 1.3 ** attempt * (1 + Math.random())));
  }
  // Call before the final step of a write: when the lock was lost (e.g. the process was suspended past STALE_MS
  // and another took it over), stop rather than write a number someone else may also have chosen.
  const check = () => {
    if (compromised) throw new ReportsError(`lost the archive lock (${compromised.message}); nothing was written, try again`);
  };
  try {
    return await fn(check);
  } finally {
    await release!().catch(() => undefined);
  }
}
