// The kept search index's file: one shard's index, read lazily. The search (src/search.ts) builds the index and
// ranks with it; this module only writes it and reads it back, checking every part it reads.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { crc32 } from 'node:zlib';

/** Bump when the indexed fields, the search options, the tokens (src/tokens.ts) or the kept form change: a kept
 * index of another shape is not used (the version is part of its name, and of its header). 4: CJK text cut into
 * characters and pairs. */
export const INDEX_VERSION = 4;

/** What a shard's index says about its documents and terms; postings are read separately, term by term. */
export interface Header {
  version: number;
  /** MiniSearch's field ids by field name. */
  fieldIds: Record<string, number>;
  /**
   * How many documents: local ids 0 to count-1 are the shard's records in order (the order the index was
   * built in; the kept file's name holds the fingerprint of exactly those files in that order).
   */
  count: number;
  /** Field lengths, `fields` numbers per document, in local id order. */
  lengths: number[];
  /** Average length of each field in this shard. */
  avg: number[];
  /** Every term, sorted (UTF-16 order). */
  terms: string[];
  /** Byte offsets of each term's postings in the postings part; one more than there are terms. */
  offsets: number[];
  /** The CRC-32 of each term's postings, checked when they are read. */
  sums: number[];
}

/**
 * A shard's index as built: its header, and every term's postings (a JSON array each, in ASCII) one after another
 * in the header's order, term i's at bytes `header.offsets[i]` to `header.offsets[i + 1]` of `body`.
 */
export interface BuiltIndex {
  header: Header;
  body: Buffer;
}

/** One shard's index, to read: its header, and the postings text of a range of terms. */
export interface ShardIndex {
  header: Header;
  /** The postings of terms `from` to `to` (exclusive), each a JSON array. Throws when they are damaged. */
  postings(from: number, to: number): string[];
  close(): void;
}

/** A built index, read from memory. */
export function inMemory(kept: BuiltIndex): ShardIndex {
  const { header, body } = kept;
  return {
    header,
    postings(from, to) {
      const out: string[] = [];
      for (let i = from; i < to; i++) out.push(body.toString('latin1', header.offsets[i], header.offsets[i + 1]));
      return out;
    },
    close() {},
  };
}

/**
 * The kept file starts with a line of the header's length in bytes (12 digits) and its CRC-32 (8 hex digits); then
 * the header (JSON) and a line break; then every term's postings. A damaged file is found when it is read (the
 * header) or when a term's postings are (their CRC-32 is in the header), and is built again.
 */
const LENGTH_DIGITS = 12;
const FIRST_LINE = LENGTH_DIGITS + 1 + 8 + 1;

/** The kept file's bytes, in two pieces: its first line and header, then the postings (written one after the other). */
export function encodeSearchIndex(kept: BuiltIndex): [Buffer, Buffer] {
  const header = JSON.stringify(kept.header);
  const length = String(Buffer.byteLength(header)).padStart(LENGTH_DIGITS, '0');
  const sum = crc32(header).toString(16).padStart(8, '0');
  return [Buffer.from(`${length} ${sum}\n${header}\n`), kept.body];
}

/** The header is whole: every list as long as the counts say. */
function wholeHeader(header: Header): boolean {
  const nFields = Object.keys(header.fieldIds ?? {}).length;
  return (
    header.version === INDEX_VERSION && Number.isSafeInteger(header.count) && Array.isArray(header.terms) &&
    Array.isArray(header.offsets) && header.offsets.length === header.terms.length + 1 &&
    Array.isArray(header.sums) && header.sums.length === header.terms.length &&
    Array.isArray(header.avg) && header.avg.length === nFields && nFields > 0 &&
    Array.isArray(header.lengths) && header.lengths.length === header.count * nFields
  );
}

/** A kept index file, opened: the header is read at once, the postings when asked for; undefined when the file
 * is missing, of another version, or damaged. */
export function openSearchIndex(file: string): ShardIndex | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const first = Buffer.alloc(FIRST_LINE);
    if (readSync(fd, first, 0, first.length, 0) !== first.length) throw new Error('short');
    const line = first.toString('latin1');
    if (!/^\d{12} [0-9a-f]{8}\n$/.test(line)) throw new Error('another version, or damaged');
    const headerLength = Number(line.slice(0, LENGTH_DIGITS));
    const headerBytes = Buffer.alloc(headerLength);
    if (readSync(fd, headerBytes, 0, headerLength, first.length) !== headerLength) throw new Error('short');
    if (crc32(headerBytes) !== Number.parseInt(line.slice(LENGTH_DIGITS + 1, LENGTH_DIGITS + 9), 16)) throw new Error('damaged header');
    const header = JSON.parse(headerBytes.toString('utf8')) as Header;
    if (!wholeHeader(header)) throw new Error('another version, or damaged');
    const base = first.length + headerLength + 1;
    if (fstatSync(fd).size !== base + header.offsets[header.terms.length]!) throw new Error('truncated or grown');
    const handle = fd;
    return {
      header,
      postings(from, to) {
        if (from >= to) return [];
        const start = header.offsets[from]!;
        const buf = Buffer.alloc(header.offsets[to]! - start);
        if (readSync(handle, buf, 0, buf.length, base + start) !== buf.length) throw new Error('kept search index is truncated');
        const out: string[] = [];
        for (let i = from; i < to; i++) {
          const bytes = buf.subarray(header.offsets[i]! - start, header.offsets[i + 1]! - start);
          if (crc32(bytes) !== header.sums[i]) throw new Error('damaged postings');
          out.push(bytes.toString('latin1'));
        }
        return out;
      },
      close: () => closeSync(handle),
    };
  } catch {
    if (fd !== undefined) closeSync(fd);
    return undefined;
  }
}
