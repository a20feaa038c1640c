// The review of `reports import`: a table on the terminal, JSON for scripts, a summary line. Strings out.
import type { ImportItem, ImportReview, Verdict } from '../model/import-review.js';
import type { Style } from './style.js';
import { jsonDocument } from './json-output.js';

/** Text from pages and file names shown as data: control characters made visible, never sent to the terminal. */
export function visible(s: string): string {
  return s.replace(/[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** A file name as a shell command takes it: quoted unless it is plain. */
function shellWord(s: string): string {
  return /^[\w./@%+=:,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** What to do about a clashing or unreadable page (or one that was not written): one step, with its command. */
export function nextStep(i: ImportItem): string | undefined {
  const page = shellWord(visible(i.file));
  const other = i.related?.[0] !== undefined ? visible(i.related[0]) : undefined;
  if (i.error) return `import it again (the others are written and stay): reports import ${page}`;
  switch (i.problem) {
    case 'cannot-read':
      return 'check the file (see why above), then import it again';
    case 'missing':
    case 'invalid':
      return `add it at a terminal, which asks for what the page lacks: reports add --from-text ${page}`;
    case 'taken':
      return `compare it with ${other}: if that record is wrong, correct it (reports edit ${shellWord(other ?? '')}); if the page is another report, add it with its own number: reports add --from-text ${page}`;
    case 'numbering':
      return `check the page's numbering against the archive (reports validate); if the page is right, add it anyway: reports add --from-text ${page} --force`;
    case 'broken':
      return `repair ${other} first (reports validate says what is wrong with it), then import again`;
    case 'batch':
      return `keep the right one of this page and ${other}, then import again`;
    default:
      return undefined;
  }
}

const LABEL: Record<Verdict, string> = { new: 'new', existing: 'existing', clashing: 'clashing', unreadable: 'unreadable' };

/** Cut to `w` columns (wide characters count two), with an ellipsis. */
function fit(s: string, w: number): string {
  let out = '';
  let used = 0;
  for (const ch of s) {
    const cw = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]/u.test(ch) ? 2 : 1;
    if (used + cw > w - 1 && [...s].length > [...out].length + 1) return out + '…';
    out += ch;
    used += cw;
  }
  return out;
}

function colour(style: Style, v: Verdict, s: string): string {
  const { c } = style;
  return v === 'new' ? c.green(s) : v === 'existing' ? c.dim(s) : v === 'clashing' ? c.red(s) : c.yellow(s);
}

/**
 * One row per page: verdict, id, page file, title; below it, indented, why (for existing, clashing, unreadable),
 * what could not be read, and the reader's notices.
 */
export function renderReview(review: ImportReview, width: number, style: Style, opts: { notices?: boolean } = {}): string {
  const { c } = style;
  const rows = review.items;
  const idW = Math.max(2, ...rows.map((i) => (i.id ?? '-').length));
  const fileW = Math.min(Math.max(16, Math.floor(width * 0.3)), Math.max(4, ...rows.map((i) => visible(i.file).length)));
  const titleW = Math.max(20, width - 11 - idW - fileW - 6);
  const lines: string[] = [];
  lines.push(c.bold(`${'verdict'.padEnd(10)}  ${'id'.padEnd(idW)}  ${'page'.padEnd(fileW)}  title`));
  for (const i of rows) {
    const label = colour(style, i.verdict, LABEL[i.verdict].padEnd(10));
    const file = fit(visible(i.file), fileW).padEnd(fileW);
    const title = i.record?.title ? fit(visible(i.record.title), titleW) : c.dim('(no title read)');
    lines.push(`${label}  ${(i.id ?? '-').padEnd(idW)}  ${file}  ${title}`);
    const notes: string[] = [];
    if (i.written) notes.push(`written: ${i.target}`);
    if (i.error) notes.push(c.red(`not written: ${visible(i.error)}`));
    if (i.reason) notes.push(visible(i.reason));
    const next = nextStep(i);
    if (next) notes.push(c.bold(`next: ${next}`));
    if (i.verdict !== 'existing' && i.unread.length > 0) notes.push(`not on the page: ${i.unread.join(', ')}`);
    if (opts.notices !== false && i.verdict !== 'existing') for (const n of i.notices) notes.push(c.dim(`notice: ${visible(n)}`));
    for (const n of notes) lines.push(`${' '.repeat(12)}${n}`);
  }
  return lines.join('\n') + '\n';
}

/** "50 pages: 47 new, 1 already in the archive, 1 clashing, 1 unreadable". */
export function summaryLine(review: ImportReview): string {
  const { counts } = review;
  const n = review.items.length;
  const parts = [
    `${counts.new} new`,
    `${counts.existing} already in the archive`,
    ...(counts.clashing ? [`${counts.clashing} clashing`] : []),
    ...(counts.unreadable ? [`${counts.unreadable} unreadable`] : []),
  ];
  return `${n} page${n === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

/** The review as JSON: one object per page (file, verdict, id, target, record, reason, next, related, unread, notices, written). */
export function reviewJson(review: ImportReview): string {
  const out = review.items.map((i: ImportItem) => ({
    file: i.file,
    verdict: i.verdict,
    id: i.id ?? null,
    target: i.target ?? null,
    record: i.record ?? null,
    reason: i.reason ?? null,
    next: nextStep(i) ?? null,
    related: i.related ?? [],
    unread: i.unread,
    notices: i.notices,
    written: i.written ?? false,
    ...(i.error ? { error: i.error } : {}),
  }));
  return jsonDocument({ counts: review.counts, items: out });
}
