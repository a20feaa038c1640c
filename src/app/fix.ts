// reports fix: gather what the planner needs (records, conflicted files from git, when each report was added), plan,
// and with `apply` carry the plan out under the archive lock, one atomic write per file, then check again.
import { modifiedAt, readText, realFolder, removeFile } from '../store/files.js';
import path from 'node:path';
import type { AppEnv } from './env.js';
import { ReportsError } from '../errors.js';
import { planFix, type AddedAt, type ConflictInput, type FileAction, type FixPlan, type RepairableInput } from '../checks/fix.js';
import { checkWithEvidence } from './evidence.js';
import type { Finding } from '../model/record.js';
import { loadArchive, type Archive } from '../store/archive.js';
import { withArchiveLock } from '../store/lock.js';
import { createExclusive, editRecordText, replaceAtomic } from '../store/write.js';
import * as gitStore from '../store/git.js';
import { assertCanCommit, commitWrites, type CommitOption, type Committed } from './commit.js';

export interface FixRequest extends CommitOption {
  apply: boolean;
  prefer?: string[];
  // `commit`: during a merge or rebase, carries it on, then commits each renumbered report; outside git, nothing to do.
}

export interface FixResult {
  plan: FixPlan;
  applied: boolean;
  /** Files written and removed (relative to the archive). */
  written: string[];
  removed: string[];
  /** Files staged in git (relative to the archive). */
  staged: string[];
  /** The last commit made with `commit` (app/commit.ts's format). */
  commit?: Committed;
  /** Every commit made with `commit`, in order: the merge carried on, each "Renumber <old> -> <new>: <title>", "Fix ...". */
  commits: Committed[];
  /** True when a merge is still to be committed. */
  mergeInProgress: boolean;
  /** The git operation stopped for the conflicts, when one is (with apply: after the fix). */
  operation?: 'merge' | 'rebase';
  /** What to run next, when something is left to do in git (gitStore.GIT_STEPS: continueMerge, continueRebase). */
  next?: string;
  /** Reports renumbered by the fix: old id -> new id, with the file. */
  renumbered: Array<{ from: string; to: string; file: string; title?: string }>;
  /** The archive's findings after the fix (with apply), else before it. */
  findings: Finding[];
  /** True when the archive is in a git repository. */
  git: boolean;
  /** Record files read and records loaded, for the findings' summary. */
  files: number;
  records: number;
}

interface Gathered {
  archive: Archive;
  root?: string;
  conflicts: ConflictInput[];
  /** Blob texts of the conflicted files' sides, by archive path. */
  sides: Map<string, { ours?: string; theirs?: string }>;
  findings: Finding[];
  plan: FixPlan;
}

/** Relative to the archive, forward slashes; undefined when outside it. */
function inArchive(archiveDir: string, root: string, gitPath: string): string | undefined {
  const rel = path.relative(archiveDir, path.join(root, gitPath)).split(path.sep).join('/');
  return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel;
}

async function gather(env: AppEnv, prefer: readonly string[]): Promise<Gathered> {
  const archive = await loadArchive(env.archive, { cache: env.cache });
  const { parseRecord, readYamlData } = await import('../store/parse.js');
  const root = gitStore.isInRepo(env.vars, archive.dir) ? gitStore.repoRoot(env.vars, archive.dir) : undefined;
  const dir = root ? realFolder(archive.dir) : archive.dir;
  const conflicts: ConflictInput[] = [];
  const sides = new Map<string, { ours?: string; theirs?: string }>();
  if (root) {
    for (const u of gitStore.unmergedFiles(env.vars, root)) {
      const file = inArchive(dir, root, u.path);
      if (!file || !/\.ya?ml$/i.test(file)) continue;
      const read = (object: string | undefined) => {
        if (!object) return { side: undefined, text: undefined };
        const text = gitStore.blobText(env.vars, root, object);
        const parsed = parseRecord(text, file);
        const pushed = gitStore.pushedWhere(env.vars, root, object, u.path);
        const side = parsed.record ? { record: parsed.record } : { problem: parsed.problems[0]?.message ?? 'not a record' };
        return { side: pushed ? { ...side, pushed } : side, text };
      };
      const ours = read(u.stages[2]);
      const theirs = read(u.stages[3]);
      sides.set(file, { ours: ours.text, theirs: theirs.text });
      conflicts.push({ file, hasBase: u.stages[1] !== undefined, ours: ours.side, theirs: theirs.side });
    }
  }
  const conflicted = new Set(conflicts.map((c) => c.file));
  // Files whose YAML reads but which fail the schema: key words and date forms may be repaired.
  const repairable: RepairableInput[] = [];
  const schemaOnly = new Set(archive.problems.filter((p) => p.code === 'schema').map((p) => p.file));
  for (const p of archive.problems) if (p.code !== 'schema') schemaOnly.delete(p.file);
  for (const file of schemaOnly) {
    try {
      const data = readYamlData(readText(path.join(archive.dir, file)));
      if (data) repairable.push({ file, data });
    } catch {
      // unreadable: validate says so
    }
  }
  const { findings } = checkWithEvidence(env, archive);
  // When each report of a clash was added: commit time in git, else the file's time.
  const clashing = new Set<string>();
  for (const f of findings) {
    if (f.code !== 'duplicate-number' && f.code !== 'duplicate-total') continue;
    clashing.add(f.file);
    for (const r of f.related ?? []) clashing.add(r);
  }
  const addedAt = new Map<string, AddedAt>();
  if (clashing.size > 0) {
    const committed = root ? gitStore.addedTimes(env.vars, root, [...clashing].map((f) => gitStore.repoPath(root, path.join(dir, f)))) : new Map<string, number>();
    for (const f of clashing) {
      const t = root ? committed.get(gitStore.repoPath(root, path.join(dir, f))) : undefined;
      if (t !== undefined) addedAt.set(f, { time: t, from: 'commit' });
      else {
        // Gone since the load: no time.
        const time = modifiedAt(path.join(archive.dir, f));
        if (time !== undefined) addedAt.set(f, { time, from: 'file' });
      }
    }
  }
  const files = [...new Set([...archive.records.map((r) => r.file), ...archive.problems.map((p) => p.file)])];
  const plan = planFix({
    records: archive.records,
    conflicts,
    repairable: repairable.filter((r) => !conflicted.has(r.file)),
    files,
    addedAt,
    prefer,
    offsets: env.offsets?.value,
    offsetsFrom: env.offsets?.from,
    findings: findings.filter((f) => !conflicted.has(f.file)),
  });
  // Markers git no longer knows about (the file was staged as it was, or git is not used): only a person can tell.
  for (const p of archive.problems) {
    if (p.code !== 'merge-conflict' || conflicted.has(p.file)) continue;
    plan.notes.push(
      root
        ? `${p.file} holds conflict markers but git has no unresolved merge for it: edit it by hand, or bring the conflict back with git checkout -m -- ${p.file}`
        : `${p.file} holds conflict markers and the archive is not in git: edit it by hand`,
    );
  }
  return { archive, root, conflicts, sides, findings, plan };
}

/** The text an action writes. */
function actionText(g: Gathered, a: FileAction): string {
  let text: string;
  if ('conflict' in a.source) {
    const side = g.sides.get(a.source.conflict)?.[a.source.side];
    if (side === undefined) throw new ReportsError(`${a.source.conflict}: git no longer holds ${a.source.side}; run reports fix again`);
    text = side;
  } else text = readText(path.join(g.archive.dir, a.source.file));
  return a.edits.length > 0 ? editRecordText(text, a.edits) : text;
}

/** The git operation a conflict belongs to, and the command that carries it on once the conflicts are resolved. */
function operationOf(env: Pick<AppEnv, 'vars'>, root: string): { operation?: 'merge' | 'rebase'; next?: string } {
  if (gitStore.mergeInProgress(env.vars, root)) return { operation: 'merge', next: gitStore.GIT_STEPS.continueMerge };
  if (gitStore.rebaseInProgress(env.vars, root)) return { operation: 'rebase', next: gitStore.GIT_STEPS.continueRebase };
  return {};
}

function renumberedOf(plan: FixPlan): FixResult['renumbered'] {
  return plan.actions.filter((a) => a.was !== undefined && a.was !== a.id).map((a) => ({ from: a.was!, to: a.id, file: a.file, title: a.title }));
}

/** Plan the repairs; with `apply`, carry them out and check the archive again. */
export async function fixArchive(env: AppEnv, req: FixRequest): Promise<FixResult> {
  const prefer = req.prefer ?? [];
  const first = await gather(env, prefer);
  const git = first.root !== undefined;
  const op = git ? operationOf(env, first.root!) : {};
  const base = { git, mergeInProgress: op.operation === 'merge', operation: op.operation, commits: [] as Committed[] };
  if (!req.apply || first.plan.actions.length === 0) {
    return {
      ...base,
      next: first.conflicts.length === 0 && op.next ? op.next : undefined,
      plan: first.plan,
      applied: false,
      written: [],
      removed: [],
      staged: [],
      renumbered: renumberedOf(first.plan),
      findings: first.findings,
      files: first.archive.files,
      records: first.archive.records.length,
    };
  }
  // A commit asked for outside a repository is refused before anything is written (during a merge, fix carries on).
  if (!git) assertCanCommit(env, req);
  return withArchiveLock(env.archive, async (check) => {
    // Planned again under the lock: another command may have written since.
    const g = await gather(env, prefer);
    const written: string[] = [];
    const removed: string[] = [];
    // Every text first: a failure here writes nothing.
    const texts = g.plan.actions.map((a) => actionText(g, a));
    check();
    g.plan.actions.forEach((a, i) => {
      if (a.create) createExclusive(g.archive.dir, a.file, texts[i]!);
      else replaceAtomic(path.join(g.archive.dir, a.file), texts[i]!);
      written.push(a.file);
      env.notify?.({ level: 'info', message: `${a.create ? 'created' : 'wrote'} ${a.file}` });
    });
    for (const a of g.plan.actions) {
      if (!a.remove) continue;
      removeFile(path.join(g.archive.dir, a.remove));
      removed.push(a.remove);
    }
    const renumbered = renumberedOf(g.plan);
    const done = g.root ? carryOnInGit(env, g, written, removed, req) : { staged: [], commits: [] as Committed[] };
    const after = await loadArchive(env.archive, { cache: env.cache });
    const afterOp = g.root ? operationOf(env, g.root) : {};
    return {
      git,
      mergeInProgress: afterOp.operation === 'merge',
      operation: afterOp.operation,
      next: afterOp.next,
      plan: g.plan,
      applied: true,
      written,
      removed,
      staged: done.staged,
      commit: done.commits[done.commits.length - 1],
      commits: done.commits,
      renumbered,
      findings: checkWithEvidence(env, after).findings,
      files: after.files,
      records: after.records.length,
    };
  });
}

/**
 * After the files are written: resolve the conflicts in git's index, and with `commit`, commit. During a merge or a
 * rebase, `commit` carries the operation on with the version others already have in the conflicted file, then
 * commits each local report renumbered out of the way on its own ("Renumber 2019-R99 -> 2019-R100: <title>"), so the
 * history says what became of it. Without `commit`, everything is staged and the caller names the next step.
 */
function carryOnInGit(env: AppEnv, g: Gathered, written: string[], removed: string[], req: FixRequest): { staged: string[]; commits: Committed[] } {
  const root = g.root!;
  const vars = env.vars;
  const dir = realFolder(g.archive.dir);
  const toGit = (f: string) => gitStore.repoPath(root, path.join(dir, f));
  const conflictFiles = new Set(g.conflicts.map((c) => c.file));
  const op = operationOf(env, root).operation;
  const commits: Committed[] = [];
  const commitOne = (verb: 'Renumber' | 'Fix', reports: Array<{ id: string; title?: string }>, files: string[], gone: string[] = []) => {
    const done = commitWrites(env, req, { verb, reports, written: files, removed: gone });
    if (!done) return;
    commits.push(done);
    env.notify?.({ level: 'info', message: `committed ${done.id}: ${done.message}` });
  };
  const renumber = (a: FileAction) => [{ id: `${a.was} -> ${a.id}`, title: a.title }];
  // The local reports moved out of a conflicted file: committed after the merge or rebase step when `commit`.
  const movedOut = g.plan.actions.filter((a) => 'conflict' in a.source && a.was !== undefined && a.was !== a.id);
  const later = req.commit && op !== undefined ? new Set(movedOut.map((a) => a.file)) : new Set<string>();
  const stageFiles = g.plan.actions.filter((a) => (a.stage || ('conflict' in a.source && conflictFiles.has(a.source.conflict))) && !later.has(a.file)).map((a) => a.file);
  for (const c of conflictFiles) if (written.includes(c)) stageFiles.push(c);
  const staged = [...new Set(stageFiles)].sort();
  gitStore.stage(vars, root, staged.map(toGit));
  if (!req.commit) return { staged, commits };
  if (op !== undefined && gitStore.unmergedFiles(vars, root).length > 0) {
    env.notify?.({ level: 'warning', message: `conflicts remain (see the choices above): the ${op} is not carried on; nothing was committed` });
    return { staged, commits };
  }
  if (op === 'merge') {
    const merged = gitStore.concludeMerge(vars, root);
    commits.push(merged);
    env.notify?.({ level: 'info', message: `committed ${merged.id}: ${merged.message}` });
  }
  else if (op === 'rebase' && !gitStore.continueRebase(vars, root)) {
    env.notify?.({ level: 'warning', message: `the rebase stopped again (${gitStore.unmergedFiles(vars, root).length} conflicted files): run reports fix again; the moved reports (${[...later].join(', ')}) are written and not yet committed` });
    return { staged, commits };
  }
  for (const a of movedOut.filter((x) => later.has(x.file))) commitOne('Renumber', renumber(a), [a.file]);
  if (op === undefined) {
    // Outside a merge: each renumbered report its own commit, the other repairs one more.
    const rest = new Set(written);
    const gone = new Set(removed);
    for (const a of g.plan.actions) {
      if (a.was === undefined || a.was === a.id) continue;
      commitOne('Renumber', renumber(a), [a.file], a.remove ? [a.remove] : []);
      rest.delete(a.file);
      if (a.remove) gone.delete(a.remove);
    }
    // Ids after the fix; no titles (the record that held an id before may be another report).
    if (rest.size > 0 || gone.size > 0) commitOne('Fix', g.plan.actions.filter((a) => rest.has(a.file)).map((a) => ({ id: a.id })), [...rest], [...gone]);
  }
  return { staged, commits };
}
