// reports export <format>: the catalogue as an HTML site, JSON, CSV, BibTeX or an Atom feed.
import { Argument, InvalidArgumentError, type Command } from 'commander';
import { examples, type Context, type Session } from './context.js';
import { FORMATS, type Format } from '../model/formats.js';
import { UsageError } from '../errors.js';
import type { Finding } from '../model/record.js';
import { addFilterOptions, filtersFrom, type FilterOptions } from './options.js';
import { httpUrl } from '../model/url.js';
import { noticeText } from './words.js';
import { visible } from '../render/safe.js';
import { checkDoiPrefix, checkEmail, checkIssn } from '../model/config.js';


interface ExportOptions extends FilterOptions {
  out?: string;
  skipInvalid?: boolean;
  singleFile?: boolean;
  feed?: boolean;
  baseUrl?: string;
  bom?: boolean;
  raw?: boolean;
  title?: string;
  depositor?: string;
  email?: string;
  registrant?: string;
  doiPrefix?: string;
  issn?: string;
  split?: boolean;
  gateway?: string;
}

/** A flag's value checked as the config's value is, the message naming the flag. */
const checked = (flag: string, key: string, check: (v: unknown) => { value: string } | { error: string }) => (v: string) => {
  const r = check(v);
  if ('error' in r) throw new InvalidArgumentError(r.error.replace(key, flag));
  return r.value;
};

/** An absolute http(s) URL, ending in "/" so that page paths resolve below it. */
export function parseBaseUrl(v: string): string {
  const u = httpUrl(v.trim());
  if (!u) throw new InvalidArgumentError('the base URL must be absolute and start with http:// or https://, e.g. https://example.org/reports/.');
  u.search = '';
  u.hash = '';
  if (!u.pathname.endsWith('/')) u.pathname += '/';
  return u.toString();
}

export function commandExport(program: Command, ctx: Context): void {
  const cmd = program
    .command('export')
    .description('Export the catalogue: an HTML site, JSON, CSV, BibTeX, an Atom feed, CSL-JSON, RIS, a Crossref deposit or an OAI static repository (newest first).')
    .addArgument(new Argument('<format>', 'the output format').choices(FORMATS))
    .option('-o, --out <path>', 'write to this file (html: this folder) instead of stdout; replaced atomically');
  addFilterOptions(cmd)
    .option('--skip-invalid', 'export even when the archive has errors, leaving out the records known to be wrong (with a warning); both parties of a disagreement nothing settles stay in')
    .option('--single-file', 'html: one self-contained catalogue page with the abstracts (inline styles, no scripts) for an e-mail alert')
    .option('--feed', 'html: also write the Atom feed into the site (feed.atom), linked from every page; needs --base-url')
    .option('--base-url <url>', 'where the site is published, e.g. https://example.org/reports/ (required for atom, oai and --feed unless the config gives site.baseUrl; html --single-file and crossref link there)', parseBaseUrl)
    .option('--title <text>', 'title of the catalogue (html), feed (atom) or repository (oai) (default: the config\'s site.title, else Research Reports)')
    .option('--bom', 'csv: start with a UTF-8 byte order mark (for Excel)')
    .option('--raw', "csv: write cells as they are (by default a cell starting with = + - @ gets a leading ' so spreadsheets do not run it)")
    .option('--depositor <name>', 'crossref: who deposits the DOIs (default: the config\'s crossref.depositor)')
    .option('--email <address>', 'crossref: the depositor\'s e-mail address; oai: the repository\'s contact (default: crossref.email)', checked('--email', 'crossref.email', checkEmail))
    .option('--registrant <name>', 'crossref: the organization registering the DOIs (default: crossref.registrant)')
    .option('--doi-prefix <prefix>', 'crossref: DOIs of reports without a doi are <prefix>/<org>.<year>-<r|s><number>, e.g. 10.5555/drc.2019-s11 (default: crossref.doiPrefix)', checked('--doi-prefix', 'crossref.doiPrefix', checkDoiPrefix))
    .option('--issn <issn>', 'crossref: the series\' ISSN; each report is deposited as part of its series (default: crossref.issn)', checked('--issn', 'crossref.issn', checkIssn))
    .option('--gateway <url>', 'oai: the static repository gateway that serves the file; the repository\'s base URL is then <gateway>/<the file\'s address without http://>', parseBaseUrl)
    .option('--split', 'oai: more than 5,000 reports go into several files (oai.xml, oai-2.xml, ...), each a static repository')
    .addHelpText(
      'after',
      examples(
        'reports export html --out site/                          # a static site: open site/index.html',
        'reports export html --since 2019-01-01 --out site/       # the latest catalogue',
        'reports export html --feed --base-url https://example.org/reports/ --out site/   # the site and its feed',
        'reports export html --single-file --since 2019-01-01 --base-url https://example.org/reports/ > alert.html',
        'reports export json --year 2019 > reports.json           # {generated, count, reports}',
        'reports export csv --bom --out reports.csv               # for Excel',
        'reports export bibtex --kind special > reports.bib',
        'reports export atom --base-url https://example.org/reports/ --out site/feed.atom',
        'reports export csl-json > reports.json                   # Zotero, Pandoc, citeproc',
        'reports export ris > reports.ris                         # EndNote, Zotero, Mendeley',
        'reports export crossref --doi-prefix 10.5555 --depositor "DRC Library" --email doi@example.org --registrant DRC --base-url https://example.org/reports/ > deposit.xml',
        'reports export oai --base-url https://example.org/reports/ --email library@example.org --out oai.xml',
      ) +
        '\nThe archive must be free of errors (see the messages), unless --skip-invalid leaves the records involved out.\n' +
        'SOURCE_DATE_EPOCH (seconds) fixes the "generated" time of the JSON export and of the site\'s footer for reproducible output.\n' +
        'Exit status: 0 exported, 1 the archive has errors or the output cannot be written, 2 usage error.\n',
    )
    .action(async (format: Format, opts: ExportOptions, command: Command) => {
      await runExport(ctx.session(command), format, opts);
    });
}

async function runExport(s: Session, format: Format, opts: ExportOptions): Promise<void> {
  const { exportCatalogue, ExportRefusedError } = await import('../app/export.js');
  const { formatProblem } = await import('../render/record-json.js');
  const label = s.label(s.env.archive);
  const red = s.style('stderr').c.red;
  // The loader's problems go out as every reading command prints them; the numbering errors in red after them.
  const printErrors = (errors: readonly Finding[], problems: readonly Finding[]) => {
    s.printProblems(problems, s.env.archive);
    const printed = new Set(problems);
    for (const f of errors) if (!printed.has(f)) s.io.stderr(red(`${formatProblem(label, f)} [${f.code}]`) + '\n');
  };
  const controller = new AbortController();
  const stop = s.io.onInterrupt?.(() => controller.abort());
  const progress = progressLine(s, 'writing pages');
  let r;
  try {
    r = await exportCatalogue(s.env, {
      format,
      filters: filtersFrom(opts),
      out: opts.out,
      skipInvalid: opts.skipInvalid,
      singleFile: opts.singleFile,
      feed: opts.feed,
      // The config's site (or REPORTS_SITE_TITLE / REPORTS_BASE_URL) when no flag is given.
      baseUrl: opts.baseUrl ?? s.settings.baseUrl?.value,
      title: opts.title ?? s.settings.siteTitle?.value ?? 'Research Reports',
      bom: opts.bom,
      raw: opts.raw,
      nameStyle: s.settings.names?.value,
      organization: s.settings.organization?.value,
      depositor: opts.depositor ?? (format === 'crossref' ? s.settings.crossrefDepositor?.value : undefined),
      email: opts.email ?? (format === 'crossref' || format === 'oai' ? s.settings.crossrefEmail?.value : undefined),
      registrant: opts.registrant ?? (format === 'crossref' ? s.settings.crossrefRegistrant?.value : undefined),
      doiPrefix: opts.doiPrefix ?? (format === 'crossref' ? s.settings.doiPrefix?.value : undefined),
      issn: opts.issn ?? (format === 'crossref' ? s.settings.issn?.value : undefined),
      split: opts.split,
      gateway: opts.gateway,
      generated: generatedDate(s.io.env, s.env.now),
      signal: controller.signal,
      progress,
    });
  } catch (e) {
    if (e instanceof ExportRefusedError) printErrors(e.errors, e.problems);
    throw e;
  } finally {
    stop?.();
    progress?.(-1, 0);
  }
  printErrors(r.errors, r.problems);
  for (const w of r.warnings ?? []) s.io.stderr(s.style('stderr').c.yellow(`warning: ${noticeText(w)}`) + '\n');
  for (const f of r.notices ?? []) s.io.stderr(s.style('stderr').c.yellow(`${formatProblem(label, f)} [${f.code}]`) + '\n');
  if (r.skipped.length > 0) {
    const files = r.skipped.map((f) => visible(`${label}/${f}`));
    s.io.stderr(s.style('stderr').c.yellow(`warning: --skip-invalid: leaving out ${files.length} file${files.length === 1 ? '' : 's'} with errors: ${files.join(', ')}`) + '\n');
  }
  if (r.kept.length > 0) {
    const files = r.kept.map((f) => visible(`${label}/${f}`));
    s.io.stderr(
      s.style('stderr').c.yellow(`warning: --skip-invalid: exporting ${files.length} file${files.length === 1 ? '' : 's'} that disagree with nothing to tell which is wrong (each may be the right one): ${files.join(', ')}`) + '\n',
    );
  }
  if (r.reports === 0) s.say(r.held === 0 ? `warning: no reports in ${visible(s.env.archive)}; the export is empty` : 'warning: no reports match; the export is empty');
  if (r.text) {
    await s.printPieces(r.text);
    return;
  }
  const n = `${r.reports} report${r.reports === 1 ? '' : 's'}`;
  const out = visible(opts.out!);
  if (r.files !== undefined) s.say(`exported ${n} to ${out} (${r.files} files); open ${out.replace(/\/+$/, '')}/index.html`);
  else if (r.outs && r.outs.length > 1) s.say(`exported ${n} to ${r.outs.length} files: ${r.outs.map((f) => visible(s.label(f))).join(', ')}`);
  else s.say(`exported ${n} to ${out}`);
}

/** The export's time: SOURCE_DATE_EPOCH (seconds since 1970) when set, for reproducible output; else the session's clock. */
export function generatedDate(env: NodeJS.ProcessEnv, now: () => Date): Date {
  const v = env.SOURCE_DATE_EPOCH;
  if (v === undefined || v === '') return now();
  if (!/^\d+$/.test(v.trim())) throw new UsageError(`SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01, e.g. 1700000000 (not ${JSON.stringify(v)}).`);
  return new Date(Number(v) * 1000);
}

/** A progress line on stderr, only when stderr is a terminal (and not --quiet). Call with done = -1 to clear it. */
function progressLine(s: Session, what: string): ((done: number, total: number) => void) | undefined {
  if (!s.io.stderrIsTTY || s.globals.quiet) return undefined;
  let last = 0;
  return (done, total) => {
    if (done < 0) return s.io.stderr('\r\x1b[K');
    const now = Date.now();
    if (now - last < 100 && done < total) return;
    last = now;
    s.io.stderr(`\r${what} ${done}/${total}`);
  };
}
