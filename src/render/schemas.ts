// The JSON Schema of every --json output (and of a record file): `reports schema <name>` prints one. Tests validate
// real outputs against them (test/commands/json-contracts.test.ts), so a change of shape is a change here.
import { reportJsonSchema } from '../model/report.js';
import { exportEnvelopeSchema, reportItemSchema } from './export/json.js';
import { SCHEMA_VERSION } from './json-output.js';
import type { SchemaName } from './schema-names.js';

export { SCHEMA_NAMES } from './schema-names.js';

const DRAFT = 'https://json-schema.org/draft/2020-12/schema';

const str = { type: 'string' };
const int = { type: 'integer' };
const strings = { type: 'array', items: str };
/** A commit made with --commit: its short id and message. */
const commit = { type: 'object', properties: { id: str, message: str }, required: ['id', 'message'], additionalProperties: false, description: 'The commit made with --commit.' };
const nullable = (t: object) => ({ anyOf: [t, { type: 'null' }] });

const finding = {
  type: 'object',
  properties: {
    severity: { enum: ['error', 'warning'] },
    code: str,
    message: str,
    file: str,
    line: int,
    column: int,
    id: str,
    related: strings,
    unsettled: { const: true, description: 'A tie: the records disagree and nothing tells which is wrong; this record is one party, related the others.' },
    decidedBy: { ...str, description: 'The evidence that blamed this record when no majority did (a declared offset, git).' },
  },
  required: ['severity', 'code', 'message', 'file', 'line', 'column'],
  additionalProperties: false,
};

/** A report renumbered: old id, new id, its file and title. */
const renumbered = { type: 'object', properties: { from: str, to: str, file: str, title: str }, required: ['from', 'to', 'file'], additionalProperties: false };

/** A document of `name`: its version and `properties`, nothing else. */
function document(name: string, title: string, properties: Record<string, unknown>, required: string[], defs: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    $schema: DRAFT,
    $id: `https://reports.invalid/schema/${name}.json`,
    title,
    type: 'object',
    properties: { schemaVersion: { const: SCHEMA_VERSION, description: 'The version of this shape.' }, ...properties },
    required: ['schemaVersion', ...required],
    additionalProperties: false,
    ...(Object.keys(defs).length ? { $defs: defs } : {}),
  };
}

const SCHEMAS: Record<SchemaName, { schema: () => Record<string, unknown> }> = {
  record: { schema: reportJsonSchema },
  list: {
    schema: () =>
      document('list', 'reports list --json', { count: { type: 'integer', minimum: 0 }, reports: { type: 'array', items: { $ref: '#/$defs/report' } } }, ['count', 'reports'], {
        // With --columns each report holds the columns asked for: the record's schema without its required fields.
        report: { anyOf: [reportItemSchema(), { type: 'object', description: 'list --json --columns: the columns asked for' }] },
      }),
  },
  show: {
    schema: () =>
      document(
        'show',
        'reports show --json, reports add --json',
        { report: { $ref: '#/$defs/report' }, reports: { type: 'array', items: { $ref: '#/$defs/report' }, description: 'show with several refs: every report asked for, in order' } },
        ['report'],
        { report: reportItemSchema() },
      ),
  },
  validate: {
    schema: () =>
      document(
        'validate',
        'reports validate --json',
        {
          errors: { type: 'array', items: { $ref: '#/$defs/finding' } },
          warnings: { type: 'array', items: { $ref: '#/$defs/finding' } },
          summary: {
            type: 'object',
            properties: { files: int, records: int, errors: int, warnings: int, strict: { type: 'boolean' }, ok: { type: 'boolean' } },
            required: ['files', 'records', 'errors', 'warnings', 'strict', 'ok'],
            additionalProperties: false,
          },
        },
        ['errors', 'warnings', 'summary'],
        { finding },
      ),
  },
  stats: {
    schema: () => {
      const n = nullable(int);
      const fraction = nullable({ type: 'number', minimum: 0, maximum: 1 });
      const year = {
        type: 'object',
        properties: { year: int, records: int, numbers: int, highest: int, offset: n, count: n, coverage: fraction, coverageAtMost: fraction, firstTotal: n, lastTotal: n, missing: int, gaps: str },
        required: ['year', 'records', 'numbers', 'highest', 'offset', 'count', 'coverage', 'coverageAtMost', 'firstTotal', 'lastTotal', 'missing', 'gaps'],
        additionalProperties: false,
      };
      const sequence = {
        type: 'object',
        properties: { series: str, kind: str, label: str, records: int, years: { type: 'array', items: year } },
        required: ['series', 'kind', 'label', 'records', 'years'],
        additionalProperties: false,
      };
      return document(
        'stats',
        'reports stats --json',
        {
          sequences: { type: 'array', items: sequence },
          summary: { type: 'object', properties: { files: int, records: int, problems: int, sequences: int }, required: ['files', 'records', 'problems', 'sequences'], additionalProperties: false },
        },
        ['sequences', 'summary'],
      );
    },
  },
  fix: {
    schema: () => {
      const action = {
        type: 'object',
        properties: {
          file: str,
          id: str,
          source: { type: 'object' },
          create: { type: 'boolean' },
          remove: str,
          note: str,
          stage: { type: 'boolean' },
          was: { ...str, description: "The report's id before the fix, when it is renumbered." },
          changes: { type: 'array', items: { type: 'object', properties: { field: str, old: {}, new: {}, why: str }, required: ['field', 'old', 'new', 'why'], additionalProperties: false } },
        },
        required: ['file', 'id', 'source', 'create', 'stage', 'changes'],
        additionalProperties: false,
      };
      const choice = {
        type: 'object',
        properties: { files: strings, question: str, options: { type: 'array', items: { type: 'object', properties: { prefer: str, means: str }, required: ['prefer', 'means'], additionalProperties: false } } },
        required: ['files', 'question', 'options'],
        additionalProperties: false,
      };
      return document(
        'fix',
        'reports fix --json',
        {
          actions: { type: 'array', items: action },
          choices: { type: 'array', items: choice },
          notes: strings,
          open: {
            type: 'array',
            description: 'The errors the plan leaves: they need a person; next names what to run.',
            items: {
              type: 'object',
              properties: { file: str, id: str, code: str, message: str, unsettled: { type: 'boolean' }, next: strings },
              required: ['file', 'code', 'message', 'unsettled', 'next'],
              additionalProperties: false,
            },
          },
          applied: { type: 'boolean' },
          written: strings,
          removed: strings,
          staged: strings,
          commit: { ...str, description: 'The last commit made with --commit (short id).' },
          commits: { type: 'array', items: commit, description: 'Every commit made with --commit, in order.' },
          renumbered: { type: 'array', items: renumbered },
          operation: { enum: ['merge', 'rebase'], description: 'The git operation stopped for the conflicts.' },
          next: { ...str, description: 'What to run in git next (git commit, git rebase --continue).' },
          errors: { type: 'integer', minimum: 0 },
        },
        ['actions', 'choices', 'notes', 'open', 'applied', 'written', 'removed', 'staged', 'commits', 'renumbered', 'errors'],
      );
    },
  },
  import: {
    schema: () => {
      const item = {
        type: 'object',
        properties: {
          file: str,
          verdict: { enum: ['new', 'existing', 'clashing', 'unreadable'] },
          id: nullable(str),
          target: nullable(str),
          record: nullable({ type: 'object' }),
          reason: nullable(str),
          // For a clashing or unreadable page (or one not written): what to do about it, with the command.
          next: nullable(str),
          related: strings,
          unread: strings,
          notices: strings,
          written: { type: 'boolean' },
          error: str,
        },
        required: ['file', 'verdict', 'id', 'target', 'record', 'reason', 'next', 'related', 'unread', 'notices', 'written'],
        additionalProperties: false,
      };
      const counts = { type: 'object', properties: { new: int, existing: int, clashing: int, unreadable: int }, required: ['new', 'existing', 'clashing', 'unreadable'], additionalProperties: false };
      return document('import', 'reports import --json', { counts, items: { type: 'array', items: item } }, ['counts', 'items']);
    },
  },
  config: {
    schema: () =>
      document(
        'config',
        'reports config --json',
        {
          file: nullable(str),
          entries: {
            type: 'array',
            items: { type: 'object', properties: { key: str, env: str, value: {}, source: nullable({ type: 'object' }) }, required: ['key', 'env', 'value', 'source'], additionalProperties: false },
          },
          problems: { type: 'array', items: { $ref: '#/$defs/finding' } },
        },
        ['file', 'entries', 'problems'],
        { finding },
      ),
  },
  sync: {
    schema: () =>
      document(
        'sync',
        'reports sync --json',
        {
          mode: { enum: ['merge', 'rebase'] },
          upstream: str,
          before: str,
          after: str,
          arrived: {
            type: 'array',
            items: { type: 'object', properties: { file: str, status: { enum: ['added', 'changed', 'removed'] } }, required: ['file', 'status'], additionalProperties: false },
          },
          renumbered: { type: 'array', items: renumbered },
          commits: { type: 'array', items: commit },
          errors: { type: 'integer', minimum: 0 },
          pushed: { type: 'boolean' },
        },
        ['mode', 'upstream', 'before', 'after', 'arrived', 'renumbered', 'commits', 'errors', 'pushed'],
      ),
  },
  export: { schema: exportEnvelopeSchema },
  rm: {
    schema: () => {
      const removed = {
        type: 'object',
        properties: { id: str, file: str, title: str, attachment: str, attachmentKept: { type: 'boolean' } },
        required: ['id', 'file', 'title'],
        additionalProperties: false,
      };
      return document(
        'rm',
        'reports rm --json',
        { removed: { type: 'array', items: removed }, action: { enum: ['removed', 'withdrawn'] }, gaps: strings, dryRun: { type: 'boolean' }, commit },
        ['removed', 'action', 'gaps', 'dryRun'],
      );
    },
  },
  edit: {
    schema: () => {
      const change = {
        type: 'object',
        properties: {
          id: str,
          was: str,
          status: { enum: ['updated', 'moved', 'unchanged'] },
          file: str,
          dest: str,
          fields: { type: 'array', items: { type: 'object', properties: { field: str, before: {}, after: {} }, required: ['field'], additionalProperties: false } },
          record: { type: 'object' },
        },
        required: ['id', 'was', 'status', 'file', 'dest', 'fields', 'record'],
        additionalProperties: false,
      };
      return document('edit', 'reports edit --set ... --json', { changes: { type: 'array', items: change }, dryRun: { type: 'boolean' }, commit }, ['changes', 'dryRun']);
    },
  },
  attach: {
    schema: () =>
      document(
        'attach',
        'reports attach --json',
        {
          id: str,
          record: str,
          status: { enum: ['attached', 'replaced', 'unchanged'] },
          attachment: {
            type: 'object',
            properties: { file: str, size: { type: 'integer', minimum: 0 }, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
            required: ['file', 'size', 'sha256'],
            additionalProperties: false,
          },
          previous: str,
          dryRun: { type: 'boolean' },
          commit,
        },
        ['id', 'record', 'status', 'attachment', 'dryRun'],
      ),
  },
};


/** The schema called `name`, or undefined. */
export function jsonSchema(name: string): Record<string, unknown> | undefined {
  return Object.hasOwn(SCHEMAS, name) ? SCHEMAS[name as SchemaName].schema() : undefined;
}
