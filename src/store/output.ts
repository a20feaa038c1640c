// Writing an export: a file or a site folder, replaced whole or not at all, never inside the archive's records.
import { chmodSync, existsSync, mkdtempSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ReportsError } from '../errors.js';
import { crashPoint } from './crash.js';
import { sweepFolder, tempPid, pidAlive } from './leftovers.js';
import { replaceAtomic } from './write.js';
import { ioError } from './io-error.js';

/** The real path of `p`, or of its nearest existing parent joined with the rest. */
function realish(p: string): string {
  const rest: string[] = [];
  let at = path.resolve(p);
  for (;;) {
    try {
      return path.join(realpathSync(at), ...rest.reverse());
    } catch {
      const up = path.dirname(at);
      if (up === at) return path.resolve(p);
      rest.push(path.basename(at));
      at = up;
    }
  }
}

/**
 * Refuse an output path inside the archive, where it could replace a record or become one, unless it is in a
 * folder the archive ignores (a hidden folder, node_modules).
 */
export function refuseInsideArchive(out: string, archive: string): void {
  const rel = path.relative(realish(archive), realish(out));
  if (rel.startsWith('..') || path.isAbsolute(rel)) return;
  const parts = rel.split(path.sep).filter(Boolean);
  if (parts.slice(0, -1).some((p) => p.startsWith('.') || p === 'node_modules')) return;
  throw new ReportsError(
    `will not write the export to ${out}: it is inside the archive ${archive}, where it could replace or pose as a record; write it outside the archive (or into a hidden folder of it)`,
  );
}

/**
 * Write a file through a temp file beside it, fsynced and renamed into place: never half a file. `text` may come
 * in pieces (a large JSON export), written as they come.
 */
export function writeFileAtomically(target: string, text: string | Iterable<string>): void {
  sweepFolder(path.dirname(target), (name) => name.startsWith(`.${path.basename(target)}.tmp-`));
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
 * Put back a site whose replacement was interrupted between its two renames (the old site moved aside, the new
 * one not yet in place), then remove what dead exports left beside `target`.
 */
export function recoverSite(target: string): string | undefined {
  const parent = path.dirname(target);
  const prefix = `.${path.basename(target)}.tmp-`;
  let restored: string | undefined;
  let names: string[] = [];
  try {
    names = readdirSync(parent);
  } catch {
    return undefined;
  }
  if (!existsSync(target)) {
    // The newest whole site of a dead export: the new one (complete, marked) if it was built, else the old one.
    const candidates = names
      .filter((n) => n.startsWith(prefix) && existsSync(path.join(parent, n, SITE_MARKER)))
      .filter((n) => {
        const pid = tempPid(n);
        return pid !== undefined && pid !== process.pid && !pidAlive(pid);
      })
      .sort((a, b) => (a.endsWith('.old') ? 1 : 0) - (b.endsWith('.old') ? 1 : 0));
    if (candidates[0]) {
      renameSync(path.join(parent, candidates[0]), target);
      restored = candidates[0];
    }
  }
  sweepFolder(parent, (name) => name.startsWith(prefix));
  return restored;
}

/**
 * Build a folder in a temp folder beside `target` and move it into place. An existing `target` is replaced only
 * when it is empty or an earlier export (it has the marker); on any failure the temp folder is removed and
 * `target` is as it was. Killed between the two renames, the next export puts a whole site back (recoverSite).
 */
export async function writeFolderAtomically<T>(target: string, fill: (dir: string) => Promise<T>): Promise<T> {
  recoverSite(target);
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
    tmp = mkdtempSync(path.join(parent, `.${path.basename(target)}.tmp-${process.pid}-`));
    // mkdtemp makes the folder private (0700); a site is meant to be served: give it the usual folder mode.
    chmodSync(tmp, 0o777 & ~process.umask());
  } catch (e) {
    throw ioError(e, target, 'nothing was written', 'write the site to');
  }
  try {
    const result = await fill(tmp);
    writeFileSync(path.join(tmp, SITE_MARKER), 'Made by `reports export html`; a later export may replace this folder.\n');
    crashPoint('export-site:after-build');
    if (replace) {
      const old = `${tmp}.old`;
      renameSync(target, old);
      crashPoint('export-site:between-renames');
      try {
        renameSync(tmp, target);
      } catch (e) {
        renameSync(old, target);
        throw e;
      }
      crashPoint('export-site:after-renames');
      rmSync(old, { recursive: true, force: true });
    } else renameSync(tmp, target);
    return result;
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw ioError(e, target, 'nothing was written', 'write the site to');
  }
}
