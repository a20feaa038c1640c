// The work of `reports edit`, loaded only when the command runs.
import { visible } from '../render/safe.js';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import type { Context } from '../cli.js';
import { ReportsError } from '../errors.js';
import { loadArchive, readRecordText, type Archive } from '../store/archive.js';
import { archivePath, resolveRef } from '../store/resolve.js';
import { createExclusive, FileExistsError, replaceAtomic, syncDir } from '../store/write.js';
import { canonicalPath } from '../model/ids.js';
import { withArchiveLock } from '../store/lock.js';
import { describeFindings, vetRecord } from './vet.js';

/** The archive-relative path of `ref` when it names a file of the archive that did not load, else undefined. */
function brokenFile(archive: Archive, ref: string, cwd: string): string | undefined {
  const rel = archivePath(archive, ref, cwd);
  return rel !== undefined && archive.problems.some((p) => p.file === rel) && !archive.records.some((r) => r.file === rel) ? rel : undefined;
}

/** $VISUAL, then $EDITOR, then vi; "code --wait" style values are split into a command and its arguments. */
export function editorCommand(env: NodeJS.ProcessEnv): string[] {
  const raw = (env.VISUAL || env.EDITOR || 'vi').trim();
  const parts = raw.match(/"[^"]*"|'[^']*'|\S+/g) ?? ['vi'];
  return parts.map((p) => p.replace(/^["']|["']$/g, ''));
}

export async function runEdit(ctx: Context, command: Command, ref: string): Promise<void> {
  const { io } = ctx;
  const dir = ctx.archiveDir(command);
  const archive = await loadArchive(dir);
  // A record file that does not load (bad YAML, a bad field) is opened by its path: edit is how it gets repaired.
  const broken = brokenFile(archive, ref, io.cwd);
  const target = broken ? undefined : await resolveRef(archive, ref, io.cwd);
  if (target && !archive.records.includes(target)) throw new ReportsError(`${ref} is not a record of the archive ${dir}; edit the file directly`);
  const file = broken ?? target!.file;
  // Where the record was before the edit, if it was where its numbering puts it (then an edit may move it).
  const placed = target && file === canonicalPath(target.record) ? file : undefined;
  const abs = path.join(dir, file);
  const original = readRecordText(abs);
  const interactive = io.stdinIsTTY && io.stdoutIsTTY;
  const { c } = ctx.style(command, 'stderr');

  const tmpDir = mkdtempSync(path.join(os.tmpdir(), 'reports-edit-'));
  const tmp = path.join(tmpDir, path.basename(file));
  writeFileSync(tmp, original);
  let keepTmp = false;
  try {
    const [cmd, ...args] = editorCommand(io.env);
    for (;;) {
      // While the editor has the terminal, a Ctrl-C is the editor's business (as git does): it must not kill this
      // process and leave the editor running without it.
      const ignore = () => undefined;
      process.on('SIGINT', ignore);
      let r;
      try {
        r = spawnSync(cmd!, [...args, tmp], { stdio: 'inherit', env: io.env });
      } finally {
        process.off('SIGINT', ignore);
      }
      if (r.error) throw new ReportsError(`cannot start the editor ${cmd}: ${(r.error as NodeJS.ErrnoException).code ?? r.error.message} (set $VISUAL or $EDITOR)`);
      if (r.status !== 0) throw new ReportsError(`the editor ${cmd} exited with ${r.signal ?? `status ${r.status}`}; ${file} is unchanged`);
      const edited = readFileSync(tmp, 'utf8');
      if (edited === original) {
        ctx.say(command, `no changes; ${file} is unchanged`);
        return;
      }
      // A new number, kind or year moves the file to where such a record belongs, when it was there before.
      const first = vetRecord(edited, file, archive.records);
      let dest = first.candidate && placed ? canonicalPath(first.candidate.record) : file;
      // Where another record already is, stay put: the checks then name that record by its own file.
      if (archive.records.some((r) => r.file === dest && r.file !== file)) dest = file;
      const v = dest === file ? first : vetRecord(edited, dest, archive.records, file);
      const problems = [...v.problems.map((f) => `${file}:${f.line}:${f.column}: ${f.message}`), ...describeFindings(v.errors, dest)];
      if (problems.length === 0) {
        for (const w of describeFindings(v.warnings, dest)) io.stderr(c.yellow(`warning: ${w}`) + '\n');
        await withArchiveLock(dir, async (check) => {
          // Someone (another edit, a sync tool) changed the file while it was open here: do not undo their work.
          if (readFileSync(abs, 'utf8') !== original) {
            keepTmp = true;
            throw new ReportsError(`${file} was changed by someone else while you edited it; not replaced. Your version is kept at ${tmp}`);
          }
          // Another add or edit may have landed while the editor was open: check against the archive as it is now.
          const fresh = await loadArchive(dir);
          const again = vetRecord(edited, dest, fresh.records, file);
          if (again.errors.length > 0) {
            keepTmp = true;
            throw new ReportsError(`${file} was not replaced: the archive changed while you edited it; your version is kept at ${tmp}`, describeFindings(again.errors, dest));
          }
          check();
          if (dest === file) {
            replaceAtomic(abs, edited);
            return;
          }
          // Create the new name exclusively (never over another file), then remove the old one.
          try {
            createExclusive(dir, dest, edited);
          } catch (e) {
            keepTmp = true;
            if (e instanceof FileExistsError) throw new ReportsError(`${dest} already exists; ${file} was not changed. Your version is kept at ${tmp}`);
            throw e;
          }
          unlinkSync(abs);
          syncDir(path.dirname(abs));
        });
        ctx.say(command, dest === file ? `updated ${file} (${v.candidate!.id})` : `updated ${v.candidate!.id} and moved it from ${file} to ${dest}`);
        return;
      }
      io.stderr(c.red(`${file} is not valid:`) + '\n');
      for (const p of problems) io.stderr(`  ${visible(p)}\n`);
      if (!interactive) {
        keepTmp = true;
        throw new ReportsError(`${file} is unchanged; your edited version is kept at ${tmp}`);
      }
      // Until the user decides, the edited copy is kept (Ctrl-C at the question must not lose it).
      keepTmp = true;
      io.stderr(c.dim(`(your edited copy: ${tmp})`) + '\n');
      const { terminalAsk } = await import('../prompts/index.js');
      const ask = await terminalAsk();
      const choice = await ask({
        type: 'select',
        name: 'invalid',
        message: 'What now?',
        choices: [
          { value: 'reopen', name: 'Reopen the editor to fix it' },
          { value: 'keep', name: `Keep the original ${file} (discard the edit)` },
        ],
        default: 'reopen',
      });
      keepTmp = false;
      if (choice === 'keep') {
        ctx.say(command, `${file} is unchanged`);
        return;
      }
    }
  } finally {
    if (!keepTmp) rmSync(tmpDir, { recursive: true, force: true });
  }
}
