// The numbering's evidence, gathered for the checks: the offsets the config declares, and, only when the records
// disagree with no majority to settle it, what git says of the files (changed against HEAD, the later commit).
// Git runs only then: an archive without ties is checked without starting git at all.
import path from 'node:path';
import { checkArchive } from '../checks/index.js';
import type { NumberingEvidence } from '../checks/evidence.js';
import type { Finding, LoadedRecord } from '../model/record.js';
import * as gitStore from '../store/git.js';
import { realFolder } from '../store/files.js';
import type { AppEnv } from './env.js';

/** The config's declared offsets as evidence (no git). */
export function declaredEvidence(env: Pick<AppEnv, 'offsets'>): NumberingEvidence {
  return env.offsets ? { offsets: env.offsets.value, offsetsFrom: env.offsets.from } : {};
}

/** What git says of the archive's record files, relative to the archive; undefined outside a repository. */
export function gitEvidence(vars: AppEnv['vars'], archiveDir: string, files?: readonly string[]): Pick<NumberingEvidence, 'changed' | 'committed'> | undefined {
  if (!gitStore.isInRepo(vars, archiveDir)) return undefined;
  const root = gitStore.repoRoot(vars, archiveDir);
  const dir = realFolder(archiveDir);
  const rel = (gitPath: string) => {
    const r = path.relative(dir, path.join(root, gitPath)).split(path.sep).join('/');
    return r.startsWith('..') || path.isAbsolute(r) ? undefined : r;
  };
  const changed = new Map<string, 'index' | 'work tree'>();
  for (const [p, where] of gitStore.changedStatus(vars, root)) {
    const r = rel(p);
    if (r !== undefined) changed.set(r, where);
  }
  const committed = new Map<string, number>();
  if (files && files.length > 0) {
    const toGit = (f: string) => gitStore.repoPath(root, path.join(dir, f));
    const ranks = gitStore.lastCommitRanks(vars, root, files.map(toGit));
    for (const f of files) {
      const r = ranks.get(toGit(f));
      if (r !== undefined) committed.set(f, r);
    }
  }
  return { changed, committed };
}

export interface Checked {
  findings: Finding[];
  evidence: NumberingEvidence;
}

/**
 * Every finding of the archive, with the disagreements settled by the evidence there is: the declared offsets first;
 * when ties remain and the archive is in git, git's word on the parties, and the checks again.
 */
export function checkWithEvidence(
  env: Pick<AppEnv, 'offsets' | 'vars'>,
  archive: { dir: string; records: readonly LoadedRecord[]; problems: readonly Finding[] },
  opts: Omit<Parameters<typeof checkArchive>[1], 'evidence'> = {},
): Checked {
  const declared = declaredEvidence(env);
  const findings = checkArchive(archive, { ...opts, evidence: declared });
  const parties = new Set<string>();
  for (const f of findings) {
    if (!f.unsettled) continue;
    parties.add(f.file);
    for (const r of f.related ?? []) parties.add(r);
  }
  if (parties.size === 0) return { findings, evidence: declared };
  let git: ReturnType<typeof gitEvidence>;
  try {
    git = gitEvidence(env.vars, archive.dir, [...parties]);
  } catch {
    git = undefined; // git failing is no reason to fail the checks: the ties stay ties
  }
  if (!git) return { findings, evidence: declared };
  const evidence = { ...declared, ...git };
  return { findings: checkArchive(archive, { ...opts, evidence }), evidence };
}
