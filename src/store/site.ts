// Writing an exported site: the pages the HTML renderer yields, into a folder the caller made (see
// writeFolderAtomically, which builds it beside the target and moves it into place).
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { InterruptedError } from '../errors.js';

export interface SiteFile {
  /** Relative to the site's folder, with "/" between folders. */
  path: string;
  /** The text, or its pieces in order, made as they are written (a large page is never whole in memory). */
  content: string | Iterable<string>;
}

export interface WriteSiteOptions {
  /** How many files `files` yields, for progress. */
  total?: number;
  /** Called after each batch of files with (written, total). */
  progress?: (done: number, total: number) => void;
  /** Stops the writing (Ctrl-C): writeSiteFiles throws InterruptedError and the caller removes the folder. */
  signal?: AbortSignal;
  /** Receives the path of each file written (for the site's manifest). */
  written?: string[];
}

/** Write each file under `dir`, making its folders as they first appear. Returns how many files were written. */
export async function writeSiteFiles(dir: string, files: Iterable<SiteFile>, opts: WriteSiteOptions = {}): Promise<number> {
  const made = new Set<string>(['.']);
  let done = 0;
  // Plain synchronous writes: for thousands of small files they take half the time of many writes in flight
  // (measured: 32,000 files, 0.33 s against 0.83 s). Every 256 files the event loop gets a turn, for Ctrl-C.
  const step = async () => {
    opts.progress?.(done, opts.total ?? done);
    await new Promise((r) => setImmediate(r));
    if (opts.signal?.aborted) throw new InterruptedError('interrupted; the export was not written');
  };
  for (const f of files) {
    // Names come from slugs; a path that could leave the folder is a bug, never written.
    if (f.path.startsWith('/') || f.path.split('/').includes('..')) throw new Error(`refusing to write ${JSON.stringify(f.path)} outside the site's folder`);
    const folder = path.posix.dirname(f.path);
    if (!made.has(folder)) {
      mkdirSync(path.join(dir, folder), { recursive: true });
      made.add(folder);
    }
    if (typeof f.content === 'string') writeFileSync(path.join(dir, f.path), f.content);
    else writePieces(path.join(dir, f.path), f.content);
    opts.written?.push(f.path);
    if (++done % 256 === 0) await step();
  }
  await step();
  return done;
}

/** Write `pieces` to `file` one after the other, each whole (a write may take only part of what it is given). */
function writePieces(file: string, pieces: Iterable<string>): void {
  const fd = openSync(file, 'w');
  try {
    for (const piece of pieces) {
      const bytes = Buffer.from(piece, 'utf8');
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
    }
  } finally {
    closeSync(fd);
  }
}
