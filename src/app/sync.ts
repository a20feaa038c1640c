// reports sync: git pull (merge or rebase, as the repository is set), then fix --apply under the rule that what others
// already have stays (the pushed report keeps its number, the local one is renumbered and committed as such), then
// validate, and a summary of what arrived and what was renumbered. Pushes only when asked.
//
// It refuses to start with uncommitted record changes, and leaves the repository as it found it when its own part
// fails: a fix that cannot finish aborts the merge or rebase and goes back to the commit it started from. A pull that
// git itself cannot finish (a conflict outside the records, no network) is git's own state, and is explained.
import path from 'node:path';
import { ReportsError } from '../errors.js';
import type { Finding } from '../model/record.js';
import { loadArchive } from '../store/archive.js';
import * as gitStore from '../store/git.js';
import { realFolder } from '../store/files.js';
import type { AppEnv } from './env.js';
import { checkWithEvidence } from './evidence.js';
import { fixArchive, type FixResult } from './fix.js';
import { hookNoticeOnce } from './hook.js';

export interface SyncInput {
  /** Push after a sync that leaves no error. */
  push?: boolean;
  /** Choices for fix, when the pull brings one (see fix --prefer). */
  prefer?: string[];
}

export interface SyncResult {
  /** How git pulled: merge or rebase. */
  mode: 'merge' | 'rebase';
  /** The branch pulled from, e.g. origin/main. */
  upstream: string;
  /** Commits before and after (short ids); equal when nothing arrived. */
  before: string;
  after: string;
  /** Record files that arrived from the upstream, relative to the archive: added, changed or removed. */
  arrived: Array<{ file: string; status: 'added' | 'changed' | 'removed' }>;
  /** Local reports renumbered because the upstream already had their number. */
  renumbered: FixResult['renumbered'];
  /** Commits made by the fix (the merge, the renumberings). */
  commits: FixResult['commits'];
  /** The archive's errors after the sync (validate's, with the evidence). */
  findings: Finding[];
  /** Record files read and records loaded after the sync. */
  files: number;
  records: number;
  pushed: boolean;
}

export async function syncArchive(env: AppEnv, input: SyncInput = {}): Promise<SyncResult> {
  const vars = env.vars;
  const root = gitStore.repoRoot(vars, env.archive);
  const dir = realFolder(env.archive);
  const archiveInRepo = gitStore.repoPath(root, dir);
  const inArchive = (p: string) => archiveInRepo === '' || p === archiveInRepo || p.startsWith(`${archiveInRepo}/`);
  const toArchive = (p: string) => path.relative(dir, path.join(root, p)).split(path.sep).join('/');

  if (gitStore.mergeInProgress(vars, root) || gitStore.rebaseInProgress(vars, root)) {
    throw new ReportsError(`a merge or rebase is in progress: finish it first (reports fix, then ${gitStore.GIT_STEPS.continueMerge} or ${gitStore.GIT_STEPS.continueRebase}), then run reports sync`);
  }
  const uncommitted = [...gitStore.changedStatus(vars, root).keys()].filter((p) => inArchive(p) && /\.ya?ml$/i.test(p));
  if (uncommitted.length > 0) {
    throw new ReportsError(
      (w) =>
        `${uncommitted.length} record file${uncommitted.length === 1 ? ' is' : 's are'} not committed; nothing was pulled. Commit them (${gitStore.GIT_STEPS.continueMerge}, or add/edit with ${w.field('commit')}) or put them aside (${gitStore.GIT_STEPS.stash}), then sync again:`,
      uncommitted.map(toArchive),
    );
  }
  const upstream = gitStore.upstreamOf(vars, root);
  if (!upstream) throw new ReportsError(`this branch has no upstream to pull from; set one (${gitStore.GIT_STEPS.setUpstream}), or push it first (${gitStore.GIT_STEPS.pushUpstream})`);
  const before = gitStore.headCommit(vars, root);
  if (!before) throw new ReportsError('the repository has no commit yet: commit the archive (git commit), push it, then sync');
  const mode = gitStore.pullRebases(vars, root) ? 'rebase' : 'merge';
  hookNoticeOnce(env);

  const pull = gitStore.pull(vars, root, mode === 'rebase');
  if (pull.status !== 0) {
    const stuck = gitStore.unmergedFiles(vars, root);
    const outside = stuck.filter((u) => !inArchive(u.path) || !/\.ya?ml$/i.test(u.path));
    const stopped = gitStore.mergeInProgress(vars, root) || gitStore.rebaseInProgress(vars, root);
    if (!stopped || stuck.length === 0 || outside.length > 0) {
      const said = (pull.stderr + pull.stdout).trim().split('\n').filter(Boolean).slice(0, 6);
      const back = gitStore.mergeInProgress(vars, root) ? gitStore.GIT_STEPS.abortMerge : gitStore.rebaseInProgress(vars, root) ? gitStore.GIT_STEPS.abortRebase : undefined;
      throw new ReportsError(
        `git pull did not finish${outside.length ? ` (conflicts outside the records: ${outside.map((u) => u.path).join(', ')})` : ''}; the repository is as git left it${back ? `: resolve it in git, or go back with ${back}` : ''}. git said:`,
        said,
      );
    }
  }

  // Conflicts in record files, or clashes git merged without a conflict: fix them, committing as it goes.
  let fixed: FixResult;
  try {
    // The plan first: a choice the rules cannot make stops the sync before anything is written.
    const plan = await fixArchive(env, { apply: false, prefer: input.prefer });
    if (plan.plan.choices.length > 0) {
      const choices = plan.plan.choices;
      throw new ReportsError(
        (w) => `the pull brought conflicts the rules cannot settle; nothing was changed. Choose, then sync again with ${w.field('prefer')}:`,
        (w) => choices.map((c) => `${c.question} (${c.options.map((o) => `${w.field('prefer')} ${o.prefer}: ${o.means}`).join('; ')})`),
      );
    }
    fixed = await fixArchive(env, { apply: true, commit: true, prefer: input.prefer });
    if (gitStore.unmergedFiles(vars, root).length > 0 || gitStore.mergeInProgress(vars, root) || gitStore.rebaseInProgress(vars, root)) {
      throw new ReportsError('the pull brought conflicts fix could not resolve; nothing was changed (run git pull, then reports fix, to see them)');
    }
  } catch (e) {
    goBack(vars, root, before);
    throw e;
  }
  const after = gitStore.headCommit(vars, root)!;
  const arrived = arrivedFiles(vars, root, before, upstream, inArchive, toArchive);
  const archive = await loadArchive(env.archive, { cache: env.cache });
  const findings = checkWithEvidence(env, archive).findings.filter((f) => f.severity === 'error');
  let pushed = false;
  if (input.push && findings.length === 0) {
    const r = gitStore.push(vars, root);
    if (r.status !== 0) throw new ReportsError(`git push failed; the pull and the fixes are committed here. git said:`, r.stderr.trim().split('\n').slice(0, 6));
    pushed = true;
  }
  const short = (c: string) => c.slice(0, 7);
  return { mode, upstream, before: short(before), after: short(after), arrived, renumbered: fixed.renumbered, commits: fixed.commits, findings, files: archive.files, records: archive.records.length, pushed };
}

/** Undo an unfinished pull: abort the merge or rebase, and go back to the commit the sync started from. */
function goBack(vars: AppEnv['vars'], root: string, before: string): void {
  gitStore.goBackTo(vars, root, before);
}

/** The record files the upstream changed since the commit this clone shared with it. */
function arrivedFiles(vars: AppEnv['vars'], root: string, before: string, upstream: string, inArchive: (p: string) => boolean, toArchive: (p: string) => string): SyncResult['arrived'] {
  const base = gitStore.mergeBase(vars, root, before, upstream);
  if (!base) return [];
  const words: Record<string, 'added' | 'changed' | 'removed'> = { A: 'added', M: 'changed', D: 'removed' };
  return gitStore
    .diffNames(vars, root, base, upstream, '')
    .filter((d) => inArchive(d.path) && /\.ya?ml$/i.test(d.path))
    .map((d) => ({ file: toArchive(d.path), status: words[d.status[0]!] ?? 'changed' }));
}
