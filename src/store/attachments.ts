// A report's attached file (its PDF): copied into the archive beside its record, named after it, recorded with
// its size and SHA-256. Never read or written through a link that leads out of the archive, never over a file.
//
// Crash safety comes from the order of the writes, the record being the one commit point: a new attachment is
// linked under a name of its own (never an existing one) before the record names it; an old one is removed after
// the record stops naming it. Killed between two steps, the record and the file it names agree; at most a file
// no record names is left, which `reports validate` does not mind and the next attach does not reuse.
import { createHash } from 'node:crypto';
import { closeSync, constants, copyFileSync, existsSync, fstatSync, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, readSync, realpathSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { ReportsError } from '../errors.js';
import type { FactsRecord, Finding, LoadedRecord } from '../model/record.js';
import { isArchivePath } from '../model/text.js';
import { at } from '../checks/record.js';
import { crashPoint } from './crash.js';
import { ioError } from './io-error.js';
import { syncDir } from './files.js';

export interface Attachment {
  /** The path in the archive, with forward slashes: `2019/special-011.pdf`. */
  file: string;
  size: number;
  sha256: string;
}

const CHUNK = 1024 * 1024;

/** Open a regular file for reading, never blocking on a FIFO or a device. */
function openRegular(abs: string): number {
  const fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK);
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    throw Object.assign(new Error(`${abs} is not a regular file`), { code: 'EINVAL' });
  }
  return fd;
}

/** Read the file at `fd` to its end, piece by piece, hashing it (and handing each piece to `each`). */
function readHashed(fd: number, each?: (buf: Buffer, n: number) => void): { size: number; sha256: string } {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(CHUNK);
  let size = 0;
  for (;;) {
    const n = readSync(fd, buf, 0, CHUNK, null);
    if (n === 0) break;
    hash.update(buf.subarray(0, n));
    each?.(buf, n);
    size += n;
  }
  return { size, sha256: hash.digest('hex') };
}

/** The size and SHA-256 of a regular file. */
export function hashFile(abs: string): { size: number; sha256: string } {
  const fd = openRegular(abs);
  try {
    return readHashed(fd);
  } finally {
    closeSync(fd);
  }
}

/** True when `abs`, links resolved, is inside `dir` (links resolved too). A missing file is judged by its folder. */
export function staysInside(dir: string, abs: string): boolean {
  const root = realpathSync(dir);
  let real: string;
  try {
    real = realpathSync(abs);
  } catch {
    try {
      real = path.join(realpathSync(path.dirname(abs)), path.basename(abs));
    } catch {
      return false;
    }
  }
  const rel = path.relative(root, real);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Where `rel` of the archive is, or a ReportsError when it names a place outside it (a `..`, a link). */
export function attachmentPath(dir: string, rel: string): string {
  if (!isArchivePath(rel)) throw new ReportsError(`the attachment path ${JSON.stringify(rel)} is not a path inside the archive`);
  const abs = path.join(dir, rel);
  if (!staysInside(dir, abs)) throw new ReportsError(`the attachment ${rel} leads out of the archive (a symbolic link); it is not followed`);
  return abs;
}

/** A file extension worth keeping (".pdf"), or none. */
function extension(source: string): string {
  const ext = path.extname(source).toLowerCase();
  return /^\.[a-z0-9]{1,10}$/.test(ext) && ext !== '.yaml' && ext !== '.yml' ? ext : '';
}

/**
 * The name beside the record: `special-011.pdf`, else `special-011-2.pdf`, `-3`... The first that is free, or
 * (`reuse`) one that already holds this very file and that no record names: what an attach killed before it
 * wrote the record left there.
 */
export function attachmentName(
  dir: string,
  recordFile: string,
  source: string,
  same?: { sha256: string; size: number; named: ReadonlySet<string> },
): { name: string; reuse: boolean } {
  const folder = path.posix.dirname(recordFile);
  const base = path.posix.basename(recordFile).replace(/\.ya?ml$/i, '');
  const ext = extension(source);
  for (let n = 1; ; n++) {
    const name = `${folder === '.' ? '' : `${folder}/`}${base}${n === 1 ? '' : `-${n}`}${ext}`;
    const abs = path.join(dir, name);
    let st;
    try {
      st = lstatSync(abs);
    } catch {
      return { name, reuse: false };
    }
    if (same && st.isFile() && st.size === same.size && !same.named.has(name)) {
      try {
        if (hashFile(abs).sha256 === same.sha256) return { name, reuse: true };
      } catch {
        // unreadable: not ours to reuse
      }
    }
  }
}

/**
 * Copy `source` into the archive as `rel` (a free name, see attachmentName): through a temp file beside it,
 * fsynced, then hard-linked to its name (never over a file). Returns what the record will hold.
 */
export function copyIn(dir: string, rel: string, source: string): Attachment {
  const abs = path.join(dir, rel);
  if (!staysInside(dir, abs)) throw new ReportsError(`the folder of ${rel} leads out of the archive (a symbolic link); nothing was copied`);
  let src: number;
  try {
    src = openRegular(source);
  } catch (e) {
    throw new ReportsError(`cannot read ${source}: ${(e as NodeJS.ErrnoException).code === 'EINVAL' ? 'not a regular file' : ((e as NodeJS.ErrnoException).code ?? (e as Error).message)}; nothing was attached`);
  }
  const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.tmp-${process.pid}-${Date.now().toString(36)}`);
  try {
    const out = openSync(tmp, 'wx', 0o644);
    let info: { size: number; sha256: string };
    try {
      info = readHashed(src, (buf, n) => {
        let off = 0;
        while (off < n) off += writeSync(out, buf, off, n - off);
      });
      fsyncSync(out);
    } finally {
      closeSync(out);
    }
    linkSync(tmp, abs);
    syncDir(path.dirname(abs));
    return { file: rel, ...info };
  } catch (e) {
    throw ioError(e, abs, 'nothing was attached');
  } finally {
    closeSync(src);
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
  }
}

/**
 * Remove an attachment file: a regular file or a link (the link itself, never what it points to), never a folder
 * or a record file. Missing is not an error. Returns false when something else is there, left as it is.
 */
export function removeAttachment(dir: string, rel: string): boolean {
  if (!isArchivePath(rel) || /\.ya?ml$/i.test(rel)) return false;
  const abs = path.join(dir, rel);
  let st;
  try {
    st = lstatSync(abs);
  } catch {
    return true;
  }
  if (!st.isFile() && !st.isSymbolicLink()) return false;
  try {
    unlinkSync(abs);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw ioError(e, abs, 'the record no longer names it; remove it by hand', 'remove');
  }
  syncDir(path.dirname(abs));
  return true;
}

/** True when another record than `except` names the attachment `rel`. */
export function sharedAttachment(records: readonly LoadedRecord[], rel: string, except: readonly LoadedRecord[]): boolean {
  return records.some((r) => !except.includes(r) && r.record.attachment?.file === rel);
}

/**
 * The findings about attachments: attachment-missing (no file there), attachment-changed (its size or SHA-256
 * differs from the record's), attachment-outside (a link leading out of the archive, not followed). Errors: the
 * record and the archive disagree, and a site or export would link a file that is not the one recorded.
 */
export function checkAttachments(dir: string, records: readonly FactsRecord[]): Finding[] {
  const out: Finding[] = [];
  for (const r of records) {
    const a = r.record.attachment;
    if (!a) continue;
    const [line, column] = at(r, 'attachment');
    const add = (code: string, message: string) => out.push({ severity: 'error', code, message, file: r.file, line, column, id: r.id });
    const abs = path.join(dir, a.file);
    if (!existsSync(abs) && !isLink(abs)) {
      add('attachment-missing', `the attachment ${a.file} is not in the archive; attach the file again (reports attach ${r.id} FILE)`);
      continue;
    }
    if (!staysInside(dir, abs)) {
      add('attachment-outside', `the attachment ${a.file} is a link leading out of the archive; it is not followed (replace it with the file itself)`);
      continue;
    }
    let now: { size: number; sha256: string };
    try {
      now = hashFile(abs);
    } catch (e) {
      add('attachment-missing', `the attachment ${a.file} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      continue;
    }
    if (now.size !== a.size || now.sha256 !== a.sha256) {
      const what = now.size !== a.size ? `is ${now.size} bytes, not the ${a.size} recorded` : 'has another SHA-256 than the one recorded';
      add('attachment-changed', `the attachment ${a.file} ${what}; attach the right file again (reports attach ${r.id} FILE)`);
    }
  }
  return out;
}

function isLink(abs: string): boolean {
  try {
    return lstatSync(abs).isSymbolicLink();
  } catch {
    return false;
  }
}

/** The crash steps of an attach, in order (see store/crash.ts). */
export const attachStep = (step: 'after-copy' | 'after-record'): void => crashPoint(`attach:${step}`);

/** The attachment's absolute path when it is a regular file inside the archive; otherwise why not. */
export function presentAttachment(dir: string, rel: string): { abs: string } | { problem: string } {
  if (!isArchivePath(rel)) return { problem: `${JSON.stringify(rel)} is not a path inside the archive` };
  const abs = path.join(dir, rel);
  if (!staysInside(dir, abs)) return { problem: `${rel} leads out of the archive (a symbolic link); not followed` };
  try {
    if (!lstatSync(abs).isFile()) return { problem: `${rel} is not a regular file` };
  } catch {
    return { problem: `${rel} is not in the archive` };
  }
  return { abs };
}

/** Copy attached files into an export folder the caller is filling: [from (absolute), to (relative to `dir`)]. */
export function copyOut(dir: string, files: ReadonlyArray<readonly [string, string]>): void {
  for (const [from, to] of files) {
    const dest = path.join(dir, to);
    mkdirSync(path.dirname(dest), { recursive: true });
    // Over what an earlier export of this site put there (the site's own folder: nothing else is in it).
    copyFileSync(from, dest);
  }
}
