// JSON export: {generated, count, reports}, each report as `list --json` prints it.
import { recordJson } from '../record-json.js';
import { inBatches, jsonNested } from '../batches.js';
import type { LoadedRecord } from '../../model/record.js';
import { reportJsonSchema } from '../../model/report.js';
import { SCHEMA_VERSION } from '../json-output.js';

export interface Envelope {
  schemaVersion: number;
  generated: string;
  count: number;
  reports: Record<string, unknown>[];
}

export function exportJson(records: readonly LoadedRecord[], generated: Date): string {
  return [...exportJsonChunks(records, generated)].join('');
}

/**
 * The same text as JSON.stringify(envelope, null, 2), a report at a time, so that a large archive is written
 * without ever holding the whole export in memory.
 */
export function* exportJsonChunks(records: readonly LoadedRecord[], generated: Date): Generator<string> {
  yield `{\n  "schemaVersion": ${SCHEMA_VERSION},\n  "generated": ${JSON.stringify(generated.toISOString())},\n  "count": ${records.length},\n  "reports": [`;
  yield* inBatches(records, (r, i) => `${i === 0 ? '' : ','}\n    ${jsonNested(recordJson(r), '    ')}`);
  yield records.length ? '\n  ]\n}\n' : ']\n}\n';
}

/** A report as the JSON outputs print it: the record's schema with id and file first, unknown fields allowed. */
export function reportItemSchema(): Record<string, unknown> {
  const { $schema: _s, $id: _i, title: _t, ...record } = reportJsonSchema() as Record<string, unknown> & {
    properties: Record<string, unknown>;
    required?: string[];
  };
  const props = record.properties as Record<string, unknown>;
  return {
    ...record,
    description: 'A report as `reports list --json` prints it: id and file, the fields in page order, then any unknown fields as written.',
    properties: {
      id: { type: 'string', pattern: '^\\d{4}-[RS]\\d+$', description: 'The report id, e.g. 2019-S11 (year, R regular / S special, number).' },
      file: { type: 'string', minLength: 1, description: 'The record file, relative to the archive folder, with forward slashes.' },
      ...props,
    },
    required: ['id', 'file', ...((record.required as string[] | undefined) ?? [])],
    // Unknown fields of a record are exported as written.
    additionalProperties: true,
  };
}

/** The JSON Schema of the export envelope (`reports schema export`). */
export function exportEnvelopeSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://reports.invalid/schema/export.json',
    title: 'Export of research reports (reports export json)',
    type: 'object',
    properties: {
      schemaVersion: { const: SCHEMA_VERSION, description: 'The version of this shape.' },
      generated: {
        type: 'string',
        format: 'date-time',
        description: 'When the export was made (ISO 8601, UTC); fixed by SOURCE_DATE_EPOCH for reproducible output.',
      },
      count: { type: 'integer', minimum: 0, description: 'How many reports follow.' },
      reports: { type: 'array', items: { $ref: '#/$defs/report' }, description: 'The exported reports, newest first.' },
    },
    required: ['schemaVersion', 'generated', 'count', 'reports'],
    additionalProperties: false,
    $defs: { report: reportItemSchema() },
  };
}
