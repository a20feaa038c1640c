// Text cut to fit a line of the terminal, so that prompts never wrap. Pure.

// East Asian wide characters take two columns of a terminal.
const WIDE = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u;

/** Terminal columns `s` takes. */
export function columns(s: string): number {
  let n = 0;
  for (const ch of s) n += WIDE.test(ch) ? 2 : 1;
  return n;
}

/** `s` on one line, cut to `width` terminal columns (ending with "...") when longer. */
export function clip(s: string, width: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  if (columns(flat) <= width) return flat;
  let used = 0;
  let out = '';
  for (const ch of flat) {
    const w = WIDE.test(ch) ? 2 : 1;
    if (used + w > width - 3) break;
    used += w;
    out += ch;
  }
  return `${out.trimEnd()}...`;
}
