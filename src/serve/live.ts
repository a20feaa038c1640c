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
  byId: Map<string, LoadedRecord>;
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
    const newest = sortRecords(archive.records, 'date');
    const byId = new Map(archive.records.map((r) => [r.id, r] as const));
    let model: SiteModel | undefined;
    let named: SiteModel | undefined;
    return {
      archive,
      newest,
      byId,
      readAt: Date.now(),
      searchMemo: new Map(),
      model: (title, nameStyle) => (model ??= siteModel(newest, { title, nameStyle })),
      names: (title, nameStyle) =>
        model ??
        (named ??= { title, records: newest, names: pageNames(newest), prev: new Map(), next: new Map(), years: new Map(), keywords: new Map(), nameStyle }),
    };
  }
}
