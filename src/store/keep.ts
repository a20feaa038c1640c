// Keeping what a user typed when it cannot go where it was meant to (a full disk, a read-only archive, a lock).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Write `text` to a new file `<name>` in the first of `folders` that takes it (each in a fresh private folder, so
 * nothing is overwritten). Returns its path, or undefined when none did (the caller then shows the text itself).
 */
export function keepText(text: string, name: string, folders: readonly string[]): string | undefined {
  for (const folder of folders) {
    let dir: string | undefined;
    try {
      dir = mkdtempSync(path.join(folder, 'reports-kept-'));
      const file = path.join(dir, name);
      writeFileSync(file, text, { flag: 'wx', mode: 0o600 });
      return file;
    } catch {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  }
  return undefined;
}

/** Where to keep text, in order: the temp folder, then beside the archive, then the home folder. */
export function keepFolders(archive: string): string[] {
  return [...new Set([os.tmpdir(), path.dirname(path.resolve(archive)), os.homedir()])];
}
