// reports fix: gather what the planner needs (records, conflicted files from git, when each report was added), plan,
// and with `apply` carry the plan out under the archive lock, one atomic write per file, then check again.
import { modifiedAt, readText, realFolder, removeFile } from '../store/files.js';
import path from 'node:path';
import type { AppEnv } from './env.js';
import { ReportsError } from '../errors.js';
import { planFix, type AddedAt, type ConflictInput, type FileAction, type FixPlan, type RepairableInput } from '../checks/fix.js';
import { checkArchive } from '../checks/index.js';
import type { Finding } from '../model/record.js';
import { loadArchive, type Archive } from '../store/archive.js';
import { withArchiveLock } from '../store/lock.js';
import { createExclusive, editRecordText, replaceAtomic } from '../store/write.js';
import * as gitStore from '../store/git.js';
import { commitWrites, type CommitOption, type Committed } from './commit.js';

export interface FixRequest extends CommitOption {
  apply: boolean;
  prefer?: string[];
  // `commit`: not during a merge (the files are staged, and the merge commit takes them); outside git, nothing to do.
}

export interface FixResult {
  plan: FixPlan;
  applied: boolean;
  /** Files written and removed (relative to the archive). */
  written: string[];
  removed: string[];
  /** Files staged in git (relative to the archive). */
  staged: string[];
  /** The commit made with `commit` ("Fix <id>: <title>", app/commit.ts). */
  commit?: Committed;
  /** True when a merge is still to be committed. */
  mergeInProgress: boolean;
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
        return { side: parsed.record ? { record: parsed.record } : { problem: parsed.problems[0]?.message ?? 'not a record' }, text };
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
  const findings = checkArchive(archive);
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

/** Plan the repairs; with `apply`, carry them out and check the archive again. */
export async function fixArchive(env: AppEnv, req: FixRequest): Promise<FixResult> {
  const prefer = req.prefer ?? [];
  const first = await gather(env, prefer);
  const git = first.root !== undefined;
  const base = { git, mergeInProgress: git ? gitStore.mergeInProgress(env.vars, first.root!) : false };
  if (!req.apply || first.plan.actions.length === 0) {
    return { ...base, plan: first.plan, applied: false, written: [], removed: [], staged: [], findings: first.findings, files: first.archive.files, records: first.archive.records.length };
  }
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
    let staged: string[] = [];
    let commit: Committed | undefined;
    let merging = false;
    if (g.root) {
      const root = g.root;
      const dir = realFolder(g.archive.dir);
      const toGit = (f: string) => gitStore.repoPath(root, path.join(dir, f));
      // Conflicts are resolved by staging both files; renames of tracked files are staged with them.
      const conflictFiles = new Set(g.conflicts.map((c) => c.file));
      const stageFiles = g.plan.actions.filter((a) => a.stage || ('conflict' in a.source && conflictFiles.has(a.source.conflict))).map((a) => a.file);
      for (const c of conflictFiles) if (written.includes(c)) stageFiles.push(c);
      staged = [...new Set(stageFiles)].sort();
      gitStore.stage(env.vars, root, staged.map(toGit));
      merging = gitStore.mergeInProgress(env.vars, root);
      if (!merging) {
        // Ids after the fix; no titles (the record that held an id before may be another report).
        const reports = g.plan.actions.map((a) => ({ id: a.id }));
        commit = commitWrites(env, req, { verb: 'Fix', reports, written, removed });
      }
    }
    const after = await loadArchive(env.archive, { cache: env.cache });
    return { git, mergeInProgress: merging, plan: g.plan, applied: true, written, removed, staged, commit, findings: checkArchive(after), files: after.files, records: after.records.length };
  });
}
