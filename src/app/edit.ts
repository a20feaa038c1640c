// Editing a report: the record's text is changed in a temporary copy (by the user's editor, or taken from a
// copy an earlier edit kept), checked as validate checks it, and written only when valid. The user's text is
// never lost: whatever stops the write, the copy is kept and its path told.
import { linkTarget, readText } from '../store/files.js';
import path from 'node:path';
import { ReportsError, type Words } from '../errors.js';
import { canonicalPath } from '../model/ids.js';
import { showControls } from '../model/text.js';
import { describeFindings } from '../render/findings.js';
import { loadArchive, readRecordText, type Archive } from '../store/archive.js';
import { sweepArchive } from '../store/leftovers.js';
import { withArchiveLock } from '../store/lock.js';
import { archivePath } from '../store/resolve.js';
import { findReport } from './refs.js';
import { editScratch, interruptedEdits } from '../store/scratch.js';
import { moveRecord, replaceAtomic } from '../store/write.js';
import { notify, type AppEnv } from './env.js';
import { vetRecord } from './vet.js';
import { assertCanCommit, commitWrites, type CommitOption, type Committed } from './commit.js';

export interface EditInput extends CommitOption {
  /** An id (2019-S11), a Total or a record file's path (relative to env.cwd). */
  ref: string;
  /** Lets the user change the file (the temporary copy); resolves when done, throws ReportsError when it fails. */
  openEditor?: (file: string) => Promise<void>;
  /** The new text, instead of an editor session (e.g. a copy an earlier edit kept). */
  text?: string;
}

export interface EditResult {
  /** unchanged: the text is the same; updated: replaced in place; moved: renumbered to another file; kept: the user chose to keep the original. */
  status: 'unchanged' | 'updated' | 'moved' | 'kept';
  /** The file before the edit, relative to the archive. */
  file: string;
  /** The file after the edit (the same unless moved). */
  dest: string;
  id?: string;
  /** The commit made with `commit` when the file changed ("Edit <id>: <title>"; a move commits both names). */
  commit?: Committed;
}

/** The archive-relative path of `ref` when it names a file of the archive that did not load, else undefined. */
function brokenFile(archive: Archive, ref: string, cwd: string): string | undefined {
  const rel = archivePath(archive, ref, cwd);
  return rel !== undefined && archive.problems.some((p) => p.file === rel) && !archive.records.some((r) => r.file === rel) ? rel : undefined;
}

/** How to take a kept copy up again. */
const retry = (ref: string, copy: string) => (w: Words) =>
  `Your edited version is kept at ${showControls(copy)} (to try again: ${showControls(w.again('edit', [ref], { textFile: copy }))})`;

export async function editReport(env: AppEnv, input: EditInput): Promise<EditResult> {
  if (input.text === undefined && !input.openEditor) throw new ReportsError('nothing to edit with: give an editor or the new text');
  for (const copy of interruptedEdits()) notify(env, 'notice', (w) => `an interrupted edit left changed text at ${showControls(copy)} (${showControls(w.again('edit', ['<ref>'], { textFile: copy }))} takes it up)`);
  assertCanCommit(env, input);
  const dir = env.archive;
  const archive = await loadArchive(dir, { cache: env.cache });
  // A record file that does not load (bad YAML, a bad field) is opened by its path: edit is how it gets repaired.
  const broken = brokenFile(archive, input.ref, env.cwd);
  const target = broken ? undefined : await findReport(env, archive, input.ref, 'Which report to edit?');
  if (target && !archive.records.includes(target)) throw new ReportsError(`${input.ref} is not a record of the archive ${dir}; edit the file directly`);
  const file = broken ?? target!.file;
  // For messages: a file name is data (a teammate may commit any name), shown as record text is.
  const shown = showControls(file);
  const abs = path.join(dir, file);
  // A record file may be a link: the edit goes to the file it points to, and the link stays where it is.
  const realFile = linkTarget(abs);
  const linked = realFile !== undefined;
  const writeTo = realFile ?? abs;
  // Where the record was before the edit, if it was where its numbering puts it (then an edit may move it).
  const placed = target && !linked && file === canonicalPath(target.record) ? file : undefined;
  const original = readRecordText(writeTo);

  const scratch = editScratch(path.basename(file), input.text ?? original, undefined, writeTo);
  let keep = false;
  try {
    for (;;) {
      if (input.text === undefined) {
        try {
          await input.openEditor!(scratch.file);
        } catch (e) {
          // An editor may fail after saving (vim does after some errors): whatever its status, text that differs
          // from the record is the user's work, kept and told.
          let saved: string | undefined;
          try {
            saved = readText(scratch.file);
          } catch {
            // nothing saved to keep
          }
          if (saved === undefined || saved === original) throw e;
          keep = true;
          const again = retry(input.ref, scratch.keep());
          const why = (w: Words) => (e instanceof ReportsError ? e.worded(w) : e instanceof Error ? e.message : String(e)).replace(/; the record is unchanged$/, '');
          throw new ReportsError((w) => `${why(w)}; ${shown} is unchanged. ${again(w)}`, e instanceof ReportsError ? e.details : [], { cause: e });
        }
      }
      const edited = readText(scratch.file);
      if (edited === original) return { status: 'unchanged', file, dest: file, id: target?.id };
      // A new number, kind or year moves the file to where such a record belongs, when it was there before.
      const first = vetRecord(edited, file, archive.records);
      let dest = first.candidate && placed ? canonicalPath(first.candidate.record) : file;
      // Where another record already is, stay put: the checks then name that record by its own file.
      if (archive.records.some((r) => r.file === dest && r.file !== file)) dest = file;
      const v = dest === file ? first : vetRecord(edited, dest, archive.records, file);
      const problems = [...v.problems.map((f) => `${shown}:${f.line}:${f.column}: ${f.message}`), ...describeFindings(v.errors, dest)];
      if (problems.length === 0) {
        for (const w of describeFindings(v.warnings, dest)) env.notify?.({ level: 'warning', message: w });
        try {
          await withArchiveLock(dir, async (check) => {
            // Someone (another edit, a sync tool) changed the file while it was open here: do not undo their work.
            if (readText(writeTo) !== original) throw new ReportsError(`${shown} was changed by someone else while you edited it; not replaced`);
            // Another add or edit may have landed while the editor was open: check against the archive as it is now.
            const fresh = await loadArchive(dir, { cache: env.cache });
            const again = vetRecord(edited, dest, fresh.records, file);
            if (again.errors.length > 0) throw new ReportsError(`${shown} was not replaced: the archive changed while you edited it`, describeFindings(again.errors, dest));
            check();
            sweepArchive(dir);
            if (dest === file) replaceAtomic(writeTo, edited);
            else moveRecord(dir, file, dest, edited);
          });
        } catch (e) {
          // The write did not happen (lock, disk, permissions, a concurrent change): the user's text stays.
          keep = true;
          const copy = scratch.keep();
          const again = retry(input.ref, copy);
          if (e instanceof ReportsError) throw new ReportsError((w) => `${e.worded(w)}. ${again(w)}`, e.details, { cause: e });
          throw new ReportsError((w) => `${shown} was not replaced: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}. ${again(w)}`, [], { cause: e });
        }
        const done: EditResult = { status: dest === file ? 'updated' : 'moved', file, dest, id: v.candidate!.id };
        const commit = commitWrites(env, input, {
          verb: 'Edit',
          reports: [{ id: done.id!, title: v.candidate!.record.title }],
          written: [dest],
          removed: dest === file ? [] : [file],
        });
        return commit ? { ...done, commit } : done;
      }
      if (!env.ask || input.text !== undefined) {
        keep = true;
        const again = retry(input.ref, scratch.keep());
        throw new ReportsError((w) => `${shown} is not valid; it is unchanged. ${again(w)}`, problems);
      }
      env.notify?.({ level: 'warning', message: [`${shown} is not valid:`, ...problems.map((p) => `  ${p}`), `(your edited copy: ${showControls(scratch.file)})`].join('\n') });
      // Until the user decides, the edited copy stays on disk (Ctrl-C at the question must not lose it).
      keep = true;
      const choice = await env.ask({
        type: 'select',
        name: 'invalid',
        message: 'What now?',
        choices: [
          { value: 'reopen', name: 'Reopen the editor to fix it' },
          { value: 'keep', name: `Keep the original ${shown} (discard the edit)` },
        ],
        default: 'reopen',
      });
      keep = false;
      if (choice === 'keep') return { status: 'kept', file, dest: file, id: target?.id };
    }
  } finally {
    if (!keep) scratch.discard();
  }
}
