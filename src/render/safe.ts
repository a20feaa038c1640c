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
