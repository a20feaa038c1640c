// A record as the JSON outputs print it (list --json, show --json, add --json, export json).
import path from 'node:path';
import { RECORD_FIELDS } from '../model/ids.js';
import type { Finding, LoadedRecord } from '../model/record.js';
import { visible } from './safe.js';
import { inBatches, jsonNested } from './batches.js';
import { jsonDocument, SCHEMA_VERSION } from './json-output.js';

/** id and file, then the fields in page order, then unknown fields as written. */
export function recordJson(r: LoadedRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { id: r.id, file: r.file };
  for (const k of RECORD_FIELDS) if (r.record[k] !== undefined) out[k] = r.record[k];
  // defineProperty: an unknown field named __proto__ is written out as a field, never made the prototype.
  for (const [k, v] of Object.entries(r.record)) if (!Object.hasOwn(out, k)) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

/**
 * `list --json`: the same text as `jsonDocument({ count, reports: records.map(recordJson) })`, a batch of records at
 * a time: a large archive's list is printed without ever being held whole in memory (`list --json` of 100,000
 * records peaked at 936 MiB when it was). The shape of `export json` without its `generated` time.
 */
export function* recordsJsonChunks(records: readonly LoadedRecord[], row: (r: LoadedRecord) => object = recordJson): Generator<string> {
  yield `{\n  "schemaVersion": ${SCHEMA_VERSION},\n  "count": ${records.length},\n  "reports": [`;
  yield* inBatches(records, (r, i) => `${i === 0 ? '' : ','}\n    ${jsonNested(row(r), '    ')}`);
  yield records.length ? '\n  ]\n}\n' : ']\n}\n';
}

/** `show --json` and `add --json`: one report; `show` of several refs: the first, and all of them as `reports`. */
export function reportDocument(r: LoadedRecord, all?: readonly LoadedRecord[]): string {
  return jsonDocument(all ? { report: recordJson(r), reports: all.map((x) => recordJson(x)) } : { report: recordJson(r) });
}

/** One line per problem, `path:line:column: message`, path as given relative to the archive folder. */
export function formatProblem(dirLabel: string, f: Finding): string {
  // A file name or a message quoting a record may hold control characters: shown, never sent to the terminal.
  return visible(`${path.join(dirLabel, f.file)}:${f.line}:${f.column}: ${f.message}`);
}

/** One line per file that did not load: its first problem, and how many more `validate` would show. */
export function problemLines(problems: readonly Finding[], dirLabel: string): string[] {
  const byFile = new Map<string, Finding[]>();
  for (const p of problems) {
    const list = byFile.get(p.file);
    if (list) list.push(p);
    else byFile.set(p.file, [p]);
  }
  return [...byFile.values()].map((list) => formatProblem(dirLabel, list[0]!) + (list.length > 1 ? ` (and ${list.length - 1} more; see reports validate)` : ''));
}
