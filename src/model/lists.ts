// Lists as people type them and pages print them: authors and key words. Used by the page reader, the flags
// and the prompts.

/**
 * Authors as a by-line writes them: "A, B & C", "A and B", "A; B", "张三、李四". Returns the names in order.
 * Also used for the `--author` flag and the authors prompt.
 */
export function parseAuthors(s: string): string[] {
  return s
    .split(/\s*(?:,|;|&|、|，|；|\band\b)\s*/i)
    .map((a) => a.replace(/^by\s+/i, '').trim())
    .filter((a) => a !== '');
}

/** Comma- or semicolon-separated key words (also full-width and the Chinese enumeration comma). */
export function parseKeywords(s: string): string[] {
  return s
    .split(/\s*[,;，；、]\s*/)
    .map((k) => k.replace(/[.。]$/, '').trim())
    .filter((k) => k !== '');
}
