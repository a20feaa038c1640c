// Attaching a report's file (`reports attach <ref> <file>`): the file is copied into the archive beside its record
// and the record names it with its size and SHA-256. The record is the commit point (see store/attachments.ts):
// copy under a free name, then replace the record, then remove the file it named before.
import { linkTarget, pathExists, readText } from '../store/files.js';
import path from 'node:path';
import { ReportsError } from '../errors.js';
import { describeFindings } from '../render/findings.js';
import type { LoadedRecord } from '../model/record.js';
import { loadArchive, readRecordText } from '../store/archive.js';
import { attachStep, attachmentName, copyIn, hashFile, removeAttachment, sharedAttachment, type Attachment } from '../store/attachments.js';
import { sweepArchive } from '../store/leftovers.js';
import { withArchiveLock } from '../store/lock.js';
import { editRecordText, replaceAtomic } from '../store/write.js';
import type { AppEnv } from './env.js';
import { findReport } from './refs.js';
import { assertCanCommit, commitWrites, type CommitOption, type Committed } from './commit.js';
import { vetRecord } from './vet.js';

export interface AttachInput extends CommitOption {
  /** The report: an id, Total, path or search words. */
  ref: string;
  /** The file to attach (relative to env.cwd). */
  file: string;
  /** Check, copy nothing. */
  dryRun?: boolean;
}

export interface AttachResult {
  id: string;
  /** The record file, relative to the archive. */
  record: string;
  /** attached: a new file; replaced: it replaces an earlier attachment; unchanged: the same file is attached already. */
  status: 'attached' | 'replaced' | 'unchanged';
  attachment: Attachment;
  /** The attachment it replaced (removed unless another record names it). */
  previous?: string;
  dryRun: boolean;
  /** The commit made (with `commit`): the record and the attached file (and the removal of the one replaced). */
  commit?: Committed;
}

export async function attachFile(env: AppEnv, input: AttachInput): Promise<AttachResult> {
  const dir = env.archive;
  const source = path.resolve(env.cwd, input.file);
  let info: { size: number; sha256: string };
  try {
    info = hashFile(source);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ReportsError(`cannot read ${input.file}: ${code === 'EINVAL' ? 'not a regular file' : code === 'ENOENT' ? 'no such file' : (code ?? (e as Error).message)}; nothing was attached`);
  }
  const archive = await loadArchive(dir, { cache: env.cache });
  const target = await findReport(env, archive, input.ref, 'Which report to attach it to?');
  if (!archive.records.includes(target)) throw new ReportsError(`${input.ref} is not a record of the archive ${dir}`);
  const abs = path.join(dir, target.file);
  if (linkTarget(abs) !== undefined) throw new ReportsError(`${target.file} is a symbolic link; attach to the record file itself`);
  // Inside the archive already (e.g. the attachment itself, or a file dropped beside the record): copied all the same.
  const previous = target.record.attachment;
  if (previous && previous.sha256 === info.sha256 && previous.size === info.size) {
    let same = false;
    try {
      const now = hashFile(path.join(dir, previous.file));
      same = now.sha256 === info.sha256 && now.size === info.size;
    } catch {
      same = false;
    }
    if (same) return { id: target.id, record: target.file, status: 'unchanged', attachment: previous, dryRun: !!input.dryRun };
  }
  const status = previous ? 'replaced' : 'attached';
  if (input.dryRun) {
    const { name } = attachmentName(dir, target.file, source, { ...info, named: namedFiles(archive.records) });
    return { id: target.id, record: target.file, status, attachment: { file: name, ...info }, previous: previous?.file, dryRun: true };
  }
  assertCanCommit(env, input);
  let attachment: Attachment | undefined;
  await withArchiveLock(dir, async (check) => {
    const original = readRecordText(abs);
    const fresh = await loadArchive(dir, { cache: env.cache });
    const now = fresh.records.find((r) => r.file === target.file);
    if (!now) throw new ReportsError(`${target.file} was removed meanwhile; nothing was attached`);
    check();
    sweepArchive(dir);
    const { name, reuse } = attachmentName(dir, target.file, source, { ...info, named: namedFiles(fresh.records) });
    attachment = reuse ? { file: name, ...info } : copyIn(dir, name, source);
    try {
      if (attachment.sha256 !== info.sha256) throw new ReportsError(`${input.file} changed while it was copied; nothing was attached`);
      attachStep('after-copy');
      const text = editRecordText(original, [{ field: 'attachment', new: { ...attachment } }]);
      const v = vetRecord(text, target.file, fresh.records);
      const problems = [...v.problems.map((f) => `${target.file}:${f.line}:${f.column}: ${f.message}`), ...describeFindings(v.errors, target.file)];
      if (problems.length > 0) throw new ReportsError(`${target.id} was not changed: its record would not be valid`, problems);
      if (readText(abs) !== original) throw new ReportsError(`${target.file} was changed by someone else meanwhile; nothing was attached`);
      replaceAtomic(abs, text);
    } catch (e) {
      // The record does not name the copy: it goes.
      removeAttachment(dir, name);
      throw e;
    }
    attachStep('after-record');
    if (previous && previous.file !== attachment.file && !sharedAttachment(fresh.records, previous.file, [now])) removeAttachment(dir, previous.file);
  });
  const replaced = previous && previous.file !== attachment!.file ? [previous.file] : [];
  const commit = commitWrites(env, input, {
    verb: 'Attach',
    reports: [{ id: target.id, title: path.posix.basename(attachment!.file) }],
    written: [target.file, attachment!.file],
    removed: replaced,
  });
  const done: AttachResult = { id: target.id, record: target.file, status, attachment: attachment!, previous: previous?.file, dryRun: false };
  return commit ? { ...done, commit } : done;
}

/** The attachments the records name. */
const namedFiles = (records: readonly LoadedRecord[]) => new Set(records.flatMap((r) => (r.record.attachment ? [r.record.attachment.file] : [])));

/** The attached file of a report, for `open --file`: its path, checked to be inside the archive. */
export async function attachmentOf(env: AppEnv, ref: string): Promise<{ id: string; path: string }> {
  const { openArchive } = await import('./read.js');
  const archive = await openArchive(env);
  const r = await findReport(env, archive, ref, 'Which report to open?');
  const a = r.record.attachment;
  if (!a) throw new ReportsError((w) => `${r.id} has no attached file (attach one with: ${w.again('attach', [r.id, '<file>'], {})})`);
  const { attachmentPath } = await import('../store/attachments.js');
  const abs = attachmentPath(archive.dir, a.file);
  if (!pathExists(abs)) throw new ReportsError((w) => `the attachment of ${r.id}, ${a.file}, is not in the archive (see: ${w.again('validate', [], {})})`);
  return { id: r.id, path: abs };
}
