// The record cache, so an unchanged archive is not parsed again: its interface, the null cache, and the choice
// between it and the disk cache (disk.ts; its files: format.ts; the kept search index: search-index.ts).
//
// It lives outside the archive (in $REPORTS_CACHE_DIR, else $XDG_CACHE_HOME/reports, else ~/.cache/reports), one
// generation per archive folder. Each file's entry is keyed by its size, mtime, ctime and inode: any change to a
// file (even one that restores the mtime) changes its ctime, so a stale entry is never used. The whole cache is
// keyed by the tool's version and the build of its parser, so a new version never reads an old cache.
// A reader that cannot use the cache (missing, corrupt, another version) parses the files as if there were none:
// the cache is only ever an optimisation.
import { statSync } from 'node:fs';
import type { ParsedFile } from '../parse.js';
import type { BuiltIndex, ShardIndex } from './search-index.js';
import type { FileStat } from './format.js';
import { NO_KEPT_FINDINGS, type KeptFindings } from './findings.js';
import { CachedRecord, RecordCache } from './disk.js';

export { CachedRecord, RecordCache } from './disk.js';
export { fingerprint, type FileStat } from './format.js';
export type { KeptFindings } from './findings.js';

/**
 * The record cache as the loader and the search use it. The loader asks `get` for each file (an unchanged file's
 * record, read lazily) and hands `keep` the archive it loaded; the search keeps the index of each shard of the
 * archive. `createCache` gives the disk cache, or the null cache (no cache folder, REPORTS_NO_CACHE): neither
 * asks which it has.
 */
export interface ArchiveCache {
  /** True for a cache kept on disk (worth fingerprinting derived data for). */
  readonly onDisk: boolean;
  /** The cached parse of the file when its stats are unchanged, else undefined. */
  get(stat: FileStat): CachedRecord | ParsedFile | undefined;
  /**
   * Remember the archive as loaded: every file with its stats, and the parse of the `i`th where it did not come
   * from `get` (`parsedNow(i)`). Writes only when something changed (a file parsed, added or gone, or no usable
   * cache). With `inScope`, `stats` are the files of part of the archive only (those `inScope` holds): the
   * entries of the other files are kept as they are (without a usable cache, the part is kept alone).
   */
  keep(stats: readonly FileStat[], parsedNow: (i: number) => ParsedFile | undefined, inScope?: (file: string) => boolean): void;
  /** The kept search index `name` of the files of fingerprint `fp`, opened; undefined when there is none that
   * reads whole. */
  searchIndex(name: string, fp: string): ShardIndex | undefined;
  /** Keep a search index as `name` for the files of fingerprint `fp`. Errors are ignored. */
  keepSearchIndex(name: string, fp: string, index: BuiltIndex): void;
  /**
   * A value kept as `name` for the files of fingerprint `fp` by this build of the tool (see keepValue); undefined
   * when there is none, it does not read whole, or another build kept it.
   */
  keptValue(name: string, fp: string): unknown;
  /** Keep `value` (as JSON) as `name` for the files of fingerprint `fp`. Errors are ignored. */
  keepValue(name: string, fp: string, value: unknown): void;
  /** Remove the search indexes (or kept values) of `family` other than those in `keep` (`${name}-${fp}`). */
  pruneSearchIndexes(family: string, keep: ReadonlySet<string>): void;
  /** The per-record check results kept for the rules and config of key `rules`, each served only for a file
   * whose content (as kept in the cache) is what it was when it was checked. */
  findings(rules: string): KeptFindings;
}

/** No cache: nothing is found, nothing is kept. */
export const NULL_CACHE: ArchiveCache = {
  onDisk: false,
  get: () => undefined,
  keep: () => undefined,
  searchIndex: () => undefined,
  keepSearchIndex: () => undefined,
  pruneSearchIndexes: () => undefined,
  keptValue: () => undefined,
  keepValue: () => undefined,
  findings: () => NO_KEPT_FINDINGS,
};

/**
 * The disk cache of the archive `dir` under `root`, or the null cache when `root` is false or not this user's to
 * trust (see ownCacheFolder).
 */
export function createCache(root: string | false, dir: string, reparse: (file: string) => ParsedFile): ArchiveCache {
  return root && ownCacheFolder(root) ? new RecordCache(root, dir, reparse).open() : NULL_CACHE;
}

/**
 * Whether the cache folder can be trusted: absent (it is made), or a folder of this user's that other users
 * cannot write to. CRC-32s guard against damage, not against someone who can write there and forge them: another
 * user's folder (even one root may write to) or a world-writable one is neither read nor written, and costs speed
 * only.
 */
export function ownCacheFolder(root: string, uid = process.getuid?.()): boolean {
  const st = statSync(root, { throwIfNoEntry: false });
  if (!st || uid === undefined) return true;
  return st.isDirectory() && st.uid === uid && (st.mode & 0o002) === 0;
}
