// The archive folder: find record files, read and parse them, report located problems.
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { reportId } from '../model/ids.js';
import { ReportsError } from '../errors.js';
import { phase } from '../timing.js';
import type { ParsedFile } from './parse.js';
import type { FieldPositions, Finding, LoadedRecord, RecordData } from '../model/record.js';
import { CachedRecord, fingerprint, RecordCache, statKey, type FileStat } from './cache.js';
import { unpackPositions } from './positions.js';

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
  /** The record cache, when there is one: derived data (the search index) is kept there too. */
  cache?: RecordCache;
}

/**
 * Record files larger than this are refused (one located message) rather than parsed. A record is a few kilobytes
 * (a long abstract is 10 KB); 1 MiB leaves a hundred times that. Parsing takes about a hundred times a file's
 * size in memory at its peak, so this bound keeps the largest allowed record well within every command's memory
 * bound (docs/performance.md), where the former 64 MiB let one file take 2.6 GB.
 */
export const MAX_FILE_BYTES = 1024 * 1024;


/** Every *.yaml / *.yml below `dir`, sorted, hidden folders and node_modules skipped, each with the key the cache
 * compares (size, mtime, ctime, inode). */
export function statRecordFiles(dir: string): FileStat[] {
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
    for (const name of readdirSync(base + rel)) {
      if (name.charCodeAt(0) === 0x2e /* . */ || name === 'node_modules') continue;
      const r = rel ? `${rel}/${name}` : name;
      if (/\.ya?ml$/i.test(name)) {
        const st = statSync(base + r, { throwIfNoEntry: false });
        if (st?.isFile()) out.push({ file: r, key: statKey(st) });
        else if (st?.isDirectory() && lstatSync(base + r).isDirectory()) walk(r);
      } else if (lstatSync(base + r, { throwIfNoEntry: false })?.isDirectory()) walk(r);
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

export function readRecordFileWith(parseRecord: (text: string, file: string) => ParsedFile, dir: string, file: string): ParsedFile {
  const abs = path.join(dir, file);
  try {
    const size = statSync(abs).size;
    if (size > MAX_FILE_BYTES) {
      return {
        problems: [{ severity: 'error', code: 'yaml-syntax', message: `the file is ${size} bytes, larger than a record file may be (${MAX_FILE_BYTES} bytes, 1 MiB; a record is a few kilobytes): it was not read`, file, line: 1, column: 1 }],
        positions: { keys: {}, values: {} },
      };
    }
    return parseRecord(readFileSync(abs, 'utf8'), file);
  } catch (e) {
    return {
      problems: [{ severity: 'error', code: 'yaml-syntax', message: `cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, file, line: 1, column: 1 }],
      positions: { keys: {}, values: {} },
    };
  }
}

export function toLoaded(file: string, parsed: ParsedFile): LoadedRecord | undefined {
  if (!parsed.record) return undefined;
  return new Loaded(reportId(parsed.record), file, parsed.record, parsed.positions);
}

export interface LoadOptions {
  /** The cache folder, or false for none (the default). The command line takes it from the environment (cache-root.ts). */
  cache?: string | false;
}

/** Load every record of the archive. Bad files become problems; they never stop the load. */
export async function loadArchive(dir: string, opts: LoadOptions = {}): Promise<Archive> {
  phase('start');
  const stats = statRecordFiles(dir);
  phase(`stat ${stats.length} files`);
  const root = opts.cache || undefined;
  const cache = root ? new RecordCache(root, path.resolve(dir), (file) => readRecordFileWith(parseModuleSync(), dir, file)).open() : undefined;
  const usable = cache?.healthy() ?? false;

  const results = new Array<ParsedFile | CachedRecord | undefined>(stats.length);
  // For each file, the index of its unchanged entry in the cache, or -1.
  const from = new Int32Array(stats.length).fill(-1);
  const misses: number[] = [];
  for (let i = 0; i < stats.length; i++) {
    const { file, key } = stats[i]!;
    const hit = usable ? cache!.lookup(file, key) : -1;
    if (hit >= 0) {
      from[i] = hit;
      results[i] = cache!.entry(hit, file);
    } else misses.push(i);
  }
  phase(`cache: ${stats.length - misses.length} hits`);
  if (misses.length > 0) {
    const { parseRecord } = await parser();
    const files = misses.map((i) => stats[i]!.file);
    // One thread: a second one (a worker parsing half the files) gained nothing measurable on a 2-core machine
    // (docs/performance.md).
    const parsed = files.map((f) => readRecordFileWith(parseRecord, dir, f));
    misses.forEach((i, j) => (results[i] = parsed[j]));
    phase(`parse ${misses.length} files`);
  }
  // Rewritten when a file changed, appeared or vanished (then the cache holds entries no file has).
  if (cache && (misses.length > 0 || !usable || cache.size() !== stats.length)) {
    cache.save(stats.map((s, i) => ({ file: s.file, key: s.key, from: from[i]!, parsed: from[i]! >= 0 ? undefined : (results[i] as ParsedFile) })));
    phase('cache saved');
  }

  const records: LoadedRecord[] = [];
  const problems: Finding[] = [];
  for (let i = 0; i < stats.length; i++) {
    const r = results[i]!;
    for (const p of r.problems) problems.push(p);
    const loaded = r instanceof CachedRecord ? r : toLoaded(stats[i]!.file, r);
    if (loaded) records.push(loaded);
  }
  let fp: string | undefined;
  let keys: Map<string, string> | undefined;
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
      keys ??= new Map(stats.map((s) => [s.file, s.key]));
      return fingerprint(files.map((file) => ({ file, key: keys!.get(file) ?? '' })));
    },
    cache,
  };
}

/** The parser, for a cached abstract that cannot be read back (a damaged cache): re-read its record. */
function parseModuleSync(): (text: string, file: string) => ParsedFile {
  if (!parseModule) {
    throw new ReportsError('the record cache is damaged; run the command again (it rebuilds the cache), or set REPORTS_NO_CACHE=1');
  }
  return parseModule.parseRecord;
}
