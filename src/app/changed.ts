// validate --changed: which record files changed since a git ref, and which findings involve them. Numbering is
// still checked against the whole archive (a new report can clash with an old one); only the report is narrowed.
import { realFolder } from '../store/files.js';
import path from 'node:path';
import type { Finding } from '../model/record.js';
import * as gitStore from '../store/git.js';

export interface ChangedRequest {
  /** Compare with this ref (default HEAD: the index and the work tree). */
  ref?: string;
  /** Only what is staged (the pre-commit hook). */
  staged?: boolean;
}

/** The record files of the archive (relative to it) that changed. */
export function changedRecordFiles(vars: gitStore.GitVars, archiveDir: string, req: ChangedRequest = {}): Set<string> {
  const root = gitStore.repoRoot(vars, archiveDir);
  // The archive folder itself is checked when it is loaded.
  const dir = realFolder(archiveDir);
  const out = new Set<string>();
  for (const f of gitStore.changedFiles(vars, root, req)) {
    if (!/\.ya?ml$/i.test(f)) continue;
    const rel = path.relative(dir, path.join(root, f)).split(path.sep).join('/');
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) out.add(rel);
  }
  return out;
}

/**
 * Clashes are placed on one record of the pair: when the changed file is the one kept, the finding sits on the other,
 * older file and names the changed one among the records involved. Other findings name records only as witnesses
 * (those agreeing on an offset), which a change to a witness does not make wrong.
 */
const CLASHES = new Set(['duplicate-number', 'duplicate-total', 'duplicate-title', 'date-order']);

/** The findings about a changed file, or clashes naming one. */
export function findingsInvolving<T extends Finding>(findings: readonly T[], files: ReadonlySet<string>): T[] {
  return findings.filter((f) => files.has(f.file) || (CLASHES.has(f.code) && (f.related?.some((r) => files.has(r)) ?? false)));
}
