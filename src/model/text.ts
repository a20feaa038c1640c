// Characters a record's text must not carry: a terminal acts on them, and XML 1.0 forbids most. Pure.

/**
 * The control characters of record text: C0 controls (line feed and tab apart: see `multiline`), DEL, C1 controls
 * (a terminal may read U+009B as CSI), the line and paragraph separators, and the bidirectional embeddings,
 * overrides and isolates (they reorder what a reader sees).
 */
const CLASS = '\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
/** Every control character, tab and line feed included. */
export const CONTROL_ALL = new RegExp(`[${CLASS}\\t\\n]`, 'g');
/** Every control character but tab and line feed (text meant to span lines: an abstract). */
export const CONTROL_MULTILINE = new RegExp(`[${CLASS}]`, 'g');

/** How a control character is written out: `\x1b`, `\u202e`. */
export function escapeControl(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The first control character of `s` (tab and line feed allowed when `multiline`), written out, or undefined. */
export function firstControl(s: string, multiline = false): string | undefined {
  const re = multiline ? CONTROL_MULTILINE : CONTROL_ALL;
  re.lastIndex = 0;
  const m = re.exec(s);
  return m ? escapeControl(m[0]) : undefined;
}
