// The checks validate runs, and `add` reuses: pure functions from loaded records to located findings.
import type { CheckFinding, FactsRecord, Finding, LoadedRecord } from '../model/record.js';
import { checkRecord, type CheckOptions as RecordCheckOptions } from './record.js';
import { checkNumbering } from './numbering.js';
import type { NumberingEvidence } from './evidence.js';

/** How the checks run: how names are written (the record rules), and what settles the numbering's disagreements. */
export interface CheckOptions extends RecordCheckOptions {
  /** Declared offsets and git's word on the files: they settle disagreements no majority settles. */
  evidence?: NumberingEvidence;
}

export type { CheckFinding } from '../model/record.js';

/** Record-level warnings + numbering checks over loaded records. Pure: no file system. */
export function checkRecords(records: readonly LoadedRecord[], opts: CheckOptions = {}): CheckFinding[] {
  return sortFindings(collect(records, [], opts));
}

/** How checkArchive gets at each record: its own checks' results, and the facts the checks across records read. */
export interface ArchiveCheckOptions extends CheckOptions {
  /** The checks of one record on its own (checkRecord with the options, or its results kept from an earlier run). */
  perRecord?: (r: LoadedRecord) => readonly CheckFinding[];
  /** The record as the checks across records read it (the record itself, or its facts kept from an earlier run);
   * asked after `perRecord` was for every record. */
  facts?: (r: LoadedRecord) => FactsRecord;
}

/**
 * Everything validate reports: the loader's problems (yaml-syntax, schema) + checkRecords, sorted by file, line,
 * column. `perRecord` gives the checks of one record on its own, `facts` what the checks across records read of
 * it; the checks across records always run.
 */
export function checkArchive(archive: { records: readonly LoadedRecord[]; problems: readonly Finding[] }, opts: ArchiveCheckOptions = {}): CheckFinding[] {
  return sortFindings(collect(archive.records, [...archive.problems], opts));
}

/** The findings of every check, appended to `out` unsorted. */
function collect(records: readonly LoadedRecord[], out: CheckFinding[], opts: ArchiveCheckOptions): CheckFinding[] {
  const perRecord = opts.perRecord ?? ((r: LoadedRecord) => checkRecord(r, opts));
  // Loops, not push(...spread): a spread of 100,000 findings overflows the call stack. Indexed: most records have
  // no finding, and an iterator over nothing is still an object.
  for (const r of records) {
    const found = perRecord(r);
    for (let k = 0; k < found.length; k++) out.push(found[k]!);
  }
  const facts: readonly FactsRecord[] = opts.facts ? records.map(opts.facts) : records;
  for (const f of checkNumbering(facts, opts.evidence)) out.push(f);
  return out;
}

/** By file, line, column; errors before warnings at the same place; otherwise in the order found (stable). */
export function sortFindings<T extends Finding>(findings: T[]): T[] {
  return findings.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1),
  );
}

/** True when the finding concerns `file`, directly or as one of the records involved. */
export function involves(f: CheckFinding, file: string): boolean {
  return f.file === file || (f.related?.includes(file) ?? false);
}

/** True when an error finding concerns `file`, directly or as one of the records involved. */
export function errorInvolves(findings: readonly CheckFinding[], file: string): boolean {
  return findings.some((f) => f.severity === 'error' && involves(f, file));
}

export interface ValidateSummary {
  /** Record files read. */
  files: number;
  /** Records that loaded (files without yaml-syntax or schema errors). */
  records: number;
  errors: number;
  warnings: number;
  /** True when warnings fail too (--strict). */
  strict: boolean;
  /** True when validate passes (exit 0). */
  ok: boolean;
}

export function summarise(findings: readonly Finding[], files: number, records: number, strict: boolean): ValidateSummary {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  return { files, records, errors, warnings, strict, ok: errors === 0 && !(strict && warnings > 0) };
}
