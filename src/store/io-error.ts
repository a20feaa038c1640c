// One sentence for every file-system error a user can meet (full disk, permissions, read-only mounts, odd paths):
// it names the path, says why in words, and says what was (not) written. Such an error is the user's
// situation to fix, never "a bug in reports".
import { ReportsError } from '../errors.js';
import { showControls } from '../model/text.js';

/** Why, in words, for the errno codes a write or a lock can expect. */
const REASONS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted (permissions, or an immutable file)',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ELOOP: 'the path goes round a loop of symbolic links',
  ENAMETOOLONG: 'the path is too long for the file system',
  EISDIR: 'it is a folder, not a file',
  EEXIST: 'it already exists',
  ENOENT: 'its folder does not exist',
  EMFILE: 'too many files are open',
  ENFILE: 'too many files are open on this system',
  EIO: 'the disk reported an input/output error',
  EBUSY: 'it is in use',
  EXDEV: 'it is on another file system',
  ETXTBSY: 'it is in use',
  EFBIG: 'the file is too large for the file system',
};

/** The error's errno code (`ENOSPC`), when it is a file-system error. */
export function errnoCode(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}

/** "the disk is full"; for a code without words, the code itself. */
export function ioReason(e: unknown): string {
  const code = errnoCode(e);
  if (!code) return (e as Error)?.message ?? String(e);
  return REASONS[code] ?? code;
}

/**
 * The ReportsError for a file-system error met at `file`: "cannot write <file>: the disk is full; <outcome>
 * (ENOSPC)". `outcome` says what was or was not written, e.g. "nothing was written"; `action` what was being done
 * ("write", "lock", "write the site to"). A ReportsError passes through unchanged, and so does anything that is not
 * a file-system error (that one is a bug). The errno error is kept as the `cause`.
 */
export function ioError(e: unknown, file: string, outcome: string, action = 'write'): Error {
  if (e instanceof ReportsError) return e;
  const code = errnoCode(e);
  if (!code) return e instanceof Error ? e : new Error(String(e));
  const words = REASONS[code];
  return new ReportsError(`cannot ${action} ${showControls(file)}: ${words ?? 'the file system refused'}; ${outcome} (${code})`, [], { cause: e });
}
