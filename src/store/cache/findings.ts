// Kept results of the per-record checks: for each record (by its content key, see RecordCache.contentKey), the
// findings the checks gave it under one version of the rules and config (the file's name holds that key). One
// file: a line with the CRC-32 of the rest, then JSON. A damaged file, or one of another build, is not used: every
// record is checked again and the file written anew.
import { readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import type { CheckFinding } from '../../model/record.js';
import { build } from './format.js';

/** What the per-record checks found, kept for records whose content and rules are unchanged. */
export interface KeptFindings {
  /** The findings kept for the record of content key `key`, or undefined when it has to be checked. */
  get(key: string): readonly CheckFinding[] | undefined;
  /** The findings of the record of content key `key`, checked now. */
  put(key: string, findings: readonly CheckFinding[]): void;
  /** Write what was used and put in this run, when it differs from what was read. Errors are ignored. */
  save(): void;
}

/** Nothing kept: every record is checked. */
export const NO_KEPT_FINDINGS: KeptFindings = { get: () => undefined, put: () => undefined, save: () => undefined };

/** Bump when the file's shape changes. */
const VERSION = 1;
const FAMILY = `checks${VERSION}-`;
const EXT = '.kept';

interface Stored {
  build: string;
  /** The keys of records without findings, one a line (one string: read far faster than an array of them). */
  clean: string;
  /** The findings of the records that have some, by key. */
  found: Record<string, CheckFinding[]>;
}

const NONE: readonly CheckFinding[] = [];

/** The kept findings under `base` (the cache's path prefix for one archive) for the rules of key `rules`. */
export function keptFindings(base: string, rules: string): KeptFindings {
  const file = `${base}.${FAMILY}${rules}${EXT}`;
  let clean = new Set<string>();
  let found = new Map<string, readonly CheckFinding[]>();
  try {
    const buf = readFileSync(file);
    const nl = buf.indexOf(0x0a);
    if (nl !== 8 || Number.parseInt(buf.toString('latin1', 0, 8), 16) !== crc32(buf.subarray(9))) throw new Error('damaged');
    const stored = JSON.parse(buf.toString('utf8', 9)) as Stored;
    if (stored.build !== build() || typeof stored.clean !== 'string' || !stored.found || typeof stored.found !== 'object') throw new Error('another build');
    clean = new Set(stored.clean === '' ? [] : stored.clean.split('\n'));
    found = new Map(Object.entries(stored.found));
  } catch {
    /* none, damaged or of another build: every record is checked */
  }
  const read = clean.size + found.size;
  const used = new Map<string, readonly CheckFinding[]>();
  let added = 0;
  return {
    get(key) {
      const kept = clean.has(key) ? NONE : found.get(key);
      if (kept) used.set(key, kept);
      return kept;
    },
    put(key, findings) {
      used.set(key, findings);
      added++;
    },
    save() {
      // Unchanged: every record's findings were kept, and every kept one was used.
      if (added === 0 && used.size === read) return;
      const stored: Stored = { build: build(), clean: '', found: {} };
      const keys: string[] = [];
      for (const [key, findings] of used) {
        if (findings.length === 0) keys.push(key);
        else stored.found[key] = [...findings];
      }
      stored.clean = keys.join('\n');
      try {
        const json = Buffer.from(JSON.stringify(stored), 'utf8');
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, Buffer.concat([Buffer.from(`${crc32(json).toString(16).padStart(8, '0')}\n`, 'latin1'), json]));
        renameSync(tmp, file);
        prune(base, path.basename(file));
      } catch {
        /* only costs speed */
      }
    },
  };
}

/** Remove the kept findings of other rules than `keep` (a file name). */
function prune(base: string, keep: string): void {
  const dir = path.dirname(base);
  const prefix = `${path.basename(base)}.${FAMILY}`;
  try {
    for (const f of readdirSync(dir)) if (f.startsWith(prefix) && f.endsWith(EXT) && f !== keep) unlinkSync(path.join(dir, f));
  } catch {
    /* only costs disk space */
  }
}
