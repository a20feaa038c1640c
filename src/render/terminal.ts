// Terminal renderers for list and show: strings out, no I/O.
import { byLine, fullTitle, seriesLine } from '../model/page/lines.js';
import type { NameStyle } from '../model/names.js';
import type { LoadedRecord } from '../model/record.js';
import { columnContext, columnNamed, defaultColumns, type Column } from './columns.js';
import type { Style } from './style.js';
import { boxWidth, renderBox } from './box.js';
import { visible } from './safe.js';
import { displayWidth, wrapText } from './width.js';

export interface TableOptions {
  /** The columns, in order (default: id, [sequence], total, date, title, authors). */
  columns?: readonly Column[];
  /** Columns of the terminal: the table is fitted to it, long values wrapped (never cut). */
  width: number;
  style: Style;
}

const yearOf = (r: LoadedRecord) => r.id.slice(0, r.id.indexOf('-'));

/**
 * The `list` table: a box with a rule under the heading and, when the rows come year by year, a rule between
 * years; no rule between rows. Values wrap inside their column at spaces or between wide (Chinese) characters.
 */
export function renderTable(records: readonly LoadedRecord[], opts: TableOptions): string {
  const columns = opts.columns ?? defaultColumns(records);
  const ctx = columnContext(records);
  const rows = records.map((r) => columns.map((col) => visible(col.text(r, ctx).replace(/\s+/g, ' ').trim())));
  const years = records.map(yearOf);
  // A rule between years only when each year's rows come together (not when sorted by title).
  const grouped = new Set(years).size === years.filter((y, i) => i === 0 || y !== years[i - 1]).length;
  const rulesBefore = new Set(grouped ? years.flatMap((y, i) => (i > 0 && y !== years[i - 1] ? [i] : [])) : []);
  const { c } = opts.style;
  const widths = fitWidths(columns, rows, opts.width);
  // Too narrow for a table with room for the text: a block per record instead.
  if (boxWidth(widths) > opts.width) return renderBlocks(columns, rows, opts.width, opts.style);
  return renderBox({
    head: columns.map((col) => col.name),
    rows,
    widths,
    right: columns.map((col) => !!col.right),
    rulesBefore,
    style: opts.style,
    colour: (text, j) => (columns[j]!.name === 'id' ? c.cyan(text) : text),
  });
}

/**
 * The narrow layout of `list`: per record, the short values (id, sequence, Total, date) on one line, then each
 * longer value (title, authors) wrapped on lines of its own, indented. No line is longer than `width`.
 */
function renderBlocks(columns: readonly Column[], rows: readonly string[][], width: number, style: Style): string {
  const { c } = style;
  const out: string[] = [];
  const indent = '  ';
  for (const row of rows) {
    // The short values two spaces apart, a new line when the next one does not fit.
    const head: string[] = [];
    row.forEach((v, j) => {
      if (columns[j]!.flex > 0 || v === '') return;
      const shown = columns[j]!.name === 'id' ? c.cyan(v) : v;
      const last = head.length - 1;
      if (last >= 0 && displayWidth(head[last]!) + 2 + displayWidth(v) <= width) head[last] += `  ${shown}`;
      else if (displayWidth(v) <= width) head.push(shown);
      else head.push(...wrapText(v, width));
    });
    out.push(...head);
    row.forEach((v, j) => {
      if (columns[j]!.flex > 0 && v !== '') out.push(...wrapText(v, width - indent.length).map((l) => indent + l));
    });
  }
  return out.join('\n');
}

/**
 * Column widths that fit `width`: columns without flex keep their natural width; the others share what is left
 * by their flex, none wider than it needs. Each column of `n` takes n + 3 columns of the box (space, value,
 * space, border), plus one for the first border.
 */
export function fitWidths(columns: readonly Column[], cells: readonly string[][], width: number): number[] {
  const natural = columns.map((col, j) => Math.max(displayWidth(col.name), ...cells.map((row) => displayWidth(row[j]!))));
  const widths = natural.slice();
  const flexible = columns.map((_col, j) => j).filter((j) => columns[j]!.flex > 0);
  const fixed = columns.reduce((sum, col, j) => sum + (col.flex > 0 ? 0 : natural[j]!), 0);
  let left = width - 1 - 3 * columns.length - fixed;
  // Share out the room, giving back what a column does not need, until every flexible column is placed.
  let open = flexible.filter((j) => natural[j]! > 0);
  while (open.length > 0) {
    const weight = open.reduce((s, j) => s + columns[j]!.flex, 0);
    const fits = open.filter((j) => natural[j]! <= Math.floor((left * columns[j]!.flex) / weight));
    if (fits.length === 0) {
      for (const j of open) widths[j] = Math.max(MIN_FLEX, Math.floor((left * columns[j]!.flex) / weight));
      break;
    }
    for (const j of fits) left -= natural[j]!;
    open = open.filter((j) => !fits.includes(j));
  }
  return widths;
}

/** The narrowest a wrapped column gets, however narrow the terminal. */
const MIN_FLEX = 10;

/** The columns of piped `list` output, whatever the records. */
export const PIPED_COLUMNS = ['id', 'sequence', 'total', 'date', 'title', 'authors'] as const;

export interface LineOptions {
  /** The columns (default: id, date, title); the last one is cut to the width. */
  columns?: readonly Column[];
  /** Cut each line to this many columns (a terminal); undefined: whole lines. */
  width?: number;
  style: Style;
}

/**
 * One report a line (`list --oneline`), as `git log --oneline` and `pubs list` print: the short values padded to
 * line up, the last value cut with "…" so that each line fits the width.
 */
export function renderLines(records: readonly LoadedRecord[], opts: LineOptions): string {
  const columns = opts.columns ?? ['id', 'date', 'title'].map((n) => columnNamed(n)!);
  const ctx = columnContext(records);
  const rows = records.map((r) => columns.map((col) => visible(col.text(r, ctx).replace(/\s+/g, ' ').trim())));
  const widths = columns.map((_c, j) => Math.max(...rows.map((row) => displayWidth(row[j]!))));
  const { c } = opts.style;
  return rows
    .map((row) => {
      const cells = row.map((v, j) => (j === row.length - 1 ? v : columns[j]!.right ? ' '.repeat(widths[j]! - displayWidth(v)) + v : v + ' '.repeat(widths[j]! - displayWidth(v))));
      let line = cells.join('  ').trimEnd();
      if (opts.width !== undefined && displayWidth(line) > opts.width) line = cutTo(line, opts.width);
      const id = columns[0]?.name === 'id' ? row[0]! : '';
      return (id && line.startsWith(id) ? c.cyan(id) + line.slice(id.length) : line) + '\n';
    })
    .join('');
}

/** `s` cut to `width` display columns, ending in "…". */
function cutTo(s: string, width: number): string {
  let out = '';
  let used = 0;
  for (const ch of s) {
    const w = displayWidth(ch);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return out.trimEnd() + '…';
}

export interface TsvOptions {
  columns?: readonly Column[];
  /** A first line naming the columns (default true). */
  header?: boolean;
}

/**
 * A value as a TSV field: backslash, tab, line feed and carriage return written as `\\`, `\t`, `\n`, `\r`, and
 * every other control character written out (`\x1b`), so a record is one line and a field never holds a tab.
 */
export function tsvField(s: string): string {
  return visible(s.replace(/[\\\t\n\r]/g, (ch) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[ch]!));
}

/**
 * One record per line, fields separated by tabs, a heading line first: for grep, cut, awk and spreadsheets. The
 * default columns are the same whatever the records (the sequence always), so that `cut -f4` is always the date.
 */
export function renderTsv(records: readonly LoadedRecord[], opts: TsvOptions = {}): string {
  const columns = opts.columns ?? PIPED_COLUMNS.map((n) => columnNamed(n)!);
  const ctx = columnContext(records);
  const lines = records.map((r) => columns.map((col) => tsvField((col.tsv ?? col.text)(r, ctx))).join('\t'));
  if (opts.header !== false) lines.unshift(columns.map((col) => col.name).join('\t'));
  return lines.map((l) => l + '\n').join('');
}

/** The chosen columns of each record as JSON objects (lists stay lists). */
export function columnsJson(records: readonly LoadedRecord[], columns: readonly Column[]): Record<string, unknown>[] {
  const ctx = columnContext(records);
  return records.map((r) => Object.fromEntries(columns.map((col) => [col.name, col.json(r, ctx)])));
}

/**
 * The `show` view: the report the way its page reads. Wrapped at `width` columns when given (a terminal, or
 * --width); otherwise each paragraph is one line, for a pager or a file to wrap as it likes.
 */
export function renderDetail(r: LoadedRecord, width: number | undefined, style: Style, nameStyle?: NameStyle): string {
  const { c } = style;
  const rec = r.record;
  const w = width === undefined ? undefined : Math.max(20, Math.min(width, 100));
  // Wrapped as plain text (measured by display width, as the list table is), coloured after.
  const wrap = (s: string) => (w === undefined ? s.replace(/\s+/g, ' ').trim() : wrapText(s, w).join('\n'));
  const labelled = (label: string, text: string) => {
    const out = wrap(`${label} ${text}`);
    return c.bold(label) + out.slice(label.length);
  };
  const lines: string[] = [];
  lines.push(wrap(visible(fullTitle(rec))).split('\n').map((l) => c.bold(l)).join('\n'), '');
  lines.push(wrap(visible(byLine(rec, nameStyle))), '');
  lines.push(wrap(visible(seriesLine(rec))), '');
  if (typeof rec.abstract === 'string' && rec.abstract.trim()) {
    const paras = rec.abstract.trim().split(/\n\s*\n/);
    lines.push(labelled('Abstract:', visible(paras[0]!.replace(/\s*\n\s*/g, ' '))));
    for (const p of paras.slice(1)) lines.push('', wrap(visible(p.replace(/\s*\n\s*/g, ' '))));
    lines.push('');
  }
  if (rec.keywords?.length) lines.push(labelled('Key words:', visible(rec.keywords.join(', '))), '');
  if (rec.url) lines.push(c.dim(visible(rec.url)));
  if (rec.doi) lines.push(c.dim(`DOI ${visible(rec.doi)}`));
  if (rec.attachment) lines.push(c.dim(`File: ${visible(rec.attachment.file)} (${rec.attachment.size} bytes)`));
  if (rec.withdrawn === true) lines.push(c.yellow('Withdrawn: kept for its number and Total; left out of lists and exports.'));
  lines.push(c.dim(`${r.id} · ${visible(r.file)}`));
  return lines.join('\n') + '\n';
}
