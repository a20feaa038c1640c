// A cache of parsed records, so an unchanged archive is not parsed again.
//
// It lives outside the archive (in $REPORTS_CACHE_DIR, else $XDG_CACHE_HOME/reports, else ~/.cache/reports), one
// generation per archive folder. Each file's entry is keyed by its size, mtime, ctime and inode: any change to a
// file (even one that restores the mtime) changes its ctime, so a stale entry is never used. The whole cache is
// keyed by the tool's version and the build of its parser, so a new version never reads an old cache.
//
// Abstracts are the bulk of an archive; they sit in a side file of JSON strings read on demand by offset, so
// `list` and `validate` never read them. A reader that cannot use the cache (missing, corrupt, another version)
// parses the files as if there were none: the cache is only ever an optimisation.
//
// The cache never lies: the index file carries a CRC-32 of its bytes, and each entry of a side file the CRC-32 of
// its own bytes, checked when it is read. A damaged or edited entry is not used: its record file is parsed again
// and the cache is rebuilt by the next run. A cache folder that cannot be read or written only costs speed.
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParsedFile } from './parse.js';
import { noPositions, type Finding, type FieldPositions, type RecordData } from '../model/record.js';
import { ReportsError } from '../errors.js';
import { packPositions, unpackPositions } from './positions.js';
import { reportId } from '../model/ids.js';

/** Bump when the shape of a cache file changes. */
const FORMAT = 11;
/** How many records are read from the records side file one by one before it is read whole. */
const READ_ONE_BY_ONE = 100;
/** The extension of derived data (the search index). */
const DERIVED = '.index';

/** A record file and what the cache compares of it: any change to the file changes one of these. */
export interface FileStat {
  file: string;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

/**
 * The cache's index, in columns (one element per file, in the archive's sorted file order) rather than an object
 * per file: it is read by every run, and arrays of strings and numbers are read several times faster.
 * The records (as JSON text, without their abstracts) and the abstracts sit in side files, and a record is
 * parsed only when it is used: `list --year 2019` of a large archive parses only that year's records.
 * The field positions sit in a third side file, read only when some check asks for them.
 */
interface Meta {
  format: number;
  build: string;
  dir: string;
  gen: string;
  /** Byte sizes of the side files: a truncated or grown file is not trusted. */
  sizes: Record<Side, number>;
  /** The number of files. */
  count: number;
  files: string[];
  /** Four numbers a file: its size, mtime, ctime and inode (FileStat), as base64 of 64-bit little-endian floats.
   * Compared as numbers, they are never written out as text: on 10,000 records that took 8-10 ms of every run
   * (the walk's key strings, measured in fresh processes) and 2.1-2.6 ms of JSON.parse. */
  stats: string;
  /** Each file's record id, or '' when the file is invalid. */
  ids: string[];
  /** Six numbers a file: offset and length of its record in the records side file (-1 when invalid), of its
   * abstract in the abstracts side file (-1 when there is none), of its packed positions in the positions one; as
   * base64 of 64-bit little-endian floats (decoded in 0.8 ms, where JSON.parse of the numbers took 1.7-3.1). */
  spans: string;
  /** Three numbers a file: the CRC-32 of its record, abstract and positions entries (0 where there is none), as
   * base64 of 32-bit little-endian words. One string rather than 30,000 numbers: on 10,000 records that keeps the
   * index 0.16 MB larger instead of 0.32 MB, and JSON.parse reads a string much faster than numbers. */
  sums: string;
  /** The problems of the files that have some, by index. */
  problems: Record<string, Finding[]>;
}

type Side = 'records' | 'abstracts' | 'positions';
/** The side files, in the order of their spans in `Meta.spans`. */
const SIDES: readonly Side[] = ['records', 'abstracts', 'positions'];
const SPAN = 2 * SIDES.length;
const SUMS = SIDES.length;
/** Numbers a file in `Meta.stats`. */
const STAT = 4;

/**
 * The index file: the CRC-32 of the JSON that follows, as 8 hex digits, a line feed, the JSON. CRC-32 (node's zlib,
 * native) is enough against a flipped byte or an edit; it costs about a millisecond for the 1.2 MB index of
 * 10,000 records, and a few microseconds per entry read.
 */
const HEAD = 9;

/** Thrown inside the cache when an entry's bytes are not what was written: the record file is read instead. */
class Damaged extends Error {}

/** What `save` is given for each file: the index of its unchanged entry in the cache as opened, or its parse. */
export interface SaveEntry {
  stat: FileStat;
  from: number;
  parsed?: ParsedFile;
}

/** A short hash of the files and their stats: equal exactly when no file was added, removed or changed. */
export function fingerprint(stats: readonly FileStat[]): string {
  // The names as one text and the numbers as their bytes: two updates, where an update per file, or the numbers
  // written as text, cost more than the hashing.
  let names = '';
  const numbers = new Float64Array(STAT * stats.length);
  stats.forEach((s, i) => {
    names += `${s.file}\n`;
    putStat(numbers, i, s);
  });
  return createHash('sha256').update(names).update(new Uint8Array(numbers.buffer)).digest('hex').slice(0, 20);
}

function putStat(into: Float64Array, i: number, s: FileStat): void {
  into[STAT * i] = s.size;
  into[STAT * i + 1] = s.mtimeMs;
  into[STAT * i + 2] = s.ctimeMs;
  into[STAT * i + 3] = s.ino;
}


let buildId: string | undefined;
/**
 * The tool's version and its build: the time this module's file was written. Every build writes all of dist/
 * anew (parser included), so a cache made by another version or build is never read.
 */
function build(): string {
  if (buildId) return buildId;
  const self = fileURLToPath(import.meta.url);
  const parts = [String(FORMAT)];
  for (let dir = path.dirname(self), i = 0; i < 4; dir = path.dirname(dir), i++) {
    try {
      parts.push((JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version);
      break;
    } catch {
      /* look one folder up */
    }
  }
  try {
    parts.push(String(statSync(self).mtimeMs));
  } catch {
    parts.push('?');
  }
  return (buildId = parts.join('|'));
}

/**
 * The record cache as the loader and the search index use it. The loader asks `get` for each file (an unchanged
 * file's record, read lazily) and hands `keep` the archive it loaded; the search index keeps its shards as
 * derived data. `createCache` gives the disk cache, or the null cache (no cache folder, REPORTS_NO_CACHE): the
 * loader never asks which it has.
 */
export interface ArchiveCache {
  /** True for a cache kept on disk (worth fingerprinting derived data for). */
  readonly onDisk: boolean;
  /** The cached parse of the file when its stats are unchanged, else undefined. */
  get(stat: FileStat): CachedRecord | ParsedFile | undefined;
  /**
   * Remember the archive as loaded: every file with its stats, and the parse of the `i`th where it did not come
   * from `get` (`parsedNow(i)`). Writes only when something changed (a file parsed, added or gone, or no usable
   * cache).
   */
  keep(stats: readonly FileStat[], parsedNow: (i: number) => ParsedFile | undefined): void;
  /** Where derived data of this name and fingerprint is kept, or undefined without a cache. */
  derivedPath(name: string, fingerprint: string): string | undefined;
  writeDerived(name: string, fingerprint: string, data: readonly string[]): void;
  /** Remove the derived data of `family` whose names are not in `keep`. */
  pruneDerived(family: string, keep: ReadonlySet<string>): void;
}

/** No cache: nothing is found, nothing is kept. */
export const NULL_CACHE: ArchiveCache = {
  onDisk: false,
  get: () => undefined,
  keep: () => undefined,
  derivedPath: () => undefined,
  writeDerived: () => undefined,
  pruneDerived: () => undefined,
};

/** The disk cache of the archive `dir` under `root`, or the null cache when `root` is false. */
export function createCache(root: string | false, dir: string, reparse: (file: string) => ParsedFile): ArchiveCache {
  return root ? new RecordCache(root, path.resolve(dir), reparse).open() : NULL_CACHE;
}

/** Whether this machine stores numbers little-endian (typed arrays use its order). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export class RecordCache implements ArchiveCache {
  private readonly base: string;
  private meta?: Meta;

  /**
   * @param reparse parses a file of the archive again, for the rare record whose side file turns out damaged
   *   after the cache was opened.
   */
  constructor(
    private readonly root: string,
    private readonly dir: string,
    private readonly reparse: (file: string) => ParsedFile,
  ) {
    this.base = path.join(root, createHash('sha256').update(dir).digest('hex').slice(0, 24));
  }

  /** Read the cache; a missing, corrupt or foreign one is simply empty. */
  open(): this {
    try {
      const buf = readFileSync(`${this.base}.json`);
      if (buf.length < HEAD || buf[HEAD - 1] !== 0x0a || Number.parseInt(buf.toString('latin1', 0, HEAD - 1), 16) !== crc32(buf.subarray(HEAD))) throw new Damaged();
      const m = JSON.parse(buf.toString('utf8', HEAD)) as Meta;
      const n = m.count;
      const whole =
        Array.isArray(m.files) && m.files.length === n && Array.isArray(m.ids) && m.ids.length === n &&
        base64Length(m.stats, 8 * STAT * n) && base64Length(m.spans, 8 * SPAN * n) && base64Length(m.sums, 4 * SUMS * n) &&
        !!m.problems && typeof m.problems === 'object';
      if (m.format === FORMAT && m.build === build() && m.dir === this.dir && whole) {
        this.stats = fromBase64(m.stats, new Float64Array(STAT * n));
        this.spans = fromBase64(m.spans, new Float64Array(SPAN * n));
        this.meta = m;
      }
    } catch {
      this.meta = undefined;
    }
    return this;
  }

  readonly onDisk = true;

  /** The decoded `Meta.stats` and `Meta.spans` of the cache as opened. */
  private stats?: Float64Array;
  private spans!: Float64Array;

  /** Entry index of each file found unchanged by `get`, for `keep`. */
  private hits = new Map<string, number>();
  private usable?: boolean;

  get(stat: FileStat): CachedRecord | ParsedFile | undefined {
    this.usable ??= this.healthy();
    if (!this.usable) return undefined;
    const i = this.lookup(stat);
    if (i < 0) return undefined;
    this.hits.set(stat.file, i);
    return this.entry(i, stat.file);
  }

  keep(stats: readonly FileStat[], parsedNow: (i: number) => ParsedFile | undefined): void {
    this.usable ??= this.healthy();
    let changed = !this.usable || this.size() !== stats.length;
    for (let i = 0; !changed && i < stats.length; i++) changed = parsedNow(i) !== undefined;
    if (!changed) return;
    this.save(
      stats.map((s, i) => {
        const parsed = parsedNow(i);
        return { stat: s, from: parsed ? -1 : (this.hits.get(s.file) ?? -1), parsed };
      }),
    );
  }

  private sumsRead?: Uint32Array;

  /** The CRC-32 of side `s` of the entry at `i`. */
  private sum(i: number, s: number): number {
    if (!this.sumsRead) {
      this.sumsRead = fromBase64(this.meta!.sums, new Uint32Array(SUMS * this.meta!.count));
    }
    return this.sumsRead[SUMS * i + s]!;
  }

  private next = 0;
  private byFile?: Map<string, number>;

  /** The index of `file` in the cache, or -1. Files are asked for in the order they were saved: that is quick. */
  private indexOf(file: string): number {
    const m = this.meta!;
    let i = this.next;
    if (m.files[i] !== file) {
      this.byFile ??= new Map(m.files.map((f, j) => [f, j]));
      i = this.byFile.get(file) ?? -1;
    }
    if (i >= 0) this.next = i + 1;
    return i;
  }

  /** The index of the file's entry if its stats still match, else -1. */
  lookup(stat: FileStat): number {
    if (!this.meta) return -1;
    const i = this.indexOf(stat.file);
    if (i < 0) return -1;
    const k = STAT * i;
    const s = this.stats!;
    return s[k] === stat.size && s[k + 1] === stat.mtimeMs && s[k + 2] === stat.ctimeMs && s[k + 3] === stat.ino ? i : -1;
  }

  /** The cached parse of the entry at `i` (see lookup); record, abstract and positions are read when used. */
  entry(i: number, file: string): CachedRecord | ParsedFile {
    if (this.spans[SPAN * i]! >= 0) return new CachedRecord(this, file, i);
    return { problems: this.meta!.problems[i] ?? [], positions: () => this.positionsOf(i, file) };
  }

  /** @internal */
  idOf(i: number): string {
    return this.meta!.ids[i]!;
  }

  /** @internal */
  problemsOf(i: number): Finding[] {
    return this.meta!.problems[i] ?? NO_PROBLEMS;
  }

  /** How many files the cache holds. */
  size(): number {
    return this.meta?.count ?? -1;
  }

  private recordsText?: Buffer;
  private recordsRead = 0;

  /** The record of `file` read from the file itself, for an entry found damaged; the cache is rebuilt next run. */
  private fromFile(file: string): ParsedFile {
    this.discard();
    return this.reparse(file);
  }

  /** @internal The record of the file at index `i`, parsed from the records side file. */
  materialise(file: string, i: number): RecordData {
    const m = this.meta!;
    const k = SPAN * i;
    const [start, length, offset, abstractLength] = [this.spans[k]!, this.spans[k + 1]!, this.spans[k + 2]!, this.spans[k + 3]!];
    const abstractSum = this.sum(i, 1);
    let record: RecordData;
    try {
      // A few records (a search's first page, one year) are read one by one; past that, the whole side file at once.
      let bytes: Buffer | undefined;
      if (!this.recordsText && ++this.recordsRead <= READ_ONE_BY_ONE) bytes = this.readSide('records', start, length);
      else {
        this.recordsText ??= this.readSide('records', 0, m.sizes.records);
        bytes = this.recordsText?.subarray(start, start + length);
      }
      if (!bytes || bytes.length !== length || crc32(bytes) !== this.sum(i, 0)) throw new Damaged();
      record = JSON.parse(bytes.toString('utf8')) as RecordData;
      if (!record || typeof record !== 'object' || Array.isArray(record)) throw new Damaged();
    } catch {
      return recordOf(this.fromFile(file), file);
    }
    if (offset >= 0) {
      Object.defineProperty(record, 'abstract', {
        configurable: true,
        enumerable: true,
        get: () => {
          let value: unknown;
          try {
            const bytes = this.readSide('abstracts', offset, abstractLength);
            if (!bytes || crc32(bytes) !== abstractSum) throw new Damaged();
            value = JSON.parse(bytes.toString('utf8'));
          } catch {
            value = undefined;
          }
          // The side file is damaged: forget the cache (the next run rebuilds it) and read the record itself.
          if (typeof value !== 'string') value = recordOf(this.fromFile(file), file).abstract;
          Object.defineProperty(record, 'abstract', { value, enumerable: true, writable: true, configurable: true });
          return value;
        },
        set: (value: unknown) => Object.defineProperty(record, 'abstract', { value, enumerable: true, writable: true, configurable: true }),
      });
    }
    return record;
  }

  /** @internal The field positions of the file at index `i` (`file`). */
  positionsOf(i: number, file: string): FieldPositions {
    const [offset, length] = [this.spans[SPAN * i + 4]!, this.spans[SPAN * i + 5]!];
    if (offset < 0) return noPositions();
    try {
      const bytes = this.readSide('positions', offset, length);
      if (!bytes || crc32(bytes) !== this.sum(i, 2)) throw new Damaged();
      return unpackPositions(bytes.toString('utf8'));
    } catch {
      // Damaged: the positions of the file itself, so that findings still point where they should.
      const pos = this.fromFile(file).positions;
      return typeof pos === 'string' ? unpackPositions(pos) : typeof pos === 'function' ? pos() : pos;
    }
  }

  /** `length` bytes at `offset` of a side file, or undefined when it cannot be read. */
  private readSide(side: Side, offset: number, length: number): Buffer | undefined {
    const fd = this.fds[side];
    if (fd === undefined) return undefined;
    try {
      const buf = Buffer.allocUnsafe(length);
      return readSync(fd, buf, 0, length, offset) === length ? buf : undefined;
    } catch {
      return undefined;
    }
  }

  /** Remove this archive's cache, so the next run parses every file again. */
  discard(): void {
    try {
      unlinkSync(`${this.base}.json`);
    } catch {
      /* already gone */
    }
  }

  private readonly fds: Partial<Record<Side, number>> = {};

  /**
   * Open the side files of this generation. False when one is missing or of another size: then the cache is not
   * used. An open file stays readable even if another process replaces the cache meanwhile.
   */
  healthy(): boolean {
    if (!this.meta) return false;
    for (const side of SIDES) {
      if (this.fds[side] !== undefined) continue;
      try {
        const fd = openSync(`${this.base}.${this.meta.gen}.${side}`, 'r');
        this.fds[side] = fd;
        if (fstatSync(fd).size !== this.meta.sizes?.[side]) throw new Error('resized');
      } catch {
        this.meta = undefined;
        return false;
      }
    }
    return true;
  }

  /**
   * Write a new generation holding `entries` (all of the archive's files). When most of the side files' bytes
   * are still used, the new side files are copies of the old ones with the changed files' entries appended
   * (nothing is parsed or serialised again); otherwise they are written anew from the used spans. Errors are
   * ignored: the cache is then discarded, and the next run parses every file.
   */
  save(entries: readonly SaveEntry[]): void {
    const gen = `${process.pid.toString(36)}${Date.now().toString(36)}`;
    const n = entries.length;
    const old = this.meta && SIDES.every((side) => this.fds[side] !== undefined) ? this.meta : undefined;
    let used = 0;
    if (old) {
      for (const { from } of entries) {
        if (from < 0) continue;
        for (let k = 1; k < SPAN; k += 2) if (this.spans[SPAN * from + k - 1]! >= 0) used += this.spans[SPAN * from + k]! + 1;
      }
    }
    const total = old ? SIDES.reduce((t, side) => t + old.sizes[side], 0) : 0;
    const append = old !== undefined && used * 2 >= total;
    const ids = new Array<string>(n).fill('');
    const spans = new Float64Array(SPAN * n).fill(-1);
    const stats = new Float64Array(STAT * n);
    const sums = new Uint32Array(SUMS * n);
    const problems: Record<string, Finding[]> = {};
    const written: string[] = [];
    const sides: Partial<Record<Side, SideWriter>> = {};
    try {
      mkdirSync(this.root, { recursive: true });
      for (const side of SIDES) {
        const path = `${this.base}.${gen}.${side}`;
        written.push(path);
        sides[side] = new SideWriter(path);
        if (append) sides[side].copyFrom(this.fds[side]!, old.sizes[side]);
      }
      entries.forEach(({ stat, from, parsed }, i) => {
        putStat(stats, i, stat);
        if (old && from >= 0) {
          ids[i] = old.ids[from]!;
          if (old.problems[from]) problems[i] = old.problems[from];
          SIDES.forEach((side, s) => {
            const [offset, length] = [this.spans[SPAN * from + 2 * s]!, this.spans[SPAN * from + 2 * s + 1]!];
            if (offset < 0) return;
            sums[SUMS * i + s] = this.sum(from, s);
            if (append) [spans[SPAN * i + 2 * s], spans[SPAN * i + 2 * s + 1]] = [offset, length];
            else {
              // Copied only when whole: a damaged entry would otherwise be written anew with a matching sum.
              const bytes = this.readSide(side, offset, length);
              if (bytes === undefined || crc32(bytes) !== sums[SUMS * i + s]) throw new Damaged();
              [spans[SPAN * i + 2 * s], spans[SPAN * i + 2 * s + 1]] = sides[side]!.put(bytes.toString('utf8'));
            }
          });
          return;
        }
        const p = parsed!;
        if (p.problems.length) problems[i] = p.problems;
        const pos = p.positions;
        [spans[SPAN * i + 4], spans[SPAN * i + 5], sums[SUMS * i + 2]] = sides.positions!.put(typeof pos === 'string' ? pos : packPositions(typeof pos === 'function' ? pos() : pos));
        if (p.record) {
          const { abstract, ...rest } = p.record;
          ids[i] = reportId(p.record);
          [spans[SPAN * i], spans[SPAN * i + 1], sums[SUMS * i]] = sides.records!.put(JSON.stringify(rest));
          if (typeof abstract === 'string') [spans[SPAN * i + 2], spans[SPAN * i + 3], sums[SUMS * i + 1]] = sides.abstracts!.put(JSON.stringify(abstract));
        }
      });
      const sizes = { records: sides.records!.close(), abstracts: sides.abstracts!.close(), positions: sides.positions!.close() };
      const meta: Meta = {
        format: FORMAT, build: build(), dir: this.dir, gen, sizes, count: n,
        files: entries.map((e) => e.stat.file), stats: base64Of(stats), ids, spans: base64Of(spans), sums: base64Of(sums), problems,
      };
      const tmp = `${this.base}.${gen}.tmp`;
      const json = Buffer.from(JSON.stringify(meta), 'utf8');
      writeFileSync(tmp, Buffer.concat([Buffer.from(`${crc32(json).toString(16).padStart(HEAD - 1, '0')}\n`, 'latin1'), json]));
      written.push(tmp);
      renameSync(tmp, `${this.base}.json`);
    } catch {
      // A cache that cannot be written (read-only home, full disk, a folder of another user) or read back only
      // costs speed. The clean-up may fail for the same reason: it must not fail the command.
      for (const side of Object.values(sides)) side.abandon();
      for (const p of written) {
        try {
          rmSync(p, { force: true });
        } catch {
          /* cannot be removed either */
        }
      }
      this.discard();
      return;
    }
    try {
      this.removeOldGenerations(gen);
    } catch {
      /* only costs disk space */
    }
  }

  private removeOldGenerations(keep: string): void {
    const prefix = path.basename(this.base) + '.';
    for (const name of readdirSync(this.root)) {
      if (name.startsWith(prefix) && /\.(records|abstracts|positions|tmp)$/.test(name) && !name.includes(`.${keep}.`)) {
        // Readers holding an old generation open keep reading it (an unlinked file lives on while open); one
        // that had not opened it yet finds it gone and parses the files instead. Another process may be
        // writing its own generation's temp file: leave temp files younger than a minute.
        try {
          const p = path.join(this.root, name);
          if (!name.endsWith('.tmp') || Date.now() - statSync(p).mtimeMs > 60_000) unlinkSync(p);
        } catch {
          /* gone already */
        }
      }
    }
  }

  /** The file where data derived from the archive (`name`, for this set of files) is kept; it may not exist. */
  derivedPath(name: string, fingerprint: string): string {
    return `${this.base}.${name}-${fingerprint}${DERIVED}`;
  }

  /** Keep `data` (text in pieces, joined) as `name` for this set of files. Errors are ignored. */
  writeDerived(name: string, fingerprint: string, data: readonly string[]): void {
    try {
      mkdirSync(this.root, { recursive: true });
      const target = this.derivedPath(name, fingerprint);
      const tmp = `${target}.${process.pid}.tmp`;
      writeFileSync(tmp, data.join(''));
      renameSync(tmp, target);
    } catch {
      /* only costs speed */
    }
  }

  /**
   * Remove what was kept under names starting with `family` other than `keep` (name-fingerprint pairs), and
   * what earlier forms of the same family left (other extensions); another process's temporary files stay.
   */
  pruneDerived(family: string, keep: ReadonlySet<string>): void {
    try {
      const base = path.basename(this.base);
      const prefix = `${base}.${family}`;
      for (const f of readdirSync(this.root)) {
        // The family's name is followed by its version: "search2-...".
        if (!f.startsWith(prefix) || !/[0-9]/.test(f.charAt(prefix.length)) || f.endsWith('.tmp')) continue;
        if (f.endsWith(DERIVED) && keep.has(f.slice(base.length + 1, -DERIVED.length))) continue;
        unlinkSync(path.join(this.root, f));
      }
    } catch {
      /* only costs disk space */
    }
  }

  close(): void {
    for (const side of SIDES) {
      const fd = this.fds[side];
      if (fd !== undefined) closeSync(fd);
      delete this.fds[side];
    }
  }
}

/** Appends texts, a line each, to a side file, in pieces: the whole file is never held in memory at once. */
class SideWriter {
  private readonly fd: number;
  private pending: string[] = [];
  private pendingBytes = 0;
  private size = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  /** Start with a copy of the first `size` bytes of the file open as `from`. */
  copyFrom(from: number, size: number): void {
    this.flush();
    const buf = Buffer.allocUnsafe(Math.min(size, 4 << 20) || 1);
    for (let at = 0; at < size; ) {
      const got = readSync(from, buf, 0, Math.min(buf.length, size - at), at);
      if (got <= 0) throw new Error('the cache is shorter than it says');
      for (let done = 0; done < got; ) done += writeSync(this.fd, buf, done, got - done);
      at += got;
    }
    this.size += size;
  }

  /** Append `text`; its offset and length in bytes, and the CRC-32 of its bytes. */
  put(text: string): [number, number, number] {
    const length = Buffer.byteLength(text, 'utf8');
    const at: [number, number, number] = [this.size, length, crc32(text)];
    this.pending.push(text);
    this.size += length + 1;
    this.pendingBytes += length + 1;
    if (this.pendingBytes > 1 << 20) this.flush();
    return at;
  }

  private flush(): void {
    if (this.pending.length) writeSync(this.fd, this.pending.join('\n') + '\n');
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Write what is left and close; the file's size. */
  close(): number {
    this.flush();
    closeSync(this.fd);
    return this.size;
  }

  abandon(): void {
    try {
      closeSync(this.fd);
    } catch {
      /* closed already */
    }
  }
}

const NO_PROBLEMS: Finding[] = [];

/** Numbers as base64 of their little-endian bytes (Meta.stats, spans and sums). */
function base64Of(words: Uint32Array | Float64Array): string {
  const b = Buffer.allocUnsafe(words.byteLength);
  if (LITTLE_ENDIAN) b.set(new Uint8Array(words.buffer, words.byteOffset, words.byteLength));
  else if (words instanceof Float64Array) words.forEach((w, k) => b.writeDoubleLE(w, 8 * k));
  else words.forEach((w, k) => b.writeUInt32LE(w, 4 * k));
  return b.toString('base64');
}

/**
 * Fill `into` from base64 of little-endian numbers (base64Of). On a little-endian machine (nearly all) the bytes
 * are copied as they are: reading the CRC-32s one by one took 5-7 ms of a `list --year` of 10,000 records
 * (profiled, 8 runs). A copy, not a view: the decoded bytes need not sit at a multiple of 8.
 */
function fromBase64<T extends Uint32Array | Float64Array>(text: string, into: T): T {
  const b = Buffer.from(text, 'base64');
  if (LITTLE_ENDIAN) new Uint8Array(into.buffer).set(b.subarray(0, into.byteLength));
  else if (into instanceof Float64Array) for (let k = 0; k < into.length; k++) into[k] = b.readDoubleLE(8 * k);
  else for (let k = 0; k < into.length; k++) into[k] = b.readUInt32LE(4 * k);
  return into;
}

/** Whether `text` is base64 of exactly `bytes` bytes. */
function base64Length(text: unknown, bytes: number): boolean {
  return typeof text === 'string' && text.length === Math.ceil(bytes / 3) * 4;
}

/** The record of a file parsed again; it no longer loads only if it was changed since the archive was read. */
function recordOf(parsed: ParsedFile, file: string): RecordData {
  if (parsed.record) return parsed.record;
  throw new ReportsError(`${file} changed while it was being read (${parsed.problems[0]?.message ?? 'it no longer loads'}); run the command again`);
}

/** A valid record served by the cache: its fields and positions are read when first used. */
export class CachedRecord {
  private rec?: RecordData;
  private pos?: FieldPositions;

  constructor(
    private readonly cache: RecordCache,
    readonly file: string,
    private readonly index: number,
  ) {}

  get id(): string {
    return this.cache.idOf(this.index);
  }

  get problems(): Finding[] {
    return this.cache.problemsOf(this.index);
  }

  get record(): RecordData {
    return (this.rec ??= this.cache.materialise(this.file, this.index));
  }

  set record(value: RecordData) {
    this.rec = value;
  }

  get positions(): FieldPositions {
    return (this.pos ??= this.cache.positionsOf(this.index, this.file));
  }

  toJSON(): object {
    return { id: this.id, file: this.file, record: this.record, positions: this.positions };
  }
}
