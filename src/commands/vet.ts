// Vetting a new or edited record against the rest of the archive with the checks `validate` runs.
import { parseRecord } from '../store/parse.js';
import type { Finding } from '../model/record.js';
import { toLoaded } from '../store/archive.js';
import type { LoadedRecord } from '../model/record.js';
import { checkRecords, involves } from '../checks/index.js';
import type { CheckFinding } from '../model/record.js';
import { visible } from '../render/safe.js';

export interface Vetting {
  /** The record as the archive would load it, or undefined when the text is not a valid record. */
  candidate?: LoadedRecord;
  /** Problems of the text itself (YAML syntax, schema). */
  problems: Finding[];
  /** Errors the candidate would bring into the archive (a duplicate number or Total, an offset disagreement...). */
  errors: CheckFinding[];
  /** Warnings about the candidate (a probable duplicate title, a date outside its year...). */
  warnings: CheckFinding[];
}

const key = (f: CheckFinding) => `${f.code}\u0000${f.file}`;

/**
 * Check `text` as the record file `file` among `others`, in place of the record at `replacing` (an edit; by default
 * `file` itself). Only findings the
 * candidate brings are returned: an archive's existing problems never block a good record.
 */
export function vetRecord(text: string, file: string, others: readonly LoadedRecord[], replacing: string = file): Vetting {
  const parsed = parseRecord(text, file);
  const candidate = toLoaded(file, parsed);
  if (!candidate) return { problems: parsed.problems, errors: [], warnings: [] };
  // The record being replaced (by an edit) is left out; any other record at `file` stays in and clashes.
  const rest = others.filter((r) => r.file !== replacing);
  let after = checkRecords([...rest, candidate]).filter((f) => involves(f, file));
  // Findings on other records that name the candidate may have been there before it (e.g. a record already off
  // its year's offset, now also disagreeing with the candidate): only new ones count. Checked only when needed.
  if (after.some((f) => f.file !== file)) {
    const before = new Set(checkRecords(rest).map(key));
    after = after.filter((f) => f.file === file || !before.has(key(f)));
  }
  return {
    candidate,
    problems: [],
    errors: after.filter((f) => f.severity === 'error'),
    // A new report is always the highest number so far or a gap being filled: gap notes are not about it.
    warnings: after.filter((f) => f.severity === 'warning' && f.code !== 'number-gap'),
  };
}

/** One line per finding, naming the other records involved. */
export function describeFindings(findings: readonly CheckFinding[], file: string): string[] {
  return findings.map((f) => {
    const where = f.file === file ? '' : `${f.file}: `;
    return visible(`${where}${f.message} [${f.code}]`);
  });
}
