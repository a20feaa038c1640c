// Removing reports (`reports rm`): the record files and their attached files go, under the archive lock, after a
// yes from the user. Or, with `withdraw`, the records stay marked `withdrawn: true`: their numbers and Totals stay
// taken (validate sees no gap), and lists and exports leave them out. The result names the numbering gaps a
// removal opens, so that a number removed by mistake is noticed.
import { readText, removeFile } from '../store/files.js';
import path from 'node:path';
import { InputError, ReportsError } from '../errors.js';
import { gapsOpened } from '../checks/gaps.js';
import type { LoadedRecord } from '../model/record.js';
import { loadArchive } from '../store/archive.js';
import { removeAttachment, sharedAttachment } from '../store/attachments.js';
import { crashPoint } from '../store/crash.js';
import { ioError } from '../store/io-error.js';
import { sweepArchive } from '../store/leftovers.js';
import { withArchiveLock } from '../store/lock.js';
import type { AppEnv } from './env.js';
import { findReports } from './refs.js';
import { setFields } from './set.js';
import { assertCanCommit, commitWrites, type CommitOption, type Committed } from './commit.js';

/** A removal needs a yes, and nobody can be asked: `yes` was not given (the command line words it as --yes). */
export class ConfirmationNeeded extends InputError {
  constructor(readonly what: string) {
    super(['yes'], (w) => `${what}: not confirmed, and nobody to ask; nothing was removed (give ${w.field('yes')} to confirm, or ${w.field('dryRun')} to see what would go)`);
    this.name = 'ConfirmationNeeded';
  }
}

export interface RemoveInput extends CommitOption {
  /** Ids, Totals, paths or search words (see findReports). */
  refs: readonly string[];
  /** Confirmed beforehand: nothing is asked. */
  yes?: boolean;
  /** Work out what would go, remove nothing. */
  dryRun?: boolean;
  /** Keep the records, marked withdrawn (their numbers stay taken), instead of removing them. */
  withdraw?: boolean;
}

export interface Removed {
  id: string;
  /** The record file, relative to the archive. */
  file: string;
  title: string;
  /** The attached file removed with it (relative to the archive); kept when another record names it too. */
  attachment?: string;
  attachmentKept?: boolean;
}

export interface RemoveResult {
  removed: Removed[];
  /** removed: the files are gone; withdrawn: the records are kept, marked withdrawn. */
  action: 'removed' | 'withdrawn';
  /** Per (sequence, year), the numbers the removal leaves missing that were not before: "regular 2018: No.124". */
  gaps: string[];
  dryRun: boolean;
  /** The commit made (with `commit`). */
  commit?: Committed;
}

export async function removeReports(env: AppEnv, input: RemoveInput): Promise<RemoveResult> {
  const dir = env.archive;
  const archive = await loadArchive(dir, { cache: env.cache });
  const targets = await findReports(env, archive, input.refs, input.withdraw ? 'Which report to withdraw?' : 'Which report to remove?', true);
  const removed: Removed[] = targets.map((r) => {
    const a = r.record.attachment?.file;
    return { id: r.id, file: r.file, title: r.record.title, ...(a ? { attachment: a, attachmentKept: sharedAttachment(archive.records, a, targets) } : {}) };
  });
  const action = input.withdraw ? 'withdrawn' : 'removed';
  const gaps = input.withdraw ? [] : gapsOpened(archive.records, targets);
  if (input.dryRun) return { removed, action, gaps, dryRun: true };
  assertCanCommit(env, input);
  if (!input.yes) {
    const what = `${input.withdraw ? 'withdraw' : 'remove'} ${targets.map((t) => t.id).join(', ')}`;
    if (!env.ask) throw new ConfirmationNeeded(what);
    const files = removed.flatMap((r) => [r.file, ...(r.attachment && !r.attachmentKept ? [r.attachment] : [])]);
    const ok = await env.ask({
      type: 'confirm',
      name: 'remove',
      message: input.withdraw ? `Withdraw ${targets.map((t) => t.id).join(', ')} (kept, marked withdrawn)?` : `Remove ${files.join(', ')}${gaps.length ? ` (opens ${gaps.join('; ')})` : ''}?`,
      default: false,
    });
    if (!ok) throw new ReportsError('nothing was removed');
  }
  if (input.withdraw) {
    const r = await setFields(env, { refs: targets.map((t) => t.file), changes: [{ op: 'set', field: 'withdrawn', value: 'true' }], commit: input.commit });
    return r.commit ? { removed, action, gaps, dryRun: false, commit: r.commit } : { removed, action, gaps, dryRun: false };
  }
  await withArchiveLock(dir, async (check) => {
    const texts = new Map(targets.map((t) => [t, readText(path.join(dir, t.file))]));
    check();
    sweepArchive(dir);
    // Each record is checked again just before it goes: changed meanwhile, it stays (and so do the ones after it).
    for (const t of targets) if (readText(path.join(dir, t.file)) !== texts.get(t)) throw new ReportsError(`${t.file} was changed by someone else meanwhile; nothing was removed`);
    const gone: string[] = [];
    for (const t of targets) {
      try {
        // The record goes first: killed after it, an attached file no record names is left, never a record
        // naming a file that is gone.
        removeRecordFile(dir, t);
        gone.push(t.id);
        crashPoint('rm:after-record');
        const done = removed.find((r) => r.file === t.file)!;
        if (done.attachment && !done.attachmentKept) removeAttachment(dir, done.attachment);
      } catch (e) {
        // Say which went before the failure: the error alone would read as if nothing had.
        if (gone.length === 0 || !(e instanceof ReportsError)) throw e;
        throw new ReportsError((w) => `${gone.join(', ')} removed; then: ${e.worded(w)}`, e.details, { cause: e });
      }
    }
  });
  const commit = commitWrites(env, input, {
    verb: 'Remove',
    reports: removed.map((r) => ({ id: r.id, title: r.title })),
    written: [],
    removed: removed.flatMap((r) => [r.file, ...(r.attachment && !r.attachmentKept ? [r.attachment] : [])]),
  });
  return commit ? { removed, action, gaps, dryRun: false, commit } : { removed, action, gaps, dryRun: false };
}

function removeRecordFile(dir: string, r: LoadedRecord): void {
  const abs = path.join(dir, r.file);
  try {
    removeFile(abs);
  } catch (e) {
    throw ioError(e, abs, 'it was not removed', 'remove');
  }
}
