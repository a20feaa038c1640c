// Text rules shared by every layer: how text is compared, and the characters record text must not carry. Pure.

// How text is compared wherever "any case" is promised: series names, authors, key words, filters.

/** Unicode-compatible form (NFKC), lower case, runs of white space as one space, trimmed. */
export function fold(s: string): string {
  return s.normalize('NFKC').toLocaleLowerCase('en').replace(/\s+/g, ' ').trim();
}

// Characters a record's text must not carry: a terminal acts on them, and XML 1.0 forbids most.

/**
 * The control characters of record text: C0 controls (tab, line feed and carriage return apart: see
 * `multiline`), DEL, C1 controls (a terminal may read U+009B as CSI), the line and paragraph separators, and the
 * bidirectional embeddings, overrides and isolates (they reorder what a reader sees).
 */
export const CONTROL_CLASS = '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
/** Every control character, tab, line feed and carriage return included. */
export const CONTROL_ALL = new RegExp(`[${CONTROL_CLASS}\\t\\n\\r]`, 'g');
/** Every control character but tab, line feed and carriage return (text meant to span lines: an abstract). */
export const CONTROL_MULTILINE = new RegExp(`[${CONTROL_CLASS}]`, 'g');

/** How a control character is written out: `\x1b`, `\u202e`. */
export function escapeControl(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The first control character of `s` (tab, line feed and carriage return allowed when `multiline`), written out, or undefined. */
export function firstControl(s: string, multiline = false): string | undefined {
  const re = multiline ? CONTROL_MULTILINE : CONTROL_ALL;
  re.lastIndex = 0;
  const m = re.exec(s);
  return m ? escapeControl(m[0]) : undefined;
}

/**
 * `s` with every control character (line breaks and tabs included) written out: a file name or other one-line
 * text placed in a message, shown as record text is (render/safe.ts `visible` is the same for the renderers).
 */
export function showControls(s: string): string {
  CONTROL_ALL.lastIndex = 0;
  if (!CONTROL_ALL.test(s)) return s;
  CONTROL_ALL.lastIndex = 0;
  return s.replace(CONTROL_ALL, escapeControl);
}

/**
 * A path that stays inside the archive as written: relative, forward slashes, no empty, `.` or `..` segment, no
 * hidden name (the writers' temp files are dot-files), no backslash, colon or control character.
 */
export function isArchivePath(p: unknown): boolean {
  if (typeof p !== 'string' || p.length === 0 || p.length > 500) return false;
  if (/[\\:\u0000-\u001f\u007f-\u009f]/.test(p)) return false;
  return p.split('/').every((seg) => seg.length > 0 && !seg.startsWith('.'));
}
