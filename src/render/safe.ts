// Text from a record is data: before it reaches a terminal, every character a terminal would act on is written
// out visibly instead (list, show, stats, the TSV of list, the ids of shell completion).

// C0 controls (tab, line feed and carriage return apart), DEL, C1 controls (a terminal may read U+009B as CSI),
// the line and paragraph separators, and the bidirectional embeddings, overrides and isolates.
const CONTROL_CLASS = '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
const CONTROL_ALL = new RegExp(`[${CONTROL_CLASS}\\t\\n\\r]`, 'g');
const ALL_BUT_LF = new RegExp(`[${CONTROL_CLASS}\\t\\r]`, 'g');

/** How a control character is written out: `\x1b`, `\u202e`. */
export function escapeControl(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * `s` with every control character written as an escape a reader can see: ESC as `\x1b`, BEL as `\x07`, a tab as
 * `\x09`, U+202E as `\u202e`. Line feeds are kept only when `newlines` is true (a message of several lines).
 */
export function visible(s: string, newlines = false): string {
  const re = newlines ? ALL_BUT_LF : CONTROL_ALL;
  re.lastIndex = 0;
  if (!re.test(s)) return s;
  re.lastIndex = 0;
  return s.replace(re, escapeControl);
}
