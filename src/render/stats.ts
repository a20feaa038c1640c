// The `stats` table: one row per sequence and year. Strings out.
import Table from 'cli-table3';
import type { SequenceStats } from '../checks/stats.js';
import type { Style } from './style.js';
import { visible } from './safe.js';

/** "1-2, 4-123, 125-225" cut at a range boundary to fit `max` columns: "1-2, 4-123, …". */
export function clipRanges(s: string, max: number): string {
  if (s.length <= max) return s;
  const parts = s.split(', ');
  let out = '';
  for (const p of parts) {
    const next = out ? `${out}, ${p}` : p;
    if (next.length + 3 > max) break;
    out = next;
  }
  return out ? `${out}, …` : '…';
}

export function renderStats(stats: readonly SequenceStats[], width: number, style: Style): string {
  const { c } = style;
  const head = ['sequence', 'year', 'held', 'count', 'coverage', 'Totals', 'missing', 'gaps'];
  const rows: string[][] = [];
  for (const s of stats) {
    for (const y of s.years) {
      const coverage = y.coverage !== null ? `${y.coverage}%` : y.coverageAtMost !== null ? `≤ ${y.coverageAtMost}%` : '';
      const totals = y.firstTotal === null ? '' : y.firstTotal === y.lastTotal ? `${y.firstTotal}` : `${y.firstTotal}-${y.lastTotal}`;
      rows.push([visible(s.label), String(y.year), String(y.records), y.count === null ? c.dim('?') : String(y.count), coverage, totals, String(y.missing), y.gaps]);
    }
  }
  // Everything but the gaps column keeps its natural width; gaps get the rest (at least 10 columns).
  const fixed = head.slice(0, -1).map((h, i) => rows.reduce((w, r) => Math.max(w, r[i]!.replace(/\u001b\[[0-9;]*m/g, '').length), h.length) + 2);
  const gapsW = Math.max(10, width - fixed.reduce((a, b) => a + b, 0) - head.length - 1);
  for (const r of rows) r[7] = clipRanges(r[7]!, gapsW - 2);
  const table = new Table({
    head: head.map((h) => c.bold(h)),
    colWidths: [...fixed, gapsW],
    colAligns: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
    // cli-table3 colours borders and heads itself unless told not to: leave colour to `style`.
    style: { head: [], border: [], compact: true },
  });
  for (const r of rows) table.push(r);
  return table.toString();
}
