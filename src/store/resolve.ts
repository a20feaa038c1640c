// Finding the record a user means: an id (2019-S11), a Total (1639) or a file path.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { canonicalPath, parseId, reportId } from '../model/ids.js';
import { ReportsError, UsageError } from '../errors.js';
import { showControls } from '../model/text.js';
import { readRecordFile, toLoaded, type Archive } from './archive.js';
import type { LoadedRecord } from '../model/record.js';

const describe = (r: LoadedRecord) => `${r.id}  ${r.record.series}, Total ${r.record.total ?? '-'}  ${r.file}`;

/** The path `ref` names (relative to `cwd`) as the archive names its files, or undefined when it is outside. */
export function archivePath(archive: Archive, ref: string, cwd: string): string | undefined {
  const rel = path.relative(archive.dir, path.resolve(cwd, ref.trim())).split(path.sep).join('/');
  return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel;
}

/** The year of the report `ref` names when it is an id (2019-S11), else undefined (a Total or a path can be anywhere). */
export function refYear(ref: string): number | undefined {
  return parseId(ref.trim())?.year;
}

/** Resolve `ref` against the archive, or throw a ReportsError that says what was tried. */
export async function resolveRef(archive: Archive, ref: string, cwd: string): Promise<LoadedRecord> {
  const trimmed = ref.trim();
  if (trimmed === '') throw new UsageError(`an empty reference names no report: give an id (2019-S11), a Total (1639) or a record file's path`);
  const id = parseId(trimmed);
  if (id) {
    // Ids are canonical (2019-S11): comparing them reads no record that is not the one asked for.
    const canonical = reportId(id);
    const hits = archive.records.filter((r) => r.id === canonical);
    // The file where this report would be is there but does not load: say so, and how to repair it.
    const where = canonicalPath(id);
    const bad = hits.length === 0 ? archive.problems.find((p) => p.file === where) : undefined;
    if (bad) {
      const shown = path.relative(cwd, path.join(archive.dir, where)) || where;
      const repair = bad.code === 'unreadable' ? 'replace it with a record file' : `repair it with: reports edit ${shown}`;
      throw new ReportsError(`${canonical} is in ${showControls(shown)}, which does not load: line ${bad.line}: ${bad.message} (${repair})`);
    }
    return one(hits, trimmed, `no report ${trimmed.toUpperCase()} in the archive (see: reports list --year ${id.year})`);
  }
  if (/^\d+$/.test(trimmed)) {
    const total = Number(trimmed);
    const hits = archive.records.filter((r) => r.record.total === total);
    return one(hits, trimmed, `no report with Total ${total} in the archive (an id looks like 2019-S11)`);
  }
  const abs = path.resolve(cwd, trimmed);
  if (statSync(abs, { throwIfNoEntry: false })?.isDirectory())
    throw new ReportsError(`${showControls(trimmed)} is a folder, not a record file: give an id (2019-S11), a Total (1639) or a record file's path (see: reports list)`);
  if (existsSync(abs)) {
    const rel = archivePath(archive, trimmed, cwd);
    const known = rel !== undefined ? archive.records.find((r) => r.file === rel) : undefined;
    if (known) return known;
    return readOne(rel !== undefined ? archive.dir : path.dirname(abs), rel ?? path.basename(abs), trimmed);
  }
  // A path inside the archive folder, as `show` prints it in its footer and `validate` in its findings
  // ("2019/special-011.yaml"), wherever the working folder is.
  const inArchive = path.posix.normalize(trimmed.split(path.sep).join('/'));
  if (!path.posix.isAbsolute(inArchive) && !inArchive.startsWith('../') && existsSync(path.join(archive.dir, inArchive))) {
    return archive.records.find((r) => r.file === inArchive) ?? readOne(archive.dir, inArchive, trimmed);
  }
  throw new ReportsError(`no report matches ${showControls(JSON.stringify(ref))}: give an id (2019-S11), a Total (1639) or a record file's path`);
}

/** The record of one file, or a ReportsError naming its first problem as `shown:line:column`. */
async function readOne(dir: string, file: string, shown: string): Promise<LoadedRecord> {
  const parsed = await readRecordFile(dir, file);
  const loaded = toLoaded(file, parsed);
  if (loaded) return loaded;
  const p = parsed.problems[0]!;
  throw new ReportsError(`${showControls(shown)}:${p.line}:${p.column}: ${p.message}`);
}

function one(hits: LoadedRecord[], ref: string, notFound: string): LoadedRecord {
  if (hits.length === 1) return hits[0]!;
  if (hits.length === 0) throw new ReportsError(notFound);
  throw new ReportsError(`${ref} is ambiguous: ${hits.length} reports match; give the file path instead`, hits.map(describe));
}
