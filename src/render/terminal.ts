// Terminal renderers for list and show: strings out, no I/O.
import Table from 'cli-table3';
// fast-wrap-ansi wraps as wrap-ansi does (ANSI codes and wide characters measured) and loads in a third of the time.
import { wrapAnsi } from 'fast-wrap-ansi';
import { byLine, fullTitle, joinAuthors, seriesLine } from '../model/page.js';
import type { LoadedRecord } from '../model/record.js';
import type { Style } from './style.js';
import { visible } from './safe.js';

/** The `list` table: id, date, title and authors, fitted to `width` columns. */
export function renderTable(records: readonly LoadedRecord[], width: number, style: Style): string {
  const { c } = style;
  const idW = Math.max(4, ...records.map((r) => r.id.length)) + 2;
  const dateW = 12;
  // 5 border characters for 4 columns; title gets about two thirds of what is left.
  const rest = Math.max(30, width - idW - dateW - 5);
  const titleW = Math.max(16, Math.round(rest * 0.64));
  const authorsW = Math.max(12, rest - titleW);
  const table = new Table({
    head: ['id', 'date', 'title', 'authors'].map((h) => c.bold(h)),
    colWidths: [idW, dateW, titleW, authorsW],
    wordWrap: true,
    wrapOnWordBoundary: true,
    // cli-table3 colours borders and heads itself unless told not to: leave colour to `style`.
    style: { head: [], border: [], compact: false },
  });
  for (const r of records) {
    // Record text is shown, never obeyed: control characters are written out (see safe.ts).
    table.push([c.cyan(r.id), visible(r.record.date ?? ''), visible(r.record.title), visible(joinAuthors(r.record.authors))]);
  }
  return table.toString();
}

/** The `show` view: the report the way its page reads. */
export function renderDetail(r: LoadedRecord, width: number, style: Style): string {
  const { c } = style;
  const rec = r.record;
  const w = Math.max(40, Math.min(width, 100));
  const wrap = (s: string) => wrapAnsi(s, w, { hard: true, trim: true });
  const lines: string[] = [];
  // Record text is shown, never obeyed: control characters are written out (see safe.ts).
  lines.push(c.bold(wrap(visible(fullTitle(rec)))), '');
  lines.push(wrap(visible(byLine(rec))), '');
  lines.push(wrap(visible(seriesLine(rec))), '');
  if (typeof rec.abstract === 'string' && rec.abstract.trim()) {
    const paras = rec.abstract.trim().split(/\n\s*\n/);
    lines.push(wrap(`${c.bold('Abstract:')} ${visible(paras[0]!.replace(/\s*\n\s*/g, ' '))}`));
    for (const p of paras.slice(1)) lines.push('', wrap(visible(p.replace(/\s*\n\s*/g, ' '))));
    lines.push('');
  }
  if (rec.keywords?.length) lines.push(wrap(`${c.bold('Key words:')} ${visible(rec.keywords.join(', '))}`), '');
  if (rec.url) lines.push(c.dim(visible(rec.url)));
  lines.push(c.dim(`${r.id} · ${visible(r.file)}`));
  return lines.join('\n') + '\n';
}
