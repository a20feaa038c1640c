// Display width of text in a terminal, and wrapping by it: East Asian wide and fullwidth characters (Chinese,
// Japanese, Korean, fullwidth forms, emoji) take two columns, combining marks and format characters none.
// Pure; text in, text out. Colour codes (SGR) are not counted.

// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g;
const ZERO = /^[\p{Mn}\p{Me}\p{Cf}]$/u;
const EMOJI = /^\p{Emoji_Presentation}$/u;
const ASCII = /^[\x20-\x7e]*$/;

// Unicode East Asian Width W and F blocks (the ones text uses; emoji are matched by their property).
const WIDE: readonly [number, number][] = [
  [0x1100, 0x115f], [0x2329, 0x232a], [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff],
  [0xa000, 0xa4cf], [0xa960, 0xa97f], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe10, 0xfe19], [0xfe30, 0xfe6f],
  [0xff00, 0xff60], [0xffe0, 0xffe6], [0x16fe0, 0x16fe4], [0x17000, 0x18aff], [0x1b000, 0x1b2ff], [0x1f200, 0x1f251],
  [0x20000, 0x2fffd], [0x30000, 0x3fffd],
];

/** Columns one character (code point) takes: 0, 1 or 2. */
export function charWidth(ch: string): number {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x300) return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ? 0 : 1;
  // The common wide block first (CJK ideographs), by number: no pattern to run for most Chinese text.
  if (cp >= 0x4e00 && cp <= 0x9fff) return 2;
  for (const [a, b] of WIDE) {
    if (cp < a) break;
    if (cp <= b) return 2;
  }
  if (ZERO.test(ch)) return 0;
  return cp >= 0x2300 && EMOJI.test(ch) ? 2 : 1;
}

/** Columns `s` takes on a terminal (colour codes not counted). */
export function displayWidth(s: string): number {
  let w = 0;
  // A plain ASCII string is its length: the common case, measured without a per-character loop.
  if (ASCII.test(s)) return s.length;
  for (const ch of s.replace(SGR, '')) w += charWidth(ch);
  return w;
}

/** `s` padded with spaces to `width` columns, on the right (left-aligned) or on the left. */
export function pad(s: string, width: number, align: 'left' | 'right' = 'left'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return align === 'left' ? s + fill : fill + s;
}

/**
 * Plain text (no colour codes, no line feeds) wrapped into lines of at most `width` columns: at spaces, between
 * wide characters (Chinese is written without spaces), and inside a word only when the word alone is too long.
 * Nothing is cut: every character of `s` but the spaces at the breaks is in the result.
 */
export function wrapText(s: string, width: number): string[] {
  const max = Math.max(1, width);
  const text = s.replace(/\s+/g, ' ').trim();
  if (displayWidth(text) <= max) return [text];
  if (ASCII.test(text)) return wrapAscii(text, max);
  const chars = [...text];
  const widths = chars.map(charWidth);
  const cw = (i: number) => widths[i]!;
  const lines: string[] = [];
  let line = '';
  let lineW = 0;
  let i = 0;
  while (i < chars.length) {
    // The next unit a line may break after: a word (up to a space or a wide character), or one wide character.
    let j = i + 1;
    if (chars[i] !== ' ' && cw(i) !== 2) while (j < chars.length && chars[j] !== ' ' && cw(j) !== 2) j++;
    let unitW = 0;
    for (let k = i; k < j; k++) unitW += cw(k);
    const unit = chars.slice(i, j).join('');
    if (chars[i] === ' ') {
      // A space between units: kept inside a line, dropped at a break.
      if (lineW > 0 && lineW < max) {
        line += ' ';
        lineW += 1;
      }
    } else if (lineW + unitW <= max) {
      line += unit;
      lineW += unitW;
    } else {
      if (line.trim()) lines.push(line.trimEnd());
      line = '';
      lineW = 0;
      if (unitW <= max) {
        line = unit;
        lineW = unitW;
      } else {
        // A word longer than the line: broken where the line is full.
        for (let k = i; k < j; k++) {
          if (lineW + cw(k) > max && line) {
            lines.push(line);
            line = '';
            lineW = 0;
          }
          line += chars[k];
          lineW += cw(k);
        }
      }
    }
    i = j;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}

/** wrapText for printable ASCII (one column a character): words and lengths, no per-character work. */
function wrapAscii(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(' ')) {
    if (line && line.length + 1 + word.length <= max) {
      line += ` ${word}`;
      continue;
    }
    if (line) lines.push(line);
    while (word.length > max) {
      lines.push(word.slice(0, max));
      word = word.slice(max);
    }
    line = word;
  }
  if (line) lines.push(line);
  return lines;
}
