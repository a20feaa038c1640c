// The edit distance of two short strings, for suggesting a field name and for finding the words a search term
// may be a misspelling of.

let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * Optimal string alignment distance of `a` and `b` (Levenshtein plus adjacent transpositions; without them, with
 * `transpositions` false, the Levenshtein distance). With `max`, any
 * distance above it is given as max + 1, found early: two strings of lengths further apart than `max` are not
 * compared at all. It is never more than the Levenshtein distance, so the words within `max` of a term include
 * all those within that Levenshtein distance.
 */
export function editDistance(a: string, b: string, max = Infinity, transpositions = true): number {
  const m = a.length;
  const n = b.length;
  if (Math.abs(m - n) > max) return max + 1;
  if (m === 0 || n === 0) return Math.min(Math.max(m, n), max + 1);
  if (rows[0]!.length <= n) rows = [new Int32Array(n + 1), new Int32Array(n + 1), new Int32Array(n + 1)];
  // Three rows: the one before the last (for transpositions), the last, and the one being filled.
  let older = rows[0]!;
  let prev = rows[1]!;
  let row = rows[2]!;
  for (let j = 0; j <= n; j++) prev[j] = j;
  let prevBest = 0;
  for (let i = 1; i <= m; i++) {
    const ca = a.charCodeAt(i - 1);
    const caBefore = i > 1 ? a.charCodeAt(i - 2) : -1;
    row[0] = i;
    let best = i;
    for (let j = 1; j <= n; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = prev[j - 1]! + (ca === cb ? 0 : 1);
      if (prev[j]! + 1 < v) v = prev[j]! + 1;
      if (row[j - 1]! + 1 < v) v = row[j - 1]! + 1;
      if (transpositions && j > 1 && ca === b.charCodeAt(j - 2) && caBefore === cb && older[j - 2]! + 1 < v) v = older[j - 2]! + 1;
      row[j] = v;
      if (v < best) best = v;
    }
    // The next row can only go below the last two rows' least values (a transposition reaches back two rows).
    if (best > max && prevBest > max) return max + 1;
    prevBest = best;
    const t = older;
    older = prev;
    prev = row;
    row = t;
  }
  return Math.min(prev[n]!, max + 1);
}

/**
 * Levenshtein distance of `a` and `b` in UTF-16 units (insertions, deletions, substitutions), as MiniSearch's fuzzy
 * search measures it; any distance above `max` is given as max + 1.
 */
export function levenshtein(a: string, b: string, max: number): number {
  return editDistance(a, b, max, false);
}
