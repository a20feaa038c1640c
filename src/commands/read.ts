// Loading the archive for the reading commands (list, show, export): bad files are reported, never fatal.
import path from 'node:path';
import type { Command } from 'commander';
import type { Context } from '../cli.js';
import { loadArchive, type Archive } from '../store/archive.js';
import { formatProblem } from '../render/record-json.js';
import type { Finding } from '../model/record.js';
import { cacheRoot } from '../store/cache.js';

/** The archive folder as the user should see it in messages: relative to the working folder when inside it. */
export function dirLabel(ctx: Context, dir: string): string {
  const rel = path.relative(ctx.io.cwd, dir);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : dir;
}

/** Load the archive the command names, with the cache the environment gives. */
export function openArchive(ctx: Context, cmd: Command): Promise<Archive> {
  return loadArchive(ctx.archiveDir(cmd), { cache: cacheRoot(ctx.io.env) ?? false });
}

export async function loadForReading(ctx: Context, cmd: Command): Promise<Archive> {
  const archive = await openArchive(ctx, cmd);
  const label = dirLabel(ctx, archive.dir);
  const warn = ctx.style(cmd, 'stderr').c.yellow;
  // One line per bad file: the first problem, and how many more `validate` would show.
  const byFile = new Map<string, Finding[]>();
  for (const p of archive.problems) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
  for (const list of byFile.values()) {
    const more = list.length > 1 ? ` (and ${list.length - 1} more; see reports validate)` : '';
    ctx.io.stderr(warn(formatProblem(label, list[0]!) + more) + '\n');
  }
  return archive;
}
