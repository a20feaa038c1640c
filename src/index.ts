// The library: the use cases the command line runs, for scripts. Each takes an environment (createEnv) and a
// typed input, and returns a typed result or throws a ReportsError (exitCode 1, UsageError 2, InterruptedError 130).
//
//   import { createEnv, listReports } from 'report-archive';
//   const env = createEnv({ archive: 'archive' });
//   const { reports } = await listReports(env, { filters: { years: [2019] } });
import path from 'node:path';
import type { AppEnv } from './app/env.js';

export type { AppEnv, Notice, NoticeLevel } from './app/env.js';
export { openArchive, listReports, showReport, validateArchive, archiveStats } from './app/read.js';
export type { ListInput, ListResult, OpenedArchive, ShowResult, ValidateResult, StatsResult, ReadResult } from './app/read.js';
export { addReport, draftFromValues } from './app/add.js';
export type { AddInput, AddResult, Draft, Given } from './app/add.js';
export { editReport } from './app/edit.js';
export type { EditInput, EditResult } from './app/edit.js';
export { setFields } from './app/set.js';
export type { SetInput, SetResult, SetChange, FieldChange } from './app/set.js';
export { removeReports, ConfirmationNeeded } from './app/remove.js';
export type { RemoveInput, RemoveResult, Removed } from './app/remove.js';
export { attachFile } from './app/attach.js';
export type { AttachInput, AttachResult } from './app/attach.js';
export { findReport, findReports, AmbiguousRefError } from './app/refs.js';
export { exportCatalogue, ExportRefusedError, FORMATS } from './app/export.js';
export type { ExportInput, ExportResult, Format } from './app/export.js';
export { importPages, reviewPages } from './app/import.js';
export type { ImportInput, ImportItem, ImportReview, ReadPage, Verdict } from './app/import.js';
export { fixArchive } from './app/fix.js';
export type { FixRequest, FixResult } from './app/fix.js';
export type { FixPlan, FileAction, FieldEdit, FixChoice } from './checks/fix.js';
export { initArchive } from './app/init.js';
export type { InitRequest, InitResult } from './app/init.js';
export { showConfig } from './app/config.js';
export type { ConfigResult, ConfigEntry } from './app/config.js';
export type { ConfigInForce, Setting, Source } from './model/config.js';
export { installHook } from './app/hook.js';
export { syncArchive } from './app/sync.js';
export type { SyncInput, SyncResult } from './app/sync.js';
export type { NumberingEvidence, DeclaredOffsets } from './checks/evidence.js';
export type { HookRequest, HookResult } from './app/hook.js';
export type { Archive } from './store/archive.js';
export type { LoadedRecord, RecordData, Finding, Severity, Pos, FieldPositions } from './model/record.js';
export type { Report, Kind } from './model/report.js';
export type { Filters, SortKey } from './query.js';
export type { ValidateSummary } from './checks/index.js';
export type { SequenceStats, YearStats } from './checks/stats.js';
export type { Ask, Question } from './app/env.js';
export { ReportsError, UsageError, InputError, InterruptedError, inputWords } from './errors.js';
export type { Words, Wording } from './errors.js';
export { CommitFailedError, commitMessage } from './app/commit.js';
export type { CommitOption, Committed } from './app/commit.js';

export interface EnvOptions {
  /** The archive folder (relative to `cwd`). */
  archive: string;
  /** A folder for the record cache, or false (the default) for none: every record file is parsed. */
  cache?: string | false;
  /** The clock; default: the system's. */
  now?: () => Date;
  /** The folder relative paths are resolved against; default: the process's working folder. */
  cwd?: string;
  /** The environment variables of the programs the use cases start (git); default: the process's. */
  vars?: Readonly<Record<string, string | undefined>>;
  /** Receives warnings and notices while the work goes on (default: none). */
  notify?: AppEnv['notify'];
  /** Answers questions (an interactive add or edit); default: none, so nothing is asked. */
  ask?: AppEnv['ask'];
}

/** The environment the use cases run in, with defaults for what is not given. */
export function createEnv(options: EnvOptions): AppEnv {
  const cwd = options.cwd ?? process.cwd();
  return {
    archive: path.resolve(cwd, options.archive),
    cache: options.cache === undefined || options.cache === false ? false : path.resolve(cwd, options.cache),
    now: options.now ?? (() => new Date()),
    cwd,
    vars: options.vars ?? process.env,
    notify: options.notify,
    ask: options.ask,
  };
}
