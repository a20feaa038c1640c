// Exporting the catalogue: an HTML site, one e-mail page, JSON, CSV, BibTeX or an Atom feed. The archive must be
// free of errors (or the records involved are left out, when asked); output goes to a file or folder replaced
// whole, or comes back as text in pieces for the caller to print.
import path from 'node:path';
import { InputError, ReportsError, type Wording } from '../errors.js';
import type { Finding, LoadedRecord } from '../model/record.js';
import { checkWithEvidence } from './evidence.js';
import { filterRecords, sortRecords, type Filters } from '../query.js';
import { holds, refuseInsideArchive, writeFileAtomically, writeFolderAtomically } from '../store/output.js';
import { wordedNotice, type AppEnv, type Notice } from './env.js';
import type { Format } from '../model/formats.js';
import { archiveFor, type OpenedArchive } from './read.js';
import type { NameStyle } from '../model/names.js';

export { FORMATS, type Format } from '../model/formats.js';

export interface ExportInput extends OpenedArchive {
  format: Format;
  /** The records to export (a list's result, records a script made) instead of the archive's; filters still apply. */
  records?: readonly LoadedRecord[];
  filters?: Filters;
  /** A file (html: a folder) to write, absolute or relative to env.cwd; without it the text is returned. */
  out?: string;
  /** Export even when the archive has errors, leaving out the records involved. */
  skipInvalid?: boolean;
  /** html: one self-contained page for an e-mail alert. */
  singleFile?: boolean;
  /** html: also write the Atom feed into the site (feed.atom), linked from every page; needs baseUrl. */
  feed?: boolean;
  /** Where the site is published (required for atom and feed). */
  baseUrl?: string;
  /** Catalogue or feed title. */
  title?: string;
  /** csv: a UTF-8 byte order mark first. */
  bom?: boolean;
  /** csv: cells as they are, without the leading ' that keeps a spreadsheet from running a formula. */
  raw?: boolean;
  /** How the archive writes names (config `names`; default family-first). */
  nameStyle?: NameStyle;
  /** The archive's organization (config): oai's publisher of records that name none. */
  organization?: string;
  /** crossref: who deposits (name, e-mail) and registers the DOIs; oai: the e-mail is the repository's contact. */
  depositor?: string;
  email?: string;
  registrant?: string;
  /** crossref: the DOI prefix of reports without a doi (10.NNNN). */
  doiPrefix?: string;
  /** crossref: the series' ISSN. */
  issn?: string;
  /** oai: more than 5,000 reports go into several files (out-2.xml, ...), each a repository of its own. */
  split?: boolean;
  /** oai: the static repository gateway serving the file (its base URL is then the gateway's). */
  gateway?: string;
  /** The time the export says it was made (default: env.now()). */
  generated?: Date;
  /** Stops writing a site (Ctrl-C). */
  signal?: AbortSignal;
  /** Called while a site is written, with (files written, files in all). */
  progress?: (done: number, total: number) => void;
}

export interface ExportResult {
  format: Format;
  /** Reports exported. */
  reports: number;
  /** Reports in the archive. */
  held: number;
  /** The output path written (absolute), when `out` was given. */
  out?: string;
  /** Files written (a site). */
  files?: number;
  /** The export's text, in pieces, when no `out` was given. */
  text?: Iterable<string>;
  /** Files that did not load. */
  problems: Finding[];
  /** Errors that refused the export or, with skipInvalid, left records out. */
  errors: Finding[];
  /** Files left out (skipInvalid), relative to the archive: records known to be wrong. */
  skipped: string[];
  /** Files kept although an error names them (skipInvalid): parties of a disagreement nothing settles. */
  kept: string[];
  /** What the user should know about the output (an e-mail file without working links). */
  warnings?: Notice[];
  /** Records the format could not carry, located (a deposit's report with no DOI). */
  notices?: Finding[];
  /** Files written when one output became several (oai --split), absolute. */
  outs?: string[];
}

/** The export was refused: the archive has errors. `errors` are the findings, `files` the records involved. */
export class ExportRefusedError extends ReportsError {
  constructor(
    message: Wording,
    readonly errors: Finding[],
    readonly files: string[],
    /** Files that did not load (among `errors`). */
    readonly problems: Finding[],
  ) {
    super(message, files);
    this.name = 'ExportRefusedError';
  }
}

/**
 * The errors that refuse an export, as validate finds them (with the same evidence), and the files known to be
 * wrong: each blamed record's. The parties of a tie (`unsettled`: nothing tells which is wrong) are not among them:
 * --skip-invalid exports them all, with a warning, and never drops a record that may be the right one.
 */
export function archiveErrors(env: Pick<AppEnv, 'offsets' | 'vars'>, archive: { dir: string; records: readonly LoadedRecord[]; problems: readonly Finding[] }): { findings: Finding[]; files: Set<string>; ties: Set<string> } {
  const findings = checkWithEvidence(env, archive).findings.filter((f) => f.severity === 'error');
  const files = new Set<string>();
  const ties = new Set<string>();
  for (const f of findings) (f.unsettled ? ties : files).add(f.file);
  for (const f of files) ties.delete(f);
  return { findings, files, ties };
}

/** Option combinations, checked before anything is read or written. */
export function checkExportInput(input: ExportInput): void {
  const { format } = input;
  const only = (field: string, what: string) => new InputError([field], (w) => `${w.field(field)} is for ${what} only; drop it for ${format}.`);
  if (input.singleFile && format !== 'html') throw only('singleFile', 'html');
  if (input.feed && (format !== 'html' || input.singleFile))
    throw new InputError(['feed'], (w) => `${w.field('feed')} is for the html site (export html ${w.field('out')} DIR); drop it${input.singleFile ? ` with ${w.field('singleFile')}` : ` for ${format}`}.`);
  if (input.feed && !input.baseUrl)
    throw new InputError(['feed', 'baseUrl'], (w) => `${w.field('feed')} needs ${w.field('baseUrl')}: the address where the site is published, e.g. ${w.field('baseUrl')} https://example.org/reports/ (the feed's links are built from it).`);
  if (input.bom && format !== 'csv') throw only('bom', 'csv');
  if (input.raw && format !== 'csv') throw only('raw', 'csv');
  if (format === 'html' && !input.singleFile && !input.out)
    throw new InputError(['out'], (w) => `html writes a site of many files: pass ${w.field('out')} DIR (e.g. ${w.field('out')} site/), or ${w.field('singleFile')} for one page on stdout.`);
  const onlyFor = (field: keyof ExportInput, formats: readonly Format[]) => {
    const value = input[field];
    if (value !== undefined && value !== false && !formats.includes(format))
      throw new InputError([field], (w) => `${w.field(field)} is for ${formats.join(' and ')} only; drop it for ${format}.`);
  };
  onlyFor('depositor', ['crossref']);
  onlyFor('registrant', ['crossref']);
  onlyFor('doiPrefix', ['crossref']);
  onlyFor('issn', ['crossref']);
  onlyFor('email', ['crossref', 'oai']);
  onlyFor('split', ['oai']);
  onlyFor('gateway', ['oai']);
  if (format === 'crossref') {
    const missing = (['depositor', 'email', 'registrant'] as const).filter((k) => !input[k]);
    if (missing.length > 0)
      throw new InputError(
        missing,
        (w) =>
          `crossref needs ${missing.map((k) => w.field(k)).join(', ')} (or crossref.${missing.join(', crossref.')} in the config): who deposits, their e-mail address for Crossref's reply, and who registers the DOIs.`,
      );
  }
  if (format === 'oai') {
    if (!input.baseUrl)
      throw new InputError(['baseUrl'], (w) => `oai needs ${w.field('baseUrl')}: the address where the file (and the catalogue) is published, e.g. ${w.field('baseUrl')} https://example.org/reports/ (the repository's base URL and identifiers are built from it).`);
    if (!input.email) throw new InputError(['email'], (w) => `oai needs ${w.field('email')}: the repository's contact address (adminEmail), e.g. ${w.field('email')} library@example.org (or crossref.email in the config).`);
    if (input.split && !input.out) throw new InputError(['split', 'out'], (w) => `${w.field('split')} writes several files: pass ${w.field('out')} FILE (e.g. ${w.field('out')} oai.xml gives oai.xml, oai-2.xml, ...).`);
  }
  if (format === 'atom' && !input.baseUrl)
    throw new InputError(['baseUrl'], (w) => `atom needs ${w.field('baseUrl')}: the address where the site is published, e.g. ${w.field('baseUrl')} https://example.org/reports/ (entry links and ids are built from it).`);
}

/** A located notice about one record (where its field is, else its first line). */
function notice(r: LoadedRecord, field: string, reason: string): Finding {
  const [line, column] = r.positions.values[field] ?? r.positions.keys[field] ?? [1, 1];
  return { severity: 'warning', code: 'not-exported', message: `${r.id}: ${reason}`, file: r.file, line, column, id: r.id };
}

/** oai: one static repository file, or (with --split) one per 5,000 reports. */
async function exportOai(input: ExportInput, rows: LoadedRecord[], generated: Date, target: string | undefined, base: Omit<ExportResult, 'out'>): Promise<ExportResult> {
  const { oaiStaticRepository, OAI_MAX_RECORDS } = await import('../render/export/oai.js');
  const parts = Math.max(1, Math.ceil(rows.length / OAI_MAX_RECORDS));
  if (parts > 1 && !input.split)
    throw new InputError(
      ['split'],
      (w) =>
        `${rows.length} reports: a static repository holds at most ${OAI_MAX_RECORDS.toLocaleString('en')} records (OAI's guidelines); nothing was written. Pass ${w.field('split')} ${w.field('out')} FILE for ${parts} files, or select fewer reports (e.g. ${w.field('year')}).`,
    );
  const fileName = (n: number) => {
    const name = path.basename(target ?? 'oai.xml');
    if (n === 1) return name;
    const ext = path.extname(name);
    return `${name.slice(0, name.length - ext.length)}-${n}${ext}`;
  };
  const file = (n: number) => {
    const opts = {
      repositoryName: parts > 1 ? `${input.title ?? 'Research Reports'} (${n} of ${parts})` : (input.title ?? 'Research Reports'),
      fileUrl: new URL(encodeURIComponent(fileName(n)), input.baseUrl!).toString(),
      gateway: input.gateway,
      siteUrl: input.baseUrl,
      adminEmail: input.email!,
      generated,
      organization: input.organization,
      nameStyle: input.nameStyle,
    };
    return oaiStaticRepository(rows.slice((n - 1) * OAI_MAX_RECORDS, n * OAI_MAX_RECORDS), opts);
  };
  if (target === undefined) return { ...base, text: file(1) };
  const outs: string[] = [];
  for (let n = 1; n <= parts; n++) {
    const out = path.join(path.dirname(target), fileName(n));
    writeFileAtomically(out, file(n));
    outs.push(out);
  }
  return { ...base, out: target, outs };
}

export async function exportCatalogue(env: AppEnv, input: ExportInput): Promise<ExportResult> {
  checkExportInput(input);
  const target = input.out === undefined ? undefined : path.resolve(env.cwd, input.out);
  if (target !== undefined) refuseInsideArchive(target, env.archive);
  const archive = await archiveFor(env, input);
  // Given records are checked as the archive's are: as a whole, for their own errors and clashes.
  const errors = archiveErrors(env, input.records ? { dir: archive.dir, records: input.records, problems: [] } : archive);
  let records = input.records ?? archive.records;
  const skipped = [...errors.files].sort();
  const kept = input.skipInvalid ? [...errors.ties].sort() : [];
  if (errors.findings.length > 0) {
    if (!input.skipInvalid) {
      const n = errors.findings.length;
      const involved = [...new Set([...errors.files, ...errors.ties])].sort();
      throw new ExportRefusedError(
        (w) =>
          `the archive has ${n} error${n === 1 ? '' : 's'} in ${involved.length} file${involved.length === 1 ? '' : 's'}; nothing was exported. Fix them (see above), or pass ${w.field('skipInvalid')} to export without the records known to be wrong:`,
        errors.findings,
        involved,
        archive.problems,
      );
    }
    records = records.filter((r) => !errors.files.has(r.file));
  }
  const rows = sortRecords(filterRecords(records, input.filters ?? {}), 'date');
  const generated = input.generated ?? env.now();
  const base = { format: input.format, reports: rows.length, held: (input.records ?? archive.records).length, problems: input.records ? [] : archive.problems, errors: errors.findings, skipped, kept };

  if (input.format === 'html' && !input.singleFile) {
    const { siteModel, siteFiles, siteFileCount } = await import('../render/export/html.js');
    const { writeSiteFiles } = await import('../store/site.js');
    const feed = input.feed ? (await import('../render/export/atom.js')).exportAtom(rows, { baseUrl: input.baseUrl!, title: input.title, generated, nameStyle: input.nameStyle }) : undefined;
    // Attached files go into the site beside the pages (files/<page name>.pdf); one that is not in the archive is
    // left out with a warning, never linked.
    const attached = await siteAttachments(env, archive.dir, rows);
    const model = siteModel(rows, { title: input.title, baseUrl: input.baseUrl, generated, feed, nameStyle: input.nameStyle, files: new Map(attached.map((a) => [a.record, a.to])) });
    // The working folder (or a folder holding it) is written where it is: renamed away, it would leave the shell
    // that runs the export in a folder that no longer exists.
    const written: string[] = [];
    const files = await writeFolderAtomically(
      target!,
      async (dir) => {
        const n = await writeSiteFiles(dir, siteFiles(model), { signal: input.signal, total: siteFileCount(model), progress: input.progress, written });
        if (attached.length === 0) return n;
        const { copyOut } = await import('../store/attachments.js');
        copyOut(dir, attached.map((a) => [a.from, a.to] as const));
        written.push(...attached.map((a) => a.to));
        return n + attached.length;
      },
      { inPlace: holds(target!, env.cwd), files: written },
    );
    return { ...base, out: target, files };
  }

  let text: Iterable<string>;
  const warnings: Notice[] = [];
  switch (input.format) {
    case 'json':
      text = (await import('../render/export/json.js')).exportJsonChunks(rows, generated);
      break;
    case 'html': {
      const { siteModel, singleFileChunks } = await import('../render/export/html.js');
      text = singleFileChunks(siteModel(rows, { title: input.title, baseUrl: input.baseUrl, generated, nameStyle: input.nameStyle }));
      if (!input.baseUrl)
        warnings.push(
          wordedNotice(
            'warning',
            (w) =>
              `${w.field('singleFile')} without ${w.field('baseUrl')}: titles link to their source pages where they have one, and there is no link to the catalogue; pass ${w.field('baseUrl')} https://example.org/reports/ (where the site is published) for working links in an e-mail`,
          ),
        );
      break;
    }
    case 'csv':
      text = (await import('../render/export/csv.js')).exportCsvChunks(rows, { bom: input.bom, raw: input.raw });
      break;
    case 'bibtex':
      text = (await import('../render/export/bibtex.js')).exportBibtexChunks(rows, { nameStyle: input.nameStyle });
      break;
    case 'atom':
      // A batch of entries at a time: a large archive's feed is never held whole in memory.
      text = (await import('../render/export/atom.js')).exportAtomChunks(rows, { baseUrl: input.baseUrl!, title: input.title, generated, nameStyle: input.nameStyle });
      break;
    case 'csl-json':
      text = (await import('../render/export/csl.js')).exportCslChunks(rows, { nameStyle: input.nameStyle });
      break;
    case 'ris':
      text = (await import('../render/export/ris.js')).exportRisChunks(rows, { nameStyle: input.nameStyle });
      break;
    case 'crossref': {
      const { crossrefDeposit } = await import('../render/export/crossref.js');
      const deposit = crossrefDeposit(rows, {
        depositor: input.depositor!,
        email: input.email!,
        registrant: input.registrant!,
        doiPrefix: input.doiPrefix,
        issn: input.issn,
        baseUrl: input.baseUrl,
        generated,
        nameStyle: input.nameStyle,
      });
      const notices = deposit.skipped.map(({ record, field, reason }) => notice(record, field, reason));
      if (deposit.deposited.length === 0 && rows.length > 0)
        throw new InputError(
          input.baseUrl ? ['doiPrefix'] : ['doiPrefix', 'baseUrl'],
          (w) =>
            `no report can be deposited (${notices[0]!.message}${rows.length > 1 ? `, and ${rows.length - 1} more` : ''}); nothing was written. Give reports a doi, or pass ${w.field('doiPrefix')} 10.NNNN${input.baseUrl ? '' : ` and ${w.field('baseUrl')} of the catalogue`}.`,
        );
      text = [deposit.xml];
      if (target === undefined) return { ...base, reports: deposit.deposited.length, text, warnings, notices };
      writeFileAtomically(target, text);
      return { ...base, reports: deposit.deposited.length, out: target, warnings, notices };
    }
    case 'oai':
      return exportOai(input, rows, generated, target, base);
  }
  if (target === undefined) return { ...base, text, warnings };
  writeFileAtomically(target, text);
  return { ...base, out: target, warnings };
}

/** The attached files of `rows` that a site can hold: where each is in the archive and where it goes in the site. */
async function siteAttachments(env: AppEnv, dir: string, rows: readonly LoadedRecord[]): Promise<Array<{ record: LoadedRecord; from: string; to: string }>> {
  const withFile = rows.filter((r) => r.record.attachment);
  if (withFile.length === 0) return [];
  const { presentAttachment } = await import('../store/attachments.js');
  const { pageNames } = await import('../render/export/names.js');
  const names = pageNames(rows);
  const out: Array<{ record: LoadedRecord; from: string; to: string }> = [];
  for (const r of withFile) {
    const rel = r.record.attachment!.file;
    const found = presentAttachment(dir, rel);
    if ('problem' in found) {
      env.notify?.({ level: 'warning', message: `${r.id}: its attachment is left out of the site: ${found.problem} (see: reports validate)` });
      continue;
    }
    const ext = /\.[a-z0-9]{1,10}$/i.exec(rel)?.[0]?.toLowerCase() ?? '';
    out.push({ record: r, from: found.abs, to: `files/${names.get(r)}${ext}` });
  }
  return out;
}
