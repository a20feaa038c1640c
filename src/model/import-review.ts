// The review `reports import` shows before writing: one item per page. Plain types, shared by the use case
// (src/app/import.ts) and the renderers.
import type { Report } from './report.js';

export type Verdict = 'new' | 'existing' | 'clashing' | 'unreadable';
export const VERDICTS: readonly Verdict[] = ['new', 'existing', 'clashing', 'unreadable'];

/**
 * What kind of trouble a clashing or unreadable page is in, for the step the review names next:
 * cannot-read (the file), missing (fields the page does not give), invalid (a value the record cannot take),
 * taken (another report holds its number or Total), numbering (the numbering checks refuse it), broken (its record
 * file exists but does not load), batch (another page of this batch is the same report or takes its number).
 */
export type ImportProblem = 'cannot-read' | 'missing' | 'invalid' | 'taken' | 'numbering' | 'broken' | 'batch';

/** One page of the batch: what it would become and why. */
export interface ImportItem {
  /** The page file, as the user named it (relative to the working folder when inside it). */
  file: string;
  verdict: Verdict;
  /** The report's id (e.g. 2019-R97): the one it would get, or the one it already has in the archive. */
  id?: string;
  /** The record file it would be (or was) written to, relative to the archive. */
  target?: string;
  /** The record as it would be written (fields read from the page, the series spelled as the archive spells it). */
  record?: Partial<Report>;
  /** Why it is existing, clashing or unreadable. */
  reason?: string;
  /** For a clashing or unreadable page: what kind of trouble (the review names the next step from it). */
  problem?: ImportProblem;
  /** Record files of the archive (or page files of the batch) it matches or clashes with. */
  related?: string[];
  /** Fields a report page normally shows that this one did not. */
  unread: string[];
  /** What the reader was unsure of, what the checks warn about. */
  notices: string[];
  /** True once its record file was created. */
  written?: boolean;
  /** Why writing it failed (the other pages were still written). */
  error?: string;
}

export interface ImportReview {
  items: ImportItem[];
  counts: Record<Verdict, number>;
  /** True when the new reports were written (asked and accepted, or --yes). */
  wrote: boolean;
  /** Record files created, relative to the archive. */
  written: string[];
  /** Pages refused: unreadable, clashing, or failed to write. */
  refused: number;
  /** Of those, the ones that failed rather than were judged: a file that could not be read, a record not written. */
  failed: number;
  /** Files of the archive that do not load (not counted in the checks; see validate). */
  archiveProblems: number;
  /** The commit of the files written, when asked for (app/commit.ts: Committed). */
  commit?: { id: string; message: string };
}

