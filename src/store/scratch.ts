// The temporary copy a record is edited in. It lives in the system's temp folder as
// reports-edit-<pid>-XXXXXX/<name>, beside a hidden copy of the original, so that a later run can tell an
// untouched copy of a killed edit (removed) from one holding the user's changes (kept, and its path told).
import { lstatSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pidAlive } from './leftovers.js';

const PREFIX = 'reports-edit-';
const ORIGINAL = '.original';
/** The record file the copy was made from (absolute), so that a later run can tell a copy already applied. */
const RECORD = '.record';

export interface Scratch {
  /** The copy the editor opens. */
  file: string;
  /** Keep the copy for the user (it is then never swept): returns its path. */
  keep(): string;
  /** Remove the copy (unless kept). */
  discard(): void;
}

export function editScratch(name: string, original: string, tmp = os.tmpdir(), record?: string): Scratch {
  let folder = mkdtempSync(path.join(tmp, `${PREFIX}${process.pid}-`));
  writeFileSync(path.join(folder, ORIGINAL), original);
  if (record !== undefined) writeFileSync(path.join(folder, RECORD), record);
  writeFileSync(path.join(folder, name), original);
  let kept = false;
  return {
    get file() {
      return path.join(folder, name);
    },
    keep() {
      if (!kept) {
        // Renamed without the pid: a kept copy is the user's, never a leftover.
        const to = folder.replace(`${PREFIX}${process.pid}-`, `${PREFIX}kept-`);
        try {
          renameSync(folder, to);
          folder = to;
        } catch {
          // Keep it where it is; a sweep leaves copies that differ from their original anyway.
        }
        kept = true;
      }
      return path.join(folder, name);
    },
    discard() {
      if (!kept) rmSync(folder, { recursive: true, force: true });
    },
  };
}

/**
 * Copies of edits whose process is gone: an untouched one is removed, and so is one whose text its record now
 * holds (the edit was applied, or taken up with --from); one that differs from both holds the user's work and is
 * returned (path of the edited file), never removed. Only this user's folders are looked at: in a temp folder
 * shared by several users, another user's copy is theirs (and a folder another user made is never trusted).
 */
export function interruptedEdits(tmp = os.tmpdir()): string[] {
  const found: string[] = [];
  let names: string[];
  try {
    names = readdirSync(tmp);
  } catch {
    return found;
  }
  for (const n of names) {
    const m = /^reports-edit-(\d+)-/.exec(n);
    if (!m || Number(m[1]) === process.pid || pidAlive(Number(m[1]))) continue;
    const folder = path.join(tmp, n);
    try {
      const st = lstatSync(folder);
      if (!st.isDirectory() || st.uid !== process.getuid?.()) continue;
      const original = readFileSync(path.join(folder, ORIGINAL), 'utf8');
      const record = recordText(folder);
      const copies = readdirSync(folder).filter((f) => f !== ORIGINAL && f !== RECORD);
      const changed = copies.filter((f) => {
        const text = readFileSync(path.join(folder, f), 'utf8');
        return text !== original && text !== record;
      });
      if (changed.length === 0) rmSync(folder, { recursive: true, force: true });
      else for (const f of changed) found.push(path.join(folder, f));
    } catch {
      // Not ours, or unreadable: leave it.
    }
  }
  return found;
}

/** The text the record of a copy holds now, if the copy names its record and it can be read. */
function recordText(folder: string): string | undefined {
  try {
    return readFileSync(readFileSync(path.join(folder, RECORD), 'utf8'), 'utf8');
  } catch {
    return undefined;
  }
}
