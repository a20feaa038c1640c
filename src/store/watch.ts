// Noticing that an archive changed on disk (an `add` in a terminal, a `git pull`, an editor) without reading it
// again: what a long-running reader (`reports serve`) asks before each request.
import { lstatSync, readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
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
    let names: string[];
    try {
      names = readdirSync(abs);
    } catch {
      return;
    }
    for (const name of names) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const r = rel ? `${rel}/${name}` : name;
      // The loader follows links to folders; so does this (a loop is cut by the depth of a real archive).
      const st2 = lstatSync(path.join(dir, r), { throwIfNoEntry: false });
      if (!st2) continue;
      if (st2.isDirectory() || (st2.isSymbolicLink() && statSync(path.join(dir, r), { throwIfNoEntry: false })?.isDirectory() && r.split('/').length < 8)) walk(r);
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
 * Calls `onChange` when a file below `dir` changes (a record rewritten in place), or returns undefined where the
 * platform cannot watch a tree; the caller then re-reads the archive now and then instead.
 */
export function watchTree(dir: string, onChange: () => void): { close(): void } | undefined {
  let w: FSWatcher;
  try {
    w = watch(dir, { recursive: true, persistent: false }, () => onChange());
  } catch {
    return undefined;
  }
  // An error (the folder removed, too many watches) turns watching off: the caller's periodic re-read remains.
  w.on('error', () => {
    w.close();
    onChange();
  });
  return { close: () => w.close() };
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
