// Text from a record is data: before it reaches a terminal, every character a terminal would act on is written
// out visibly instead. Every terminal output (list, show, problem lines, findings, messages) passes through here.
import { CONTROL_ALL, escapeControl } from '../model/text.js';

// The same class without the line feed, for text meant to span lines.
const ALL_BUT_LF = new RegExp(CONTROL_ALL.source.replace('\\n', ''), 'g');

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
