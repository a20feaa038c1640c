// The use case of `reports import`: read report pages in bulk, review them against the archive and each other, and
// (when asked) write the new ones under one lock. No printing, no process.*: the command renders the review.
import { InterruptedError, ReportsError } from '../errors.js';
import { checkRecords } from '../checks/index.js';
import { ExistingIndex } from '../checks/existing.js';
import { sequenceKey, yearOffset } from '../checks/sequences.js';
import type { PageRead } from '../model/page/source.js';
import { canonicalPath, reportId, ReportSchema, type Report } from '../model/report.js';
import type { CheckFinding, FieldPositions, LoadedRecord, RecordData } from '../model/record.js';
import { loadArchive } from '../store/archive.js';
import { withArchiveLock } from '../store/lock.js';
import { listPageFiles, readOnePage, type PageFile } from '../store/pages.js';
import { createExclusive, FileExistsError, recordYaml } from '../store/write.js';
import type { AppEnv } from './env.js';
import { phase } from '../timing.js';
import { assertCanCommit, commitWrites, type CommitOption } from './commit.js';
import type { ImportItem, ImportReview, Verdict } from '../model/import-review.js';

export { VERDICTS, type ImportItem, type ImportReview, type Verdict } from '../model/import-review.js';

export interface ImportInput extends CommitOption {
  /** Page files and folders, relative to env.cwd. */
  paths: readonly string[];
  /** Pages already in hand (pasted into a form, uploaded), read as page files are; then `paths` may be empty. */
  pages?: readonly GivenPage[];
  /**
   * Whether to write the new reports: false (a dry run), true, or a function shown the review that decides (the
   * terminal's question). Not called when there is nothing new.
   */
  write: boolean | ((review: ImportReview) => boolean | Promise<boolean>);
  /** Called as pages are read and written: for a progress line. */
  onProgress?: (done: number, total: number, phase: 'read' | 'write') => void;
  /** Stops the work (Ctrl-C): importPages throws InterruptedError; records written before it stay, and it says which. */
  signal?: AbortSignal;
}

/** A page read from its file, before it is judged. */
export interface ReadPage {
  file: string;
  page?: PageRead;
  error?: string;
}

/** A page given as its bytes (or text) rather than a file: `name` tells HTML from text by its extension. */
export interface GivenPage {
  name: string;
  bytes: Uint8Array | string;
}

/** Pages in hand, read as page files are (one page that cannot be read is that page's error). */
export async function readGivenPages(pages: readonly GivenPage[]): Promise<ReadPage[]> {
  const { readPage } = await import('../model/page/index.js');
  return pages.map((p) => {
    try {
      return { file: p.name, page: readPage(p.bytes, p.name) };
    } catch (e) {
      return { file: p.name, error: (e as Error).message };
    }
  });
}

/** How long the reading may hold the event loop before it gives a signal (Ctrl-C) a turn. */
const TURN_MS = 50;

/**
 * Read every page the paths name, in order; one page that cannot be read is that page's error, never the batch's.
 * The event loop gets a turn every TURN_MS so that a Ctrl-C is seen between two pages (read in one synchronous loop,
 * 1,000 pages held it until the end); throws InterruptedError once `signal` is aborted.
 *
 * On this thread. A second thread (a worker taking chunks from a shared counter, as the archive loader does) was
 * measured and left out: with 1,000 and 3,000 pages on this 2-core machine it was slower in every cold run (1,000
 * pages: 1.4-2.6 s on one thread against 2.0-2.4 s on two; 3,000: 3.6-3.9 s against 5.4-5.9 s), the worker's start
 * and its copy of the reader costing more than it saved.
 */
export async function readPages(env: Pick<AppEnv, 'cwd'>, paths: readonly string[], onProgress: ImportInput['onProgress'], signal: AbortSignal | undefined): Promise<ReadPage[]> {
  const files: PageFile[] = listPageFiles(env.cwd, paths);
  phase(`list ${files.length} pages`);
  const out: ReadPage[] = [];
  let turn = Date.now();
  for (let i = 0; i < files.length; i++) {
    if (Date.now() - turn >= TURN_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      turn = Date.now();
    }
    stopIf(signal);
    out.push({ file: files[i]!.shown, ...readOnePage(files[i]!) });
    onProgress?.(i + 1, files.length, 'read');
  }
  return out;
}

function stopIf(signal: AbortSignal | undefined, written: readonly string[] = []): void {
  if (!signal?.aborted) return;
  throw new InterruptedError(written.length === 0 ? 'interrupted; nothing was written' : `interrupted; ${written.length} record file${written.length === 1 ? ' was' : 's were'} written before it: ${written.join(', ')}`);
}

const REQUIRED = ['title', 'authors', 'series', 'number', 'year'] as const;
const WHY_MISSING: Record<string, string> = {
  title: 'no title',
  authors: 'no author, team or organization (no by-line read)',
  series: 'no numbering line (series)',
  number: 'no number',
  year: 'no year',
};

/** A candidate record has no file yet: its findings are placed at line 1. */
const NO_POSITIONS: FieldPositions = { keys: {}, values: {} };

const findingKey = (f: CheckFinding) => `${f.code}\u0000${f.file}\u0000${f.message}`;

/**
 * Judge each page against the archive's records and the pages before it: new, existing (skipped), clashing
 * (refused) or unreadable (refused). The numbering checks `validate` runs are run over archive + batch together, so a
 * batch whose Totals disagree with a year's offset is flagged as validate would flag it. Pure: no disk.
 */
export function reviewPages(records: readonly LoadedRecord[], pages: readonly ReadPage[], problemFiles: ReadonlySet<string> = new Set()): ImportItem[] {
  const items: ImportItem[] = [];
  const accepted: Array<{ item: ImportItem; loaded: LoadedRecord; source: string }> = [];
  const bySource = new Map<LoadedRecord, string>();
  const index = new ExistingIndex(records);
  // Series spellings and (sequence, year) groups of archive + batch, for the Totals a year's offset proves.
  const spelling = new Map<string, string>();
  for (const r of records) if (!spelling.has(r.record.series.trim().toLowerCase())) spelling.set(r.record.series.trim().toLowerCase(), r.record.series);
  const byYear = new Map<string, LoadedRecord[]>();
  const addToYear = (r: LoadedRecord) => {
    const k = `${sequenceKey(r.record)}\u0000${r.record.year}`;
    const list = byYear.get(k);
    if (list) list.push(r);
    else byYear.set(k, [r]);
  };
  records.forEach(addToYear);

  for (const p of pages) {
    if (!p.page) {
      items.push({ file: p.file, verdict: 'unreadable', reason: p.error ?? 'cannot be read', problem: 'cannot-read', unread: [], notices: [] });
      continue;
    }
    const { fields, unread, notices } = p.page;
    const item: ImportItem = { file: p.file, verdict: 'unreadable', unread: [...unread], notices: [...notices] };
    items.push(item);
    // A page signed by its research team (or organization) alone has no person as author: the team signs it.
    const signed = fields.team !== undefined || fields.organization !== undefined;
    const missing = REQUIRED.filter((k) => fields[k] === undefined && !(k === 'authors' && signed));
    if (missing.length > 0) {
      item.reason = `cannot be imported without prompts: ${missing.map((k) => WHY_MISSING[k]).join(', ')}`;
      item.problem = 'missing';
      item.record = { ...fields };
      if (fields.number !== undefined && fields.year !== undefined && fields.kind) item.id = reportId(fields as Report);
      continue;
    }
    const record: Partial<Report> = { ...fields, kind: fields.kind ?? 'regular', series: spelling.get(fields.series!.trim().toLowerCase()) ?? fields.series! };
    if (record.series !== fields.series) item.notices.push(`series "${fields.series}" written as the archive spells it: "${record.series}"`);
    // A Total the page does not show, when the year's offset proves it (Total = offset + number).
    if (record.total === undefined) {
      const year = yearOffset(byYear.get(`${sequenceKey(record as Report)}\u0000${record.year}`) ?? []);
      if (year.offset !== undefined) {
        record.total = year.offset + record.number!;
        item.notices.push(`Total ${record.total} from the offset ${year.offset} of ${record.year} (agreed by ${year.agreedBy.slice(0, 3).map((r) => r.id).join(', ')}): the page shows none`);
        item.unread = item.unread.filter((f) => f !== 'total');
      }
    }
    item.record = record;
    item.id = reportId(record as Report);
    item.target = canonicalPath(record as Report);

    const ex = index.find(record);
    if (ex) {
      const inBatch = bySource.get(ex.record);
      item.verdict = ex.verdict;
      item.reason = !inBatch
        ? ex.reason
        : ex.verdict === 'existing'
          ? `the same report as ${inBatch}, earlier in this batch`
          : ex.reason.replace(`${ex.record.id} (${ex.record.file})`, `${ex.record.id} of ${inBatch}, earlier in this batch`);
      item.related = [inBatch ?? ex.record.file];
      if (ex.verdict === 'clashing') item.problem = inBatch ? 'batch' : 'taken';
      if (ex.verdict === 'existing') item.id = ex.record.id;
      continue;
    }
    if (problemFiles.has(item.target)) {
      item.verdict = 'clashing';
      item.reason = `${item.target} exists in the archive but does not load (see reports validate); a record file is never overwritten`;
      item.related = [item.target];
      item.problem = 'broken';
      continue;
    }
    // Checked against the schema as the loader would check its file (the YAML round trip is left to the write:
    // it took a third of the review of 1,000 pages).
    const valid = ReportSchema.safeParse(record);
    if (!valid.success) {
      item.reason = `the record would not be valid: ${valid.error.issues.map((i) => `${i.path.join('.') || 'record'}: ${i.message}`).join('; ')}`;
      item.problem = 'invalid';
      continue;
    }
    const loaded: LoadedRecord = { id: item.id, file: item.target, record: valid.data as RecordData, positions: NO_POSITIONS };
    item.verdict = 'new';
    accepted.push({ item, loaded, source: p.file });
    bySource.set(loaded, p.file);
    index.add(loaded);
    addToYear(loaded);
    const low = loaded.record.series.trim().toLowerCase();
    if (!spelling.has(low)) spelling.set(low, loaded.record.series);
  }

  // Numbering over archive + batch: an error a new record brings refuses it; repeated until none is left, since
  // refusing one record can change what the others are checked against.
  const before = new Set(checkRecords(records).map(findingKey));
  let live = accepted;
  for (let round = 0; round < 5 && live.length > 0; round++) {
    const findings = checkRecords([...records, ...live.map((a) => a.loaded)]).filter((f) => !before.has(findingKey(f)));
    const refused = new Set<string>();
    for (const a of live) {
      const file = a.loaded.file;
      const mine = findings.filter((f) => f.file === file);
      const errors = mine.filter((f) => f.severity === 'error');
      if (errors.length > 0) {
        refused.add(file);
        a.item.verdict = 'clashing';
        a.item.reason = errors.map((f) => `${f.message} [${f.code}]`).join('; ');
        a.item.problem = 'numbering';
        a.item.related = [...new Set(errors.flatMap((f) => f.related ?? []).map((r) => live.find((x) => x.loaded.file === r)?.source ?? r))];
      } else if (round === 0) {
        for (const w of mine) if (w.severity === 'warning' && w.code !== 'number-gap') a.item.notices.push(`${w.message} [${w.code}]`);
      }
    }
    if (refused.size === 0) break;
    live = live.filter((a) => !refused.has(a.loaded.file));
  }
  return items;
}

function countOf(items: readonly ImportItem[]): Record<Verdict, number> {
  const c: Record<Verdict, number> = { new: 0, existing: 0, clashing: 0, unreadable: 0 };
  for (const i of items) c[i.verdict]++;
  return c;
}

function summarise(items: ImportItem[], archiveProblems: number, written: string[], wrote: boolean): ImportReview {
  const counts = countOf(items);
  const failed = items.filter((i) => i.error || i.problem === 'cannot-read').length;
  return { items, counts, wrote, written, refused: counts.clashing + counts.unreadable + items.filter((i) => i.error).length, failed, archiveProblems };
}

/**
 * Read the pages, review them, and write the new ones when `input.write` says so. Writing happens under the archive
 * lock from a fresh read of the archive (another add may have landed meanwhile); each record is created exclusively
 * and atomically; a page that fails to write is marked and the others are still written.
 */
export async function importPages(env: AppEnv, input: ImportInput): Promise<ImportReview> {
  if (input.paths.length === 0 && !input.pages?.length) throw new ReportsError('no page files or folders given');
  if (input.write !== false) assertCanCommit(env, input);
  const { signal } = input;
  const pages = [...(input.pages ? await readGivenPages(input.pages) : []), ...(input.paths.length ? await readPages(env, input.paths, input.onProgress, signal) : [])];
  phase(`read ${pages.length} pages`);
  stopIf(signal);
  const archive = await loadArchive(env.archive, { cache: env.cache });
  stopIf(signal);
  const problemFiles = new Set(archive.problems.map((f) => f.file));
  const items = reviewPages(archive.records, pages, problemFiles);
  phase('review');
  stopIf(signal);
  const review = summarise(items, problemFiles.size, [], false);
  if (review.counts.new === 0 || input.write === false) return review;
  const go = typeof input.write === 'function' ? await input.write(review) : input.write;
  if (!go) return review;
  stopIf(signal);

  const done = await withArchiveLock(env.archive, async (check) => {
    const fresh = await loadArchive(env.archive, { cache: env.cache });
    const freshProblems = new Set(fresh.problems.map((f) => f.file));
    const final = reviewPages(fresh.records, pages, freshProblems);
    const written: string[] = [];
    const todo = final.filter((i) => i.verdict === 'new');
    let done = 0;
    let turn = Date.now();
    for (const item of todo) {
      if (Date.now() - turn >= TURN_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        turn = Date.now();
      }
      stopIf(signal, written);
      try {
        check();
        createExclusive(env.archive, item.target!, recordYaml(item.record!));
        item.written = true;
        written.push(item.target!);
      } catch (e) {
        item.written = false;
        item.error =
          e instanceof FileExistsError
            ? `${item.target} appeared in the archive meanwhile; a record file is never overwritten`
            : `could not be written: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
      }
      input.onProgress?.(++done, todo.length, 'write');
    }
    phase(`wrote ${written.length} records`);
    return summarise(final, freshProblems.size, written, true);
  });
  const reports = done.items.filter((i) => i.written && i.id).map((i) => ({ id: i.id!, title: i.record?.title }));
  const commit = commitWrites(env, input, { verb: 'Import', reports, written: done.written });
  return commit ? { ...done, commit } : done;
}
