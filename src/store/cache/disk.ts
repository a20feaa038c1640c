// The disk cache: the records of unchanged files read from the cache's files (format.ts) instead of parsed again.
//
// Abstracts are the bulk of an archive; they sit in a side file of JSON strings read on demand by offset, so
// `list` and `validate` never read them. The cache never lies: the index file carries a CRC-32 of its bytes, and
// each entry of a side file the CRC-32 of its own bytes, checked when it is read. A damaged or edited entry is not
// used: its record file is parsed again and the cache is rebuilt by the next run. A cache folder that cannot be
// read or written only costs speed.
import { appendFileSync, closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import path from 'node:path';
import type { ParsedFile } from '../parse.js';
import { noPositions, type Finding, type FieldPositions, type RecordData } from '../../model/record.js';
import { ReportsError } from '../../errors.js';
import { packPositions, unpackPositions } from '../positions.js';
import { reportId } from '../../model/ids.js';
import type { ArchiveCache } from './index.js';
import { base64Of, build, checkedJson, Damaged, decodeIndex, encodeIndex, FORMAT, fromBase64, putStat, readCheckedJson, SideWriter, SIDES, SPAN, STAT, SUMS, type FileStat, type Meta, type Side } from './format.js';
import { encodeSearchIndex, openSearchIndex, type BuiltIndex, type ShardIndex } from './search-index.js';
import { showControls } from '../../model/text.js';
import { keptFindings, type KeptFindings } from './findings.js';

/** How many records are read from the records side file one by one before it is read whole. */
const READ_ONE_BY_ONE = 100;
/** The extension of a kept search index. */
const DERIVED = '.index';

/** What `save` is given for each file: the index of its unchanged entry in the cache as opened, or its parse. */
export interface SaveEntry {
  stat: FileStat;
  from: number;
  parsed?: ParsedFile;
}

export class RecordCache implements ArchiveCache {
  private readonly base: string;
  private readonly dir: string;
  private meta?: Meta;

  /**
   * @param reparse parses a file of the archive again, for the rare record whose side file turns out damaged
   *   after the cache was opened.
   */
  constructor(
    private readonly root: string,
    dir: string,
    private readonly reparse: (file: string) => ParsedFile,
  ) {
    this.dir = path.resolve(dir);
    this.base = path.join(root, createHash('sha256').update(this.dir).digest('hex').slice(0, 24));
  }

  /** Read the cache; a missing, corrupt or foreign one is simply empty. */
  open(): this {
    try {
      const opened = decodeIndex(readFileSync(`${this.base}.json`), this.dir);
      if (opened) ({ meta: this.meta, stats: this.stats, spans: this.spans } = opened);
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

  keep(stats: readonly FileStat[], parsedNow: (i: number) => ParsedFile | undefined, inScope?: (file: string) => boolean): void {
    this.usable ??= this.healthy();
    if (inScope) {
      // Part of the archive: with a usable cache, the other files' entries are carried over as they are. Without
      // one (none yet, a damaged one, or one of another build of the tool, as after every upgrade) the part is
      // kept alone: a run over the whole archive finds the other files missing and adds them. Before, nothing was
      // written, and `list --year` parsed its year again on every run until a command read the whole archive.
      if (this.usable) this.keepPart(stats, parsedNow, inScope);
      else if (stats.length > 0) {
        const entries: SaveEntry[] = [];
        for (let i = 0; i < stats.length; i++) {
          const parsed = parsedNow(i);
          if (!parsed) return;
          entries.push({ stat: stats[i]!, from: -1, parsed });
        }
        this.save(entries);
      }
      return;
    }
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

  private keepPart(stats: readonly FileStat[], parsedNow: (i: number) => ParsedFile | undefined, inScope: (file: string) => boolean): void {
    // Unchanged when every file of the part was found in the cache and the cache holds no other file of it.
    let changed = false;
    for (let i = 0; !changed && i < stats.length; i++) changed = parsedNow(i) !== undefined || !this.hits.has(stats[i]!.file);
    const files = this.meta!.files;
    let held = 0;
    for (let j = 0; !changed && j < files.length; j++) if (inScope(files[j]!)) held++;
    if (!changed && held === stats.length) return;
    const outside: SaveEntry[] = [];
    const s = this.stats!;
    files.forEach((file, j) => {
      const k = STAT * j;
      if (!inScope(file)) outside.push({ stat: { file, size: s[k]!, mtimeMs: s[k + 1]!, ctimeMs: s[k + 2]!, ino: s[k + 3]! }, from: j });
    });
    const inside = stats.map((stat, i): SaveEntry => {
      const parsed = parsedNow(i);
      return { stat, from: parsed ? -1 : (this.hits.get(stat.file) ?? -1), parsed };
    });
    this.save([...outside, ...inside].sort((a, b) => (a.stat.file < b.stat.file ? -1 : a.stat.file > b.stat.file ? 1 : 0)));
  }

  /** The entries of the generation this run wrote, for `contentKey` of the files it parsed. */
  private saved?: { files: readonly string[]; spans: Float64Array; sums: Uint32Array };

  /** The content key of `file`'s entry (see findings.ts) into `into` at `at`; false when the cache holds none. */
  private contentKey(file: string, into: Float64Array, at: number): boolean {
    if (this.saved) {
      const { files, spans, sums } = this.saved;
      const i = sortedIndex(files, file);
      return i >= 0 && keyOf(spans, sums, i, into, at);
    }
    const i = this.hits.get(file);
    if (i === undefined || !this.meta) return false;
    this.sum(i, 0);
    return keyOf(this.spans, this.sumsRead!, i, into, at);
  }

  findings(rules: string): KeptFindings {
    return keptFindings(this.base, rules, (file, into, at) => this.contentKey(file, into, at));
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

  /**
   * The index of `file` in the cache, or -1. Files are asked for in the order they were saved (sorted), so the
   * next one is tried first, then a binary search: a year of a large archive starts anywhere in it.
   */
  private indexOf(file: string): number {
    const files = this.meta!.files;
    let i = this.next;
    if (files[i] !== file) i = sortedIndex(files, file);
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
            const bytes = this.readAbstract(offset, abstractLength);
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

  /** Bytes of the abstracts side file read ahead, from `aheadAt` on, and where the last abstract read ended. */
  private ahead?: Buffer;
  private aheadAt = 0;
  private lastEnd = -1;
  private aheadSize = 0;

  /**
   * `length` bytes at `offset` of the abstracts side file. Abstracts read one after another in the file's order
   * (the search index's build reads every one, a year's list those of the year) are read ahead, 64 KiB at first and
   * up to 1 MiB at a time; others (a search's hits, in rank order) one by one. Reading each of the 100,000
   * abstracts of the index's build by itself took 589 ms in reads (profiled first search, record cache warm); read
   * ahead, 113 ms.
   */
  private readAbstract(offset: number, length: number): Buffer | undefined {
    const ahead = this.ahead;
    const inOrder = offset >= this.lastEnd && offset - this.lastEnd < 4096 && this.lastEnd >= 0;
    this.lastEnd = offset + length;
    if (ahead && offset >= this.aheadAt && offset + length <= this.aheadAt + ahead.length) {
      return ahead.subarray(offset - this.aheadAt, offset - this.aheadAt + length);
    }
    if (!inOrder) {
      this.aheadSize = 0;
      return this.readSide('abstracts', offset, length);
    }
    this.aheadSize = Math.min(Math.max(this.aheadSize * 2, 64 * 1024), 1024 * 1024);
    const size = Math.max(length, Math.min(this.aheadSize, this.meta!.sizes.abstracts - offset));
    this.ahead = this.readSide('abstracts', offset, size);
    this.aheadAt = offset;
    return this.ahead?.subarray(0, length);
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
      writeFileSync(tmp, encodeIndex(meta));
      written.push(tmp);
      renameSync(tmp, `${this.base}.json`);
      this.saved = { files: meta.files, spans, sums };
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

  /** The file where a search index (`name`, for this set of files) is kept; it may not exist. */
  private derivedPath(name: string, fingerprint: string): string {
    return `${this.base}.${name}-${fingerprint}${DERIVED}`;
  }

  searchIndex(name: string, fingerprint: string): ShardIndex | undefined {
    return openSearchIndex(this.derivedPath(name, fingerprint));
  }

  /** Keep `index` as `name` for this set of files. Errors are ignored. */
  keepSearchIndex(name: string, fingerprint: string, index: BuiltIndex): void {
    try {
      mkdirSync(this.root, { recursive: true });
      const target = this.derivedPath(name, fingerprint);
      const tmp = `${target}.${process.pid}.tmp`;
      const [head, postings] = encodeSearchIndex(index);
      writeFileSync(tmp, head);
      appendFileSync(tmp, postings);
      renameSync(tmp, target);
    } catch {
      /* only costs speed */
    }
  }

  keptValue(name: string, fingerprint: string): unknown {
    try {
      const kept = readCheckedJson(readFileSync(this.derivedPath(name, fingerprint))) as { build?: unknown; value?: unknown } | undefined;
      return kept && typeof kept === 'object' && kept.build === build() ? kept.value : undefined;
    } catch {
      return undefined;
    }
  }

  keepValue(name: string, fingerprint: string, value: unknown): void {
    try {
      mkdirSync(this.root, { recursive: true });
      const target = this.derivedPath(name, fingerprint);
      const tmp = `${target}.${process.pid}.tmp`;
      writeFileSync(tmp, checkedJson({ build: build(), value }));
      renameSync(tmp, target);
    } catch {
      /* only costs speed */
    }
  }

  /**
   * Remove what was kept under names starting with `family` other than `keep` (name-fingerprint pairs), and
   * what earlier forms of the same family left (other extensions); another process's temporary files stay.
   */
  pruneSearchIndexes(family: string, keep: ReadonlySet<string>): void {
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

const NO_PROBLEMS: Finding[] = [];

/** The index of `file` in `files` (sorted), or -1. */
function sortedIndex(files: readonly string[], file: string): number {
  let lo = 0;
  let hi = files.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (files[mid]! < file) lo = mid + 1;
    else hi = mid;
  }
  return files[lo] === file ? lo : -1;
}

/**
 * The content key of entry `i` into `into` at `at`: the CRC-32 and length of its record, abstract and positions as
 * kept (what the checks of one record read). False for an entry without a record.
 */
function keyOf(spans: Float64Array, sums: Uint32Array, i: number, into: Float64Array, at: number): boolean {
  if (spans[SPAN * i]! < 0) return false;
  for (let s = 0; s < SUMS; s++) {
    into[at + 2 * s] = sums[SUMS * i + s]!;
    into[at + 2 * s + 1] = spans[SPAN * i + 2 * s + 1]!;
  }
  return true;
}

/** The record of a file parsed again; it no longer loads only if it was changed since the archive was read. */
function recordOf(parsed: ParsedFile, file: string): RecordData {
  if (parsed.record) return parsed.record;
  throw new ReportsError(`${showControls(file)} changed while it was being read (${parsed.problems[0]?.message ?? 'it no longer loads'}); run the command again`);
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
