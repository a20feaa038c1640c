// Loading the archive for the reading commands (list, show, export): bad files are reported, never fatal.
import path from 'node:path';
import type { Command } from 'commander';
import type { Context } from '../cli.js';
import { formatProblem, loadArchive, type Archive } from '../store/archive.js';

/** The archive folder as the user should see it in messages: relative to the working folder when inside it. */
export function dirLabel(ctx: Context, dir: string): string {
  const rel = path.relative(ctx.io.cwd, dir);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : dir;
}

export function loadForReading(ctx: Context, cmd: Command): Archive {
  const archive = loadArchive(ctx.archiveDir(cmd));
  const label = dirLabel(ctx, archive.dir);
  const warn = ctx.style(cmd, 'stderr').c.yellow;
  for (const p of archive.problems) ctx.io.stderr(warn(formatProblem(label, p)) + '\n');
  return archive;
}
