// The reading use cases: list, show, validate, stats. Each opens the archive (bad files become problems, never
// stop the rest), does its work with the pure checks and queries, and returns data; the caller renders it.
import type { NameStyle } from '../model/names.js';
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
    reports = search.searchArchive(archive, input.search!, (r) => matches(r, filters), undefined, input.searchMemo);
    if (input.sort || input.reverse) reports = sortRecords(reports, input.sort ?? 'date', input.reverse);
  } else reports = sortRecords(filterRecords(archive.records, filters), input.sort ?? 'date', input.reverse);
  if (input.limit !== undefined) reports = reports.slice(0, input.limit);
  return { reports, ...readResult(archive) };
}

export interface ShowResult extends ReadResult {
  report: LoadedRecord;
}

/** One report by id (2019-S11), Total (1639) or file path (relative to `env.cwd`). */
export async function showReport(env: AppEnv, input: { ref: string } & OpenedArchive): Promise<ShowResult> {
  const { resolveRef, refYear } = await import('../store/resolve.js');
  // An id names its year: only that year's folder is read.
  const year = refYear(input.ref);
  const archive = await archiveFor(env, input, year === undefined ? undefined : [year]);
  return { report: await resolveRef(archive, input.ref, env.cwd), ...readResult(archive) };
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
  const { summarise } = await import('../checks/index.js');
  const { keptRecordChecks, recordRules } = await import('./kept-checks.js');
  const { checkWithEvidence } = await import('./evidence.js');
  const perRecord = keptRecordChecks(archive, recordRules({ nameStyle: input.nameStyle }));
  let findings = checkWithEvidence(env, archive, { perRecord: perRecord.check }).findings;
  perRecord.keep();
  phase(`checks: ${perRecord.checked()} records checked, ${archive.records.length - perRecord.checked()} kept`);
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
