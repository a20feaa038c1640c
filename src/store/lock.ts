// The archive lock: one writer at a time chooses a number and Total and creates its file.
//
// proper-lockfile makes `<archive>/.reports.lock` with mkdir (atomic everywhere, NFS included) and refreshes its
// mtime while the lock is held. A lock whose mtime is older than STALE_MS was left by a process that died (killed,
// power cut) and is taken over, so a crash never blocks the archive for longer than that.
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { ReportsError } from '../errors.js';

export const LOCK_NAME = '.reports.lock';
/** proper-lockfile's minimum; the holder refreshes the mtime every STALE_MS / 2. */
export const STALE_MS = 5000;

export function lockPath(dir: string): string {
  return path.join(dir, LOCK_NAME);
}

export interface LockOptions {
  /** How long to keep trying before giving up, in ms. */
  waitMs?: number;
}

/** Run `fn` holding the archive lock. The lock is released when `fn` ends, whether it returns or throws. */
export async function withArchiveLock<T>(dir: string, fn: (check: () => void) => Promise<T> | T, opts: LockOptions = {}): Promise<T> {
  const waitMs = opts.waitMs ?? 30_000;
  let compromised: Error | undefined;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dir, {
      lockfilePath: lockPath(dir),
      realpath: false,
      stale: STALE_MS,
      // Many short waits with jitter: 16 parallel adds each hold the lock for a few milliseconds.
      retries: { retries: Math.ceil(waitMs / 60), minTimeout: 5, maxTimeout: 100, factor: 1.3, randomize: true },
      onCompromised: (e) => {
        compromised = e;
      },
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOCKED') {
      throw new ReportsError(`the archive is locked by another reports process (${lockPath(dir)}); try again, or remove that folder if no reports command is running`);
    }
    if (code === 'ENOENT') throw new ReportsError(`archive folder not found: ${dir} (pass --archive DIR or set REPORTS_ARCHIVE)`);
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new ReportsError(`cannot lock the archive ${dir}: ${code} (is it writable?)`);
    throw e;
  }
  // Call before the final step of a write: when the lock was lost (e.g. the process was suspended past STALE_MS
  // and another took it over), stop rather than write a number someone else may also have chosen.
  const check = () => {
    if (compromised) throw new ReportsError(`lost the archive lock (${compromised.message}); nothing was written, try again`);
  };
  try {
    return await fn(check);
  } finally {
    await release().catch(() => undefined);
  }
}
