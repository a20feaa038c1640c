// The few questions the use cases ask of the disk outside reading and writing records: is a path there, where does
// a link or folder really lead, what does a file hold, when was it changed, what is in a folder. The use cases ask
// them here (app/ imports no node:fs; scripts/check-layers.mjs refuses it), so the disk is one layer.
import { chmodSync, closeSync, existsSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';

/** fsync a folder so a new or renamed entry in it survives a power cut. Some systems cannot; that is not fatal. */
export function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows and some network file systems refuse to open or fsync a folder.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** True when something (a file, a folder, a link to one) is at `p`. */
export function pathExists(p: string): boolean {
  return existsSync(p);
}

/** The folder with its links resolved (as git names it); the path as given when it cannot be resolved. */
export function realFolder(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}

/** Where `abs` really is when it is a symbolic link (the link stays); undefined when it is not a link. */
export function linkTarget(abs: string): string | undefined {
  return lstatSync(abs).isSymbolicLink() ? realpathSync(abs) : undefined;
}

/** A text file's content (UTF-8). */
export function readText(abs: string): string {
  return readFileSync(abs, 'utf8');
}

/** When the file was last changed (ms since 1970), or undefined when it is gone. */
export function modifiedAt(abs: string): number | undefined {
  try {
    return statSync(abs).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Remove a file and make the removal durable (its folder synced). */
export function removeFile(abs: string): void {
  unlinkSync(abs);
  syncDir(path.dirname(abs));
}

/** Make a folder (and its parents); nothing when it exists. */
export function makeFolder(dir: string): void {
  mkdirSync(dir, { recursive: true });
}

/** Make a file executable by everyone who may read it (a git hook). */
export function makeExecutable(abs: string): void {
  chmodSync(abs, 0o755);
}

/** True when `dir` is a folder that can be listed. */
export function isReadableFolder(dir: string): boolean {
  try {
    readdirSync(dir);
    return true;
  } catch {
    return false;
  }
}

/** How many YAML files are below `dir` (0 when it cannot be read). */
export function countYamlFiles(dir: string): number {
  try {
    return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => /\.ya?ml$/i.test(f)).length;
  } catch {
    return 0;
  }
}

/**
 * What is at `p`, links followed: 'file' for a regular file, else the kind in words ('a folder', 'a named pipe',
 * 'a socket', 'a device'); undefined when nothing is there. Never opens it (a pipe would wait for a writer).
 */
export function entryKind(p: string): string | undefined {
  const st = statSync(p, { throwIfNoEntry: false });
  if (!st) return undefined;
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  return 'a device';
}
