// Kept results of the per-record checks: for each record file, the content key of its entry in the record cache
// (the CRC-32s and lengths of its record, abstract and positions as kept: what the checks of one record read) and
// the findings the checks gave it, under one version of the rules and config (the file's name holds that key). A
// result is served only for a file whose entry has the same content key now. One file: a line with the CRC-32 of
// the rest, then JSON, in columns like the cache's index. A damaged file, or one of another build, is not used:
// every record is checked again and the file written anew.
import { readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CheckFinding } from '../../model/record.js';
import { base64Of, build, checkedJson, fromBase64, readCheckedJson } from './format.js';

/** What the per-record checks found, kept for records whose content and rules are unchanged. */
export interface KeptFindings {
  /** The findings kept for the record of `file` as loaded, or undefined when it has to be checked. */
  get(file: string): readonly CheckFinding[] | undefined;
  /** The findings of the record of `file`, checked now. */
  put(file: string, findings: readonly CheckFinding[]): void;
  /** Write what was served and put in this run, when it differs from what was read. Errors are ignored. */
  save(): void;
}

/** Nothing kept: every record is checked. */
export const NO_KEPT_FINDINGS: KeptFindings = { get: () => undefined, put: () => undefined, save: () => undefined };

/** Numbers in a content key (see `ContentKeys`). */
export const KEY = 6;

/** The content key of a file's entry in the record cache as loaded, written into `into` at `at`; false when the
 * cache holds no entry for it (then its results are not kept). */
export type ContentKeys = (file: string, into: Float64Array, at: number) => boolean;

/** Bump when the file's shape changes. */
const VERSION = 2;
const FAMILY = `checks${VERSION}-`;
const EXT = '.kept';

interface Stored {
  build: string;
  /** The files, sorted. */
  files: string[];
  /** KEY numbers a file: its content key, as base64 of 64-bit little-endian floats. */
  keys: string;
  /** The findings of the files that have some, by index. */
  found: Record<string, CheckFinding[]>;
}

const NONE: readonly CheckFinding[] = [];

function read(file: string): { files: string[]; keys: Float64Array; found: Record<string, CheckFinding[]> } | undefined {
  try {
    const s = readCheckedJson(readFileSync(file)) as Stored | undefined;
    if (!s) return undefined;
    const n = Array.isArray(s.files) ? s.files.length : -1;
    if (s.build !== build() || n < 0 || typeof s.keys !== 'string' || s.keys.length !== Math.ceil((8 * KEY * n) / 3) * 4 || !s.found || typeof s.found !== 'object') return undefined;
    return { files: s.files, keys: fromBase64(s.keys, new Float64Array(KEY * n)), found: s.found };
  } catch {
    return undefined;
  }
}

/** The kept findings under `base` (the cache's path prefix for one archive) for the rules of key `rules`. */
export function keptFindings(base: string, rules: string, keyOf: ContentKeys): KeptFindings {
  const file = `${base}.${FAMILY}${rules}${EXT}`;
  const kept = read(file);
  const now = new Float64Array(KEY);
  // Files are asked for in sorted order: the next one is tried first, then a binary search.
  let next = 0;
  const indexOf = (f: string): number => {
    const files = kept!.files;
    let i = next;
    if (files[i] !== f) {
      let lo = 0;
      let hi = files.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (files[mid]! < f) lo = mid + 1;
        else hi = mid;
      }
      i = files[lo] === f ? lo : -1;
    }
    if (i >= 0) next = i + 1;
    return i;
  };
  // What this run served or checked, to keep: file, content key, findings.
  const files: string[] = [];
  const keys: number[] = [];
  const found: (readonly CheckFinding[])[] = [];
  let served = 0;
  const use = (f: string, findings: readonly CheckFinding[]) => {
    files.push(f);
    for (let k = 0; k < KEY; k++) keys.push(now[k]!);
    found.push(findings);
  };
  return {
    get(f) {
      if (!kept || !keyOf(f, now, 0)) return undefined;
      const i = indexOf(f);
      if (i < 0) return undefined;
      for (let k = 0; k < KEY; k++) if (kept.keys[KEY * i + k] !== now[k]) return undefined;
      const findings = kept.found[i] ?? NONE;
      served++;
      use(f, findings);
      return findings;
    },
    put(f, findings) {
      if (keyOf(f, now, 0)) use(f, findings);
    },
    save() {
      // Unchanged: every result was served, and every kept one.
      if (kept && served === files.length && served === kept.files.length) return;
      const order = files.map((_, i) => i).sort((a, b) => (files[a]! < files[b]! ? -1 : files[a]! > files[b]! ? 1 : 0));
      const sortedKeys = new Float64Array(KEY * order.length);
      const stored: Stored = { build: build(), files: [], keys: '', found: {} };
      order.forEach((from, i) => {
        stored.files.push(files[from]!);
        for (let k = 0; k < KEY; k++) sortedKeys[KEY * i + k] = keys[KEY * from + k]!;
        if (found[from]!.length > 0) stored.found[i] = [...found[from]!];
      });
      stored.keys = base64Of(sortedKeys);
      try {
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, checkedJson(stored));
        renameSync(tmp, file);
        prune(base, path.basename(file));
      } catch {
        /* only costs speed */
      }
    },
  };
}

/** Remove the kept findings of other rules than `keep` (a file name), and of earlier versions of this file. */
function prune(base: string, keep: string): void {
  const dir = path.dirname(base);
  const prefix = `${path.basename(base)}.checks`;
  try {
    for (const f of readdirSync(dir)) if (f.startsWith(prefix) && f.endsWith(EXT) && f !== keep) unlinkSync(path.join(dir, f));
  } catch {
    /* only costs disk space */
  }
}
