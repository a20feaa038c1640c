// The archive folder: find record files, read and parse them, report located problems.
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, statSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { reportId } from '../model/ids.js';
import { ReportsError } from '../errors.js';
import { phase } from '../timing.js';
import type { ParsedFile } from './parse.js';
import { noPositions, type FieldPositions, type Finding, type LoadedRecord, type RecordData } from '../model/record.js';
import { CachedRecord, createCache, fingerprint, type ArchiveCache, type FileStat } from './cache/index.js';
import { unpackPositions } from './positions.js';
import { showControls } from '../model/text.js';

/** A record read from its file; its positions may be worked out on first use. */
class Loaded implements LoadedRecord {
  constructor(
    readonly id: string,
    readonly file: string,
    public record: RecordData,
    private pos: FieldPositions | string | (() => FieldPositions),
  ) {}

  get positions(): FieldPositions {
    if (typeof this.pos === 'function') this.pos = this.pos();
    else if (typeof this.pos === 'string') this.pos = unpackPositions(this.pos);
    return this.pos;
  }

  toJSON(): object {
    return { id: this.id, file: this.file, record: this.record, positions: this.positions };
  }
}

export interface Archive {
  dir: string;
  records: LoadedRecord[];
  /** Files that could not be read or are invalid, one finding each (or several schema findings). */
  problems: Finding[];
  /** How many record files were read. */
  files: number;
  /** Changes whenever a record file is added, removed or changed. */
  readonly fingerprint: string;
  /** The same for some of the files only (e.g. one shard of the search index). */
  fingerprintOf(files: readonly string[]): string;
  /** The record cache (possibly the null cache): derived data (the search index) is kept there too. */
  cache: ArchiveCache;
  /** The years read, when only some were (LoadOptions.years); the whole archive when absent. */
  scope?: Scope;
}

/**
 * Record files larger than this are refused (one located message) rather than parsed. A record is a few kilobytes
 * (a long abstract is 10 KB); 1 MiB leaves a hundred times that. Parsing takes about a hundred times a file's
 * size in memory at its peak, so this bound keeps the largest allowed record well within every command's memory
 * bound (docs/performance.md), where the former 64 MiB let one file take 2.6 GB.
 */
export const MAX_FILE_BYTES = 1024 * 1024;


/** What an entry of the archive is when it is not a regular file or a folder. */
function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isDirectory()) return 'a folder';
  return 'of another kind';
}

/** Why an entry cannot be read, in words: the I/O errors an archive folder can give. */
function whyUnreadable(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ELOOP':
      return 'a symbolic link that loops (ELOOP)';
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${code})`;
    case 'ENAMETOOLONG':
      return 'its path is longer than the system allows (ENAMETOOLONG)';
    case 'ENXIO':
      return 'a socket or a device with nothing behind it (ENXIO)';
    case 'ENOTDIR':
      return 'a path through something that is not a folder (ENOTDIR)';
    case 'EIO':
      return 'an input/output error (EIO)';
    default:
      return code ?? (e as Error).message;
  }
}

/** One located problem for an entry (a file or a folder) of the archive that cannot be read. */
export function unreadable(file: string, message: string): Finding {
  return { severity: 'error', code: 'unreadable', message, file, line: 1, column: 1 };
}

/**
 * The part of an archive a query names: the folders of some years. Records are filed by year (2019/...), so a query
 * that names its years reads those folders, and what is not in any year's folder (files at the top, other
 * folders); the folders of other years are not read. A record filed in another year's folder is outside its year's
 * scope (`validate`, which reads everything, reports it as misfiled). `list --year 2010 --json` of 10,000 records
 * (flow style, 40 years) takes 0.54x the time it took reading every folder (10 pairs, whole processes, range
 * 0.40-0.77x, on a loaded machine).
 */
export class Scope {
  private readonly names: ReadonlySet<string>;
  constructor(readonly years: readonly number[]) {
    this.names = new Set(years.map(String));
  }

  /** Whether the entry `name` at the top of the archive is read. */
  holdsFolder(name: string): boolean {
    return !/^\d{4}$/.test(name) || this.names.has(name);
  }

  private readonly decided = new Map<string, boolean>();

  /** Whether the file at `file` (a path in the archive) is read. */
  holds(file: string): boolean {
    const slash = file.indexOf('/');
    if (slash < 0) return true;
    const top = file.slice(0, slash);
    let held = this.decided.get(top);
    if (held === undefined) this.decided.set(top, (held = this.holdsFolder(top)));
    return held;
  }
}

/** Every *.yaml / *.yml below `dir` (in `scope`, when given), sorted, hidden folders and node_modules skipped,
 * each with what the cache compares (size, mtime, ctime, inode). An entry that cannot be read (a folder without permission, a link that
 * loops, a path too long, a FIFO, socket or device named *.yaml) becomes one problem in `problems`; the rest is
 * still listed. */
export function statRecordFiles(dir: string, problems: Finding[] = [], scope?: Scope): FileStat[] {
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new ReportsError(`archive folder not found: ${dir} (pass --archive DIR or set REPORTS_ARCHIVE)`);
  }
  if (!st.isDirectory()) throw new ReportsError(`not a folder: ${dir} (pass --archive DIR or set REPORTS_ARCHIVE)`);
  const out: FileStat[] = [];
  const base = dir.endsWith(path.sep) ? dir : dir + path.sep;
  // Names only, then one stat each: cheaper than typed entries plus a stat. A record file may be a link to a
  // file; a link to a folder is not followed (as before: it could lead back up, or list records twice).
  const walk = (rel: string) => {
    let names: string[];
    try {
      names = readdirSync(base + rel);
    } catch (e) {
      if (rel === '') throw new ReportsError(`cannot read the archive folder ${dir}: ${whyUnreadable(e)}`);
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') problems.push(unreadable(rel, `cannot read this folder: ${whyUnreadable(e)}; its records are not loaded`));
      return;
    }
    for (const name of names) {
      if (name.charCodeAt(0) === 0x2e /* . */ || name === 'node_modules') continue;
      if (scope && rel === '' && !scope.holdsFolder(name)) continue;
      const r = rel ? `${rel}/${name}` : name;
      // An entry removed since the folder was read (ENOENT), or a link to nothing, is not there: skipped.
      try {
        if (/\.ya?ml$/i.test(name)) {
          const st = statSync(base + r, { throwIfNoEntry: false });
          if (!st) continue;
          if (st.isFile()) out.push({ file: r, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino });
          else if (st.isDirectory()) {
            if (lstatSync(base + r).isDirectory()) walk(r);
          } else problems.push(unreadable(r, `cannot read this record file: it is ${kindOf(st)}, not a regular file`));
        } else if (lstatSync(base + r, { throwIfNoEntry: false })?.isDirectory()) walk(r);
      } catch (e) {
        problems.push(unreadable(r, `cannot read this entry: ${whyUnreadable(e)}`));
      }
    }
  };
  walk('');
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

let parseModule: typeof import('./parse.js') | undefined;
/** The parser (yaml + zod) is loaded only when a file has to be parsed: a warm cache never needs it. */
async function parser(): Promise<typeof import('./parse.js')> {
  return (parseModule ??= await import('./parse.js'));
}

/** Read and parse one file of the archive. Never throws. */
export async function readRecordFile(dir: string, file: string): Promise<ParsedFile> {
  return readRecordFileWith((await parser()).parseRecord, dir, file);
}

/** Why a path is not read as a record file: it is not a regular file, or it is too large. */
export class NotARecordFile extends Error {}

/**
 * The text of the regular file at `abs`. It is opened without blocking (a FIFO opened for reading would wait for a
 * writer, forever) and checked with fstat on the open descriptor (no race with a swap after a stat), so a FIFO, a
 * device or a socket is refused before a byte is read. Throws NotARecordFile, or the I/O error.
 */
export function readRegularFile(abs: string, max = MAX_FILE_BYTES): string {
  const fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new NotARecordFile(`it is ${kindOf(st)}, not a regular file`);
    if (st.size > max) throw new NotARecordFile(`it is ${st.size} bytes; records larger than ${max} bytes are refused`);
    const buf = Buffer.allocUnsafe(st.size);
    let got = 0;
    for (let n; got < st.size && (n = readSync(fd, buf, got, st.size - got, got)) > 0; ) got += n;
    return buf.toString('utf8', 0, got);
  } finally {
    closeSync(fd);
  }
}

/** The text of a record file to edit; a ReportsError that names the path when it is not a readable regular file. */
export function readRecordText(abs: string): string {
  try {
    return readRegularFile(abs);
  } catch (e) {
    throw new ReportsError(`cannot read ${showControls(abs)}: ${e instanceof NotARecordFile ? e.message : whyUnreadable(e)}`);
  }
}

export function readRecordFileWith(parseRecord: (text: string, file: string) => ParsedFile, dir: string, file: string): ParsedFile {
  let text: string;
  try {
    text = readRegularFile(path.join(dir, file));
  } catch (e) {
    const message = e instanceof NotARecordFile ? `cannot read this record file: ${e.message}` : `cannot read file: ${whyUnreadable(e)}`;
    return { problems: [unreadable(file, message)], positions: noPositions() };
  }
  return parseRecord(text, file);
}

export function toLoaded(file: string, parsed: ParsedFile): LoadedRecord | undefined {
  if (!parsed.record) return undefined;
  return new Loaded(reportId(parsed.record), file, parsed.record, parsed.positions);
}

export interface LoadOptions {
  /** The cache folder, or false for none (the default). The command line takes it from the environment (cache-root.ts). */
  cache?: string | false;
  /** Read only these years' folders (see Scope); the whole archive when absent. */
  years?: readonly number[];
}

/** Load every record of the archive. Bad files become problems; they never stop the load. */
export async function loadArchive(dir: string, opts: LoadOptions = {}): Promise<Archive> {
  phase('start');
  const unreadableEntries: Finding[] = [];
  const scope = opts.years ? new Scope(opts.years) : undefined;
  const stats = statRecordFiles(dir, unreadableEntries, scope);
  phase(`stat ${stats.length} files`);
  const cache = createCache(opts.cache ?? false, dir, (file) => readRecordFileWith(parseModuleSync(), dir, file));

  const results = new Array<ParsedFile | CachedRecord | undefined>(stats.length);
  const misses: number[] = [];
  for (let i = 0; i < stats.length; i++) {
    const hit = cache.get(stats[i]!);
    if (hit) results[i] = hit;
    else misses.push(i);
  }
  phase(`cache: ${stats.length - misses.length} hits`);
  const parsedNow = new Set<number>(misses);
  if (misses.length > 0) {
    const { parseRecord } = await parser();
    // One thread: a second one (a worker parsing half the files) gained nothing measurable on a 2-core machine
    // (docs/performance.md).
    for (const i of misses) results[i] = readRecordFileWith(parseRecord, dir, stats[i]!.file);
    phase(`parse ${misses.length} files`);
  }
  // Written only when a file changed, appeared or vanished (then the cache holds entries no file has).
  cache.keep(stats, (i) => (parsedNow.has(i) ? (results[i] as ParsedFile) : undefined), scope && ((file) => scope.holds(file)));
  phase('cache kept');

  const records: LoadedRecord[] = [];
  const problems: Finding[] = [...unreadableEntries];
  for (let i = 0; i < stats.length; i++) {
    const r = results[i]!;
    for (const p of r.problems) problems.push(p);
    const loaded = r instanceof CachedRecord ? r : toLoaded(stats[i]!.file, r);
    if (loaded) records.push(loaded);
  }
  // The entries that could not be read, among the files' problems in path order.
  if (unreadableEntries.length > 0) problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  let fp: string | undefined;
  let byFile: Map<string, FileStat> | undefined;
  return {
    dir,
    records,
    problems,
    files: stats.length,
    // Only the search index needs these: worked out on first use.
    get fingerprint() {
      return (fp ??= fingerprint(stats));
    },
    fingerprintOf(files) {
      if (!byFile) {
        byFile = new Map();
        for (const s of stats) byFile.set(s.file, s);
      }
      return fingerprint(files.map((file) => byFile!.get(file) ?? { file, size: -1, mtimeMs: -1, ctimeMs: -1, ino: -1 }));
    },
    cache,
    scope,
  };
}

/**
 * The parser, for a cache entry found damaged after the load (a record's fields are read synchronously): the
 * loaded module when there is one, else its CommonJS build, which require() loads on the spot. Beside this
 * module in dist/; from the sources (tests), the built one.
 */
function parseModuleSync(): (text: string, file: string) => ParsedFile {
  if (parseModule) return parseModule.parseRecord;
  const load = createRequire(import.meta.url);
  let firstError: unknown;
  for (const candidate of ['./parse-sync.cjs', '../../dist/parse-sync.cjs']) {
    try {
      return (load(candidate) as typeof import('./parse.js')).parseRecord;
    } catch (e) {
      firstError ??= e;
    }
  }
  throw firstError;
}
