// Git as the shared store: the few questions reports asks git, each one `git` run with an argument array (never
// through a shell, so no file name or title is ever read as a command). Paths go in after `--` and come back
// NUL-separated (-z), so any file name round-trips.
import { spawnSync } from 'node:child_process';
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
