// What a typed ref looks like (an id, a Total, a path, words), and the ids, Totals or files of the archive closest to
// one that found nothing: the "did you mean" of the refs people type. Pure.
import { editDistance } from '../distance.js';
import { parseId } from '../model/ids.js';
import type { LoadedRecord } from '../model/record.js';

/** What a ref looks like: an id (also 2019S11, 2019 S 11), a Total, a path, or words to search for. */
export function refKind(ref: string): 'id' | 'total' | 'path' | 'search' {
  const t = ref.trim();
  if (parseId(t) || looseId(t)) return 'id';
  if (/^\d+$/.test(t)) return 'total';
  if (/[/\\]/.test(t) || /\.ya?ml$/i.test(t)) return 'path';
  return 'search';
}

/** "2019S11", "2019 s 11", "2019-S-011" as the id 2019-S11; undefined when it is not one. */
export function looseId(ref: string): string | undefined {
  const m = /^(\d{4})\s*[-_ ]?\s*([RS])\s*[-_ ]?\s*0*(\d+)$/i.exec(ref.trim());
  return m ? `${m[1]}-${m[2]!.toUpperCase()}${m[3]}` : undefined;
}

/** The ids, Totals or files of the archive closest to a ref that found nothing (at most three). */
export function nearMisses(records: readonly LoadedRecord[], ref: string): string[] {
  const t = ref.trim();
  const kind = refKind(t);
  let words: string[];
  let probe: string;
  if (kind === 'id') {
    probe = (looseId(t) ?? t).toUpperCase();
    words = records.map((r) => r.id.toUpperCase());
  } else if (kind === 'total') {
    // Totals are numbers: the nearest ones (a slip of a digit or a count off by a few).
    const n = Number(t);
    const totals = [...new Set(records.flatMap((r) => (r.record.total === undefined ? [] : [r.record.total])))];
    return totals
      .filter((x) => Math.abs(x - n) <= 10 || editDistance(t, String(x), 1) <= 1)
      .sort((a, b) => Math.abs(a - n) - Math.abs(b - n) || a - b)
      .slice(0, 3)
      .map(String);
  } else if (kind === 'path') {
    probe = t.replace(/\\/g, '/').replace(/^.*?(\d{4}\/)/, '$1');
    words = records.map((r) => r.file);
  } else return [];
  const max = Math.max(1, Math.min(2, Math.floor(probe.length / 4)));
  const scored = [...new Set(words)].map((w) => ({ w, d: editDistance(probe, w, max) })).filter((x) => x.d <= max);
  scored.sort((a, b) => a.d - b.d || (a.w < b.w ? -1 : 1));
  return scored.slice(0, 3).map((x) => x.w);
}

