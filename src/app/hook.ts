// reports hook install: a git pre-commit hook that runs `reports validate --changed --staged`. A hook that reports
// did not write is never replaced: the entries for the pre-commit framework and husky are given instead.
import { entryKind, makeExecutable, makeFolder, pathExists, readText } from '../store/files.js';
import path from 'node:path';
import type { AppEnv } from './env.js';
import { ReportsError } from '../errors.js';
import * as gitStore from '../store/git.js';
import { replaceAtomic } from '../store/write.js';
import { ioError } from '../store/io-error.js';
import { showControls } from '../model/text.js';

/** The line that marks a hook as written by reports (and so safe to replace). */
export const HOOK_MARK = '# reports pre-commit hook';

export interface HookRequest {
  /** The archive as the hook names it, relative to the repository root; undefined when the config gives it. */
  archiveArg?: string;
}

export interface HookResult {
  file: string;
  /** created, replaced (an older reports hook), or unchanged. */
  status: 'created' | 'replaced' | 'unchanged';
  command: string;
}

/** The command the hook runs. */
export function hookCommand(archiveArg?: string): string {
  const archive = archiveArg !== undefined ? ` --archive ${shellQuote(archiveArg)}` : '';
  return `reports${archive} validate --changed --staged`;
}

function shellQuote(s: string): string {
  return /^[\w./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function hookScript(archiveArg?: string): string {
  const cmd = hookCommand(archiveArg);
  return [
    '#!/bin/sh',
    `${HOOK_MARK}: checks the record files staged for this commit (installed by \`reports hook install\`).`,
    '# Remove this file to remove the hook; skip it once with git commit --no-verify.',
    'if command -v reports >/dev/null 2>&1; then',
    `  exec ${cmd}`,
    'fi',
    `exec npx --no-install ${cmd}`,
    '',
  ].join('\n');
}

/** The entries for hook managers, for a repository that already has its own hook set-up. */
export function hookEntries(archiveArg?: string): { preCommit: string; husky: string } {
  const cmd = hookCommand(archiveArg);
  return {
    preCommit: [
      '# .pre-commit-config.yaml',
      'repos:',
      '  - repo: local',
      '    hooks:',
      '      - id: reports-validate',
      '        name: reports validate (changed records)',
      `        entry: ${cmd}`,
      '        language: system',
      '        files: \\.ya?ml$',
      '        pass_filenames: false',
    ].join('\n'),
    husky: ['# .husky/pre-commit', `npx --no-install ${cmd}`].join('\n'),
  };
}

export function installHook(env: AppEnv, req: HookRequest = {}): HookResult {
  const root = gitStore.repoRoot(env.vars, pathExists(env.archive) ? env.archive : env.cwd);
  const dir = gitStore.hooksDir(env.vars, root);
  const file = path.join(dir, 'pre-commit');
  const script = hookScript(req.archiveArg);
  let status: HookResult['status'] = 'created';
  const entries = () => {
    const e = hookEntries(req.archiveArg);
    return [hookCommand(req.archiveArg), '', ...e.preCommit.split('\n'), '', ...e.husky.split('\n')];
  };
  let kind: string | undefined;
  try {
    kind = entryKind(file);
  } catch (e) {
    throw ioError(e, file, 'nothing was written', 'read the hook');
  }
  if (kind !== undefined && kind !== 'file') {
    // A folder (or a pipe, a device) where the hook goes: not reports' to replace, and never read.
    throw new ReportsError(`${showControls(file)} is ${kind}, not a hook file; it was left as it is and nothing was written. Move it away and run reports hook install again, or use a hook manager:`, entries());
  }
  if (kind === 'file') {
    let old: string;
    try {
      old = readText(file);
    } catch (e) {
      throw ioError(e, file, 'nothing was written', 'read the hook');
    }
    if (!old.includes(HOOK_MARK)) {
      throw new ReportsError(`${showControls(file)} exists and was not written by reports; it was left as it is. Add this line to it, or use a hook manager:`, entries());
    }
    status = old === script ? 'unchanged' : 'replaced';
  }
  if (status !== 'unchanged') {
    makeFolder(dir);
    replaceAtomic(file, script);
  }
  makeExecutable(file);
  return { file, status, command: hookCommand(req.archiveArg) };
}

/** The file (in the clone's git folder, never shared) that says the hook notice was given. */
const NOTICE_MARK = 'reports-hook-notice';

/**
 * Once per clone, when a command commits or syncs in a repository without a pre-commit hook: how to install it. A
 * clone does not carry the hook (git never copies hooks), so each archivist is told on their first commit. Returns
 * the notice when it is given (and hands it to `env.notify`), undefined otherwise.
 */
export function hookNoticeOnce(env: Pick<AppEnv, 'archive' | 'cwd' | 'notify' | 'vars'>): string | undefined {
  try {
    const root = gitStore.repoRoot(env.vars, pathExists(env.archive) ? env.archive : env.cwd);
    if (pathExists(path.join(gitStore.hooksDir(env.vars, root), 'pre-commit'))) return undefined;
    const mark = gitStore.gitPath(env.vars, root, NOTICE_MARK);
    if (pathExists(mark)) return undefined;
    replaceAtomic(mark, 'the pre-commit hook notice was given in this clone (reports hook install adds the hook)\n');
    const message = 'this clone has no pre-commit hook: run `reports hook install` so that a commit bringing a numbering error is stopped (said once per clone)';
    env.notify?.({ level: 'notice', message });
    return message;
  } catch {
    return undefined; // a notice is never worth failing the work that was done
  }
}
