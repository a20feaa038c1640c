// Setting fields without an editor (`reports edit <ref> --set field=value`): the record's text is changed field
// by field, then checked and written exactly as an interactive edit is (vetted as validate checks it, written
// atomically under the archive lock, renumbered records moved to their file). Several records are all checked
// before the first is written: one refused record leaves every record as it was.
import { linkTarget, readText } from '../store/files.js';
import path from 'node:path';
import { InputError, ReportsError, UsageError, type Words } from '../errors.js';
import { readDate } from '../model/dates.js';
import { canonicalPath, RECORD_FIELDS } from '../model/ids.js';
import { parseAuthors, parseKeywords } from '../model/lists.js';
import { uniqueKeywords } from '../model/keywords.js';
import type { LoadedRecord } from '../model/record.js';
import { describeFindings } from '../render/findings.js';
import { loadArchive, readRecordText, type Archive } from '../store/archive.js';
import { sweepArchive } from '../store/leftovers.js';
import { withArchiveLock } from '../store/lock.js';
import { editRecordText, moveRecord, replaceAtomic } from '../store/write.js';
import type { AppEnv } from './env.js';
import { findReports } from './refs.js';
import { assertCanCommit, commitWrites, type CommitOption, type Committed } from './commit.js';
import { vetRecord } from './vet.js';

/** One change: a field given a value (as typed), a field removed, key words added or removed. */
export type FieldChange =
  | { op: 'set'; field: string; value: string }
  | { op: 'unset'; field: string }
  | { op: 'add-keyword'; value: string }
  | { op: 'remove-keyword'; value: string };

export interface SetInput extends CommitOption {
  /** The records: ids, Totals, paths or search words (see findReports). */
  refs: readonly string[];
  /** Applied in order. */
  changes: readonly FieldChange[];
  /** Check and show, write nothing. */
  dryRun?: boolean;
}

export interface SetChange {
  /** The record's id after the change. */
  id: string;
  /** Its id before (another when renumbered). */
  was: string;
  /** updated: replaced in place; moved: renumbered to another file; unchanged: the changes change nothing. */
  status: 'updated' | 'moved' | 'unchanged';
  /** The file before, relative to the archive. */
  file: string;
  /** The file after (the same unless moved). */
  dest: string;
  /** The fields that change, with their values before and after (undefined: not there). */
  fields: Array<{ field: string; before: unknown; after: unknown }>;
  /** The record's fields after the change. */
  record: Record<string, unknown>;
  /** The new text of the record file. */
  text: string;
}

export interface SetResult {
  changes: SetChange[];
  dryRun: boolean;
  /** The commit made (with `commit`), when something was written. */
  commit?: Committed;
}

/** Fields a user may not set this way, and why. */
const NOT_SET: Record<string, (w: Words) => string> = {
  attachment: (w) => `attachment is written by attaching a file (${w.again('attach', ['<ref>', '<file>'], {})})`,
};

const WHOLE = new Set(['number', 'year', 'total']);

/** A typed value as the record keeps it. Wrong values are passed on as typed, for the checks to word the problem. */
export function fieldValue(field: string, raw: string): unknown {
  const v = raw.trim();
  if (WHOLE.has(field)) return /^\d+$/.test(v) ? Number(v) : v;
  if (field === 'date') {
    const d = readDate(v);
    return d.error === undefined ? d.date : v;
  }
  if (field === 'authors') return parseAuthors(v);
  if (field === 'keywords') return uniqueKeywords(parseKeywords(v)).keywords;
  if (field === 'withdrawn') {
    if (/^(true|yes)$/i.test(v)) return true;
    if (/^(false|no)$/i.test(v)) return false;
    return v;
  }
  if (field === 'kind') return v.toLowerCase();
  return field === 'abstract' ? raw : v;
}

/** A field name the record format knows (any case), or a UsageError naming the fields. */
function knownField(name: string): string {
  const f = name.trim().toLowerCase();
  if (NOT_SET[f]) throw new InputError(['changes'], NOT_SET[f]!);
  if (!(RECORD_FIELDS as readonly string[]).includes(f)) {
    throw new UsageError(`no field ${JSON.stringify(name)}; the fields are ${RECORD_FIELDS.filter((x) => !NOT_SET[x]).join(', ')}`);
  }
  return f;
}

/** The edits to the record's text that the changes make, in order (later changes of a field win). */
function edits(record: Record<string, unknown>, changes: readonly FieldChange[]): Array<{ field: string; new: unknown }> {
  const out = new Map<string, unknown>();
  let keywords = Array.isArray(record.keywords) ? (record.keywords as unknown[]).map(String) : [];
  for (const c of changes) {
    if (c.op === 'set') {
      const field = knownField(c.field);
      const value = fieldValue(field, c.value);
      out.set(field, value);
      if (field === 'keywords') keywords = value as string[];
    } else if (c.op === 'unset') {
      const field = knownField(c.field);
      out.set(field, undefined);
      if (field === 'keywords') keywords = [];
    } else if (c.op === 'add-keyword') {
      keywords = uniqueKeywords([...keywords, ...parseKeywords(c.value)]).keywords;
      out.set('keywords', keywords);
    } else {
      const gone = new Set(parseKeywords(c.value).map((k: string) => k.toLowerCase()));
      const missing = [...gone].filter((k) => !keywords.some((x) => x.toLowerCase() === k));
      if (missing.length > 0) throw new ReportsError(`no key word ${missing.map((k) => JSON.stringify(k)).join(', ')} to remove; the record's key words are: ${keywords.join(', ') || '(none)'}`);
      keywords = keywords.filter((k) => !gone.has(k.toLowerCase()));
      out.set('keywords', keywords.length ? keywords : undefined);
    }
  }
  return [...out].map(([field, value]) => ({ field, new: value }));
}

interface Planned extends SetChange {
  /** Where the file really is (a record file may be a link: the change goes to the file it points to). */
  writeTo: string;
  original: string;
}

/** The fields whose values differ, in file order (unknown fields after). */
function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): SetChange['fields'] {
  const names = [...new Set([...RECORD_FIELDS, ...Object.keys(before), ...Object.keys(after)])];
  return names.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f])).map((f) => ({ field: f, before: before[f], after: after[f] }));
}

/** Check one record's new text among `others` (the archive with the earlier planned changes in it). */
function plan(target: LoadedRecord, original: string, text: string, others: readonly LoadedRecord[], linked: boolean, writeTo: string): { planned: Planned; candidate: LoadedRecord; problems: string[]; warnings: string[] } {
  const file = target.file;
  const placed = !linked && file === canonicalPath(target.record);
  const first = vetRecord(text, file, others);
  let dest = first.candidate && placed ? canonicalPath(first.candidate.record) : file;
  if (others.some((r) => r.file === dest && r.file !== file)) dest = file;
  const v = dest === file ? first : vetRecord(text, dest, others, file);
  const problems = [...v.problems.map((f) => `${file}:${f.line}:${f.column}: ${f.message}`), ...describeFindings(v.errors, dest)];
  const status = text === original ? 'unchanged' : dest === file ? 'updated' : 'moved';
  const record = v.candidate ? { ...v.candidate.record } : {};
  const fields = v.candidate ? changedFields(target.record, record) : [];
  return {
    planned: { id: v.candidate?.id ?? target.id, was: target.id, status, file, dest, fields, record, text, writeTo, original },
    candidate: v.candidate ?? target,
    problems,
    warnings: describeFindings(v.warnings, dest),
  };
}

/** Plan every record's change against `archive`; a ReportsError listing the problems when any is refused. */
function planAll(archive: Archive, targets: readonly LoadedRecord[], changes: readonly FieldChange[]): { planned: Planned[]; warnings: string[] } {
  let working = archive.records.slice();
  const planned: Planned[] = [];
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const target of targets) {
    const abs = path.join(archive.dir, target.file);
    const real = linkTarget(abs);
    const linked = real !== undefined;
    const writeTo = real ?? abs;
    const original = readRecordText(writeTo);
    const text = editRecordText(original, edits(target.record, changes));
    const p = plan(target, original, text, working.filter((r) => r !== target), linked, writeTo);
    problems.push(...p.problems);
    warnings.push(...p.warnings);
    planned.push(p.planned);
    // The next record is checked against this one as it will be.
    working = working.map((r) => (r === target ? p.candidate : r));
  }
  if (problems.length > 0) {
    const ids = targets.map((t) => t.id).join(', ');
    throw new ReportsError(`not changed: the new version of ${ids} is not valid; every record is as it was`, problems);
  }
  return { planned, warnings };
}

export async function setFields(env: AppEnv, input: SetInput): Promise<SetResult> {
  if (input.changes.length === 0) throw new UsageError('no change given: set, unset, add or remove a field');
  const dir = env.archive;
  const archive = await loadArchive(dir, { cache: env.cache });
  const targets = await findReports(env, archive, input.refs, 'Which report to change?', true);
  const { planned, warnings } = planAll(archive, targets, input.changes);
  for (const w of warnings) env.notify?.({ level: 'warning', message: w });
  const result = (p: Planned): SetChange => ({ id: p.id, was: p.was, status: p.status, file: p.file, dest: p.dest, fields: p.fields, record: p.record, text: p.text });
  if (input.dryRun) return { changes: planned.map(result), dryRun: true };
  assertCanCommit(env, input);
  const writes = planned.filter((p) => p.status !== 'unchanged');
  if (writes.length > 0) {
    await withArchiveLock(dir, async (check) => {
      // Another process may have changed a record or the archive since it was read: check it all again.
      for (const p of writes) if (readText(p.writeTo) !== p.original) throw new ReportsError(`${p.file} was changed by someone else meanwhile; nothing was changed`);
      const fresh = await loadArchive(dir, { cache: env.cache });
      const again = planAll(fresh, writes.map((p) => fresh.records.find((r) => r.file === p.file)!).filter(Boolean), input.changes);
      if (again.planned.length !== writes.length) throw new ReportsError('the archive changed meanwhile; nothing was changed');
      check();
      sweepArchive(dir);
      const done: string[] = [];
      for (const p of writes) {
        try {
          if (p.dest === p.file) replaceAtomic(p.writeTo, p.text, 'edit:after-temp');
          else moveRecord(dir, p.file, p.dest, p.text);
          done.push(p.id);
        } catch (e) {
          // Say which were written before the failure: the error alone would read as if none had been.
          if (done.length === 0 || !(e instanceof ReportsError)) throw e;
          throw new ReportsError((w) => `${done.join(', ')} changed; then: ${e.worded(w)}`, e.details, { cause: e });
        }
      }
    });
  }
  const commit = commitWrites(env, input, {
    verb: 'Edit',
    reports: writes.map((p) => ({ id: p.id, title: String(p.record.title ?? '') })),
    written: writes.map((p) => p.dest),
    removed: writes.filter((p) => p.dest !== p.file).map((p) => p.file),
  });
  return commit ? { changes: planned.map(result), dryRun: false, commit } : { changes: planned.map(result), dryRun: false };
}
