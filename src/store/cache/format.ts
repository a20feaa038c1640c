// The record cache's files on disk: the index (one JSON file, checked by its CRC-32) and the side files it points
// into (records, abstracts, positions: one JSON text a line, each checked by its own CRC-32). Pure encoding and
// decoding, and the writer of a side file; what is kept and when is disk.ts's business.
import { closeSync, openSync, readFileSync, readSync, statSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../../model/record.js';

/** Bump when the shape of a cache file changes. */
export const FORMAT = 11;

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
export interface Meta {
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

export type Side = 'records' | 'abstracts' | 'positions';
/** The side files, in the order of their spans in `Meta.spans`. */
export const SIDES: readonly Side[] = ['records', 'abstracts', 'positions'];
/** Numbers a file in `Meta.spans`, `Meta.sums` and `Meta.stats`. */
export const SPAN = 2 * SIDES.length;
export const SUMS = SIDES.length;
export const STAT = 4;

/**
 * The index file: the CRC-32 of the JSON that follows, as 8 hex digits, a line feed, the JSON. CRC-32 (node's zlib,
 * native) is enough against a flipped byte or an edit; it costs about a millisecond for the 1.2 MB index of
 * 10,000 records, and a few microseconds per entry read.
 */
const HEAD = 9;

/** Thrown inside the cache when an entry's bytes are not what was written: the record file is read instead. */
export class Damaged extends Error {}

/** The index as read: the meta, and its stats and spans decoded. */
export interface OpenedIndex {
  meta: Meta;
  stats: Float64Array;
  spans: Float64Array;
}

/** `value` as JSON behind a line holding the CRC-32 of its bytes (the index file, the kept check results). */
export function checkedJson(value: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(value), 'utf8');
  return Buffer.concat([checkedHead(json), json]);
}

/** The line checkedJson puts before the bytes `json`: their CRC-32. */
export function checkedHead(json: Uint8Array): Buffer {
  return Buffer.from(`${crc32(json).toString(16).padStart(HEAD - 1, '0')}\n`, 'latin1');
}

/** The value of checkedJson's bytes, or undefined when they are not whole (a CRC-32 that does not match). */
export function readCheckedJson(buf: Buffer): unknown {
  if (buf.length < HEAD || buf[HEAD - 1] !== 0x0a || Number.parseInt(buf.toString('latin1', 0, HEAD - 1), 16) !== crc32(buf.subarray(HEAD))) return undefined;
  return JSON.parse(buf.toString('utf8', HEAD));
}

/** Decode an index file's bytes; undefined when damaged, of another format or build, or of another folder. */
export function decodeIndex(buf: Buffer, dir: string): OpenedIndex | undefined {
  const m = readCheckedJson(buf) as Meta | undefined;
  if (!m) return undefined;
  const n = m.count;
  const whole =
    Array.isArray(m.files) && m.files.length === n && Array.isArray(m.ids) && m.ids.length === n &&
    base64Length(m.stats, 8 * STAT * n) && base64Length(m.spans, 8 * SPAN * n) && base64Length(m.sums, 4 * SUMS * n) &&
    !!m.problems && typeof m.problems === 'object';
  if (m.format !== FORMAT || m.build !== build() || m.dir !== dir || !whole) return undefined;
  return { meta: m, stats: fromBase64(m.stats, new Float64Array(STAT * n)), spans: fromBase64(m.spans, new Float64Array(SPAN * n)) };
}

/** The bytes of an index file holding `meta`. */
export function encodeIndex(meta: Meta): Buffer {
  return checkedJson(meta);
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

export function putStat(into: Float64Array, i: number, s: FileStat): void {
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
export function build(): string {
  if (buildId) return buildId;
  const self = fileURLToPath(import.meta.url);
  const parts = [String(FORMAT)];
  for (let dir = path.dirname(self), i = 0; i < 5; dir = path.dirname(dir), i++) {
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

/** Whether this machine stores numbers little-endian (typed arrays use its order). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Numbers as base64 of their little-endian bytes (Meta.stats, spans and sums). */
export function base64Of(words: Uint32Array | Float64Array): string {
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
export function fromBase64<T extends Uint32Array | Float64Array>(text: string, into: T): T {
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

/** Appends texts, a line each, to a side file, in pieces: the whole file is never held in memory at once. */
export class SideWriter {
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
