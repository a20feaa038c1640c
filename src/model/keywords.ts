// Key words as a record keeps them: no blanks, each once (compared without case). Pure.

export interface KeywordList {
  keywords: string[];
  /** Messages for the user, one per key word dropped as a repeat. */
  dropped: string[];
}

/** `words` without blanks and without repeats (case-insensitive; the first spelling is kept). */
export function uniqueKeywords(words: readonly string[]): KeywordList {
  const seen = new Map<string, string>();
  const dropped: string[] = [];
  for (const raw of words) {
    const w = raw.trim();
    if (w === '') continue;
    const key = w.toLowerCase();
    const first = seen.get(key);
    if (first === undefined) seen.set(key, w);
    else dropped.push(first === w ? `the key word "${w}" is given twice; kept once` : `the key word "${w}" repeats "${first}"; kept "${first}"`);
  }
  return { keywords: [...seen.values()], dropped };
}
