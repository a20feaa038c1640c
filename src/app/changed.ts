// validate --changed: which record files changed since a git ref, and which findings involve them. Numbering is
// still checked against the whole archive (a new report can clash with an old one); only the report is narrowed.
import { realFolder } from '../store/files.js';
import path from 'node:path';
import type { Finding, LoadedRecord } from '../model/record.js';
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
 * The findings whose parties are records: the record blamed and the records it disagrees with (`related`). Other
 * findings name records only as witnesses (those agreeing on an offset), which a change to a witness does not make
 * wrong.
 */
const BETWEEN_RECORDS = new Set(['duplicate-number', 'duplicate-total', 'duplicate-title', 'date-order']);

/** The field a finding of each code is about, for placing a copy of it on another party's file. */
const FIELD: Record<string, string> = { 'duplicate-number': 'number', 'duplicate-total': 'total', 'duplicate-title': 'title', 'date-order': 'date', 'total-offset': 'total' };

/**
 * The findings one of whose parties is a changed file, each located on a changed file: a finding on an unchanged
 * record that names a changed one as a party is placed on the changed record (its message says where it came from),
 * so that the pre-commit hook stops the commit that brought it. A tie already sits on each party's file.
 */
export function findingsInvolving<T extends Finding>(findings: readonly T[], files: ReadonlySet<string>, records: readonly LoadedRecord[] = []): T[] {
  const byFile = new Map(records.map((r) => [r.file, r]));
  const out: T[] = [];
  const seen = new Set<string>();
  const key = (f: Finding) => `${f.file}\u0000${f.code}\u0000${f.message}`;
  const push = (f: T) => {
    if (seen.has(key(f))) return;
    seen.add(key(f));
    out.push(f);
  };
  for (const f of findings) {
    if (files.has(f.file)) {
      push(f);
      continue;
    }
    if (!f.related || !(f.unsettled || BETWEEN_RECORDS.has(f.code))) continue;
    for (const other of f.related) {
      if (!files.has(other)) continue;
      const r = byFile.get(other);
      const pos = r ? (r.positions.values[FIELD[f.code] ?? ''] ?? r.positions.keys[FIELD[f.code] ?? ''] ?? [1, 1]) : [1, 1];
      push({ ...f, file: other, line: pos[0], column: pos[1], id: r?.id, related: [f.file, ...f.related.filter((x) => x !== other)], message: `${f.message} [found on ${f.file}; this changed file is a party]` });
    }
  }
  return out;
}
