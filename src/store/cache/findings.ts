// Kept results of the per-record checks: for each record file, the content key of its entry in the record cache
// (the CRC-32s and lengths of its record, abstract and positions as kept: what the checks of one record read),
// the findings the checks gave it, and the facts the checks across records read of it (RecordFacts, in columns),
// under one version of the rules and config (the file's name holds that key). A
// result is served only for a file whose entry has the same content key now. One file: a line with the CRC-32 of
// the rest, then JSON, in columns like the cache's index. A damaged file, or one of another build, is not used:
// every record is checked again and the file written anew.
import { closeSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { CheckFinding, RecordFacts } from '../../model/record.js';
import { normaliseTitle } from '../../checks/numbering.js';
import { base64Of, build, checkedHead, fromBase64, readCheckedJson } from './format.js';

/** What was kept of one record: its checks' findings and its facts. */
export interface Kept {
  findings: readonly CheckFinding[];
  facts: RecordFacts;
  /** The record's title as the checks across records compare it (normalised). */
  titleKey: string;
}

/** What the per-record checks found, kept for records whose content and rules are unchanged. */
export interface KeptFindings {
  /** What was kept for the record of `file` as loaded, or undefined when it has to be checked. */
  get(file: string): Kept | undefined;
  /** The findings of the record of `file`, checked now, and the record (its facts are read from it when saved). */
  put(file: string, findings: readonly CheckFinding[], record: RecordFacts): void;
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
const VERSION = 3;
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
  /** Each file's facts (RecordFacts), in columns. */
  facts: StoredFacts;
}

/**
 * RecordFacts in columns: numbers as base64 of 64-bit little-endian floats (FACT a file: year, number, Total or NaN
 * when there is none, the index of its [series, kind] in `sequences`), dates (null when none), titles as the
 * checks compare them (Kept.titleKey), and the
 * attachments of the files that have one, by index. A warm `validate` reads these instead of parsing every
 * record from the cache's records file.
 */
interface StoredFacts {
  sequences: [string, RecordFacts['kind']][];
  numbers: string;
  dates: (string | null)[];
  titles: string[];
  attachments: Record<string, NonNullable<RecordFacts['attachment']>>;
}

/** Numbers a file in `StoredFacts.numbers`. */
const FACT = 4;

const NONE: readonly CheckFinding[] = [];

interface Read {
  files: string[];
  keys: Float64Array;
  found: Record<string, CheckFinding[]>;
  facts: StoredFacts;
  numbers: Float64Array;
}

const base64Chars = (bytes: number) => Math.ceil(bytes / 3) * 4;

function read(file: string): Read | undefined {
  try {
    const s = readCheckedJson(readFileSync(file)) as Stored | undefined;
    if (!s) return undefined;
    const n = Array.isArray(s.files) ? s.files.length : -1;
    if (s.build !== build() || n < 0 || typeof s.keys !== 'string' || s.keys.length !== base64Chars(8 * KEY * n) || !s.found || typeof s.found !== 'object') return undefined;
    const f = s.facts;
    const whole =
      !!f && Array.isArray(f.sequences) && typeof f.numbers === 'string' && f.numbers.length === base64Chars(8 * FACT * n) && Array.isArray(f.dates) && f.dates.length === n &&
      Array.isArray(f.titles) && f.titles.length === n && !!f.attachments && typeof f.attachments === 'object';
    if (!whole) return undefined;
    return { files: s.files, keys: fromBase64(s.keys, new Float64Array(KEY * n)), found: s.found, facts: f, numbers: fromBase64(f.numbers, new Float64Array(FACT * n)) };
  } catch {
    return undefined;
  }
}

/** The facts of the file at `i` of what was read. */
function factsAt(kept: Read, i: number): RecordFacts {
  const k = FACT * i;
  const n = kept.numbers;
  const [series, kind] = kept.facts.sequences[n[k + 3]!]!;
  const f: RecordFacts = { series, kind, year: n[k]!, number: n[k + 1]! };
  if (!Number.isNaN(n[k + 2])) f.total = n[k + 2]!;
  const date = kept.facts.dates[i];
  if (date !== null && date !== undefined) f.date = date;
  const attachment = kept.facts.attachments[i];
  if (attachment !== undefined) f.attachment = attachment;
  return f;
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
  // What this run served or checked, to keep: each file, and for a served one its index in what was read (its key,
  // findings and facts are taken from there if the file is written), for a checked one -1 - its place in `fresh`.
  // Nothing copied for a served result: serving 10,000 takes 0.92x the processor time of copying each (median of
  // 25 pairs of fresh processes, timed in-process; range 0.58-1.79x).
  const files: string[] = [];
  const from: number[] = [];
  const fresh: Array<{ key: Float64Array; findings: readonly CheckFinding[]; record: RecordFacts }> = [];
  let served = 0;
  return {
    get(f) {
      if (!kept || !keyOf(f, now, 0)) return undefined;
      const i = indexOf(f);
      if (i < 0) return undefined;
      for (let k = 0; k < KEY; k++) if (kept.keys[KEY * i + k] !== now[k]) return undefined;
      served++;
      files.push(f);
      from.push(i);
      return { findings: kept.found[i] ?? NONE, facts: factsAt(kept, i), titleKey: kept.facts.titles[i]! };
    },
    put(f, findings, record) {
      if (!keyOf(f, now, 0)) return;
      files.push(f);
      from.push(-1 - fresh.length);
      fresh.push({ key: now.slice(), findings, record });
    },
    save() {
      // Unchanged: every result was served, and every kept one.
      if (kept && served === files.length && served === kept.files.length) return;
      const order = files.map((_, i) => i).sort((a, b) => (files[a]! < files[b]! ? -1 : files[a]! > files[b]! ? 1 : 0));
      const sortedKeys = new Float64Array(KEY * order.length);
      const numbers = new Float64Array(FACT * order.length);
      const sequences = new Map<string, number>();
      const columns: StoredFacts = { sequences: [], numbers: '', dates: [], titles: [], attachments: {} };
      const stored: Stored = { build: build(), files: [], keys: '', found: {}, facts: columns };
      order.forEach((j, i) => {
        stored.files.push(files[j]!);
        const at = from[j]!;
        const one = at < 0 ? fresh[-1 - at]! : undefined;
        const findings = one ? one.findings : (kept!.found[at] ?? NONE);
        for (let k = 0; k < KEY; k++) sortedKeys[KEY * i + k] = one ? one.key[k]! : kept!.keys[KEY * at + k]!;
        if (findings.length > 0) stored.found[i] = [...findings];
        const fx = one ? one.record : factsAt(kept!, at);
        const titleKey = one ? normaliseTitle(one.record.title ?? '') : kept!.facts.titles[at]!;
        const sk = `${fx.series}\0${fx.kind}`;
        let seq = sequences.get(sk);
        if (seq === undefined) {
          sequences.set(sk, (seq = columns.sequences.length));
          columns.sequences.push([fx.series, fx.kind]);
        }
        numbers.set([fx.year, fx.number, fx.total ?? NaN, seq], FACT * i);
        columns.dates.push(fx.date ?? null);
        columns.titles.push(titleKey);
        if (fx.attachment !== undefined) columns.attachments[i] = fx.attachment;
      });
      stored.keys = base64Of(sortedKeys);
      columns.numbers = base64Of(numbers);
      try {
        const tmp = `${file}.${process.pid}.tmp`;
        writeChecked(tmp, stored);
        renameSync(tmp, file);
        prune(base, path.basename(file));
      } catch {
        /* only costs speed */
      }
    },
  };
}

/**
 * `value` as checkedJson writes it, without a copy of the whole: 100,000 records' results are 22 MB of JSON. With
 * the records' own fields read when saved (not copied into objects of their own), a first validate of 100,000
 * records (add style) peaked at 847 MB instead of 885 MB (one run each; 802 MB before the facts were kept).
 */
function writeChecked(file: string, value: unknown): void {
  const json = Buffer.from(JSON.stringify(value), 'utf8');
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, checkedHead(json));
    for (let at = 0; at < json.length; ) at += writeSync(fd, json, at);
  } finally {
    closeSync(fd);
  }
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
