// The reading use cases: list, show, validate, stats. Each opens the archive (bad files become problems, never
// stop the rest), does its work with the pure checks and queries, and returns data; the caller renders it.
import type { NameStyle } from '../model/names.js';
import { ReportsError } from '../errors.js';
import type { ValidateSummary } from '../checks/index.js';
import type { SequenceStats } from '../checks/stats.js';
import type { Finding, LoadedRecord } from '../model/record.js';
import { filterRecords, matches, sortRecords, type Filters, type SortKey } from '../query.js';
import { loadArchive, type Archive } from '../store/archive.js';
import type { ChangedRequest } from './changed.js';
import type { AppEnv } from './env.js';
import type { SearchMemo } from '../search.js';
import { phase } from '../timing.js';

/**
 * Every record of the archive, with the files that did not load as problems; with `years`, only those years'
 * folders are read (see Scope in store/archive.ts): what a query of those years prints depends on nothing else.
 */
export function openArchive(env: Pick<AppEnv, 'archive' | 'cache'>, years?: readonly number[]): Promise<Archive> {
  return loadArchive(env.archive, { cache: env.cache, years });
}

/** Part of the input of every reading use case: an archive opened once (openArchive) and used for several calls. */
export interface OpenedArchive {
  /** Read instead of opening env.archive again (a script asking many questions of one archive). */
  archive?: Archive;
}

/** The archive given, else env's, opened now (only `years`' folders when given: see openArchive). */
export function archiveFor(env: Pick<AppEnv, 'archive' | 'cache'>, input: OpenedArchive = {}, years?: readonly number[]): Promise<Archive> {
  return input.archive ? Promise.resolve(input.archive) : openArchive(env, years);
}

/** What every reading use case returns besides its data. */
export interface ReadResult {
  /** The archive folder. */
  dir: string;
  /** Records in the archive (that loaded), or in the years read (`years`). */
  held: number;
  /** The years read, when a query named its years and only their folders were read. */
  years?: readonly number[];
  /** Files that did not load: one finding or more each. */
  problems: Finding[];
}

export interface ListInput extends OpenedArchive {
  filters?: Filters;
  /** Ranked full-text search; results keep their rank unless `sort` or `reverse` is given. */
  search?: string;
  sort?: SortKey;
  reverse?: boolean;
  limit?: number;
  /**
   * With `archive`: the search's shard indexes held in memory from one search to the next of that archive (a
   * server's, see search.ts SearchMemo); one per archive held.
   */
  searchMemo?: SearchMemo;
}

export interface ListResult extends ReadResult {
  reports: LoadedRecord[];
}

export async function listReports(env: AppEnv, input: ListInput = {}): Promise<ListResult> {
  // The search module is loaded before the archive: loading it into the small heap of a starting process is a
  // few milliseconds; after the archive is read, about fifteen.
  const search = input.search !== undefined ? await import('../search.js') : undefined;
  const filters = input.filters ?? {};
  // A query that names its years reads only their folders; a search among them ranks among their records.
  const archive = await archiveFor(env, input, filters.years);
  let reports: LoadedRecord[];
  if (search) {
    // Withdrawn reports are left out as the hits are taken, not before: a record is read from the cache when first
    // used, and `--limit 5` of ten thousand hits reads five of them (and the withdrawn ones passed), not all.
    reports = search.searchArchive(archive, input.search!, (r) => matches(r, { ...filters, withdrawn: true }), undefined, input.searchMemo);
    if (!filters.withdrawn) reports = firstKept(reports, (r) => r.record.withdrawn !== true, input.sort || input.reverse ? undefined : input.limit);
    if (input.sort || input.reverse) reports = sortRecords(reports, input.sort ?? 'date', input.reverse);
  } else reports = sortRecords(filterRecords(archive.records, filters), input.sort ?? 'date', input.reverse);
  if (input.limit !== undefined) reports = reports.slice(0, input.limit);
  return { reports, ...readResult(archive) };
}

/** The records `keep` accepts, in order, stopping after `limit` of them. */
function firstKept(records: readonly LoadedRecord[], keep: (r: LoadedRecord) => boolean, limit = Infinity): LoadedRecord[] {
  const out: LoadedRecord[] = [];
  for (const r of records) {
    if (out.length >= limit) break;
    if (keep(r)) out.push(r);
  }
  return out;
}

export interface ShowResult extends ReadResult {
  /** The first report asked for. */
  report: LoadedRecord;
  /** Every report asked for, in the order asked (each once). */
  reports: LoadedRecord[];
}

/**
 * Reports by id (2019-S11, 2019-S011), Total (1639), file path (relative to `env.cwd`) or search words (one match
 * taken; several offered through `env.ask`, else an AmbiguousRefError listing them).
 */
export async function showReport(env: AppEnv, input: { ref?: string; refs?: readonly string[] } & OpenedArchive): Promise<ShowResult> {
  const { refYear } = await import('../store/resolve.js');
  const { findReports } = await import('./refs.js');
  const refs = input.refs ?? (input.ref !== undefined ? [input.ref] : []);
  if (refs.length === 0) throw new ReportsError('no report asked for');
  // Ids name their years: only those years' folders are read. One not found there is looked for in the whole
  // archive, so that "did you mean" can name a report of another year.
  const years = refs.map(refYear);
  const scoped = years.every((y) => y !== undefined) ? [...new Set(years as number[])] : undefined;
  let archive = await archiveFor(env, input, scoped);
  let reports: LoadedRecord[];
  try {
    reports = await findReports(env, archive, refs, 'Which report to show?');
  } catch (e) {
    if (!scoped || input.archive || !(e instanceof ReportsError) || !/^no report/.test(e.message)) throw e;
    archive = await archiveFor(env, input);
    reports = await findReports(env, archive, refs, 'Which report to show?');
  }
  return { report: reports[0]!, reports, ...readResult(archive) };
}

export interface ValidateResult extends ReadResult {
  /** The loader's problems and every check's findings, sorted by file, line and column. */
  findings: Finding[];
  summary: ValidateSummary;
  /** With `changed`: how many record files changed (the findings are those involving them). */
  changedFiles?: number;
}

export async function validateArchive(env: AppEnv, input: { strict?: boolean; changed?: ChangedRequest; nameStyle?: NameStyle } & OpenedArchive = {}): Promise<ValidateResult> {
  const archive = await archiveFor(env, input);
  // The checks are loaded by the commands that run them: list and show start sooner without them.
  const { sortFindings, summarise } = await import('../checks/index.js');
  const { keptRecordChecks, recordRules } = await import('./kept-checks.js');
  const { checkWithEvidence } = await import('./evidence.js');
  const perRecord = keptRecordChecks(archive, recordRules({ nameStyle: input.nameStyle }));
  let findings = checkWithEvidence(env, archive, { perRecord: perRecord.check, facts: perRecord.facts }).findings;
  perRecord.keep();
  phase(`checks: ${perRecord.checked()} records checked, ${archive.records.length - perRecord.checked()} kept`);
  // Attached files are checked against what their records say (on disk: not a pure check).
  const { checkAttachments } = await import('../store/attachments.js');
  const attached = checkAttachments(archive.dir, archive.records.map(perRecord.facts));
  if (attached.length > 0) findings = sortFindings([...findings, ...attached]);
  let changedFiles: number | undefined;
  if (input.changed) {
    // Numbering is checked against the whole archive; the report is narrowed to what the change touches.
    const { changedRecordFiles, findingsInvolving } = await import('./changed.js');
    const files = changedRecordFiles(env.vars, archive.dir, input.changed);
    findings = findingsInvolving(findings, files, archive.records);
    changedFiles = files.size;
  }
  return { findings, summary: summarise(findings, archive.files, archive.records.length, !!input.strict), changedFiles, ...readResult(archive) };
}

export interface StatsResult extends ReadResult {
  sequences: SequenceStats[];
  summary: { files: number; records: number; problems: number; sequences: number };
}

export async function archiveStats(env: AppEnv, input: OpenedArchive = {}): Promise<StatsResult> {
  const archive = await archiveFor(env, input);
  const { sequenceStats } = await import('../checks/stats.js');
  const sequences = sequenceStats(archive.records);
  const summary = { files: archive.files, records: archive.records.length, problems: archive.problems.length, sequences: sequences.length };
  return { sequences, summary, ...readResult(archive) };
}

function readResult(archive: Archive): ReadResult {
  return { dir: archive.dir, held: archive.records.length, problems: archive.problems, ...(archive.scope ? { years: archive.scope.years } : {}) };
}
