// The work of `reports add`, loaded only when the command runs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { Context } from '../cli.js';
import { ReportsError, UsageError } from '../errors.js';
import { canonicalPath, reportId, type Report } from '../model/report.js';
import { parseAuthors, parseKeywords, parsePage, type PageImport } from '../model/import.js';
import { proposeNext } from '../checks/sequences.js';
import { loadArchive } from '../store/archive.js';
import { recordJson } from '../render/record-json.js';
import type { LoadedRecord } from '../model/record.js';
import { createExclusive, FileExistsError, recordYaml } from '../store/write.js';
import { withArchiveLock } from '../store/lock.js';
import type { Draft } from '../prompts/record.js';
import { describeFindings, vetRecord, type Vetting } from './vet.js';
import type { CheckFinding } from '../model/record.js';
import { dirLabel } from './read.js';
import type { AddOptions } from './add.js';

/** Today in local time, YYYY-MM-DD. */
export function today(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

function readSource(ctx: Context, file: string, what: string): string {
  if (file === '-') {
    const stdin = ctx.io.stdin as (NodeJS.ReadableStream & { fd?: number }) | undefined;
    try {
      return readFileSync(stdin && typeof stdin.fd === 'number' ? stdin.fd : 0, 'utf8');
    } catch (e) {
      throw new ReportsError(`cannot read ${what} from stdin: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  try {
    return readFileSync(path.resolve(ctx.io.cwd, file), 'utf8');
  } catch (e) {
    throw new ReportsError(`cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

/** The values given as flags. */
export function draftFromFlags(ctx: Context, o: AddOptions): Draft {
  const d: Draft = {};
  if (o.title !== undefined) d.title = o.title;
  if (o.author?.length) d.authors = o.author.flatMap(parseAuthors);
  if (o.author && !d.authors?.length) throw new UsageError('--author must name someone, e.g. --author "Zhang Wei"');
  if (o.team !== undefined) d.team = o.team;
  if (o.unit !== undefined) d.unit = o.unit;
  if (o.organization !== undefined) d.organization = o.organization;
  if (o.series !== undefined) d.series = o.series;
  if (o.kind !== undefined) d.kind = o.kind;
  if (o.year !== undefined) d.year = o.year;
  if (o.number !== undefined) d.number = o.number;
  if (o.total !== undefined) d.total = o.total;
  if (o.date !== undefined) d.date = o.date;
  if (o.abstract !== undefined && o.abstractFile !== undefined) throw new UsageError('give --abstract or --abstract-file, not both');
  if (o.abstract !== undefined) d.abstract = o.abstract.trim();
  if (o.abstractFile !== undefined) d.abstract = readSource(ctx, o.abstractFile, 'the abstract').replace(/\r\n?/g, '\n').trim();
  if (d.abstract === '') delete d.abstract;
  if (o.keyword?.length) d.keywords = o.keyword.flatMap(parseKeywords);
  if (o.url !== undefined) d.url = o.url;
  return d;
}

/** Series and organization as last used: those of the most recent record (by date, then Total). */
export function lastUsed(records: readonly LoadedRecord[]): Draft {
  const sorted = [...records].sort(
    (a, b) => (b.record.date ?? '').localeCompare(a.record.date ?? '') || (b.record.total ?? 0) - (a.record.total ?? 0) || b.record.year - a.record.year,
  );
  const out: Draft = {};
  if (sorted[0]) out.series = sorted[0].record.series;
  const org = sorted.find((r) => r.record.organization)?.record.organization;
  if (org) out.organization = org;
  return out;
}

/** A series spelled as the archive spells it ("Research report" -> "Research Report"). */
function archiveSpelling(records: readonly LoadedRecord[], series: string): string {
  const hit = records.find((r) => r.record.series.trim().toLowerCase() === series.trim().toLowerCase());
  return hit ? hit.record.series : series;
}

interface Plan {
  draft: Draft;
  file: string;
  text: string;
  vetting: Vetting;
}

/**
 * The record to write given the archive's records now: the number and Total proposed where not chosen, then
 * vetted. Called again inside the lock with the re-read archive, so parallel adds each get their own number.
 */
function plan(records: readonly LoadedRecord[], base: Draft, fill: { total: boolean; date?: string; year: number }): Plan {
  const d: Draft = { ...base };
  d.kind ??= 'regular';
  d.year ??= fill.year;
  if (d.series) d.series = archiveSpelling(records, d.series);
  if (d.number === undefined || (fill.total && d.total === undefined)) {
    const p = proposeNext(records, d.series!, d.kind, d.year, d.number);
    d.number ??= p.number;
    if (fill.total && d.total === undefined && p.total !== undefined) d.total = p.total;
  }
  if (d.date === undefined && fill.date) d.date = fill.date;
  const file = canonicalPath(d as Report);
  const text = recordYaml(d);
  const occupant = records.find((r) => r.file === file);
  if (occupant) {
    // The checks compare records by file; one already there is a clash to name, not a record to replace.
    const message = `No.${d.number} of ${d.series} ${d.kind} ${d.year} is already ${occupant.id} (${occupant.file}): "${occupant.record.title}"`;
    const clash: CheckFinding = { severity: 'error', code: 'duplicate-number', message, file, line: 1, column: 1, related: [occupant.file] };
    const parsed = vetRecord(text, `${file}.new`, records);
    return { draft: d, file, text, vetting: { ...parsed, errors: [clash], warnings: [] } };
  }
  return { draft: d, file, text, vetting: vetRecord(text, file, records) };
}

/** Refuse (or, with --force, warn about) what the checks found. */
function judge(ctx: Context, command: Command, p: Plan, o: { force?: boolean; interactive: boolean; quiet?: boolean }): void {
  const { c } = ctx.style(command, 'stderr');
  const v = p.vetting;
  if (v.problems.length > 0) {
    throw new ReportsError(
      `the record is not valid; nothing was written`,
      v.problems.map((f) => f.message),
    );
  }
  const dupTitle = v.warnings.filter((f) => f.code === 'duplicate-title');
  const otherWarnings = v.warnings.filter((f) => f.code !== 'duplicate-title');
  // A probable duplicate is the archivist's call at a terminal; a script cannot make it, so it is refused.
  const blocking = [...v.errors, ...(o.interactive ? [] : dupTitle)];
  const warnings = [...otherWarnings, ...(o.interactive ? dupTitle : [])];
  if (!o.quiet) for (const line of describeFindings(warnings, p.file)) ctx.io.stderr(c.yellow(`warning: ${line}`) + '\n');
  if (blocking.length === 0) return;
  const lines = describeFindings(blocking, p.file);
  if (o.force) {
    for (const line of lines) ctx.io.stderr(c.yellow(`warning: --force: written despite: ${line}`) + '\n');
    return;
  }
  throw new ReportsError(`refused to add ${p.file} (${reportId(p.draft as Report)}); nothing was written (--force writes it anyway)`, lines);
}

function printImport(ctx: Context, command: Command, source: string, imp: PageImport): void {
  const { c } = ctx.style(command, 'stderr');
  for (const n of imp.notices) ctx.io.stderr(c.yellow(`notice: ${n}`) + '\n');
  if (imp.unread.length > 0) ctx.io.stderr(c.yellow(`notice: could not read from ${source}: ${imp.unread.join(', ')}`) + '\n');
}

const FLAG_OF: Record<string, string> = { title: '--title', authors: '--author', series: '--series' };

export async function runAdd(ctx: Context, command: Command, opts: AddOptions): Promise<void> {
  const { io } = ctx;
  const given = draftFromFlags(ctx, opts);
  const interactive = opts.input !== false && io.stdinIsTTY && io.stdoutIsTTY && opts.fromText !== '-' && opts.abstractFile !== '-';

  let imported: PageImport | undefined;
  if (opts.fromText !== undefined) {
    if (opts.fromText === '-' && io.stdinIsTTY) io.stderr('Paste the report page, then press Ctrl-D on a line of its own.\n');
    imported = parsePage(readSource(ctx, opts.fromText, 'the page'));
    printImport(ctx, command, opts.fromText === '-' ? 'the page' : opts.fromText, imported);
  }

  // Fail fast, before anything else, when a script leaves out what only it can give.
  if (!interactive) {
    const have = { ...imported?.fields, ...given };
    const missing = (['title', 'authors'] as const).filter((k) => have[k] === undefined);
    if (missing.length > 0) {
      const flags = missing.map((k) => FLAG_OF[k]).join(', ');
      const why = imported ? ` (the page did not give ${missing.join(', ')})` : '';
      throw new UsageError(`missing ${flags}${why}; pass them, or run in a terminal to be asked`);
    }
  }

  const dir = ctx.archiveDir(command);
  const archive = await loadArchive(dir);
  const label = dirLabel(ctx, dir);
  if (archive.problems.length > 0) {
    const files = new Set(archive.problems.map((f) => f.file)).size;
    ctx.io.stderr(ctx.style(command, 'stderr').c.yellow(`warning: ${files} file${files === 1 ? '' : 's'} of the archive do not load and are not counted (see: reports validate)`) + '\n');
  }
  // The config's series, organization and kind (the environment's when set) before what the archive last used.
  const config = ctx.config();
  const configured: Draft = {};
  if (config.series) configured.series = config.series.value[0];
  if (config.organization) configured.organization = config.organization.value;
  if (config.kind) configured.kind = config.kind.value;
  const defaults: Draft = { ...lastUsed(archive.records), ...configured, ...imported?.fields };
  if (imported?.fields.series) {
    const spelled = archiveSpelling(archive.records, imported.fields.series);
    if (spelled !== imported.fields.series) defaults.series = spelled;
  }
  const now = today();
  const year = Number(now.slice(0, 4));

  let base: Draft;
  let fill: { total: boolean; date?: string; year: number };
  if (interactive) {
    const { terminalAsk } = await import('../prompts/index.js');
    const { askRecord } = await import('../prompts/record.js');
    const ask = await terminalAsk({ toStderr: !!opts.json });
    if (imported) ask.note?.('Values read from the page are proposed; press Enter to keep one.');
    fill = { total: false, year };
    let proposed = defaults;
    let preview: Plan;
    for (;;) {
      base = await askRecord(ask, { records: archive.records, given, defaults: proposed, today: now });
      preview = plan(archive.records, base, fill);
      try {
        judge(ctx, command, preview, { force: opts.force, interactive: true });
        break;
      } catch (e) {
        // Refused at the end (e.g. a date out of order along the Totals): the answers are not lost, they become
        // the proposals of a second round.
        if (!(e instanceof ReportsError) || e instanceof UsageError) throw e;
        ctx.io.stderr(`${e.message}\n${e.details.map((d) => `  ${d}\n`).join('')}`);
        const again = await ask({ type: 'confirm', name: 'again', message: 'Change the answers (each one is proposed again)? No gives up', default: true });
        if (!again) throw new ReportsError('not added; nothing was written');
        proposed = { ...proposed, ...base };
      }
    }
    const { renderDetail } = await import('../render/terminal.js');
    ask.note?.('\n' + renderDetail(preview.vetting.candidate!, ctx.width(), ctx.style(command)));
    if (!opts.dryRun) {
      const ok = await ask({ type: 'confirm', name: 'confirm', message: `Add this report as ${preview.file}?`, default: true });
      if (!ok) {
        ctx.say(command, 'not added; nothing was written');
        return;
      }
    }
  } else {
    base = { ...defaults, ...given };
    if (!base.series) throw new UsageError('missing --series (the archive has no report to take it from), e.g. --series "Research Report"');
    // An imported page without a date keeps none rather than today's.
    fill = { total: true, date: imported ? undefined : now, year };
  }

  const finish = (p: Plan) => {
    if (opts.json) io.stdout(JSON.stringify(recordJson(p.vetting.candidate!), null, 2) + '\n');
    else if (opts.dryRun) io.stdout(p.text);
  };

  if (opts.dryRun) {
    const p = plan(archive.records, base, fill);
    judge(ctx, command, p, { force: opts.force, interactive });
    finish(p);
    ctx.say(command, `dry run: would create ${p.file} (${describeNew(p)}) in ${label}; nothing was written`);
    return;
  }

  // Number and Total are chosen, checked and the file created while holding the lock, from a fresh read of the
  // archive: another add may have landed since the prompts started.
  const p = await withArchiveLock(dir, async (check) => {
    const fresh = await loadArchive(dir);
    const q = plan(fresh.records, base, fill);
    // At a terminal the warnings were shown before the confirmation; only what changed since can refuse now.
    judge(ctx, command, q, { force: opts.force, interactive, quiet: interactive });
    check();
    try {
      createExclusive(dir, q.file, q.text);
    } catch (e) {
      if (e instanceof FileExistsError) {
        throw new ReportsError(`${q.file} already exists in ${label}; a record file is never overwritten, even with --force (give another --number, or run reports validate if that file is broken); nothing was written`);
      }
      throw e;
    }
    return q;
  });
  finish(p);
  ctx.say(command, `created ${p.file} (${describeNew(p)})`);
  if (opts.commit) {
    const { commitWritten, commitMessage } = await import('../app/commit.js');
    const d = p.draft as Report;
    const id = commitWritten(dir, [p.file], commitMessage('Add', [{ id: reportId(d), title: d.title }]));
    ctx.say(command, `committed ${id}: ${commitMessage('Add', [{ id: reportId(d), title: d.title }])}`);
  }
}

function describeNew(p: Plan): string {
  const d = p.draft as Report;
  return `${reportId(d)}${d.total !== undefined ? `, Total ${d.total}` : ''}`;
}
