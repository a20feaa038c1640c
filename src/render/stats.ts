// The `stats` view: one row per sequence and year, as a table when it fits, else a block per year. Strings out.
import type { SequenceStats, YearStats } from '../checks/stats.js';
import { boxWidth, renderBox } from './box.js';
import type { Style } from './style.js';
import { visible } from './safe.js';
import { displayWidth, wrapText } from './width.js';

/** A coverage fraction as the text shows it: 0.0089 -> "0.9%". */
export const percent = (f: number) => `${Math.round(f * 1000) / 10}%`;

/** Lines the gaps of one year may take in the text before they are shortened ("+N more"). */
const GAP_LINES = 3;
/** The narrowest gaps column worth a table; below it, a block per year. */
const MIN_GAPS = 12;

/**
 * Ranges "1-2, 4-123, 125-225" that fit `lines` lines of `width` columns after `prefix`: as many ranges as fit,
 * then "+N more" for the N ranges left out (the JSON has them all). Unchanged when they fit whole.
 */
export function shortenRanges(gaps: string, width: number, lines = GAP_LINES, prefix = ''): string {
  const fits = (s: string) => wrapText(prefix + s, width).length <= lines;
  if (gaps === '' || fits(gaps)) return gaps;
  const parts = gaps.split(', ');
  // The longest head of the list that fits with its "+N more" (binary search: a year may have thousands of gaps).
  let lo = 0;
  let hi = parts.length - 1;
  const shortened = (k: number) => (k === 0 ? `+${parts.length} more` : `${parts.slice(0, k).join(', ')}, +${parts.length - k} more`);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(shortened(mid))) lo = mid;
    else hi = mid - 1;
  }
  return shortened(lo);
}

const coverageText = (y: YearStats) => (y.coverage !== null ? percent(y.coverage) : y.coverageAtMost !== null ? `≤ ${percent(y.coverageAtMost)}` : '');
const totalsText = (y: YearStats) => (y.firstTotal === null ? '' : y.firstTotal === y.lastTotal ? `${y.firstTotal}` : `${y.firstTotal}-${y.lastTotal}`);

/**
 * The stats of every sequence and year. With a `width` (a terminal, or --width) no line is longer than it: a table
 * whose gaps column wraps (shortened to "+N more" past three lines), or, too narrow for that, a block per year.
 * Without a width (piped) the table is as wide as its data and nothing is shortened.
 */
export function renderStats(stats: readonly SequenceStats[], width: number | undefined, style: Style): string {
  const head = ['sequence', 'year', 'held', 'count', 'coverage', 'Totals', 'missing', 'gaps'];
  const rows: string[][] = [];
  const rulesBefore = new Set<number>();
  for (const s of stats) {
    if (rows.length > 0) rulesBefore.add(rows.length);
    for (const y of s.years) {
      rows.push([visible(s.label), String(y.year), String(y.records), y.count === null ? '?' : String(y.count), coverageText(y), totalsText(y), String(y.missing), y.gaps]);
    }
  }
  const natural = head.map((h, i) => rows.reduce((w, r) => Math.max(w, displayWidth(r[i]!)), displayWidth(h)));
  const fixed = natural.slice(0, -1);
  const gapsW = width === undefined ? natural[7]! : width - boxWidth(fixed) - 3;
  if (gapsW < MIN_GAPS && gapsW < natural[7]!) return renderBlocks(stats, width!, style);
  if (width !== undefined) for (const r of rows) r[7] = shortenRanges(r[7]!, gapsW);
  const { c } = style;
  return renderBox({
    head,
    rows,
    widths: [...fixed, Math.min(gapsW, natural[7]!)],
    right: [false, true, true, true, true, true, true, false],
    rulesBefore,
    style,
    colour: (text, j) => (j === 3 && text.trim() === '?' ? c.dim(text) : text),
  });
}

/** The narrow layout: per sequence and year, what is held, the Totals, and what is missing, wrapped to `width`. */
function renderBlocks(stats: readonly SequenceStats[], width: number, style: Style): string {
  const { c } = style;
  const out: string[] = [];
  const indent = '  ';
  const wrap = (s: string, first = '', rest = indent) => wrapText(s, width - rest.length).map((l, i) => (i === 0 ? first : rest) + l);
  for (const s of stats) {
    for (const y of s.years) {
      if (out.length > 0) out.push('');
      const cov = coverageText(y);
      out.push(...wrap(`${visible(s.label)} ${y.year}`, '', '').map((l) => c.bold(l)));
      out.push(...wrap(`${y.records} held of ${y.count ?? '?'}${cov ? ` (${cov})` : ''}`, indent));
      const totals = totalsText(y);
      if (totals) out.push(...wrap(`Totals ${totals}`, indent));
      const prefix = `${y.missing} missing${y.gaps ? ': ' : ''}`;
      out.push(...wrap(prefix + shortenRanges(y.gaps, width - indent.length, GAP_LINES, prefix), indent));
    }
  }
  return out.join('\n');
}
