// The archive as the server holds it: read once, read again when it changed on disk, never per request. A write
// through the server, an `add` in a terminal or a `git pull` shows on the next request, without a restart.
import { openArchive } from '../app/read.js';
import type { AppEnv } from '../app/env.js';
import type { Archive } from '../store/archive.js';
import { folderStamp, stampChanged, watchFolders } from '../store/watch.js';
import { siteModel, type SiteModel } from '../render/export/html.js';
import { pageNames } from '../render/export/names.js';
import { sortRecords } from '../query.js';
import type { LoadedRecord } from '../model/record.js';
import type { NameStyle } from '../model/names.js';
import type { SearchMemo } from '../search.js';

export interface Snapshot {
  archive: Archive;
  /** Records newest first, as the catalogue shows them. */
  newest: LoadedRecord[];
  /** The same without withdrawn reports: what the catalogue lists when nothing is searched (as `list`). */
  listed: LoadedRecord[];
  readonly byId: Map<string, LoadedRecord>;
  /** When it was read (ms since the epoch). */
  readAt: number;
  /** The search's shard indexes, held from one search to the next of this state of the archive. */
  searchMemo: SearchMemo;
  /** The site's model (page names, sequences, key words), made on first use. */
  model(title: string, nameStyle?: NameStyle): SiteModel;
  /** The same with the page names alone (what a page that only links to reports needs), made on first use. */
  names(title: string, nameStyle?: NameStyle): SiteModel;
}

/** Without a watcher (a platform that cannot watch a tree), the archive is read again at most this often. */
const RECHECK_MS = 2000;

export class LiveArchive {
  private snap: Promise<Snapshot> | undefined;
  private stamp: Map<string, number> | undefined;
  private dirty = true;
  private watcher: { close(): void } | undefined;
  /** When the archive was last read (without a watcher, it is read again after RECHECK_MS). */
  private readAt = 0;

  constructor(private readonly env: AppEnv) {}

  /** The archive now: the one held, or a fresh read when anything changed since. */
  current(): Promise<Snapshot> {
    const now = Date.now();
    const stale =
      this.dirty ||
      !this.snap ||
      !this.stamp ||
      stampChanged(this.env.archive, this.stamp) ||
      (!this.watcher && now - this.readAt > RECHECK_MS);
    if (stale) {
      this.readAt = now;
      this.dirty = false;
      // The stamp is taken before the read: a change during the read is seen by the next request.
      const stamp = folderStamp(this.env.archive);
      // The folders are watched anew when they changed (a year added or removed).
      if (!this.stamp || this.watcher === undefined || [...stamp.keys()].join('\0') !== [...this.stamp.keys()].join('\0')) {
        this.watcher?.close();
        this.watcher = watchFolders(this.env.archive, stamp.keys(), () => void (this.dirty = true));
      }
      this.stamp = stamp;
      const next = this.read();
      // A failed read (the folder gone) is not kept: the next request tries again.
      next.catch(() => void (this.dirty = true));
      this.snap = next;
    }
    return this.snap!;
  }

  /** Something was written through the server: the next request reads the archive again. */
  changed(): void {
    this.dirty = true;
  }

  close(): void {
    this.watcher?.close();
  }

  private async read(): Promise<Snapshot> {
    const archive = await openArchive({ archive: this.env.archive, cache: this.env.cache });
    const { newest, names, listed } = catalogue(archive);
    let byId: Map<string, LoadedRecord> | undefined;
    let model: SiteModel | undefined;
    let named: SiteModel | undefined;
    return {
      archive,
      newest,
      listed,
      // Made on first use: the catalogue does not need it.
      get byId() {
        return (byId ??= new Map(archive.records.map((r) => [r.id, r] as const)));
      },
      readAt: Date.now(),
      searchMemo: new Map(),
      model: (title, nameStyle) => (model ??= siteModel(newest, { title, nameStyle })),
      names: (title, nameStyle) =>
        model ?? (named ??= { title, records: newest, names, prev: new Map(), next: new Map(), years: new Map(), keywords: new Map(), nameStyle }),
    };
  }
}

/** The name the catalogue is kept under in the record cache (its number changes with what it holds). */
const KEPT = 'catalogue2';

/**
 * What the cache keeps of the catalogue, by the records' places in the archive as loaded (in the order of their
 * files, which the fingerprint fixes): the records newest first, the page names that are not the record's id, the
 * withdrawn records. Places rather than file names, and only the names that differ: 10,000 records, 2-7 ms against
 * 6-17 ms to read back (in-process, repeated, loaded machine), and no string or map of every file.
 */
interface KeptCatalogue {
  order: number[];
  names: Record<string, string>;
  withdrawn: number[];
}

/**
 * The records newest first, their page names, and those the catalogue lists (withdrawn reports left out), as
 * `sortRecords`, `pageNames` and `list` make them. Each of these reads every record's fields, which a record read
 * from the cache parses (10,000 records: 85 ms of a first page of 470-540 ms after the start); so they are kept in
 * the record cache for exactly the archive's files (its fingerprint: any file added, removed or changed makes
 * another) and this build, and the first page reads only the hundred records it shows. The archive's records are
 * left in the same order either way (newest first).
 */
export function catalogue(archive: Archive): { newest: LoadedRecord[]; names: Map<LoadedRecord, string>; listed: LoadedRecord[] } {
  const fp = archive.cache.onDisk ? archive.fingerprint : undefined;
  const kept = fp ? keptCatalogue(archive, fp) : undefined;
  if (kept) return kept;
  const place = new Map(archive.records.map((r, i) => [r, i] as const));
  const newest = sortRecords(archive.records, 'date');
  const names = pageNames(newest);
  const listed: LoadedRecord[] = [];
  const withdrawn: number[] = [];
  const other: Record<string, string> = {};
  newest.forEach((r, i) => {
    if (r.record.withdrawn === true) withdrawn.push(i);
    else listed.push(r);
    const name = names.get(r)!;
    if (name !== r.id) other[i] = name;
  });
  if (fp) {
    const value: KeptCatalogue = { order: newest.map((r) => place.get(r)!), names: other, withdrawn };
    archive.cache.keepValue(KEPT, fp, value);
    archive.cache.pruneSearchIndexes('catalogue', new Set([`${KEPT}-${fp}`]));
  }
  return { newest, names, listed };
}

/** The kept catalogue, when it places every record of the archive exactly once; else undefined. */
function keptCatalogue(archive: Archive, fp: string): ReturnType<typeof catalogue> | undefined {
  const kept = archive.cache.keptValue(KEPT, fp) as KeptCatalogue | undefined;
  const records = archive.records;
  const n = records.length;
  if (!kept || !Array.isArray(kept.order) || kept.order.length !== n || !Array.isArray(kept.withdrawn) || !kept.names || typeof kept.names !== 'object') return undefined;
  const seen = new Uint8Array(n);
  const newest = new Array<LoadedRecord>(n);
  for (let i = 0; i < n; i++) {
    const at = kept.order[i];
    if (!Number.isInteger(at) || at! < 0 || at! >= n || seen[at!]) return undefined;
    seen[at!] = 1;
    newest[i] = records[at!]!;
  }
  const names = new Map<LoadedRecord, string>();
  for (let i = 0; i < n; i++) {
    const name = Object.hasOwn(kept.names, i) ? kept.names[i] : newest[i]!.id;
    if (typeof name !== 'string') return undefined;
    names.set(newest[i]!, name);
  }
  const out = new Set(kept.withdrawn);
  const listed = newest.filter((_, i) => !out.has(i));
  // As sortRecords leaves them: newest first.
  newest.forEach((r, i) => (records[i] = r));
  return { newest: records, names, listed };
}
