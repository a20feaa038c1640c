// The types every layer shares: a record as loaded from its file, and a located finding about it.
// Pure declarations: the store fills them, the checks read them, the renderers turn them into text.
import type { Report } from './report.js';

export type Severity = 'error' | 'warning';

/** A located problem with a record file. `file` is relative to the archive, with forward slashes. */
export interface Finding {
  severity: Severity;
  code: string;
  message: string;
  file: string;
  line: number;
  column: number;
  /** The record's id (e.g. `2018-R146`), when the record loaded. */
  id?: string;
  /** Files (relative to the archive) of the other records involved. */
  related?: string[];
  /**
   * A disagreement nothing settles (no majority, no declared offset, no evidence from git): this record is one party,
   * `related` the others, and none is known to be wrong. Each party carries the same finding on its own file.
   */
  unsettled?: boolean;
  /** The evidence that blamed this record when no majority did: "declared in reports.config.yaml", "git: ...". */
  decidedBy?: string;
}

/** A finding of the checks: the same shape (kept as a name for readers of the checks). */
export type CheckFinding = Finding;

/** [line, column], both from 1. */
export type Pos = [number, number];

/** Where each top-level field's key and value start in the file. */
export interface FieldPositions {
  keys: Record<string, Pos>;
  values: Record<string, Pos>;
}

/**
 * Empty field positions. The maps have no prototype, so that a field named `__proto__` is a key like any other
 * (on a plain object, assigning it would replace the object's prototype and the position would be lost).
 */
export function noPositions(): FieldPositions {
  return { keys: Object.create(null) as Record<string, Pos>, values: Object.create(null) as Record<string, Pos> };
}

/** A record as read from a file: the validated fields plus any unknown ones, kept as written. */
export type RecordData = Report & Record<string, unknown>;

/** A record of the archive: its id, its file and its fields. */
export interface LoadedRecord {
  id: string;
  /** Path relative to the archive folder, with forward slashes. */
  file: string;
  record: RecordData;
  /** Where each field's key and value start in the file. */
  readonly positions: FieldPositions;
}

/**
 * The fields of a record the checks across records read (numbering, attachments), and nothing else; its title they
 * compare only as normalised (FactsRecord.titleKey).
 */
export type RecordFacts = Pick<Report, 'series' | 'kind' | 'year' | 'number' | 'total' | 'date' | 'attachment'> & { title?: string };

/**
 * A record as the checks across records see it: its id, file and positions, and of its fields only the facts. A
 * LoadedRecord is one; so is a record whose facts were kept from an earlier run (app/kept-checks.ts).
 */
export interface FactsRecord {
  readonly id: string;
  readonly file: string;
  readonly record: RecordFacts;
  readonly positions: FieldPositions;
  /** The title as compared for duplicates (normaliseTitle of checks/numbering.ts), when kept; else worked out from
   * `record.title`. */
  readonly titleKey?: string;
}
