// Writing record files without ever losing one.
//
// A record's final name only ever appears through link() (create) or rename() (replace) of a complete temp file
// that has been fsynced, so a process killed mid-write leaves at most a hidden `.name.tmp-<pid>-<n>` file, which
// the loader skips like every dot-file. link() fails with EEXIST when the name is taken: creation never
// overwrites (O_EXCL semantics without ever exposing a half-written file under the final name).
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, renameSync, rmdirSync, statSync, unlinkSync, writeSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { Document, isMap, isScalar, parseDocument, Scalar } from 'yaml';
import { yamlShapeProblem } from './yaml-shape.js';
import type { Report } from '../model/report.js';
import { RECORD_FIELDS } from '../model/ids.js';
import { syncDir } from './files.js';
import { ReportsError } from '../errors.js';
import { ioError } from './io-error.js';
import { crashPoint, type CrashStep } from './crash.js';

let counter = 0;

function tempName(abs: string): string {
  return path.join(path.dirname(abs), `.${path.basename(abs)}.tmp-${process.pid}-${Date.now().toString(36)}-${counter++}`);
}

/** Create `file` exclusively, write the text (a string, or pieces as they come), fsync it. */
function writeAndSync(file: string, text: string | Iterable<string>, mode = 0o644): void {
  const fd = openSync(file, 'wx', mode);
  try {
    for (const piece of typeof text === 'string' ? [text] : text) {
      const buf = Buffer.from(piece, 'utf8');
      let off = 0;
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Raised when the record file already exists. */
export class FileExistsError extends ReportsError {
  constructor(readonly file: string) {
    super(`${file} already exists; nothing was written (a record file is never overwritten)`);
    this.name = 'FileExistsError';
  }
}

/**
 * Create `rel` inside `dir` with `text`, failing with FileExistsError when it exists. A file-system error (full
 * disk, permissions, read-only) becomes a ReportsError naming the file; nothing is left under the final name.
 */
export function createExclusive(dir: string, rel: string, text: string): void {
  const abs = path.join(dir, rel);
  try {
    createExclusiveRaw(abs, rel, text);
  } catch (e) {
    throw ioError(e, abs, 'nothing was written');
  }
}

function createExclusiveRaw(abs: string, rel: string, text: string): void {
  const folder = path.dirname(abs);
  let made: string | undefined;
  try {
    made = mkdirSync(folder, { recursive: true });
  } catch (e) {
    // mkdir -p over a file in the path says EEXIST: for the user, a part of the path is a file.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw Object.assign(new Error(`${folder} is a file`), { code: 'ENOTDIR' });
    throw e;
  }
  try {
    createInFolder(abs, rel, text, folder);
  } catch (e) {
    // Leave no empty folder made for a file that was not written.
    if (made) {
      for (let d = folder; d.length >= made.length; d = path.dirname(d)) {
        try {
          rmdirSync(d);
        } catch {
          break;
        }
      }
    }
    throw e;
  }
}

function createInFolder(abs: string, rel: string, text: string, folder: string): void {
  const tmp = tempName(abs);
  try {
    writeAndSync(tmp, text);
    crashPoint('add:after-temp');
    try {
      linkSync(tmp, abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new FileExistsError(rel);
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw e;
      // No hard links on this file system (some FUSE and SMB mounts): fall back to an exclusive open of the
      // final name. Still never overwrites, but a crash in the next few microseconds could leave it short.
      writeAndSync(abs, text);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new FileExistsError(rel);
    throw e;
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
  }
  syncDir(folder);
}

/**
 * Replace (or create) `abs` with `text` atomically: a reader sees the old file or the new one, never a mix.
 * `text` may come in pieces (a large export), written as they come and never held whole. A file-system error
 * becomes a ReportsError naming `abs` and saying that it was left as it was.
 */
export function replaceAtomic(abs: string, text: string | Iterable<string>, step?: CrashStep): void {
  try {
    replaceAtomicRaw(abs, text, step);
  } catch (e) {
    throw ioError(e, abs, existsNow(abs) ? 'it was left as it was' : 'nothing was written');
  }
}

const existsNow = (abs: string) => {
  try {
    statSync(abs);
    return true;
  } catch {
    return false;
  }
};

function replaceAtomicRaw(abs: string, text: string | Iterable<string>, step?: CrashStep): void {
  const tmp = tempName(abs);
  let mode = 0o644;
  try {
    mode = statSync(abs).mode & 0o777;
  } catch {
    // a new file
  }
  try {
    writeAndSync(tmp, text, mode);
    chmodSync(tmp, mode);
    if (step) crashPoint(step);
    renameSync(tmp, abs);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw e;
  }
  syncDir(path.dirname(abs));
}

/**
 * Give the record at `from` the text `text` and move it to `to` (both relative to `dir`), never over another file.
 * At every instant there is one record: first the old file is replaced by the new text (atomically), then renamed
 * to its new name (atomic too). A crash between the two leaves the new text under the old name, which `validate`
 * reports (filename) and `reports fix` moves; never two records of one report. The caller holds the archive lock,
 * so no other reports process creates `to` between the check and the rename.
 */
export function moveRecord(dir: string, from: string, to: string, text: string): void {
  const fromAbs = path.join(dir, from);
  const toAbs = path.join(dir, to);
  if (existsSync(toAbs)) throw new FileExistsError(to);
  try {
    mkdirSync(path.dirname(toAbs), { recursive: true });
  } catch (e) {
    throw ioError(e, toAbs, `nothing was written; ${from} is as it was`);
  }
  replaceAtomic(fromAbs, text);
  crashPoint('edit-move:after-replace');
  if (existsSync(toAbs)) throw new FileExistsError(to);
  try {
    renameSync(fromAbs, toAbs);
  } catch (e) {
    throw ioError(e, toAbs, `the new text is in ${from}, not moved (reports validate names it)`, 'move the record to');
  }
  syncDir(path.dirname(toAbs));
  if (path.dirname(toAbs) !== path.dirname(fromAbs)) syncDir(path.dirname(fromAbs));
  crashPoint('edit-move:after-rename');
}

/** A record in page order (FIELD_ORDER), then unknown fields; undefined and empty values left out. */
function ordered(record: Partial<Report> & Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keep = (v: unknown) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);
  for (const k of RECORD_FIELDS) if (keep(record[k])) out[k] = record[k];
  for (const [k, v] of Object.entries(record)) if (!(k in out) && keep(v)) out[k] = v;
  return out;
}

const LINE_WIDTH = 100;

/** The YAML text of a new record file, as the bundled archive writes them (abstract folded, lists as blocks). */
export function recordYaml(record: Partial<Report> & Record<string, unknown>): string {
  const doc = new Document(ordered(record));
  const abs = doc.get('abstract', true);
  if (abs instanceof Scalar) abs.type = String(abs.value).includes('\n') ? Scalar.BLOCK_LITERAL : Scalar.BLOCK_FOLDED;
  return doc.toString({ lineWidth: LINE_WIDTH, minContentWidth: 20 });
}


/**
 * A record's text with some fields changed (`undefined` removes one). Only the text of the fields changed is
 * rewritten: comments, the other fields and their layout stay byte for byte. A new field that comes after every
 * field there (an attachment, withdrawn) is appended; any other new field makes the record written out in page order.
 */
export function editRecordText(text: string, edits: ReadonlyArray<{ field: string; new: unknown }>): string {
  if (yamlShapeProblem(text)) throw new ReportsError('cannot edit a record whose YAML does not read (run reports validate)');
  const doc = parseDocument(text, { uniqueKeys: true, strict: true });
  if (doc.errors.length > 0 || !isMap(doc.contents)) throw new ReportsError('cannot edit a record whose YAML does not read (run reports validate)');
  const rank = (k: unknown) => {
    const i = (RECORD_FIELDS as readonly unknown[]).indexOf(k);
    return i < 0 ? Infinity : i;
  };
  const keyOf = (k: unknown) => (isScalar(k) ? k.value : k);
  const last = Math.max(-1, ...doc.contents.items.map((p) => rank(keyOf(p.key))));
  // The last change of a field is the one that counts.
  const final = new Map(edits.map((e) => [e.field, e.new]));
  const added = [...final].filter(([f, v]) => v !== undefined && !doc.has(f)).sort((a, b) => rank(a[0]) - rank(b[0]));
  const appended = added.every(([f]) => rank(f) > last && rank(f) !== Infinity);
  if (!appended) {
    const data = doc.toJS() as Record<string, unknown>;
    for (const [f, v] of final) data[f] = v;
    return recordYaml(data);
  }
  // Replace each changed pair's text (its key to the end of its value, with the line break), last first.
  const spans: Array<{ start: number; end: number; text: string }> = [];
  for (const pair of doc.contents.items) {
    const field = keyOf(pair.key);
    if (typeof field !== 'string' || !final.has(field)) continue;
    const start = (pair.key as { range?: [number, number, number] }).range?.[0];
    const end = (pair.value as { range?: [number, number, number] } | null)?.range?.[2] ?? (pair.key as { range?: [number, number, number] }).range?.[2];
    if (start === undefined || end === undefined) continue;
    const v = final.get(field);
    let replacement = v === undefined ? '' : fieldYaml(field, v);
    // A one-line value keeps what followed it on its line (a comment).
    const old = pair.value as { range?: [number, number, number]; type?: string } | null;
    const oneLine = (t: string) => !t.slice(0, -1).includes('\n');
    if (replacement && isScalar(old) && old.range && !String(old.type).startsWith('BLOCK') && oneLine(replacement) && typeof v !== 'object') {
      replacement = replacement.slice(0, -1) + text.slice(old.range[1], old.range[2]);
      if (!replacement.endsWith('\n') && end < text.length) replacement += '\n';
    }
    spans.push({ start, end, text: replacement });
  }
  let out = text;
  for (const sp of spans.sort((a, b) => b.start - a.start)) {
    const tail = out.slice(sp.end);
    // The pair's text ends with its line break, unless it is the last line of the file.
    out = out.slice(0, sp.start) + (sp.text && !text.slice(sp.start, sp.end).endsWith('\n') && tail === '' ? sp.text.replace(/\n$/, '') : sp.text) + tail;
  }
  if (added.length > 0) out = (out === '' || out.endsWith('\n') ? out : `${out}\n`) + added.map(([f, v]) => fieldYaml(f, v)).join('');
  return out;
}

/** One field as a record file writes it ("total: 1640\n"; an abstract folded; lists as blocks). */
function fieldYaml(field: string, value: unknown): string {
  const doc = new Document({ [field]: value });
  const node = doc.get(field, true);
  if (field === 'abstract' && node instanceof Scalar) node.type = String(node.value).includes('\n') ? Scalar.BLOCK_LITERAL : Scalar.BLOCK_FOLDED;
  return doc.toString({ lineWidth: LINE_WIDTH, minContentWidth: 20 });
}
