// Vetting a new or edited record against the rest of the archive with the checks `validate` runs. Pure.
import type { CheckFinding, LoadedRecord } from '../model/record.js';
import { checkRecords, involves } from './index.js';
import { dateProblem, dateWindow } from './choices.js';
import { at } from './record.js';

export interface CandidateFindings {
  /** Errors the candidate would bring into the archive (a duplicate number or Total, an offset disagreement...). */
  errors: CheckFinding[];
  /** Warnings about the candidate (a probable duplicate title, a date outside its year...). */
  warnings: CheckFinding[];
}

const key = (f: CheckFinding) => `${f.code}\u0000${f.file}`;

/**
 * Check `candidate` among `others`, in place of the record at `replacing` (an edit; by default the candidate's own
 * file). Only findings the candidate brings are returned: an archive's existing problems never block a good record.
 */
export function vetCandidate(candidate: LoadedRecord, others: readonly LoadedRecord[], replacing: string = candidate.file): CandidateFindings {
  const file = candidate.file;
  // The record being replaced (by an edit) is left out; any other record at `file` stays in and clashes.
  const rest = others.filter((r) => r.file !== replacing);
  // The candidate is what changes the archive: where it and a record already there disagree with nothing else to
  // tell, the candidate is the one refused (what others already have stays).
  let after = checkRecords([...rest, candidate], { evidence: { changed: new Map([[file, 'new']]) } }).filter((f) => involves(f, file));
  // Findings on other records that name the candidate may have been there before it (e.g. a record already off
  // its year's offset, now also disagreeing with the candidate): only new ones count. Checked only when needed.
  if (after.some((f) => f.file !== file)) {
    const before = new Set(checkRecords(rest).map(key));
    after = after.filter((f) => f.file === file || !before.has(key(f)));
  }
  after = blameDateOrder(after, candidate, rest);
  return {
    errors: after.filter((f) => f.severity === 'error'),
    // A new report is always the highest number so far or a gap being filled: gap notes are not about it.
    warnings: after.filter((f) => f.severity === 'warning' && f.code !== 'number-gap'),
  };
}

/**
 * A date out of order because of the candidate is the candidate's to fix: validate may blame an existing record
 * (the longest run of ordered dates decides), but the refusal names the new record and the dates it may take.
 */
function blameDateOrder(findings: CheckFinding[], candidate: LoadedRecord, rest: readonly LoadedRecord[]): CheckFinding[] {
  const { total, date, series, kind } = candidate.record;
  if (total === undefined || date === undefined || !findings.some((f) => f.code === 'date-order')) return findings;
  const message = dateProblem(rest, { id: candidate.id, series, kind, total, date });
  if (!message) return findings;
  const w = dateWindow(rest, series, kind, total);
  const related = [w.after, w.before].filter((r) => r !== undefined).map((r) => r.file);
  const [line, column] = at(candidate, 'date');
  const own: CheckFinding = { severity: 'error', code: 'date-order', message, file: candidate.file, line, column, id: candidate.id, related };
  return [...findings.filter((f) => f.code !== 'date-order'), own];
}
