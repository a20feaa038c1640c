// What `reports export` needs around the exporters: which records are in error, atomic output, progress, time.
import { chmodSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { replaceAtomic } from '../store/write.js';
import { ioError } from '../store/io-error.js';
import type { Context } from '../cli.js';
import { ReportsError, UsageError } from '../errors.js';
import type { Archive } from '../store/archive.js';
import type { Finding } from '../model/record.js';
import { checkArchive } from '../checks/index.js';

export interface ArchiveErrors {
  findings: Finding[];
  /** Files (relative to the archive) involved in an error. */
  files: Set<string>;
}

// A number or Total used twice: nothing tells which record is wrong, so every record of the clash is involved.
// Other numbering errors (a Total off the year's offset, a number beyond the year's count, a date out of order)
// name the odd record; the records they cite agree with each other and stay in.
const CLASHES = new Set(['duplicate-number', 'duplicate-total']);

/**
 * The errors that refuse an export, as `reports validate` finds them: files that cannot be read or are invalid,
 * and numbering errors; with the files of the records they involve.
 */
export function archiveErrors(archive: Archive): ArchiveErrors {
  const findings = checkArchive(archive).filter((f) => f.severity === 'error');
  const files = new Set<string>();
  for (const f of findings) {
    files.add(f.file);
    if (CLASHES.has(f.code)) for (const r of f.related ?? []) files.add(r);
  }
  return { findings, files };
}

/** The export's time: SOURCE_DATE_EPOCH (seconds since 1970) when set, for reproducible output; else now. */
export function generatedDate(env: NodeJS.ProcessEnv): Date {
  const s = env.SOURCE_DATE_EPOCH;
  if (s === undefined || s === '') return new Date();
  if (!/^\d+$/.test(s.trim())) throw new UsageError(`SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01, e.g. 1700000000 (not ${JSON.stringify(s)}).`);
  return new Date(Number(s) * 1000);
}

/**
 * Write a file through a temp file beside it, fsynced and renamed into place: never half a file. `text` may come
 * in pieces (a large JSON export), written as they come.
 */
export function writeFileAtomically(target: string, text: string | Iterable<string>): void {
  try {
    if (existsSync(target) && statSync(target).isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    replaceAtomic(target, text);
  } catch (e) {
    throw ioError(e, target, 'nothing was written');
  }
}

/** The marker a site folder carries, so that a later export may replace it (and never a folder of anything else). */
export const SITE_MARKER = '.reports-export';

/**
 * Build a folder in a temp folder beside `target` and move it into place. An existing `target` is replaced only
 * when it is empty or an earlier export (it has the marker); on any failure the temp folder is removed and
 * `target` is as it was.
 */
export async function writeFolderAtomically<T>(target: string, fill: (dir: string, signal: AbortSignal) => Promise<T>): Promise<T> {
  let replace = false;
  try {
    if (existsSync(target)) {
      if (!statSync(target).isDirectory()) throw new ReportsError(`cannot write the site to ${target}: it is a file; give a folder for --out`);
      const entries = readdirSync(target);
      if (entries.length > 0 && !entries.includes(SITE_MARKER))
        throw new ReportsError(`will not replace ${target}: it is not empty and not an earlier export; give a new or empty folder for --out, or remove it`);
      replace = true;
    }
  } catch (e) {
    throw ioError(e, target, 'nothing was written', 'write the site to');
  }
  const parent = path.dirname(target);
  let tmp: string;
  try {
    tmp = mkdtempSync(path.join(parent, `.${path.basename(target)}.tmp-`));
    // mkdtemp makes the folder private (0700); a site is meant to be served: give it the usual folder mode.
    chmodSync(tmp, 0o777 & ~process.umask());
  } catch (e) {
    throw ioError(e, target, 'nothing was written', 'write the site to');
  }
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const result = await fill(tmp, controller.signal);
    writeFileSync(path.join(tmp, SITE_MARKER), 'Made by `reports export html`; a later export may replace this folder.\n');
    if (replace) {
      const old = `${tmp}.old`;
      renameSync(target, old);
      try {
        renameSync(tmp, target);
      } catch (e) {
        renameSync(old, target);
        throw e;
      }
      rmSync(old, { recursive: true, force: true });
    } else renameSync(tmp, target);
    return result;
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw ioError(e, target, 'nothing was written', 'write the site to');
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

/** A progress line on stderr, only when stderr is a terminal (and not --quiet). Call with done = -1 to clear it. */
export function progressLine(ctx: Context, cmd: Command, what: string): ((done: number, total: number) => void) | undefined {
  if (!ctx.io.stderrIsTTY || ctx.globals(cmd).quiet) return undefined;
  let last = 0;
  return (done, total) => {
    if (done < 0) return ctx.io.stderr('\r\x1b[K');
    const now = Date.now();
    if (now - last < 100 && done < total) return;
    last = now;
    ctx.io.stderr(`\r${what} ${done}/${total}`);
  };
}
