// Display width of text in a terminal, and wrapping by it, by grapheme (what a terminal draws as one character):
// East Asian wide and fullwidth characters (Chinese, Japanese, Korean, fullwidth forms) and emoji take two columns,
// a family emoji (several code points joined) or a flag two, combining marks and format characters none. The width
// of a grapheme is fast-string-width's (a maintained table of Unicode's widths); the rules above it are ours: format
// characters (a soft hyphen, a zero-width space) take no column. Pure; text in, text out. Colour codes (SGR) are
// not counted.
import fastStringWidth from 'fast-string-width';

// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g;
const ZERO = /^[\p{Mn}\p{Me}\p{Cf}]+$/u;
const ASCII = /^[\x20-\x7e]*$/;
// Text whose every code point is a grapheme of its own (Latin, CJK ideographs and punctuation, fullwidth forms):
// measured by code point, without segmenting.
const SIMPLE = /^[\x20-\x7e\u00a0-\u02ff\u3000-\u303e\u3041-\u33ff\u4e00-\u9fff\uac00-\ud7a3\uff01-\uff60]*$/;
/** Made on first use: making one takes 13 ms, and most text is measured without it (SIMPLE, ASCII). */
let graphemes: Intl.Segmenter | undefined;

/** Columns one grapheme takes: 0, 1 or 2. */
export function charWidth(g: string): number {
  if (g.length === 1) {
    const cp = g.charCodeAt(0);
    if (cp >= 0x20 && cp < 0x7f) return 1;
    if (cp >= 0x4e00 && cp <= 0x9fff) return 2;
  }
  if (ZERO.test(g)) return 0;
  return fastStringWidth(g);
}

/** The graphemes of `s`, in order. */
export function graphemesOf(s: string): string[] {
  if (SIMPLE.test(s)) return [...s];
  return Array.from((graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })).segment(s), (x) => x.segment);
}

/** Columns `s` takes on a terminal (colour codes not counted). */
export function displayWidth(s: string): number {
  // A plain ASCII string is its length: the common case, measured without a per-character loop.
  if (ASCII.test(s)) return s.length;
  let w = 0;
  for (const g of graphemesOf(s.replace(SGR, ''))) w += charWidth(g);
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
  const chars = graphemesOf(text);
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
