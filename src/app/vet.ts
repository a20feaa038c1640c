// A record's text, parsed as the archive would load it, then vetted against the other records.
import { vetCandidate, type CandidateFindings } from '../checks/vet.js';
import type { Finding, LoadedRecord } from '../model/record.js';
import { MAX_FILE_BYTES, toLoaded } from '../store/archive.js';
import { parseRecord } from '../store/parse.js';

export interface Vetting extends CandidateFindings {
  /** The record as the archive would load it, or undefined when the text is not a valid record. */
  candidate?: LoadedRecord;
  /** Problems of the text itself (YAML syntax, schema). */
  problems: Finding[];
}

/** Check `text` as the record file `file` among `others`, in place of the record at `replacing` (see vetCandidate). */
export function vetRecord(text: string, file: string, others: readonly LoadedRecord[], replacing: string = file): Vetting {
  // A record the loader would refuse for its size is never written (an abstract pasted from a 10 MB page can be).
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_FILE_BYTES) {
    const message = `the record would be ${bytes} bytes; record files larger than ${MAX_FILE_BYTES} bytes are refused (is the abstract the whole page?)`;
    return { problems: [{ severity: 'error', code: 'yaml-syntax', message, file, line: 1, column: 1 }], errors: [], warnings: [] };
  }
  const parsed = parseRecord(text, file);
  const candidate = toLoaded(file, parsed);
  if (!candidate) return { problems: parsed.problems, errors: [], warnings: [] };
  return { candidate, problems: [], ...vetCandidate(candidate, others, replacing) };
}
