// Writing an export: a file or a site folder, replaced whole or not at all, never inside the archive's records.
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { ReportsError } from '../errors.js';
import { crashPoint } from './crash.js';
import { sweepFolder, tempPid, pidAlive } from './leftovers.js';
import { replaceAtomic } from './write.js';
import { ioError } from './io-error.js';
import { showControls } from '../model/text.js';

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

/** True when `inner` is `folder` or inside it (links resolved): the working folder inside an export's target. */
export function holds(folder: string, inner: string): boolean {
  const rel = path.relative(realish(folder), realish(inner));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
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

/**
 * The marker a site folder carries: it names every file the export wrote (its manifest), so that a later export
 * replaces those files and nothing else.
 */
export const SITE_MARKER = '.reports-export';
const MANIFEST_HEAD = 'Made by `reports export html`. A later export replaces the files listed below, and refuses a folder holding anything else.';

/**
 * The shape of a file an export writes: the pages, the style, the script and the feed at the top, pages in
 * years/, keywords/ and reports/. Only such a file is ever replaced, whatever a manifest says (a manifest is a file
 * anyone can edit); a marker from before manifests were written is trusted for files of this shape alone.
 */
const SITE_SHAPE = /^(?:(?:years|keywords|reports)\/)?[^/]+\.(?:html|css|js|atom)$/;
/** The reports' attached files a site carries (files/<page name>.pdf), never a record file: only when listed. */
const attachedShape = (e: string) => /^files\/[^/.][^/]*$/.test(e) && !/\.ya?ml$/i.test(e);

/** The manifest text for these files (relative paths, "/" between folders, one per line). */
function manifestText(files: Iterable<string>): string {
  return `${MANIFEST_HEAD}\n${[...files].sort().join('\n')}\n`;
}

/** A manifest names each file in a line of about 40 bytes: 100,000 reports make 4 MB. */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/** The files a marker lists, or undefined for a marker without a list (written before manifests were). */
function readManifest(target: string): Set<string> | undefined {
  const marker = path.join(target, SITE_MARKER);
  // Checked before it is read: a pipe or a device in its place would block or never end.
  const st = lstatSync(marker);
  if (!st.isFile() || st.size > MAX_MANIFEST_BYTES)
    throw new ReportsError(`will not replace ${showControls(target)}: its ${SITE_MARKER} is ${st.isFile() ? `${st.size} bytes` : 'not a regular file'}, not one an export wrote; nothing was written. Give a new or empty folder for --out`);
  const lines = readFileSync(marker, 'utf8').split('\n');
  if (lines[0] !== MANIFEST_HEAD) return undefined;
  return new Set(lines.slice(1).filter(Boolean));
}

/** Every entry below `dir` (relative, "/" between folders; folders end with "/"), links not followed. */
function entriesBelow(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[]).map((e) => {
    const rel = path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/');
    return e.isDirectory() ? `${rel}/` : rel;
  });
}

/** What a foreign entry is, in words, when it is worth naming: a record, an archive, a config, a repository. */
function kindOf(entry: string): string | undefined {
  const name = path.posix.basename(entry.replace(/\/$/, ''));
  if (entry.endsWith('/') && (name === 'archive' || name === '.reports.lock')) return 'an archive';
  if (/^reports\.config\.ya?ml$/.test(name)) return 'a config';
  if (/\.ya?ml$/i.test(name)) return 'a record';
  if (name === '.git') return 'a git repository';
  return undefined;
}

/**
 * The files of an earlier export in `target`, when every entry of it is one: the marker, files its manifest lists
 * (and of a site's shape), their folders, and temp folders of dead exports written in place. Anything else (a
 * record, an archive, a config, a file someone added) and the folder is not the export's to replace: refused.
 */
export function earlierExport(target: string): Set<string> {
  const listed = readManifest(target);
  const entries = entriesBelow(target);
  const ours = new Set<string>();
  const foreign: string[] = [];
  for (const e of entries) {
    if (e === SITE_MARKER || /^\.reports-export\.tmp-\d+-[^/]*\/(?:.*)$/.test(e)) continue;
    if (e.endsWith('/')) continue;
    if (SITE_SHAPE.test(e) && (listed === undefined || listed.has(e))) ours.add(e);
    else if (attachedShape(e) && listed?.has(e)) ours.add(e);
    else foreign.push(e);
  }
  // A folder is the export's when a file of the export is in it, or when it is one of the site's own (emptied).
  const folders = new Set(['years/', 'keywords/', 'reports/']);
  for (const f of ours) if (f.includes('/')) folders.add(f.slice(0, f.lastIndexOf('/') + 1));
  for (const e of entries) if (e.endsWith('/') && !/^\.reports-export\.tmp-/.test(e) && !folders.has(e)) foreign.push(e);
  if (foreign.length > 0) {
    const found = new Set(foreign.map(kindOf));
    const kinds = ['an archive', 'a config', 'a record', 'a git repository'].filter((k) => found.has(k));
    const among = kinds.length ? `, among them ${kinds.length > 1 ? `${kinds.slice(0, -1).join(', ')} and ${kinds.at(-1)}` : kinds[0]}` : '';
    const shown = foreign.sort((a, b) => a.length - b.length || a.localeCompare(b)).slice(0, 3).map((f) => showControls(f));
    throw new ReportsError(
      `will not replace ${showControls(target)}: it holds ${foreign.length === 1 ? 'an entry' : `${foreign.length} entries`} the last export did not write${among} (${shown.join(', ')}${foreign.length > 3 ? ', ...' : ''}); nothing was written. Give a new or empty folder for --out, or move them away`,
    );
  }
  return ours;
}

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

export interface FolderOptions {
  /**
   * Write into `target` where it is, file by file, instead of replacing it whole: for the working folder (or a
   * folder holding it), which a rename would take away from under the shell that runs the export.
   */
  inPlace?: boolean;
  /**
   * The files `fill` wrote (relative, "/" between folders), for the manifest; absent, the folder is walked
   * (a walk of 100,000 files took 0.42 s here).
   */
  files?: readonly string[];
}

/**
 * Build a folder in a temp folder beside `target` and move it into place. An existing `target` is replaced only
 * when it is empty or holds nothing but what the last export wrote (its manifest, see earlierExport); on any
 * failure the temp folder is removed and `target` is as it was. Killed between the two renames, the next export
 * puts a whole site back (recoverSite). With `inPlace`, see writeInPlace.
 */
export async function writeFolderAtomically<T>(target: string, fill: (dir: string) => Promise<T>, opts: FolderOptions = {}): Promise<T> {
  if (!opts.inPlace) recoverSite(target);
  let replace = false;
  let old = new Set<string>();
  try {
    if (existsSync(target)) {
      if (!statSync(target).isDirectory()) throw new ReportsError(`cannot write the site to ${target}: it is a file; give a folder for --out`);
      // What an export killed while writing in place left inside (its temp folder, a half-written marker).
      sweepFolder(target, (name) => name.startsWith(`${SITE_MARKER}.tmp-`) || name.startsWith(`.${SITE_MARKER}.tmp-`));
      const entries = readdirSync(target);
      if (entries.length > 0 && !entries.includes(SITE_MARKER))
        throw new ReportsError(`will not replace ${target}: it is not empty and not an earlier export; give a new or empty folder for --out, or remove it`);
      if (entries.length > 0) old = earlierExport(target);
      replace = true;
    }
  } catch (e) {
    throw ioError(e, target, 'nothing was written', 'write the site to');
  }
  if (opts.inPlace && replace) return writeInPlace(target, fill, old, opts.files);
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
    writeFileSync(path.join(tmp, SITE_MARKER), manifestText(opts.files ?? filesBelow(tmp)));
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

/** The files below `dir` (relative, "/" between folders). */
function filesBelow(dir: string): string[] {
  return entriesBelow(dir).filter((e) => !e.endsWith('/'));
}

/**
 * Replace an earlier export's files where they are: the new site is built in a hidden temp folder inside
 * `target`, then each file is renamed over its old self (never half a page), the old files the new site lacks are
 * removed, and the manifest names the new files. While the files move the manifest names both the old and the new
 * ones, so a run killed half-way leaves a folder the next export still recognises as its own. Between the first
 * and the last rename the site is a mix of the two exports.
 */
async function writeInPlace<T>(target: string, fill: (dir: string) => Promise<T>, old: Set<string>, files?: readonly string[]): Promise<T> {
  let tmp: string;
  try {
    tmp = mkdtempSync(path.join(target, `${SITE_MARKER}.tmp-${process.pid}-`));
  } catch (e) {
    throw ioError(e, target, 'nothing was written', 'write the site to');
  }
  const marker = path.join(target, SITE_MARKER);
  let moving = false;
  try {
    const result = await fill(tmp);
    const fresh = files ?? filesBelow(tmp);
    replaceAtomic(marker, manifestText(new Set([...old, ...fresh])));
    crashPoint('export-site:after-build');
    const made = new Set<string>();
    moving = true;
    for (const f of fresh) {
      const folder = path.posix.dirname(f);
      if (folder !== '.' && !made.has(folder)) {
        mkdirSync(path.join(target, folder), { recursive: true });
        made.add(folder);
      }
      renameSync(path.join(tmp, f), path.join(target, f));
    }
    const keep = new Set(fresh);
    for (const f of old) if (!keep.has(f)) rmSync(path.join(target, f), { force: true });
    for (const folder of ['years', 'keywords', 'reports']) {
      try {
        rmdirSync(path.join(target, folder));
      } catch {
        // not empty, or not there
      }
    }
    replaceAtomic(marker, manifestText(fresh));
    return result;
  } catch (e) {
    throw ioError(e, target, moving ? 'the site there is part old, part new: export again' : 'nothing was written', 'write the site to');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
