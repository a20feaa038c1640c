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
const FORMAT = 10;
/** How many records are read from the records side file one by one before it is read whole. */
const READ_ONE_BY_ONE = 100;
/** The extension of derived data (the search index). */
const DERIVED = '.index';

export interface FileStat {
  file: string;
  key: string;
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
  /** Each file's stat key (size, mtime, ctime, inode). */
  keys: string[];
  /** Each file's record id, or '' when the file is invalid. */
  ids: string[];
  /** Six numbers a file: offset and length of its record in the records side file (-1 when invalid), of its
   * abstract in the abstracts side file (-1 when there is none), of its packed positions in the positions one. */
  spans: number[];
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
  file: string;
  key: string;
  from: number;
  parsed?: ParsedFile;
}

/** A short hash of the archive's files and their keys: equal exactly when no file was added, removed or changed. */
export function fingerprint(stats: readonly FileStat[]): string {
  // One update with the whole text: an update per file costs more than the hashing.
  return fingerprintText(stats.map((s) => `${s.file}\u0000${s.key}\n`).join(''));
}

/** The fingerprint of the text of file lines that fingerprint() makes. */
export function fingerprintText(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 20);
}

export function statKey(st: { size: number; mtimeMs: number; ctimeMs: number; ino: number }): string {
  return `${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`;
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
  /** The cached parse of `file` when its stat key is unchanged, else undefined. */
  get(file: string, key: string): CachedRecord | ParsedFile | undefined;
  /**
   * Remember the archive as loaded: every file with its key, and its parse where it did not come from `get`.
   * Writes only when something changed (a file parsed, added or gone, or no usable cache).
   */
  keep(entries: readonly { file: string; key: string; parsed?: ParsedFile }[]): void;
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
        Array.isArray(m.files) && m.files.length === n && Array.isArray(m.keys) && m.keys.length === n &&
        Array.isArray(m.ids) && m.ids.length === n && Array.isArray(m.spans) && m.spans.length === SPAN * n &&
        typeof m.sums === 'string' && m.sums.length === Math.ceil((4 * SUMS * n) / 3) * 4 && !!m.problems && typeof m.problems === 'object';
      if (m.format === FORMAT && m.build === build() && m.dir === this.dir && whole) this.meta = m;
    } catch {
      this.meta = undefined;
    }
    return this;
  }

  readonly onDisk = true;

  /** Entry index of each file found unchanged by `get`, for `keep`. */
  private hits = new Map<string, number>();
  private usable?: boolean;

  get(file: string, key: string): CachedRecord | ParsedFile | undefined {
    this.usable ??= this.healthy();
    if (!this.usable) return undefined;
    const i = this.lookup(file, key);
    if (i < 0) return undefined;
    this.hits.set(file, i);
    return this.entry(i, file);
  }

  keep(entries: readonly { file: string; key: string; parsed?: ParsedFile }[]): void {
    this.usable ??= this.healthy();
    const changed = !this.usable || this.size() !== entries.length || entries.some((e) => e.parsed !== undefined);
    if (!changed) return;
    this.save(entries.map((e) => ({ file: e.file, key: e.key, from: e.parsed ? -1 : (this.hits.get(e.file) ?? -1), parsed: e.parsed })));
  }

  private sumsRead?: Uint32Array;

  /** The CRC-32 of side `s` of the entry at `i`. */
  private sum(i: number, s: number): number {
    if (!this.sumsRead) {
      const b = Buffer.from(this.meta!.sums, 'base64');
      this.sumsRead = new Uint32Array(SUMS * this.meta!.count);
      // Little-endian words: on a little-endian machine (nearly all) the bytes are copied as they are. Reading them
      // one by one took 5-7 ms of a `list --year` of 10,000 records (profiled, 8 runs).
      if (LITTLE_ENDIAN) new Uint8Array(this.sumsRead.buffer).set(b.subarray(0, 4 * this.sumsRead.length));
      else for (let k = 0; k < this.sumsRead.length; k++) this.sumsRead[k] = b.readUInt32LE(4 * k);
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

  /** The index of `file`'s entry if its key still matches, else -1. */
  lookup(file: string, key: string): number {
    if (!this.meta) return -1;
    const i = this.indexOf(file);
    return i >= 0 && this.meta.keys[i] === key ? i : -1;
  }

  /** The cached parse of the entry at `i` (see lookup); record, abstract and positions are read when used. */
  entry(i: number, file: string): CachedRecord | ParsedFile {
    if (this.meta!.spans[SPAN * i]! >= 0) return new CachedRecord(this, file, i);
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
    const [start, length, offset, abstractLength] = m.spans.slice(SPAN * i, SPAN * i + 4) as [number, number, number, number];
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
    const [offset, length] = [this.meta!.spans[SPAN * i + 4]!, this.meta!.spans[SPAN * i + 5]!];
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
        for (let k = 1; k < SPAN; k += 2) if (old.spans[SPAN * from + k - 1]! >= 0) used += old.spans[SPAN * from + k]! + 1;
      }
    }
    const total = old ? SIDES.reduce((t, side) => t + old.sizes[side], 0) : 0;
    const append = old !== undefined && used * 2 >= total;
    const ids = new Array<string>(n).fill('');
    const spans = new Array<number>(SPAN * n).fill(-1);
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
      entries.forEach(({ from, parsed }, i) => {
        if (old && from >= 0) {
          ids[i] = old.ids[from]!;
          if (old.problems[from]) problems[i] = old.problems[from];
          SIDES.forEach((side, s) => {
            const [offset, length] = [old.spans[SPAN * from + 2 * s]!, old.spans[SPAN * from + 2 * s + 1]!];
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
        files: entries.map((e) => e.file), keys: entries.map((e) => e.key), ids, spans, sums: base64Words(sums), problems,
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

/** 32-bit words as base64 of their little-endian bytes (see Meta.sums). */
function base64Words(words: Uint32Array): string {
  const b = Buffer.allocUnsafe(4 * words.length);
  for (let k = 0; k < words.length; k++) b.writeUInt32LE(words[k]!, 4 * k);
  return b.toString('base64');
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
