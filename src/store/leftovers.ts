// What killed runs leave behind: temp files and folders named with the pid of the process that made them. A later
// run removes those whose process is gone; a live process's are never touched.
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

/** True when a process with this pid exists (EPERM: it exists but belongs to another user). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `.name.tmp-<pid>-...`: a temp file or folder of the writers (store/write.ts, store/site.ts). */
const TEMP = /^\..+\.tmp-(\d+)-/;

/** The pid in a temp name, or undefined when the name is not one of ours. */
export function tempPid(name: string): number | undefined {
  const m = TEMP.exec(name);
  return m ? Number(m[1]) : undefined;
}

/** Remove the temp entries of dead processes in one folder (not below). Returns the names removed. */
export function sweepFolder(dir: string, only?: (name: string) => boolean): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const pid = tempPid(name);
    if (pid === undefined || pid === process.pid || pidAlive(pid) || (only && !only(name))) continue;
    try {
      rmSync(path.join(dir, name), { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Not ours to remove after all (permissions): leave it.
    }
  }
  return removed;
}

/** The same for the archive folder and its subfolders (hidden folders and node_modules skipped, links not followed). */
export function sweepArchive(dir: string): string[] {
  const removed: string[] = [];
  const walk = (rel: string, depth: number) => {
    const abs = rel ? path.join(dir, rel) : dir;
    for (const name of sweepFolder(abs)) removed.push(rel ? `${rel}/${name}` : name);
    if (depth > 8) return;
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') walk(rel ? `${rel}/${e.name}` : e.name, depth + 1);
  };
  walk('', 0);
  return removed;
}
