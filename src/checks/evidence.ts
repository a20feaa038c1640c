// Evidence that settles a disagreement the numbering alone cannot: when two records of a sequence disagree (offset,
// number, Total, date order) and no majority tells which is wrong. Pure: the facts come in as data (the config's
// declared offsets, what git says of each file), gathered by the store and the use cases.
//
// In this order: a declared offset always wins; then, in git, the party changed in the index or work tree against
// HEAD is the suspect; then the party committed later. When nothing decides, the disagreement is a tie: every party
// is named on its own file and none is treated as known to be wrong.
import type { DeclaredOffsets } from '../model/config.js';
import type { Kind } from '../model/ids.js';

export type { DeclaredOffsets } from '../model/config.js';

export interface NumberingEvidence {
  /** Offsets declared in the config; they apply to every series of that kind. */
  offsets?: DeclaredOffsets;
  /** Where the declared offsets are written, for messages (e.g. "reports.config.yaml"). */
  offsetsFrom?: string;
  /**
   * Record files (relative to the archive) changed against HEAD, and where: untracked files count as work tree;
   * `new` is the record a command is about to write (add, edit), which is what changes the archive.
   */
  changed?: ReadonlyMap<string, 'index' | 'work tree' | 'new'>;
  /** For committed files: the rank of the last commit that touched each (higher: later). */
  committed?: ReadonlyMap<string, number>;
}

/** How a disagreement was settled: the party kept and the evidence that decided, in words. */
export interface Settled {
  kept: number;
  /** "git: 2019/special-009.yaml is changed in the work tree", "git: 2019/special-009.yaml was committed later". */
  how: string;
}

export function declaredOffset(ev: NumberingEvidence | undefined, kind: Kind, year: number): number | undefined {
  const v = ev?.offsets?.[kind]?.[year];
  return typeof v === 'number' ? v : undefined;
}

/**
 * Which of the parties (each a list of record files) is kept, by git's evidence; undefined when git does not tell.
 * A party is changed when one of its files is; a party's commit is the latest of its files'.
 */
export function settleByGit(parties: ReadonlyArray<readonly string[]>, ev: NumberingEvidence | undefined): Settled | undefined {
  if (!ev || parties.length < 2) return undefined;
  const changed = ev.changed;
  const changedFile = (p: readonly string[]) => (changed ? p.find((f) => changed.has(f)) : undefined);
  let candidates = parties.map((_, i) => i);
  const blamedFor: string[] = [];
  if (changed && changed.size > 0) {
    const clean = candidates.filter((i) => changedFile(parties[i]!) === undefined);
    if (clean.length === 0) return undefined; // every party changed: nothing tells which change is right
    if (clean.length < candidates.length) {
      for (const i of candidates) {
        const f = changedFile(parties[i]!);
        if (f !== undefined) blamedFor.push(changed.get(f) === 'new' ? `${f} is the record being written` : `git: ${f} is changed in the ${changed.get(f)}`);
      }
      if (clean.length === 1) return { kept: clean[0]!, how: blamedFor.join(', ') };
      candidates = clean;
    }
  }
  const committed = ev.committed;
  if (!committed) return undefined;
  const rank = (p: readonly string[]) => {
    let r = -1;
    for (const f of p) {
      const c = committed.get(f);
      if (c === undefined) return undefined;
      if (c > r) r = c;
    }
    return r;
  };
  const ranks = candidates.map((i) => rank(parties[i]!));
  if (ranks.some((r) => r === undefined)) return undefined;
  const lowest = Math.min(...(ranks as number[]));
  const first = candidates.filter((_, k) => ranks[k] === lowest);
  if (first.length !== 1) return undefined; // committed together: nothing tells
  const later = candidates.filter((i) => i !== first[0]).map((i) => parties[i]!.join(', '));
  blamedFor.push(`git: ${later.join(', ')} ${later.length === 1 ? 'was' : 'were'} committed later`);
  return { kept: first[0]!, how: blamedFor.join('; ') };
}
