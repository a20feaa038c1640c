// The pages `reports serve` adds to the site's (search, stats, validation, the add, edit, import and fix forms):
// made with the site's page frame and styles, record text escaped as on the site. Pure: strings out.
import { catalogueLines, page, reportHref, tableLines, type SiteModel } from '../render/export/html.js';
import { escapeHtml as h, textHtml as t } from '../render/export/html-escape.js';
import { percent } from '../render/stats.js';
import type { SequenceStats } from '../checks/stats.js';
import type { Finding, LoadedRecord } from '../model/record.js';
import type { ImportReview } from '../app/import.js';
import type { FixPlan } from '../checks/fix.js';
import { FORM_FIELDS, type FieldError, type FormField } from './fields.js';
import { KINDS } from '../model/ids.js';
import type { Words } from '../errors.js';

/** What a page of the server knows beyond the site's model. */
export interface ServeView {
  m: SiteModel;
  /** Writing is on (`--write`): the forms are linked and shown. */
  write: boolean;
}

/** The banner's links: the catalogue, stats and validation; the forms only when writing is on. */
export function navHtml(write: boolean): string {
  const links: [string, string][] = [
    ['/', 'Catalogue'],
    ['/stats', 'Stats'],
    ['/validate', 'Validation'],
  ];
  if (write) links.push(['/add', 'Add'], ['/import', 'Import'], ['/fix', 'Fix']);
  return `<nav class="serve" aria-label="Server">${links.map(([href, label]) => `<a href="${href}">${label}</a>`).join('')}</nav>`;
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

export interface SearchForm {
  q: string;
  year: string;
  kind: string;
  author: string;
  keyword: string;
}

function searchFormHtml(f: SearchForm): string {
  const input = (name: keyof SearchForm, label: string, attrs = '') =>
    `<label><span>${label}</span> <input name="${name}" value="${h(f[name])}"${attrs}></label>`;
  const kinds = ['', ...KINDS].map((k) => `<option value="${k}"${f.kind === k ? ' selected' : ''}>${k || 'any'}</option>`).join('');
  return `<form class="search" id="search" method="get" action="/" role="search">
${input('q', 'Search', ' type="search" id="q" autocomplete="off" placeholder="title, abstract, key word, author"')}
${input('year', 'Year', ' inputmode="numeric" size="6" placeholder="2019"')}
<label><span>Kind</span> <select name="kind">${kinds}</select></label>
${input('author', 'Author', ' size="12"')}
${input('keyword', 'Key word', ' size="12"')}
<button type="submit">Search</button>
</form>`;
}

/**
 * The catalogue: the search form, then the matching reports. Without a search they are grouped by year and
 * sequence as on the site's index, a page at a time; with one, in rank order.
 */
export function catalogueHtml(
  v: ServeView,
  o: { form: SearchForm; rows: readonly LoadedRecord[]; shown: readonly LoadedRecord[]; held: number; searched: boolean; page: number; pages: number; problems: number },
): string {
  const href = (r: LoadedRecord) => reportHref(v.m, r, '');
  const body: string[] = ['<h1>Catalogue</h1>', searchFormHtml(o.form)];
  const what = o.searched ? `${plural(o.rows.length, 'report')} of ${o.held} match` : `${plural(o.held, 'report')}, newest first`;
  body.push(`<p class="summary" id="shown" aria-live="polite">${what}${o.pages > 1 ? ` (page ${o.page} of ${o.pages})` : ''}.</p>`);
  if (o.problems > 0) body.push(`<p class="warning">${plural(o.problems, 'file')} of the archive do not load: see <a href="/validate">Validation</a>.</p>`);
  body.push('<div id="results">');
  if (o.shown.length === 0) body.push(o.held === 0 ? '<p>No reports in the archive.</p>' : '<p>No reports match.</p>');
  else if (o.searched) body.push(...tableLines(o.shown, href));
  else body.push(...catalogueLines(o.shown, href, 2));
  body.push('</div>');
  if (o.pages > 1) {
    const q = new URLSearchParams(Object.entries(o.form).filter(([, x]) => x !== ''));
    const link = (n: number, label: string, rel: string) => {
      q.set('page', String(n));
      return `<a rel="${rel}" href="/?${h(q.toString())}">${label}</a>`;
    };
    body.push(`<nav class="pages" aria-label="Pages">${o.page > 1 ? link(o.page - 1, '← Newer', 'prev') : ''}${o.page < o.pages ? link(o.page + 1, 'Older →', 'next') : ''}</nav>`);
  }
  return page(v.m, { title: v.m.title, root: '', body: body.join('\n'), script: 'serve.js' });
}

export function statsHtml(v: ServeView, sequences: readonly SequenceStats[], records: number): string {
  const body = [`<h1>Stats</h1>`, `<p class="summary">${plural(records, 'report')}; count is the number of reports published that year, from the offsets of that year and the next (? when not known yet).</p>`];
  for (const s of sequences) {
    body.push(`<section class="sequence"><h2>${t(s.label)}</h2>`);
    body.push('<table class="stats"><thead><tr><th scope="col">Year</th><th scope="col">Held</th><th scope="col">Count</th><th scope="col">Coverage</th><th scope="col">Totals</th><th scope="col">Missing</th></tr></thead><tbody>');
    for (const y of s.years) {
      const coverage = y.coverage !== null ? percent(y.coverage) : y.coverageAtMost !== null ? `≤ ${percent(y.coverageAtMost)}` : '';
      const totals = y.firstTotal === null ? '' : y.firstTotal === y.lastTotal ? String(y.firstTotal) : `${y.firstTotal}–${y.lastTotal}`;
      body.push(
        `<tr><td>${y.year}</td><td>${y.records}</td><td>${y.count ?? '?'}</td><td>${coverage}</td><td>${totals}</td><td class="gaps">${y.missing ? `${y.missing}: ${h(y.gaps)}` : ''}</td></tr>`,
      );
    }
    body.push('</tbody></table></section>');
  }
  if (sequences.length === 0) body.push('<p>No reports.</p>');
  return page(v.m, { title: `Stats · ${v.m.title}`, root: '', body: body.join('\n') });
}

/** The findings of validate, each linked to its report's page where the record loaded. */
export function validateHtml(v: ServeView, findings: readonly Finding[], byFile: ReadonlyMap<string, LoadedRecord>, summary: { errors: number; warnings: number; records: number }): string {
  const body = [`<h1>Validation</h1>`, `<p class="summary">${plural(summary.records, 'record')} checked: ${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}.</p>`];
  if (findings.length) {
    body.push('<ul class="findings">');
    for (const f of findings) {
      const r = byFile.get(f.file);
      const where = r ? `<a href="${h(reportHref(v.m, r, ''))}">${h(f.file)}</a>` : h(f.file);
      const related = (f.related ?? []).map((file) => {
        const o = byFile.get(file);
        return o ? `<a href="${h(reportHref(v.m, o, ''))}">${h(file)}</a>` : h(file);
      });
      body.push(
        `<li class="${f.severity}"><span class="severity">${f.severity}</span> <code>${h(f.code)}</code> ${where}:${f.line}:${f.column}<br>${t(f.message)}${related.length ? `<br><span class="related">with ${related.join(', ')}</span>` : ''}</li>`,
      );
    }
    body.push('</ul>');
  } else body.push('<p>No findings.</p>');
  return page(v.m, { title: `Validation · ${v.m.title}`, root: '', body: body.join('\n') });
}

const LABELS: Record<FormField, string> = {
  title: 'Title (without its “(No.N, YYYY)” suffix)',
  authors: 'Authors (“A, B & C”)',
  team: 'Research team',
  unit: 'Unit',
  organization: 'Organization',
  series: 'Series',
  kind: 'Kind',
  number: 'Number',
  year: 'Year',
  total: 'Total',
  date: 'Date (YYYY-MM-DD)',
  abstract: 'Abstract',
  keywords: 'Key words (comma-separated)',
  url: 'Page URL (http or https)',
};

/** The form's words for a use case's message: a field by its label, a use case by its page. */
export const formWords: Words = {
  field: (name) => (name === 'force' ? '“Write anyway”' : name in LABELS ? `“${LABELS[name as FormField].replace(/ \(.*$/, '')}”` : `“${name}”`),
  again: (useCase) => (useCase === 'validate' ? 'the Validation page' : useCase === 'fix' ? 'the Fix page' : `reports ${useCase}`),
};

export interface AddFormState {
  values: Partial<Record<FormField, string>>;
  /** The dialogue's proposals, shown as placeholders: next number, Total from the offset, the date window. */
  proposals: Partial<Record<FormField, string>>;
  errors: FieldError[];
  /** The refusal: its message and lines, and whether "write anyway" may override it. */
  refusal?: { message: string; lines: string[]; forcible: boolean };
  notices?: string[];
}

/** The add form. It posts to /add; serve.js checks it as it is typed (POST /api/reports with dryRun). */
export function addFormHtml(v: ServeView, s: AddFormState): string {
  const field = (k: FormField) => {
    const value = s.values[k] ?? '';
    const err = s.errors.filter((e) => e.field === k);
    // The date's proposal is a hint (the dates the Total allows), shown under the field, not a value to take.
    const ph = s.proposals[k] && k !== 'date' ? ` placeholder="${h(s.proposals[k]!)}"` : '';
    const invalid = err.length ? ` aria-invalid="true" aria-describedby="err-${k}"` : '';
    const required = k === 'title' ? ' required' : '';
    let control: string;
    if (k === 'abstract') control = `<textarea id="f-${k}" name="${k}" rows="6"${invalid}>${h(value)}</textarea>`;
    else if (k === 'kind') control = `<select id="f-${k}" name="${k}">${KINDS.map((x) => `<option${(value || s.proposals.kind || 'regular') === x ? ' selected' : ''}>${x}</option>`).join('')}</select>`;
    else control = `<input id="f-${k}" name="${k}" value="${h(value)}"${ph}${invalid}${required}${k === 'number' || k === 'year' || k === 'total' ? ' inputmode="numeric"' : ''}>`;
    const msg = err.length ? `<span class="error" id="err-${k}">${err.map((e) => t(e.message)).join('; ')}</span>` : '';
    const hint = k === 'date' ? `<span class="hint" id="hint-date">${s.proposals.date ? t(s.proposals.date) : ''}</span>` : '';
    return `<p class="field"><label for="f-${k}">${LABELS[k]}</label>${control}${hint}${msg}</p>`;
  };
  const body = ['<h1>Add a report</h1>'];
  body.push('<p class="summary">Empty fields are left out, or proposed: the next free number, the Total the year\'s offset proves. “-” means none.</p>');
  if (s.refusal) {
    body.push(`<div class="refusal" role="alert"><p><strong>${t(s.refusal.message)}</strong></p>${s.refusal.lines.length ? `<ul>${s.refusal.lines.map((l) => `<li>${t(l)}</li>`).join('')}</ul>` : ''}</div>`);
  }
  for (const n of s.notices ?? []) body.push(`<p class="notice">${t(n)}</p>`);
  body.push('<form class="record" id="add" method="post" action="/add">');
  for (const k of FORM_FIELDS) body.push(field(k));
  body.push('<div id="checks" class="checks" aria-live="polite"></div>');
  if (s.refusal?.forcible) body.push('<p class="field force"><label><input type="checkbox" name="force" value="on"> Write anyway (as <code>--force</code>): I have checked the findings above</label></p>');
  body.push('<p><button type="submit">Add the report</button></p></form>');
  return page(v.m, { title: `Add a report · ${v.m.title}`, root: '', body: body.join('\n'), script: 'serve.js' });
}

/** The result of a write: what was done, with links. */
export function doneHtml(v: ServeView, title: string, lines: string[], record?: LoadedRecord): string {
  const body = [`<h1>${t(title)}</h1>`, ...lines.map((l) => `<p>${t(l)}</p>`)];
  if (record && v.m.names.has(record)) body.push(`<p><a href="${h(reportHref(v.m, record, ''))}">Read ${h(record.id)}</a></p>`);
  body.push('<p><a href="/">Back to the catalogue</a></p>');
  return page(v.m, { title: `${title} · ${v.m.title}`, root: '', body: body.join('\n') });
}

/** An error page (404, a refusal outside a form). */
export function messageHtml(v: ServeView, title: string, message: string): string {
  return page(v.m, { title: `${title} · ${v.m.title}`, root: '', body: `<h1>${t(title)}</h1>\n<p>${t(message)}</p>\n<p><a href="/">Back to the catalogue</a></p>` });
}

/** A write that could not happen, with the text typed kept on the page (never lost with a bare error). */
export function keptTextHtml(v: ServeView, title: string, message: string, text: string): string {
  const body = `<h1>${t(title)}</h1>\n<div class="refusal" role="alert"><p><strong>${t(message)}</strong></p></div>\n<form class="record"><p class="field"><label for="f-kept">Your text</label><textarea id="f-kept" rows="24" readonly spellcheck="false">${h(text)}</textarea></p></form>\n<p><a href="/">Back to the catalogue</a></p>`;
  return page(v.m, { title: `${title} · ${v.m.title}`, root: '', body });
}

/** The edit form: the record's YAML, as `reports edit` opens it in an editor, and the hash of the text it opened (`base`). */
export function editFormHtml(v: ServeView, r: LoadedRecord, text: string, refusal?: { message: string; lines: string[] }, base?: string): string {
  const body = [`<h1>Edit ${h(r.id)}</h1>`, `<p class="summary">${h(r.file)}: the record as its file holds it. It is written only when it passes the checks of validate.</p>`];
  if (refusal) body.push(`<div class="refusal" role="alert"><p><strong>${t(refusal.message)}</strong></p><ul>${refusal.lines.map((l) => `<li>${t(l)}</li>`).join('')}</ul></div>`);
  body.push(`<form class="record" method="post" action="/edit/${encodeURIComponent(r.id)}">${base !== undefined ? `<input type="hidden" name="base" value="${h(base)}">` : ''}<p class="field"><label for="f-text">Record</label><textarea id="f-text" name="text" rows="24" spellcheck="false">${h(text)}</textarea></p><p><button type="submit">Save</button></p></form>`);
  return page(v.m, { title: `Edit ${r.id} · ${v.m.title}`, root: '', body: body.join('\n') });
}

/** The import form: paste a page or upload saved pages; then the review, as `reports import` prints it. */
export function importHtml(v: ServeView, o: { text?: string; review?: ImportReview; pagesField?: string; done?: boolean }): string {
  const body = ['<h1>Import report pages</h1>'];
  if (o.review) {
    const r = o.review;
    body.push(`<p class="summary">${r.items.length} page${r.items.length === 1 ? '' : 's'}: ${r.counts.new} new, ${r.counts.existing} already in the archive, ${r.counts.clashing} clashing, ${r.counts.unreadable} unreadable${r.wrote ? `; ${r.written.length} written` : ''}.</p>`);
    body.push('<table class="review"><thead><tr><th scope="col">Page</th><th scope="col">Id</th><th scope="col">Verdict</th><th scope="col">Why</th></tr></thead><tbody>');
    for (const i of r.items) {
      const why = [i.reason, i.error, ...(i.notices ?? [])].filter(Boolean).join('; ');
      body.push(`<tr class="${i.verdict}"><td>${t(i.file)}</td><td>${h(i.id ?? '')}</td><td>${i.verdict}${i.written ? ' (written)' : ''}</td><td>${t(why)}</td></tr>`);
    }
    body.push('</tbody></table>');
    const failed = r.wrote ? r.items.filter((i) => i.verdict === 'new' && !i.written).length : 0;
    if (failed > 0) body.push(`<div class="refusal" role="alert"><p><strong>${failed} new report${failed === 1 ? '' : 's'} could not be written (the reason is in the table); the pages are kept below: remove the cause and write again.</strong></p></div>`);
    if ((!r.wrote || failed > 0) && r.counts.new > 0 && o.pagesField !== undefined) {
      body.push(
        `<form method="post" action="/import"><input type="hidden" name="pages" value="${h(o.pagesField)}"><input type="hidden" name="confirm" value="yes"><p><button type="submit">Write the ${r.counts.new} new report${r.counts.new === 1 ? '' : 's'}</button></p></form>`,
      );
    }
  }
  if (!o.done) {
    body.push(`<form class="record" method="post" action="/import" enctype="multipart/form-data">
<p class="field"><label for="f-page">Paste a report page (its text as copied from the browser)</label><textarea id="f-page" name="text" rows="12">${h(o.text ?? '')}</textarea></p>
<p class="field"><label for="f-files">Or upload saved pages (.txt, .html)</label><input id="f-files" type="file" name="files" multiple accept=".txt,.html,.htm,text/plain,text/html"></p>
<p><button type="submit">Review</button></p></form>`);
  }
  return page(v.m, { title: `Import · ${v.m.title}`, root: '', body: body.join('\n') });
}

/** The fix plan, and a button that applies it (carrying the plan's hash: what was shown is what is applied). */
export function fixHtml(v: ServeView, plan: FixPlan, lines: string[], applied?: { written: string[]; removed: string[] }, hash?: string, alert?: string): string {
  const body = ['<h1>Fix</h1>'];
  if (alert) body.push(`<div class="refusal" role="alert"><p><strong>${t(alert)}</strong></p></div>`);
  if (applied) body.push(`<p class="summary">Applied: ${applied.written.length} file(s) written, ${applied.removed.length} removed.</p>`);
  if (lines.length === 0) body.push('<p>Nothing to fix.</p>');
  else body.push(`<pre class="plan">${t(lines.join('\n'))}</pre>`);
  if (!applied && plan.actions.length > 0) body.push(`<form method="post" action="/fix"><input type="hidden" name="apply" value="yes">${hash !== undefined ? `<input type="hidden" name="plan" value="${h(hash)}">` : ''}<p><button type="submit">Apply this plan</button></p></form>`);
  return page(v.m, { title: `Fix · ${v.m.title}`, root: '', body: body.join('\n') });
}
