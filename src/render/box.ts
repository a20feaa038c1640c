// A table drawn with box characters, sized by display width (Chinese characters take two columns): a rule under
// the heading, rules only where the caller asks (between years), values wrapped inside their column. Pure.
import type { Style } from './style.js';
import { pad, wrapText } from './width.js';

export interface BoxOptions {
  head: readonly string[];
  /** Plain text cells (no colour codes, no control characters): wrapped to their column's width. */
  rows: readonly (readonly string[])[];
  /** Value width of each column (without the padding and borders). */
  widths: readonly number[];
  /** Right-aligned columns (numbers). */
  right?: readonly boolean[];
  /** Row indexes that get a rule above them. */
  rulesBefore?: ReadonlySet<number>;
  style: Style;
  /** Colour for one line of a cell, after padding. */
  colour?: (text: string, column: number) => string;
}

/** Columns a box of these value widths takes: each value plus a space either side and a border, one more border. */
export const boxWidth = (widths: readonly number[]) => widths.reduce((a, w) => a + w + 3, 1);

export function renderBox(o: BoxOptions): string {
  const { c } = o.style;
  const rule = (l: string, m: string, r: string) => l + o.widths.map((w) => '─'.repeat(w + 2)).join(m) + r;
  const line = (parts: readonly string[], head = false) =>
    '│' +
    parts
      .map((p, i) => {
        const cell = pad(p, o.widths[i]!, o.right?.[i] ? 'right' : 'left');
        return ` ${head ? c.bold(cell) : o.colour && p ? o.colour(cell, i) : cell} `;
      })
      .join('│') +
    '│';
  const out = [rule('┌', '┬', '┐'), line(o.head, true), rule('├', '┼', '┤')];
  o.rows.forEach((row, i) => {
    if (i > 0 && o.rulesBefore?.has(i)) out.push(rule('├', '┼', '┤'));
    const wrapped = row.map((v, j) => (v === '' ? [''] : wrapText(v, o.widths[j]!)));
    const height = Math.max(...wrapped.map((w) => w.length));
    for (let k = 0; k < height; k++) out.push(line(wrapped.map((w) => w[k] ?? '')));
  });
  out.push(rule('└', '┴', '┘'));
  return out.join('\n');
}
