// The work of `reports edit`, loaded only when the command runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import type { Context } from '../cli.js';
import { ReportsError } from '../errors.js';
import { loadArchive } from '../store/archive.js';
import { resolveRef } from '../store/resolve.js';
import { replaceAtomic } from '../store/write.js';
import { withArchiveLock } from '../store/lock.js';
import { describeFindings, vetRecord } from './vet.js';

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
  const target = await resolveRef(archive, ref, io.cwd);
  const abs = path.join(dir, target.file);
  if (!archive.records.includes(target)) throw new ReportsError(`${ref} is not a record of the archive ${dir}; edit the file directly`);
  const original = readFileSync(abs, 'utf8');
  const interactive = io.stdinIsTTY && io.stdoutIsTTY;
  const { c } = ctx.style(command, 'stderr');

  const tmpDir = mkdtempSync(path.join(os.tmpdir(), 'reports-edit-'));
  const tmp = path.join(tmpDir, path.basename(target.file));
  writeFileSync(tmp, original);
  let keepTmp = false;
  try {
    const [cmd, ...args] = editorCommand(io.env);
    for (;;) {
      const r = spawnSync(cmd!, [...args, tmp], { stdio: 'inherit', env: io.env });
      if (r.error) throw new ReportsError(`cannot start the editor ${cmd}: ${(r.error as NodeJS.ErrnoException).code ?? r.error.message} (set $VISUAL or $EDITOR)`);
      if (r.status !== 0) throw new ReportsError(`the editor ${cmd} exited with ${r.signal ?? `status ${r.status}`}; ${target.file} is unchanged`);
      const edited = readFileSync(tmp, 'utf8');
      if (edited === original) {
        ctx.say(command, `no changes; ${target.file} is unchanged`);
        return;
      }
      const v = vetRecord(edited, target.file, archive.records);
      const problems = [...v.problems.map((f) => `${target.file}:${f.line}:${f.column}: ${f.message}`), ...describeFindings(v.errors, target.file)];
      if (problems.length === 0) {
        for (const w of describeFindings(v.warnings, target.file)) io.stderr(c.yellow(`warning: ${w}`) + '\n');
        await withArchiveLock(dir, async (check) => {
          // Someone (another edit, a sync tool) changed the file while it was open here: do not undo their work.
          if (readFileSync(abs, 'utf8') !== original) {
            keepTmp = true;
            throw new ReportsError(`${target.file} was changed by someone else while you edited it; not replaced. Your version is kept at ${tmp}`);
          }
          // Another add or edit may have landed while the editor was open: check against the archive as it is now.
          const fresh = await loadArchive(dir);
          const again = vetRecord(edited, target.file, fresh.records);
          if (again.errors.length > 0) {
            keepTmp = true;
            throw new ReportsError(`${target.file} was not replaced: the archive changed while you edited it; your version is kept at ${tmp}`, describeFindings(again.errors, target.file));
          }
          check();
          replaceAtomic(abs, edited);
        });
        ctx.say(command, `updated ${target.file} (${v.candidate!.id})`);
        return;
      }
      io.stderr(c.red(`${target.file} is not valid:`) + '\n');
      for (const p of problems) io.stderr(`  ${p}\n`);
      if (!interactive) {
        keepTmp = true;
        throw new ReportsError(`${target.file} is unchanged; your edited version is kept at ${tmp}`);
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
          { value: 'keep', name: `Keep the original ${target.file} (discard the edit)` },
        ],
        default: 'reopen',
      });
      keepTmp = false;
      if (choice === 'keep') {
        ctx.say(command, `${target.file} is unchanged`);
        return;
      }
    }
  } finally {
    if (!keepTmp) rmSync(tmpDir, { recursive: true, force: true });
  }
}
