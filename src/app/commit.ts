// --commit of add, edit and fix: commit just the files a command wrote, with a message naming the report(s).
import { realpathSync } from 'node:fs';
import path from 'node:path';
import * as gitStore from '../store/git.js';

/** "Add 2019-R97: Rural Finance" (control characters and line breaks of a title become spaces). */
export function commitMessage(verb: string, reports: ReadonlyArray<{ id: string; title?: string }>): string {
  const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  if (reports.length === 1) {
    const r = reports[0]!;
    return r.title ? `${verb} ${r.id}: ${clean(r.title)}` : `${verb} ${r.id}`;
  }
  const ids = reports.map((r) => r.id);
  return `${verb} ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ` and ${ids.length - 5} more` : ''}`;
}

/** Commit `files` (relative to the archive) and nothing else; returns the commit's short id. */
export function commitWritten(archiveDir: string, files: readonly string[], message: string, removed: readonly string[] = []): string {
  const root = gitStore.repoRoot(archiveDir);
  const dir = realpathSync(archiveDir);
  const toGit = (f: string) => gitStore.repoPath(root, path.join(dir, f));
  return gitStore.commitFiles(root, files.map(toGit), message, removed.map(toGit));
}
