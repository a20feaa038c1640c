// Adding a report: from given values, a report page, or answers to prompts. Never overwrites, never loses a record.
import { proposeNext } from '../checks/sequences.js';
import { parseAuthors, parseKeywords } from '../model/lists.js';
import type { PageImport } from '../model/page/read.js';
import { findExisting } from '../checks/existing.js';
import { readPlainPage } from '../model/page/format.js';
import { canonicalPath, reportId, type Report } from '../model/report.js';
import { fold } from '../model/text.js';
import type { CheckFinding, LoadedRecord } from '../model/record.js';
import { LABELS as FIELD_LABELS, NONE, withoutNone, type Asked, type Draft, type Given, type Review } from './dialogue.js';
import { uniqueKeywords } from '../model/keywords.js';
import { localDay } from '../model/dates.js';
import { describeFindings } from '../render/findings.js';
import { InputError, InterruptedError, ReportsError, UsageError, type Wording } from '../errors.js';
import { loadArchive } from '../store/archive.js';
import { sweepArchive } from '../store/leftovers.js';
import { withArchiveLock } from '../store/lock.js';
import { createExclusive, FileExistsError, recordYaml } from '../store/write.js';
import { notify, type AppEnv } from './env.js';
import { vetRecord, type Vetting } from './vet.js';
import { keepAnswers } from './keep-answers.js';
import { assertCanCommit, commitWrites, type CommitOption, type Committed } from './commit.js';

export type { Draft, Given } from './dialogue.js';

export interface AddInput extends CommitOption {
  /**
   * Values given by the caller (flags, a script's fields); they win over a page's and are not asked. null leaves an
   * optional field out: not asked, not proposed, not written (`--date -`).
   */
  given?: Given;
  /**
   * Defaults from the config file or the environment (series, organization, kind): they win over what the archive
   * last used, not over a page's values or given ones.
   */
  configured?: Draft;
  /**
   * A report page (pasted, or read from a file): its text, or its bytes (a saved HTML page in any declared character
   * set; `name` tells HTML by its extension, else the content does). What it gives is proposed (or used, without
   * prompts); an HTML page's canonical URL becomes `url`.
   */
  page?: { text?: string; bytes?: Uint8Array; name?: string; source: string };
  /** Ask for each value through `env.ask` (a terminal). Without it, missing title or authors is a UsageError. */
  interactive?: boolean;
  /** Plan and check, write nothing. */
  dryRun?: boolean;
  /** Write even when the checks refuse (never over an existing file). */
  force?: boolean;
  /**
   * Shows the record before the review (interactive): write it, change an answer, or discard the answers (asked
   * through `env.ask`; see reviewQuestion in app/dialogue.ts).
   */
  preview?: (candidate: LoadedRecord, file: string) => void;
  /**
   * The given values or page exist nowhere else (read from stdin): like answers typed at the prompts, they are kept
   * in a file when the record cannot be written.
   */
  unsaved?: boolean;
}

export interface AddResult {
  /** created: written; planned: a dry run; declined: the user chose to discard the answers at the end. */
  status: 'created' | 'planned' | 'declined';
  /** The record's file, relative to the archive. */
  file: string;
  id: string;
  /** The record as the archive loads it. */
  record: LoadedRecord;
  /** The YAML text written (or that would be). */
  text: string;
  /** The commit made with `commit` ("Add <id>: <title>"). */
  commit?: Committed;
}

/** Field values as a person or script writes them ("A, B & C", "k1, k2") turned into a draft; null stays "none". */
export function draftFromValues(v: { authors?: string[]; keywords?: string[] } & Omit<Given, 'authors' | 'keywords'>): Given {
  // "-" for the authors: none (a report signed by its team or organization alone).
  const d: Given = {};
  for (const [k, value] of Object.entries(v)) if (value !== undefined && k !== 'authors' && k !== 'keywords') (d as Record<string, unknown>)[k] = value;
  if (v.authors?.length === 1 && v.authors[0]!.trim() === NONE) d.authors = null;
  else if (v.authors?.length) {
    d.authors = v.authors.flatMap(parseAuthors);
    if (!d.authors.length) throw new InputError(['authors'], (w) => `${w.field('authors')} must name someone, e.g. ${w.field('authors')} "Zhang Wei" (or - for none, when a ${w.field('team')} or ${w.field('organization')} signs)`);
  }
  if (typeof d.abstract === 'string') d.abstract = d.abstract.replace(/\r\n?/g, '\n').trim();
  if (d.abstract === '') delete d.abstract;
  if (v.keywords?.length) {
    // Blanks ("a,,b", "--keyword ''") are dropped; none left means none given.
    const list = v.keywords.flatMap(parseKeywords);
    if (list.length) d.keywords = list;
  }
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
  const key = fold(series);
  const hit = records.find((r) => fold(r.record.series) === key);
  return hit ? hit.record.series : series;
}

interface Plan {
  draft: Draft;
  file: string;
  text: string;
  vetting: Vetting;
  /** Another record already has the file: never written, not even when forced. */
  occupied?: boolean;
}

/**
 * The checks refused the record; nothing was written. `findings` are the checks' own (located in the file the record
 * would have); `clash`: its number is another record's already (never written, even when forced); `forcible`: the
 * refusal can be overridden (`force`).
 */
export class AddRefusedError extends ReportsError {
  constructor(
    message: string | Wording,
    details: string[],
    readonly findings: CheckFinding[],
    readonly clash: boolean,
    readonly forcible: boolean,
  ) {
    super(message, details);
    this.name = 'AddRefusedError';
  }
}

interface Fill {
  /** Fill a missing Total, but only from the year's offset: a guess is never written. */
  total: boolean;
  year: number;
}

/**
 * The record to write given the archive's records now: the number and Total proposed where not chosen, then
 * vetted. Called again inside the lock with the re-read archive, so parallel adds each get their own number.
 * Nothing is invented: no date is filled in, and a Total only where the year's offset proves it.
 */
function plan(records: readonly LoadedRecord[], base: Given, fill: Fill): Plan {
  const g: Given = { ...base };
  g.kind ??= 'regular';
  g.year ??= fill.year;
  if (g.series) g.series = archiveSpelling(records, g.series);
  if (g.number === undefined || (fill.total && g.total === undefined)) {
    const p = proposeNext(records, g.series!, g.kind, g.year, g.number);
    g.number ??= p.number;
    if (fill.total && g.total === undefined && p.totalFrom === 'offset') g.total = p.total;
  }
  const d = withoutNone(g);
  const file = canonicalPath(d as Report);
  const text = recordYaml(d);
  const occupant = records.find((r) => r.file === file);
  if (occupant) {
    // The checks compare records by file; one already there is a clash to name, not a record to replace.
    const message = `No.${d.number} of ${d.series} ${d.kind} ${d.year} is already ${occupant.id} (${occupant.file}): "${occupant.record.title}"`;
    const clash: CheckFinding = { severity: 'error', code: 'duplicate-number', message, file, line: 1, column: 1, related: [occupant.file] };
    const parsed = vetRecord(text, `${file}.new`, records);
    return { draft: d, file, text, vetting: { ...parsed, errors: [clash], warnings: [] }, occupied: true };
  }
  return { draft: d, file, text, vetting: vetRecord(text, file, records) };
}

/** Refuse (or, with `force`, warn about) what the checks found. */
function judge(env: AppEnv, p: Plan, o: { force?: boolean; interactive: boolean; quiet?: boolean }): void {
  const v = p.vetting;
  if (v.problems.length > 0) throw new AddRefusedError('the record is not valid; nothing was written', v.problems.map((f) => f.message), v.problems, false, false);
  const dupTitle = v.warnings.filter((f) => f.code === 'duplicate-title');
  const otherWarnings = v.warnings.filter((f) => f.code !== 'duplicate-title');
  // A probable duplicate is the archivist's call at a terminal; a script cannot make it, so it is refused.
  const blocking = [...v.errors, ...(o.interactive ? [] : dupTitle)];
  const warnings = [...otherWarnings, ...(o.interactive ? dupTitle : [])];
  if (!o.quiet) for (const line of describeFindings(warnings, p.file)) env.notify?.({ level: 'warning', message: line });
  if (blocking.length === 0) return;
  const lines = describeFindings(blocking, p.file);
  if (o.force) {
    for (const line of lines) notify(env, 'warning', (w) => `${w.field('force')}: written despite: ${line}`);
    return;
  }
  throw new AddRefusedError(
    (w) => `refused to add ${p.file} (${reportId(p.draft as Report)}); nothing was written${p.occupied ? '' : ` (${w.field('force')} writes it anyway)`}`,
    lines,
    blocking,
    !!p.occupied,
    forcible(p),
  );
}

/** Whether a refused plan may be written anyway: a valid record that takes no other record's file. */
function forcible(p: Plan): boolean {
  return p.vetting.problems.length === 0 && !p.occupied && p.vetting.candidate !== undefined;
}

// The answer each kind of refusal is about, for findings that are not on the new record's own lines.
const FIELD_OF_CODE: Record<string, Asked> = {
  'duplicate-number': 'number',
  'year-count': 'number',
  'duplicate-total': 'total',
  'total-offset': 'total',
  'date-order': 'date',
  'date-year': 'date',
  'duplicate-title': 'title',
  'title-suffix': 'title',
};

/** The answer a refusal is about: the field on the finding's line of the new record, else the one its code names. */
function refusedField(p: Plan, interactive: boolean): Asked | undefined {
  const v = p.vetting;
  const findings = [...v.problems, ...v.errors, ...(interactive ? [] : v.warnings.filter((f) => f.code === 'duplicate-title'))];
  const c = v.candidate;
  for (const f of findings) {
    if (c && f.file === c.file) {
      const field = Object.entries(c.positions.values).find(([, [line]]) => line === f.line)?.[0] ?? Object.entries(c.positions.keys).find(([, [line]]) => line === f.line)?.[0];
      if (field && field in FIELD_LABELS) return field as Asked;
    }
    // A schema problem's message starts with its field ("authors is required ...").
    const named = f.code === 'schema' ? /^[a-z]+/.exec(f.message)?.[0] : undefined;
    if (named && named in FIELD_LABELS) return named as Asked;
    const byCode = FIELD_OF_CODE[f.code];
    if (byCode) return byCode;
  }
  return undefined;
}

export async function addReport(env: AppEnv, input: AddInput): Promise<AddResult> {
  const given: Given = { ...input.given };
  if (given.keywords) given.keywords = keepUnique(env, given.keywords);
  const interactive = !!input.interactive && !!env.ask;
  if (!input.dryRun) assertCanCommit(env, input);

  let imported: PageImport | undefined;
  if (input.page) {
    // A plain-text page is read here; the HTML parser and the character sets are loaded only for other pages.
    const source = input.page.bytes ?? input.page.text ?? '';
    imported = readPlainPage(source, input.page.name) ?? (await import('../model/page/index.js')).readPage(source, input.page.name);
    for (const n of imported.notices) env.notify?.({ level: 'notice', message: n });
    if (imported.unread.length > 0) env.notify?.({ level: 'notice', message: `could not read from ${input.page.source}: ${imported.unread.join(', ')}` });
  }

  // Fail fast, before anything else, when a script leaves out what only it can give. No person as author is
  // right only when a team or organization (given, or on the page) signs the report.
  const have = { ...imported?.fields, ...given };
  // (None is null from a script, "" from the command line's "-".)
  const signed = [have.team, have.organization].some((v) => typeof v === 'string' && v.trim() !== '');
  if (!interactive && given.authors === null && !signed) {
    throw new InputError(['authors'], (w) => `no person as author (${w.field('authors')} -) needs a ${w.field('team')} or ${w.field('organization')} that signs the report`);
  }
  if (!interactive) {
    const missing = (['title', 'authors'] as const).filter((k) => have[k] === undefined && !(k === 'authors' && signed));
    if (missing.length > 0) {
      const why = imported ? ` (the page did not give ${missing.join(', ')})` : '';
      throw new InputError(missing, (w) => `missing ${missing.map((k) => w.field(k)).join(', ')}${why}; pass ${missing.length === 1 ? 'it' : 'them'}, or run in a terminal to be asked`);
    }
  }

  const dir = env.archive;
  const archive = await loadArchive(dir, { cache: env.cache });
  if (archive.problems.length > 0) {
    const files = new Set(archive.problems.map((f) => f.file)).size;
    env.notify?.({ level: 'warning', message: `${files} file${files === 1 ? '' : 's'} of the archive do not load and are not counted (see: reports validate)` });
  }
  const defaults: Draft = { ...lastUsed(archive.records), ...input.configured, ...imported?.fields };
  if (imported?.fields.series) {
    const spelled = archiveSpelling(archive.records, imported.fields.series);
    if (spelled !== imported.fields.series) defaults.series = spelled;
  }
  // A page already in the archive is said at once, before the first prompt (not at the Number prompt).
  if (imported) {
    const ex = findExisting(archive.records, { ...imported.fields, ...withoutNone(given), series: given.series ?? defaults.series });
    if (ex) {
      const message =
        ex.verdict === 'existing'
          ? `this page is ${ex.reason}`
          : `this page clashes with the archive: ${ex.reason}`;
      env.notify?.({ level: 'warning', message });
    }
  }
  const now = localDay(env.now());
  const year = Number(now.slice(0, 4));

  let base: Given;
  let forced = !!input.force;
  const fill: Fill = { total: !interactive, year };
  if (interactive) {
    const ask = env.ask!;
    const prompts = await import('./dialogue.js');
    if (imported) ask.note?.('Values read from the page are proposed; press Enter to keep one.');
    const promptEnv = { records: archive.records, given, defaults, today: now, proposeToday: !imported };
    let answers = await prompts.askRecord(ask, promptEnv);
    // The review: the record is shown, then written, revised (one answer at a time) or, only when asked twice,
    // discarded. A refusal (e.g. a date out of order) leads back to the answers, never loses them.
    for (;;) {
      const preview = plan(archive.records, answers, fill);
      let refused = false;
      try {
        judge(env, preview, { force: forced, interactive: true });
      } catch (e) {
        if (!(e instanceof ReportsError) || e instanceof UsageError) throw e;
        notify(env, 'warning', (w) => [e.worded(w), ...e.wordedDetails(w).map((d) => `  ${d}`)].join('\n'));
        refused = true;
      }
      if (input.dryRun && !refused) {
        base = answers;
        break;
      }
      if (preview.vetting.candidate) input.preview?.(preview.vetting.candidate, preview.file);
      const choice = (await ask(prompts.reviewQuestion(preview.file, refused, refused && forcible(preview)))) as Review;
      if (choice === 'write' || choice === 'force') {
        // "Write anyway" is the dialogue's --force: only what changes in the archive meanwhile can refuse it now.
        if (choice === 'force') forced = true;
        base = answers;
        break;
      }
      if (choice === 'discard') {
        if (await ask(prompts.discardQuestion)) return result('declined', preview);
        continue;
      }
      const start = refused ? refusedField(preview, true) : undefined;
      const field = (await ask(prompts.fieldQuestion(answers, start))) as Asked;
      answers = await prompts.reviseRecord(ask, promptEnv, answers, field);
    }
  } else {
    base = { ...defaults, ...given };
    if (!base.series) throw new InputError(['series'], (w) => `missing ${w.field('series')} (the archive has no report to take it from), e.g. ${w.field('series')} "Research Report"`);
  }

  if (!interactive) sayLeftOut(env, plan(archive.records, base, fill), base);

  if (input.dryRun) {
    const p = plan(archive.records, base, fill);
    judge(env, p, { force: forced, interactive });
    return result('planned', p);
  }

  // Number and Total are chosen, checked and the file created while holding the lock, from a fresh read of the
  // archive: another add may have landed since the prompts started.
  const p = await withArchiveLock(dir, async (check) => {
    const fresh = await loadArchive(dir, { cache: env.cache });
    const q = plan(fresh.records, base, fill);
    // At a terminal the warnings were shown before the confirmation; only what changed since can refuse now.
    judge(env, q, { force: forced, interactive, quiet: interactive });
    check();
    // Temp files of adds and edits that were killed (their process is gone) go now, under the lock.
    sweepArchive(dir);
    try {
      createExclusive(dir, q.file, q.text);
    } catch (e) {
      if (e instanceof FileExistsError) {
        throw new AddRefusedError(
          (w) =>
            `${q.file} already exists in ${dir}; a record file is never overwritten, even with ${w.field('force')} (give another ${w.field('number')}, or run ${w.again('validate', [], {})} if that file is broken); nothing was written`,
          [],
          [],
          true,
          false,
        );
      }
      throw e;
    }
    return q;
  }).catch((e: unknown) => {
    // What was typed at the prompts or pasted on stdin exists nowhere else: keep it, and say how to retry.
    const typed = interactive || !!input.unsaved;
    if (typed && e instanceof ReportsError && !(e instanceof UsageError) && !(e instanceof InterruptedError)) throw keepAnswers(e, withoutNone(base), dir);
    throw e;
  });
  const done = result('created', p);
  const commit = commitWrites(env, input, { verb: 'Add', reports: [{ id: done.id, title: done.record.record.title }], written: [done.file] });
  return commit ? { ...done, commit } : done;
}

/** Without prompts, what was left out rather than guessed is said: a Total no offset proves, a date not given. */
function sayLeftOut(env: AppEnv, p: Plan, base: Given): void {
  const d = p.draft;
  if (d.total === undefined && base.total === undefined) {
    notify(env, 'notice', (w) => `no Total written: the offset of ${d.series} ${d.kind} ${d.year} is not known yet (no report of that year has a Total); give ${w.field('total')} when the page shows it`);
  }
  if (d.date === undefined && base.date === undefined) notify(env, 'notice', (w) => `no date written: none was given (${w.field('date')} YYYY-MM-DD, or a page with one)`);
}

/** Key words without repeats; each one dropped is said. */
function keepUnique(env: AppEnv, words: readonly string[]): string[] {
  const { keywords, dropped } = uniqueKeywords(words);
  for (const d of dropped) env.notify?.({ level: 'warning', message: d });
  return keywords;
}

function result(status: AddResult['status'], p: Plan): AddResult {
  const record = p.vetting.candidate!;
  return { status, file: p.file, id: record.id, record, text: p.text };
}
