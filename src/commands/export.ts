// reports export <format>: the catalogue as an HTML site, JSON, CSV, BibTeX or an Atom feed.
import { Argument, InvalidArgumentError, type Command } from 'commander';
import { examples, type Context } from '../cli.js';
import { addFilterOptions, filtersFrom, type FilterOptions } from './options.js';

export const FORMATS = ['html', 'json', 'csv', 'bibtex', 'atom'] as const;
export type Format = (typeof FORMATS)[number];

interface ExportOptions extends FilterOptions {
  out?: string;
  skipInvalid?: boolean;
  singleFile?: boolean;
  baseUrl?: string;
  bom?: boolean;
  title?: string;
}

/** An absolute http(s) URL, ending in "/" so that page paths resolve below it. */
export function parseBaseUrl(v: string): string {
  let u: URL;
  try {
    u = new URL(v.trim());
  } catch {
    throw new InvalidArgumentError('the base URL must be absolute, e.g. https://example.org/reports/.');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new InvalidArgumentError('the base URL must start with http:// or https://, e.g. https://example.org/reports/.');
  u.search = '';
  u.hash = '';
  if (!u.pathname.endsWith('/')) u.pathname += '/';
  return u.toString();
}

export function commandExport(program: Command, ctx: Context): void {
  const cmd = program
    .command('export')
    .description('Export the catalogue: an HTML site, JSON, CSV, BibTeX or an Atom feed (newest first).')
    .addArgument(new Argument('<format>', 'the output format').choices(FORMATS))
    .option('-o, --out <path>', 'write to this file (html: this folder) instead of stdout; replaced atomically');
  addFilterOptions(cmd)
    .option('--skip-invalid', 'export even when the archive has errors, leaving out the records involved (with a warning)')
    .option('--single-file', 'html: one self-contained catalogue page (inline CSS, no scripts) for an e-mail alert')
    .option('--base-url <url>', 'where the site is published, e.g. https://example.org/reports/ (required for atom; html --single-file links there)', parseBaseUrl)
    .option('--title <text>', 'title of the catalogue (html) or feed (atom)', 'Research Reports')
    .option('--bom', 'csv: start with a UTF-8 byte order mark (for Excel)')
    .addHelpText(
      'after',
      examples(
        'reports export html --out site/                          # a static site: open site/index.html',
        'reports export html --since 2019-01-01 --out site/       # the latest catalogue',
        'reports export html --single-file --since 2019-01-01 --base-url https://example.org/reports/ > alert.html',
        'reports export json --year 2019 > reports.json           # {generated, count, reports}',
        'reports export csv --bom --out reports.csv               # for Excel',
        'reports export bibtex --kind special > reports.bib',
        'reports export atom --base-url https://example.org/reports/ --out site/feed.atom',
      ) +
        '\nThe archive must be free of errors (see the messages), unless --skip-invalid leaves the records involved out.\n' +
        'SOURCE_DATE_EPOCH (seconds) fixes the "generated" time of the JSON export for reproducible output.\n' +
        'Exit status: 0 exported, 1 the archive has errors or the output cannot be written, 2 usage error.\n',
    )
    .action(async (format: Format, opts: ExportOptions, command: Command) => {
      await runExport(ctx, command, format, opts);
    });
}

async function runExport(ctx: Context, command: Command, format: Format, opts: ExportOptions): Promise<void> {
  const { UsageError, ReportsError } = await import('../errors.js');
  // Option combinations are checked before anything is read or written.
  if (opts.singleFile && format !== 'html') throw new UsageError(`--single-file is for html only; drop it for ${format}.`);
  if (opts.bom && format !== 'csv') throw new UsageError(`--bom is for csv only; drop it for ${format}.`);
  if (format === 'html' && !opts.singleFile && !opts.out)
    throw new UsageError('html writes a site of many files: pass --out DIR (e.g. --out site/), or --single-file for one page on stdout.');
  if (format === 'atom' && !opts.baseUrl)
    throw new UsageError('atom needs --base-url: the address where the site is published, e.g. --base-url https://example.org/reports/ (entry links and ids are built from it).');

  const { loadForReading, dirLabel } = await import('./read.js');
  const { filterRecords, sortRecords } = await import('../query.js');
  const { archiveErrors } = await import('./export-support.js');
  // `await`: loadForReading may load in the background (the record cache); awaiting a plain value is harmless.
  const archive = await loadForReading(ctx, command);
  const errors = archiveErrors(archive);
  let records = archive.records;
  if (errors.findings.length > 0) {
    const label = dirLabel(ctx, archive.dir);
    // The loader's problems are already on stderr; the numbering errors are not.
    const { formatProblem } = await import('../render/record-json.js');
    const printed = new Set(archive.problems);
    const red = ctx.style(command, 'stderr').c.red;
    for (const f of errors.findings) if (!printed.has(f)) ctx.io.stderr(red(`${formatProblem(label, f)} [${f.code}]`) + '\n');
    const files = [...errors.files].sort().map((f) => `${label}/${f}`);
    if (!opts.skipInvalid)
      throw new ReportsError(
        `the archive has ${errors.findings.length} error${errors.findings.length === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'}; nothing was exported. Fix them (see above), or pass --skip-invalid to export without:`,
        files,
      );
    records = records.filter((r) => !errors.files.has(r.file));
    const warn = ctx.style(command, 'stderr').c.yellow;
    ctx.io.stderr(warn(`warning: --skip-invalid: leaving out ${files.length} file${files.length === 1 ? '' : 's'} with errors: ${files.join(', ')}`) + '\n');
  }
  const rows = sortRecords(filterRecords(records, filtersFrom(opts)), 'date');
  if (rows.length === 0) ctx.say(command, archive.records.length === 0 ? `warning: no reports in ${archive.dir}; the export is empty` : 'warning: no reports match; the export is empty');

  const out = await import('./export-support.js');
  const target = opts.out === undefined ? undefined : (await import('node:path')).resolve(ctx.io.cwd, opts.out);
  const generated = out.generatedDate(ctx.io.env);

  if (format === 'html' && !opts.singleFile) {
    const { siteModel, writeSite, siteFileCount } = await import('../render/export/html.js');
    const model = siteModel(rows, { title: opts.title, baseUrl: opts.baseUrl });
    const progress = out.progressLine(ctx, command, 'writing pages');
    const n = await out.writeFolderAtomically(target!, (dir, signal) =>
      writeSite(dir, model, { signal, progress: progress ? (done) => progress(done, siteFileCount(model)) : undefined }),
    );
    progress?.(-1, 0);
    ctx.say(command, `exported ${rows.length} report${rows.length === 1 ? '' : 's'} to ${opts.out} (${n} files); open ${opts.out!.replace(/\/+$/, '')}/index.html`);
    return;
  }

  if (format === 'json' || format === 'atom') {
    // Written a piece at a time: a large archive's export is never held whole in memory.
    const chunks =
      format === 'json'
        ? (await import('../render/export/json.js')).exportJsonChunks(rows, generated)
        : (await import('../render/export/atom.js')).exportAtomChunks(rows, { baseUrl: opts.baseUrl!, title: opts.title, generated });
    if (target === undefined) for (const chunk of chunks) ctx.io.stdout(chunk);
    else out.writeFileAtomically(target, chunks);
    if (target !== undefined) ctx.say(command, `exported ${rows.length} report${rows.length === 1 ? '' : 's'} to ${opts.out}`);
    return;
  }

  let text: string;
  switch (format) {
    case 'html': {
      const { siteModel, singleFilePage } = await import('../render/export/html.js');
      text = singleFilePage(siteModel(rows, { title: opts.title }), { baseUrl: opts.baseUrl });
      break;
    }
    case 'csv':
      text = (await import('../render/export/csv.js')).exportCsv(rows, { bom: opts.bom });
      break;
    case 'bibtex':
      text = (await import('../render/export/bibtex.js')).exportBibtex(rows);
      break;
  }
  if (target === undefined) {
    ctx.io.stdout(text);
    return;
  }
  out.writeFileAtomically(target, text);
  ctx.say(command, `exported ${rows.length} report${rows.length === 1 ? '' : 's'} to ${opts.out}`);
}
