// How text is compared wherever "any case" is promised: series names, authors, key words, filters.

/** Unicode-compatible form (NFKC), lower case, runs of white space as one space, trimmed. */
export function fold(s: string): string {
  return s.normalize('NFKC').toLocaleLowerCase('en').replace(/\s+/g, ' ').trim();
}
