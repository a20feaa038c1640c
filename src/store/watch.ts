// Noticing that an archive changed on disk (an `add` in a terminal, a `git pull`, an editor) without reading it
// again: what a long-running reader (`reports serve`) asks before each request.
import { readdirSync, statSync, watch, type Dirent, type FSWatcher } from 'node:fs';
import path from 'node:path';

/**
 * The folders of an archive (itself and every folder below it that the loader walks) and their change times. A
 * record created, removed or replaced by a rename (every write of this tool, git's checkout) changes its folder's
 * time; a file rewritten in place does not, which the watcher below catches.
 */
export function folderStamp(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (rel: string) => {
    const abs = rel ? path.join(dir, rel) : dir;
    let st;
    try {
      st = statSync(abs);
    } catch {
      return;
    }
    out.set(rel, st.mtimeMs + st.ctimeMs / 1e9);
    // Typed entries: the folders are told apart without a stat of each record file (10,000 records, a fresh
    // process on a loaded machine: 106-115 ms with an lstat per entry, 28-33 ms with the types readdir gives).
    let entries: Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const name = e.name;
      if (name.startsWith('.') || name === 'node_modules') continue;
      const r = rel ? `${rel}/${name}` : name;
      // Links to folders are followed too (a loop is cut by the depth of a real archive).
      if (e.isDirectory() || (e.isSymbolicLink() && statSync(path.join(dir, r), { throwIfNoEntry: false })?.isDirectory() && r.split('/').length < 8)) walk(r);
    }
  };
  walk('');
  return out;
}

/** Whether any folder of `stamp` changed since it was taken (a stat per folder: about 50 for 50 years). */
export function stampChanged(dir: string, stamp: ReadonlyMap<string, number>): boolean {
  for (const [rel, t] of stamp) {
    const st = statSync(rel ? path.join(dir, rel) : dir, { throwIfNoEntry: false });
    if (!st || st.mtimeMs + st.ctimeMs / 1e9 !== t) return true;
  }
  return false;
}

/**
 * Calls `onChange` when a file in one of `folders` (relative to `dir`, as folderStamp gives them) changes: a record
 * rewritten in place. Each folder is watched by itself (one inotify watch a folder reports its files' changes);
 * node's recursive watch was not used: on Linux it watches every file, which took seconds on 10,000 records before
 * the first request. Returns undefined where nothing can be watched; the caller then re-reads now and then.
 */
export function watchFolders(dir: string, folders: Iterable<string>, onChange: () => void): { close(): void } | undefined {
  const watchers: FSWatcher[] = [];
  const close = () => {
    for (const w of watchers.splice(0)) w.close();
  };
  try {
    for (const rel of folders) {
      const w = watch(rel ? path.join(dir, rel) : dir, { persistent: false }, () => onChange());
      // An error (the folder removed, too many watches) turns watching off: the caller's re-reads remain.
      w.on('error', () => {
        close();
        onChange();
      });
      watchers.push(w);
    }
  } catch {
    close();
    return undefined;
  }
  return { close };
}

/** The change time (ms) of each record file: the datestamps a harvester sees. A file gone meanwhile is left out. */
export function fileTimes(dir: string, files: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of files) {
    const st = statSync(path.join(dir, f), { throwIfNoEntry: false });
    if (st) out.set(f, st.mtimeMs);
  }
  return out;
}
