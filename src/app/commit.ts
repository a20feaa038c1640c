// Committing what a use case wrote: the one place every writing use case (add, edit, import, fix, and those to come)
// goes through, so the command line and a library caller commit the same way, with one message format.
//
//   input:  { ..., commit: true }                 (CommitOption)
//   result: { ..., commit: { id, message } }       (Committed), absent when nothing was committed
//
// Just the files the use case wrote (and removed) are committed; whatever else is staged or changed stays as it was.
// A clone without the pre-commit hook is told, on its first commit, how to install it (once per clone).
// Whether the archive is in a git repository is asked before anything is written (assertCanCommit), so a caller
// who asked for a commit never gets a written but uncommitted record without being told why.
import { realFolder } from '../store/files.js';
import path from 'node:path';
import { ReportsError } from '../errors.js';
import * as gitStore from '../store/git.js';
import type { AppEnv } from './env.js';
import { hookNoticeOnce } from './hook.js';

/** Part of the input of every writing use case. */
export interface CommitOption {
  /** Commit the files written (just those) in the archive's git repository, with a message naming the reports. */
  commit?: boolean;
}

/** Part of the result of every writing use case that committed. */
export interface Committed {
  /** The commit's short id. */
  id: string;
  /** Its message (one line). */
  message: string;
}

/** What a commit says it did: the verb of the use case. */
export type CommitVerb = 'Add' | 'Edit' | 'Import' | 'Fix' | 'Remove' | 'Attach' | 'Sync' | (string & {});

/** A report a commit names. */
export interface CommitSubject {
  id: string;
  title?: string;
}

/** The files were written but could not be committed: they are on disk, named here, and git's reason is given. */
export class CommitFailedError extends ReportsError {
  constructor(
    readonly written: readonly string[],
    reason: string | ReportsError,
    options: { cause?: unknown } = {},
  ) {
    const what = `${written.length === 1 ? written[0] : `${written.length} files`} written but not committed`;
    super((w) => `${what}: ${typeof reason === 'string' ? reason : reason.worded(w)}`, written.length === 1 ? [] : [...written], options);
    this.name = 'CommitFailedError';
  }
}

/**
 * The one message format: "<Verb> <id>: <title>" for one report, "<Verb> <id>, <id>, ... and N more" for several
 * (five ids at most). Control characters and line breaks of a title become spaces: a title is data, not a message's
 * structure.
 */
export function commitMessage(verb: CommitVerb, reports: readonly CommitSubject[]): string {
  const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  const unique = [...new Map(reports.map((r) => [r.id, r])).values()];
  if (unique.length === 1) {
    const r = unique[0]!;
    return r.title && clean(r.title) ? `${verb} ${r.id}: ${clean(r.title)}` : `${verb} ${r.id}`;
  }
  const ids = unique.map((r) => r.id);
  return `${verb} ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ` and ${ids.length - 5} more` : ''}`;
}

/**
 * Before writing: throws (nothing written yet) when a commit was asked for and cannot be made: no git, the archive
 * not in a repository, a merge in progress.
 */
export function assertCanCommit(env: Pick<AppEnv, 'archive' | 'vars'>, option: CommitOption): void {
  if (!option.commit) return;
  const root = gitStore.repoRoot(env.vars, env.archive);
  if (gitStore.mergeInProgress(env.vars, root)) {
    throw new ReportsError('a merge is in progress: finish it (git commit) before writing with a commit; nothing was written');
  }
}

/**
 * After writing: commit `written` and `removed` (relative to the archive) and nothing else when the option asks for
 * it and something was written; undefined otherwise. A failure names the files, which stay written.
 */
export function commitWrites(
  env: Pick<AppEnv, 'archive' | 'vars' | 'cwd' | 'notify'>,
  option: CommitOption,
  what: { verb: CommitVerb; reports: readonly CommitSubject[]; written: readonly string[]; removed?: readonly string[] },
): Committed | undefined {
  const removed = what.removed ?? [];
  if (!option.commit || what.written.length + removed.length === 0) return undefined;
  const message = commitMessage(what.verb, what.reports);
  try {
    const root = gitStore.repoRoot(env.vars, env.archive);
    const dir = realFolder(env.archive);
    const toGit = (f: string) => gitStore.repoPath(root, path.join(dir, f));
    const id = gitStore.commitFiles(env.vars, root, what.written.map(toGit), message, removed.map(toGit));
    hookNoticeOnce(env);
    return { id, message };
  } catch (e) {
    if (e instanceof ReportsError) throw new CommitFailedError(what.written, e, { cause: e });
    throw e;
  }
}
