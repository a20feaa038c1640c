// The reports a user means by what they typed: ids (2019-S11, 2019-s011, 2019-R096), Totals (1639), record file
// paths, and anything else as a search of the archive. One search hit is taken; several are offered to pick from
// when someone can be asked, else listed (nothing is guessed). A ref that finds nothing says what was near.
import { ReportsError } from '../errors.js';
import { looseId, nearMisses, refKind } from '../checks/near.js';
import type { LoadedRecord } from '../model/record.js';
import type { Archive } from '../store/archive.js';
import { resolveRef } from '../store/resolve.js';
import { pathExists } from '../store/files.js';
import path from 'node:path';
import type { AppEnv } from './env.js';

/** Several reports match a search, and nobody can be asked which. */
export class AmbiguousRefError extends ReportsError {
  constructor(
    readonly ref: string,
    readonly candidates: readonly LoadedRecord[],
  ) {
    super(`${JSON.stringify(ref)} matches ${candidates.length} reports; give one of their ids`, (w) =>
      candidates
        .slice(0, MAX_SHOWN)
        .map(candidateLine)
        .concat(candidates.length > MAX_SHOWN ? [`... and ${candidates.length - MAX_SHOWN} more (${w.again('list', [], { search: ref })})`] : []),
    );
    this.name = 'AmbiguousRefError';
  }
}

const MAX_SHOWN = 10;
/** Choices a picker offers at most (the rest: a narrower search). */
const MAX_PICK = 20;

const clean = (s: unknown) => String(s ?? '').replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
const candidateLine = (r: LoadedRecord) => `${r.id}  ${clean(r.record.title)}`;

/** The record a ref means; `purpose` names the question of the picker ("Which report to show?"). */
export async function findReport(env: AppEnv, archive: Archive, ref: string, purpose = 'Which report?'): Promise<LoadedRecord> {
  const kind = refKind(ref);
  // An empty ref, or one naming something that is there (a file, a folder), is for the resolver to judge.
  if (kind !== 'search' || ref.trim() === '' || pathExists(path.resolve(env.cwd, ref.trim()))) {
    try {
      return await resolveRef(archive, looseId(ref) ?? ref, env.cwd);
    } catch (e) {
      if (!(e instanceof ReportsError) || !/^no report/.test(e.message)) throw e;
      const near = nearMisses(archive.records, ref);
      throw near.length ? new ReportsError(`${e.message}; did you mean ${near.join(', ')}?`) : e;
    }
  }
  const { searchArchive } = await import('../search.js');
  const hits = searchArchive(archive, ref);
  if (hits.length === 1) return hits[0]!;
  if (hits.length === 0) {
    throw new ReportsError(`no report matches ${JSON.stringify(ref.trim())}: give an id (2019-S11), a Total (1639), a record file's path, or words of a report's title, abstract, key words or authors`);
  }
  if (!env.ask) throw new AmbiguousRefError(ref.trim(), hits);
  const shown = hits.slice(0, MAX_PICK);
  const id = await env.ask({
    type: 'select',
    name: 'report',
    message: `${purpose} ${hits.length} reports match ${JSON.stringify(clean(ref))}${hits.length > MAX_PICK ? ` (the best ${MAX_PICK} shown)` : ''}`,
    choices: shown.map((r) => ({ value: r.id + '\u0000' + r.file, name: candidateLine(r) })),
    pageSize: 10,
  });
  return shown.find((r) => r.id + '\u0000' + r.file === id)!;
}

/**
 * The records several refs mean, in the order given, each once. With `inArchive`, a file outside the archive
 * (which show may read) is refused: a use case that writes changes the archive's records only.
 */
export async function findReports(env: AppEnv, archive: Archive, refs: readonly string[], purpose?: string, inArchive = false): Promise<LoadedRecord[]> {
  const out: LoadedRecord[] = [];
  for (const ref of refs) {
    const r = await findReport(env, archive, ref, purpose);
    if (inArchive && !archive.records.includes(r)) throw new ReportsError(`${ref} is not a record of the archive ${archive.dir}; nothing was changed`);
    if (!out.includes(r)) out.push(r);
  }
  return out;
}
