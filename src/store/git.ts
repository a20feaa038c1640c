// Git as the shared store: the few questions reports asks git, each one `git` run with an argument array (never
// through a shell, so no file name or title is ever read as a command). Paths go in after `--` and come back
// NUL-separated (-z), so any file name round-trips.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ReportsError } from '../errors.js';

/**
 * The environment variables git runs with: the caller's (the command line passes its IO's, a library caller its
 * AppEnv's). Never read from the process here: a test or a server running several archives gives each its own.
 */
export type GitVars = Readonly<Record<string, string | undefined>>;

export interface GitResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Raised when git is not installed or the folder is not in a repository. */
export class GitUnavailableError extends ReportsError {
  constructor(message: string) {
    super(message);
    this.name = 'GitUnavailableError';
  }
}

/** Run git in `cwd` with `vars`; a failure to start it (not installed) becomes a clear error. Output is UTF-8 text. */
export function runGit(vars: GitVars, cwd: string, args: readonly string[], opts: { input?: string } = {}): GitResult {
  const r = spawnSync('git', args as string[], {
    cwd,
    input: opts.input,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    // Plain output whatever the user's configuration: no pager, no colour, no prompt for credentials.
    env: { ...vars, GIT_PAGER: 'cat', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
    windowsHide: true,
  });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new GitUnavailableError('git is not installed (or not on PATH); install git to use this command');
    throw new ReportsError(`cannot run git: ${code ?? r.error.message}`);
  }
  return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** Run git and return its output; a non-zero exit becomes a ReportsError quoting git's own message. */
export function git(vars: GitVars, cwd: string, args: readonly string[], opts: { input?: string } = {}): string {
  const r = runGit(vars, cwd, args, opts);
  if (r.status !== 0) {
    const msg = r.stderr.trim().split('\n').filter(Boolean).slice(0, 3).join('; ') || `exit status ${r.status}`;
    throw new ReportsError(`git ${args.filter((a) => a !== '--' && !a.startsWith('-z')).slice(0, 2).join(' ')} failed: ${msg}`);
  }
  return r.stdout;
}

function splitZ(out: string): string[] {
  return out.split('\0').filter((s) => s !== '');
}

/** The top folder of the repository holding `dir`, or a clear error when there is none. */
export function repoRoot(vars: GitVars, dir: string): string {
  const r = runGit(vars, dir, ['rev-parse', '--show-toplevel']);
  if (r.status !== 0) {
    if (/not a git repository/i.test(r.stderr)) throw new GitUnavailableError(`${dir} is not in a git repository (run git init there, or reports init)`);
    throw new ReportsError(`git rev-parse failed: ${r.stderr.trim()}`);
  }
  return path.resolve(r.stdout.trim());
}

/** True when `dir` is inside a git work tree (false when it is not, or git is missing). */
export function isInRepo(vars: GitVars, dir: string): boolean {
  try {
    const r = runGit(vars, dir, ['rev-parse', '--is-inside-work-tree']);
    return r.status === 0 && r.stdout.trim() === 'true';
  } catch {
    return false;
  }
}

/** True when the repository has at least one commit. */
export function hasHead(vars: GitVars, root: string): boolean {
  return runGit(vars, root, ['rev-parse', '--verify', '--quiet', 'HEAD']).status === 0;
}

/** The files (relative to the repository root) that differ from `ref` (default HEAD) in the index or work tree,
 * plus untracked files; with `staged`, only what the index changes against `ref`. */
export function changedFiles(vars: GitVars, root: string, opts: { ref?: string; staged?: boolean } = {}): string[] {
  const ref = opts.ref ?? 'HEAD';
  if (opts.ref !== undefined && runGit(vars, root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).status !== 0) {
    throw new ReportsError(`unknown git ref ${JSON.stringify(ref)} (give a branch, tag or commit, e.g. origin/main)`);
  }
  const out = new Set<string>();
  if (!hasHead(vars, root) && opts.ref === undefined) {
    // No commit yet: everything in the index (and, unless staged, the work tree) is new.
    for (const f of splitZ(git(vars, root, ['ls-files', '-z', '--cached']))) out.add(f);
  } else {
    const args = ['diff', '--name-only', '-z', '--no-renames', ...(opts.staged ? ['--cached'] : []), ref, '--'];
    for (const f of splitZ(git(vars, root, args))) out.add(f);
  }
  if (!opts.staged) for (const f of splitZ(git(vars, root, ['ls-files', '-z', '--others', '--exclude-standard']))) out.add(f);
  // Files with unresolved conflicts are changed, whatever the diff says.
  for (const u of unmergedFiles(vars, root)) out.add(u.path);
  return [...out].sort();
}

export interface UnmergedEntry {
  /** Relative to the repository root, forward slashes. */
  path: string;
  /** Blob ids by stage: 1 the common base, 2 ours (the branch merged into), 3 theirs. */
  stages: { 1?: string; 2?: string; 3?: string };
}

/** The files git left unmerged (`git ls-files -u`), with the blob of each stage. */
export function unmergedFiles(vars: GitVars, root: string): UnmergedEntry[] {
  const byPath = new Map<string, UnmergedEntry>();
  for (const line of splitZ(git(vars, root, ['ls-files', '-u', '-z']))) {
    // "<mode> <object> <stage>\t<path>"
    const tab = line.indexOf('\t');
    const [, object, stage] = line.slice(0, tab).split(' ');
    const p = line.slice(tab + 1);
    let e = byPath.get(p);
    if (!e) byPath.set(p, (e = { path: p, stages: {} }));
    e.stages[Number(stage) as 1 | 2 | 3] = object;
  }
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** The text of a blob. */
export function blobText(vars: GitVars, root: string, object: string): string {
  return git(vars, root, ['cat-file', 'blob', object]);
}

/** When each file was first committed (seconds since 1970), for the files that are in the history. */
export function addedTimes(vars: GitVars, root: string, files: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  if (files.length === 0 || !hasHead(vars, root)) return out;
  // One walk of the history for all files: each commit's time, then the files it added.
  const log = git(vars, root, ['log', '--diff-filter=A', '--name-only', '-z', '--format=%x01%ct', '--no-renames', 'HEAD', '--', ...files]);
  const wanted = new Set(files);
  let time = 0;
  for (const part of log.split('\0')) {
    for (const piece of part.split('\n')) {
      if (piece.startsWith('\x01')) time = Number(piece.slice(1));
      else if (piece && wanted.has(piece)) {
        // The log runs newest first: the last time seen for a file is its first addition.
        out.set(piece, time);
      }
    }
  }
  return out;
}

/** True while a merge is being concluded (MERGE_HEAD exists). */
export function mergeInProgress(vars: GitVars, root: string): boolean {
  return runGit(vars, root, ['rev-parse', '--verify', '--quiet', 'MERGE_HEAD']).status === 0;
}

/** Stage files (paths relative to the root). */
export function stage(vars: GitVars, root: string, files: readonly string[]): void {
  if (files.length > 0) git(vars, root, ['add', '--', ...files]);
}

/** Stage the files, remove `removed` from the index, and commit just those paths with `message`. */
export function commitFiles(vars: GitVars, root: string, files: readonly string[], message: string, removed: readonly string[] = []): string {
  if (mergeInProgress(vars, root)) {
    throw new ReportsError('a merge is in progress: the files are written but not committed (finish the merge with git commit)');
  }
  stage(vars, root, files);
  if (removed.length > 0) git(vars, root, ['rm', '--cached', '--quiet', '--ignore-unmatch', '--', ...removed]);
  git(vars, root, ['commit', '--quiet', '--only', '-m', message, '--', ...files, ...removed]);
  return git(vars, root, ['rev-parse', '--short', 'HEAD']).trim();
}

/** The hooks folder git uses (core.hooksPath honoured). */
export function hooksDir(vars: GitVars, root: string): string {
  return path.resolve(root, git(vars, root, ['rev-parse', '--git-path', 'hooks']).trim());
}

/** `git init` in `dir`. */
export function initRepo(vars: GitVars, dir: string): void {
  git(vars, dir, ['init', '--quiet']);
}

/** A path as git names it from the root, with forward slashes. */
export function repoPath(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}

/**
 * The files that differ from HEAD, and where: 'index' when the index changes them (staged, or added), else
 * 'work tree' (changed but not staged, or untracked). Paths relative to the root.
 */
export function changedStatus(vars: GitVars, root: string): Map<string, 'index' | 'work tree'> {
  const out = new Map<string, 'index' | 'work tree'>();
  const parts = splitZ(git(vars, root, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames']));
  for (const entry of parts) {
    // "XY path": X the index, Y the work tree.
    const x = entry[0];
    const p = entry.slice(3);
    out.set(p, x !== ' ' && x !== '?' ? 'index' : 'work tree');
  }
  return out;
}

/**
 * For each file, the rank of the last commit on HEAD that touched it: 0 for the newest commit, -1 for the one before,
 * and so on (higher: later). Files never committed are absent. One walk of the history for all files.
 */
export function lastCommitRanks(vars: GitVars, root: string, files: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  if (files.length === 0 || !hasHead(vars, root)) return out;
  const log = git(vars, root, ['log', '--name-only', '-z', '--format=%x01', '--no-renames', 'HEAD', '--', ...files]);
  const wanted = new Set(files);
  let rank = 1;
  for (const part of log.split('\0')) {
    for (const piece of part.split('\n')) {
      if (piece === '\x01') rank--;
      else if (piece && wanted.has(piece) && !out.has(piece)) out.set(piece, rank);
    }
  }
  return out;
}

/** True while a rebase has stopped (for a conflict, or to edit). */
export function rebaseInProgress(vars: GitVars, root: string): boolean {
  for (const dir of ['rebase-merge', 'rebase-apply']) {
    const p = path.resolve(root, git(vars, root, ['rev-parse', '--git-path', dir]).trim());
    if (existsSync(p)) return true;
  }
  return false;
}

/**
 * Where a version of a file is already pushed: the remote-tracking branch whose tip holds this blob at `file`, else
 * "the history of <remote branch>" when a commit of a remote-tracking branch once held it; undefined when only local
 * branches have it.
 */
export function pushedWhere(vars: GitVars, root: string, blob: string, file: string): string | undefined {
  const refs = splitLines(git(vars, root, ['for-each-ref', '--format=%(refname:short)', 'refs/remotes']));
  for (const ref of refs) {
    if (ref.endsWith('/HEAD')) continue;
    const r = runGit(vars, root, ['rev-parse', '--verify', '--quiet', `${ref}:${file}`]);
    if (r.status === 0 && r.stdout.trim() === blob) return ref;
  }
  if (refs.length === 0) return undefined;
  const found = git(vars, root, ['log', '--remotes', '--format=%H', '-1', `--find-object=${blob}`]).trim();
  return found ? `the history of ${refs.filter((r) => !r.endsWith('/HEAD')).join(', ')}` : undefined;
}

function splitLines(s: string): string[] {
  return s.split('\n').filter((x) => x !== '');
}

/** The commit HEAD names (full id), or undefined before the first commit. */
export function headCommit(vars: GitVars, root: string): string | undefined {
  const r = runGit(vars, root, ['rev-parse', '--verify', '--quiet', 'HEAD']);
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Commit the merge being concluded with git's own message; returns the commit's short id and subject. */
export function concludeMerge(vars: GitVars, root: string): { id: string; message: string } {
  git(vars, root, ['commit', '--quiet', '--no-edit']);
  const [id, message] = git(vars, root, ['log', '-1', '--format=%h%n%s']).trim().split('\n');
  return { id: id!, message: message ?? '' };
}

/**
 * Carry a stopped rebase on (git's messages kept, no editor). A replayed commit that has nothing left (it only added
 * what moved elsewhere) is skipped, as git asks. True when the rebase is finished; false when it stopped again.
 */
export function continueRebase(vars: GitVars, root: string): boolean {
  const withEditor = { ...vars, GIT_EDITOR: 'true' };
  // Nothing staged against HEAD: the replayed commit would be empty, and git asks to skip it.
  const empty = unmergedFiles(vars, root).length === 0 && runGit(vars, root, ['diff', '--cached', '--quiet', 'HEAD']).status === 0;
  runGit(withEditor, root, ['rebase', empty ? '--skip' : '--continue']);
  return !rebaseInProgress(vars, root);
}

/** A path inside the clone's git folder (`git rev-parse --git-path`), absolute. */
export function gitPath(vars: GitVars, root: string, name: string): string {
  return path.resolve(root, git(vars, root, ['rev-parse', '--git-path', name]).trim());
}

/** Whether `git pull` rebases here: branch.<name>.rebase, else pull.rebase (any value but false rebases). */
export function pullRebases(vars: GitVars, root: string): boolean {
  const branch = runGit(vars, root, ['symbolic-ref', '--quiet', '--short', 'HEAD']).stdout.trim();
  for (const key of [...(branch ? [`branch.${branch}.rebase`] : []), 'pull.rebase']) {
    const r = runGit(vars, root, ['config', '--get', key]);
    if (r.status === 0) return !/^(false|no|off|0)$/i.test(r.stdout.trim());
  }
  return false;
}

/** The remote-tracking branch HEAD pulls from (e.g. origin/main), or undefined when none is set. */
export function upstreamOf(vars: GitVars, root: string): string | undefined {
  const r = runGit(vars, root, ['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}']);
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Files (relative to the root) that differ between two commits, with A, M or D. */
export function diffNames(vars: GitVars, root: string, from: string, to: string, under: string): Array<{ status: string; path: string }> {
  const parts = splitZ(git(vars, root, ['diff', '--name-status', '-z', '--no-renames', from, to, '--', under || '.']));
  const out: Array<{ status: string; path: string }> = [];
  for (let i = 0; i + 1 < parts.length; i += 2) out.push({ status: parts[i]!, path: parts[i + 1]! });
  return out;
}

/** What a person types to carry on or leave a git operation, or to set a branch up: named in messages. */
export const GIT_STEPS = {
  continueMerge: 'git commit',
  continueRebase: 'git rebase --continue',
  abortMerge: 'git merge --abort',
  abortRebase: 'git rebase --abort',
  setUpstream: 'git branch --set-upstream-to origin/main',
  pushUpstream: 'git push -u origin HEAD',
  stash: 'git stash -u',
} as const;

/** `git pull`, merging or rebasing: git's result (a conflict is a non-zero status with the operation stopped). */
export function pull(vars: GitVars, root: string, rebase: boolean): GitResult {
  return runGit(vars, root, ['pull', '--no-edit', rebase ? '--rebase' : '--no-rebase']);
}

/** `git push` to the branch's upstream: git's result. */
export function push(vars: GitVars, root: string): GitResult {
  return runGit(vars, root, ['push']);
}

/** Leave a stopped merge or rebase, and put the branch back at `commit` (the work tree kept where it can be). */
export function goBackTo(vars: GitVars, root: string, commit: string): void {
  if (mergeInProgress(vars, root)) runGit(vars, root, ['merge', '--abort']);
  if (rebaseInProgress(vars, root)) runGit(vars, root, ['rebase', '--abort']);
  if (headCommit(vars, root) !== commit) runGit(vars, root, ['reset', '--quiet', '--keep', commit]);
}

/** The commit two commits last shared, or undefined. */
export function mergeBase(vars: GitVars, root: string, a: string, b: string): string | undefined {
  return runGit(vars, root, ['merge-base', a, b]).stdout.trim() || undefined;
}
