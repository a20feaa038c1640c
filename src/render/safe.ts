// Text from a record is data: before it reaches a terminal, every character a terminal would act on is written
// out visibly instead. Every terminal output (list, show, problem lines, findings, messages) passes through here.
import { CONTROL_ALL, CONTROL_CLASS, escapeControl } from '../model/text.js';

// The same class without the line feed, for text meant to span lines.
const ALL_BUT_LF = new RegExp(`[${CONTROL_CLASS}\\t\\r]`, 'g');

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

/**
 * What XML 1.0 forbids (C0 controls but tab, line feed and carriage return; lone surrogates; U+FFFE, U+FFFF) and
 * what HTML calls a control-character parse error (DEL, C1 controls). Never structure, only record text, holds them.
 */
const NOT_MARKUP =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * `s` (a whole page or feed) with every character markup cannot carry written out as `\u001b`: the same text in
 * a page and a valid escape inside the JSON-LD of a page's script.
 */
export function markupSafe(s: string): string {
  NOT_MARKUP.lastIndex = 0;
  if (!NOT_MARKUP.test(s)) return s;
  NOT_MARKUP.lastIndex = 0;
  return s.replace(NOT_MARKUP, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * JSON text for a terminal: the characters JSON.stringify leaves raw but a terminal or a reader's eye acts on
 * (DEL, the C1 controls, U+009B being CSI to some terminals; the line and paragraph separators; the
 * bidirectional embeddings, overrides and isolates) written as \uXXXX. They can only stand inside strings, so
 * the text is the same JSON, still valid, and parses to the same values.
 */
const JSON_RAW = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
export function terminalJson(s: string): string {
  JSON_RAW.lastIndex = 0;
  if (!JSON_RAW.test(s)) return s;
  JSON_RAW.lastIndex = 0;
  return s.replace(JSON_RAW, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
