// Finding and reading report pages on disk (for `import` and `add --from-text`): files and folders given by the
// user, regular files only, a size cap. Never throws for one bad file: it becomes that page's error.
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { readPage, type PageRead } from '../model/page/index.js';

/** A page is a few kilobytes; a saved HTML page rarely passes a megabyte. Larger files are refused. */
export const MAX_PAGE_BYTES = 16 * 1024 * 1024;

/** The extensions a folder is searched for. A file named on the command line is read whatever its name. */
export const PAGE_EXTENSIONS = /\.(?:txt|html?)$/i;

export interface PageFile {
  /** Absolute path. */
  abs: string;
  /** As the user should see it: relative to the working folder when inside it. */
  shown: string;
  /** Why it cannot be read, when it cannot. */
  error?: string;
}

/** `p` as the user should see it: relative to `cwd` when inside it, with forward slashes. */
export function shownPath(cwd: string, abs: string): string {
  const rel = path.relative(cwd, abs);
  const s = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
  return s.split(path.sep).join('/');
}

/**
 * The page files named by `paths` (relative to `cwd`): files as given, folders searched recursively for .txt, .html
 * and .htm (hidden entries and node_modules skipped, links to folders not followed), each folder's pages sorted.
 * A link to a file is followed only when the file is inside the folder named: one leading out of it (a page
 * folder someone else filled, linking to a private file) is kept with its error and never read, so nothing of
 * the file it leads to reaches the review. A path that does not exist is kept, with its error.
 */
export function listPageFiles(cwd: string, paths: readonly string[]): PageFile[] {
  const out: PageFile[] = [];
  const seen = new Set<string>();
  const add = (abs: string, error?: string) => {
    if (seen.has(abs)) return;
    seen.add(abs);
    out.push({ abs, shown: shownPath(cwd, abs), ...(error ? { error } : {}) });
  };
  const walk = (dir: string, root: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (e) {
      add(dir, `cannot read the folder: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return;
    }
    for (const name of names) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const abs = path.join(dir, name);
      const st = lstatSync(abs, { throwIfNoEntry: false });
      if (st?.isDirectory()) walk(abs, root);
      else if (PAGE_EXTENSIONS.test(name) && st?.isFile()) add(abs);
      else if (PAGE_EXTENSIONS.test(name) && st?.isSymbolicLink() && statSync(abs, { throwIfNoEntry: false })?.isFile()) {
        if (inside(root, abs)) add(abs);
        else add(abs, 'a link to a file outside the folder named; not followed (name the file itself to import it)');
      }
    }
  };
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    const st = statSync(abs, { throwIfNoEntry: false });
    if (!st) add(abs, 'no such file or folder');
    else if (st.isDirectory()) walk(abs, realOr(abs));
    else add(abs);
  }
  return out;
}

function realOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** Whether the link `abs` leads to a file inside the folder `root` (a real path). */
function inside(root: string, abs: string): boolean {
  const rel = path.relative(root, realOr(abs));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * The bytes of a page file. Opened without blocking and checked to be a regular file first, so a FIFO or a device
 * named by mistake never hangs the command; larger than MAX_PAGE_BYTES is refused.
 */
export function readPageBytes(abs: string): { bytes: Buffer } | { error: string } {
  let fd: number | undefined;
  try {
    fd = openSync(abs, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const st = fstatSync(fd);
    if (!st.isFile()) return { error: 'not a regular file' };
    if (st.size > MAX_PAGE_BYTES) return { error: `${st.size} bytes; pages larger than ${MAX_PAGE_BYTES} bytes are refused` };
    const buf = Buffer.allocUnsafe(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    return { bytes: buf.subarray(0, off) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder' : `cannot read: ${code ?? (e as Error).message}` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** One page file read and parsed: the page, or why it cannot be read. */
export interface PageResult {
  page?: PageRead;
  error?: string;
}

export function readOnePage(f: PageFile): PageResult {
  if (f.error) return { error: f.error };
  const r = readPageBytes(f.abs);
  return 'error' in r ? { error: r.error } : { page: readPage(r.bytes, f.abs) };
}
