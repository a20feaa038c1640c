// `reports fix`: the repairs the numbering rules prove, as a plan to review. Pure: records, conflicted files and facts
// from git in; a plan out (which files to write, which fields change from what to what, and why). The app layer reads
// the files and git, and carries the plan out.
//
// Nothing is invented: a renumbered report takes the next free number of its (sequence, year) and a Total only when
// that year's offset is known (offset + number); otherwise it keeps no Total, and the plan says so. What cannot be
// proved (which of two reports came first when nothing tells) is a choice the user makes with --prefer.
import { canonicalPath, isRealDate, reportId, type Kind } from '../model/ids.js';
import { parseTitleSuffix } from '../model/page/lines.js';
import { ReportSchema } from '../model/report.js';
import type { Finding, LoadedRecord, RecordData } from '../model/record.js';
import { declaredOffset, type DeclaredOffsets } from './evidence.js';
import { normaliseTitle } from './numbering.js';
import { sequenceKey, yearOffset } from './sequences.js';

/** One side of a conflicted file, as git keeps it (stage 2 ours, stage 3 theirs). */
export interface ConflictSide {
  /** The record, when the side's text is a valid record. */
  record?: RecordData;
  /** Where this version is already pushed (a remote-tracking branch holding it), when it is: others have it. */
  pushed?: string;
  /** Why it is not, when it is not. */
  problem?: string;
}

export interface ConflictInput {
  /** The conflicted file, relative to the archive. */
  file: string;
  /** True when git has a common base (both sides changed one record), false for an add/add conflict. */
  hasBase: boolean;
  ours?: ConflictSide;
  theirs?: ConflictSide;
}

/** A file that reads as YAML but fails the schema: fix may repair its key words and date forms. */
export interface RepairableInput {
  file: string;
  data: Record<string, unknown>;
}

/** When each file's report was added: a commit time (seconds), or the file's time when it is not in git. */
export interface AddedAt {
  time: number;
  from: 'commit' | 'file';
}

export interface FixInput {
  records: readonly LoadedRecord[];
  conflicts?: readonly ConflictInput[];
  repairable?: readonly RepairableInput[];
  /** Every file of the archive (loaded or not): a new file is never planned over one of them. */
  files?: readonly string[];
  addedAt?: ReadonlyMap<string, AddedAt>;
  /** The user's choices: `ours`, `theirs`, `both`, or a file / id that keeps its number. */
  prefer?: readonly string[];
  /** Offsets declared in the config: they prove a year's Totals. */
  offsets?: DeclaredOffsets;
  offsetsFrom?: string;
  /** The archive's errors (as validate finds them, with the evidence): those the plan does not take up are listed. */
  findings?: readonly Finding[];
}

export interface FieldEdit {
  field: string;
  /** The value before (undefined: absent). */
  old: unknown;
  /** The value after (undefined: removed). */
  new: unknown;
  why: string;
}

/** Where a file's new text starts from: the file itself, or one side of a conflicted file. */
export type FixSource = { file: string } | { conflict: string; side: 'ours' | 'theirs' };

export interface FileAction {
  /** The file written, relative to the archive. */
  file: string;
  source: FixSource;
  /** Field changes applied to the source (none: the source is written as it is). */
  edits: FieldEdit[];
  /** A new file: created, never over an existing one. */
  create: boolean;
  /** A file removed once this one is written (a record moved to its canonical name). */
  remove?: string;
  /** Why the file is written, when not for its edits (a conflict resolved, a move). */
  note?: string;
  /** The report's id after the fix. */
  id: string;
  /** Stage the file (and the removal) in git: a conflict is resolved. */
  stage: boolean;
  /** The report's id before the fix, when it is renumbered, and its title (for the commit message). */
  was?: string;
  title?: string;
}

/** An error the plan cannot settle, and what a person can do about it. */
export interface OpenFinding {
  file: string;
  id?: string;
  code: string;
  message: string;
  /** A disagreement nothing settles: none of its parties is known to be wrong. */
  unsettled: boolean;
  /** Commands to run, each with what it does. */
  next: string[];
}

export interface FixChoice {
  files: string[];
  question: string;
  options: Array<{ prefer: string; means: string }>;
}

export interface FixPlan {
  actions: FileAction[];
  choices: FixChoice[];
  /** What the plan could not do, and why (e.g. "no Total: the offset of regular 2019 is not known"). */
  notes: string[];
  /** Errors the plan leaves (they need a person), with the next steps. */
  open: OpenFinding[];
}

/** A record being planned: where it comes from, its data as planned so far, and its edits. */
interface Draft {
  origin: FixSource;
  file: string;
  data: RecordData;
  edits: FieldEdit[];
  stage: boolean;
  note?: string;
  /** Moved to its canonical file (renumbered, or misnamed). */
  move: boolean;
  dropped?: boolean;
}

const label = (kind: Kind, year: number) => `${kind} ${year}`;

function setField(d: Draft, field: string, value: unknown, why: string): void {
  const old = (d.data as Record<string, unknown>)[field];
  if (JSON.stringify(old) === JSON.stringify(value)) return;
  const existing = d.edits.find((e) => e.field === field);
  if (existing) {
    existing.new = value;
    existing.why = why;
  } else d.edits.push({ field, old, new: value, why });
  const data = { ...d.data } as Record<string, unknown>;
  if (value === undefined) delete data[field];
  else data[field] = value;
  d.data = data as RecordData;
}

/** What the phases of a plan share: the input, the records as planned so far, and what is left to the user. */
interface Planning {
  input: FixInput;
  prefer: Set<string>;
  drafts: Draft[];
  /** Every file name in use: a new file is never planned over one. */
  taken: Set<string>;
  /** Reports to give the next free number, and why. */
  renumber: Array<{ d: Draft; why: string }>;
  choices: FixChoice[];
  notes: string[];
}

const yearKey = (r: RecordData) => `${sequenceKey(r)}\u0000${r.year}`;
const live = (p: Planning) => p.drafts.filter((d) => !d.dropped);
const isPreferred = (p: Planning, d: Draft) => p.prefer.has(d.file) || p.prefer.has(reportId(d.data));

/** Plan every repair the rules prove, and list what they cannot. Deterministic: the same input gives the same plan. */
export function planFix(input: FixInput): FixPlan {
  const p: Planning = {
    input,
    prefer: new Set((input.prefer ?? []).map((x) => x.trim()).filter(Boolean)),
    drafts: input.records.map((r) => ({ origin: { file: r.file }, file: r.file, data: r.record, edits: [], stage: false, move: false })),
    taken: new Set<string>([...(input.files ?? []), ...input.records.map((r) => r.file)]),
    renumber: [],
    choices: [],
    notes: [],
  };
  for (const c of input.conflicts ?? []) resolveConflict(p, c);
  settleClashes(p);
  for (const { d, why } of p.renumber) renumber(p, d, why);
  fixTotals(p);
  for (const d of live(p)) tidy(d);
  const actions = placeDrafts(p);
  for (const r of input.repairable ?? []) {
    const a = repair(r);
    if (a) actions.push(a);
  }
  actions.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const plan: FixPlan = { actions, choices: p.choices, notes: p.notes, open: [] };
  plan.open = openFindings(plan, input);
  return plan;
}

/**
 * Phase 1, a conflicted file: the side that others already have (pushed: in the upstream) stays in the file; the
 * other, local side is a report of its own and is renumbered. When neither or both were pushed, ours stays (the
 * branch merged into, or rebased onto).
 */
function resolveConflict(p: Planning, c: ConflictInput): void {
  const { prefer, drafts, choices, notes } = p;
  p.taken.add(c.file);
  const ours = c.ours?.record;
  const theirs = c.theirs?.record;
  const side = (s: 'ours' | 'theirs', data: RecordData, note: string): Draft => ({ origin: { conflict: c.file, side: s }, file: c.file, data, edits: [], stage: true, note, move: false });
  const pick = prefer.has('ours') ? 'ours' : prefer.has('theirs') ? 'theirs' : undefined;
  if (!ours || !theirs) {
    const bad = !ours ? `ours: ${c.ours?.problem ?? 'deleted'}` : `theirs: ${c.theirs?.problem ?? 'deleted'}`;
    const rec = pick === 'ours' ? ours : pick === 'theirs' ? theirs : undefined;
    if (rec && pick) drafts.push(side(pick, rec, `merge conflict resolved: ${pick} kept (--prefer ${pick})`));
    else
      choices.push({
        files: [c.file],
        question: `${c.file}: merge conflict where one side is not a record (${bad}); which version stays?`,
        options: [
          ...(ours ? [{ prefer: 'ours', means: `keep ours, ${reportId(ours)} "${ours.title}"` }] : []),
          ...(theirs ? [{ prefer: 'theirs', means: `keep theirs, ${reportId(theirs)} "${theirs.title}"` }] : []),
        ],
      });
    return;
  }
  if (JSON.stringify(ours) === JSON.stringify(theirs)) {
    drafts.push(side('ours', ours, 'merge conflict resolved: both sides hold the same record'));
    return;
  }
  const sameReport = c.hasBase || normaliseTitle(ours.title) === normaliseTitle(theirs.title);
  if (sameReport && !prefer.has('both')) {
    // Both changed one report (or added the same report twice): which version is right is the user's call.
    if (pick) {
      drafts.push(side(pick, pick === 'ours' ? ours : theirs, `merge conflict resolved: ${pick} kept (--prefer ${pick})`));
      return;
    }
    choices.push({
      files: [c.file],
      question: c.hasBase ? `${c.file}: both branches changed ${reportId(ours)}; which version stays?` : `${c.file}: both branches added "${ours.title}"; is it one report?`,
      options: [
        { prefer: 'ours', means: `keep ours (${reportId(ours)}${c.ours?.pushed ? ', already pushed' : ''})` },
        { prefer: 'theirs', means: `keep theirs (${reportId(theirs)}${c.theirs?.pushed ? ', already pushed' : ''})` },
        ...(c.hasBase ? [] : [{ prefer: 'both', means: 'they are two reports: keep both, the local one renumbered' }]),
      ],
    });
    return;
  }
  // Who keeps the number: --prefer, else the side others already have, else ours.
  const pushedSide = c.ours?.pushed && !c.theirs?.pushed ? 'ours' : c.theirs?.pushed && !c.ours?.pushed ? 'theirs' : undefined;
  const keep = pick ?? pushedSide ?? 'ours';
  const move = keep === 'ours' ? 'theirs' : 'ours';
  const kept = keep === 'ours' ? ours : theirs;
  const moved = keep === 'ours' ? theirs : ours;
  const why = pick
    ? `--prefer ${pick}`
    : pushedSide
      ? `it is already pushed (${c[keep]?.pushed}); the other is local`
      : keep === 'ours'
        ? 'it is on the branch merged into (neither side is pushed)'
        : '';
  drafts.push(side(keep, kept, `merge conflict resolved: ${keep} kept here (${why})`));
  const t = side(move, moved, `${move} of ${c.file}, a report of its own`);
  drafts.push(t);
  p.renumber.push({ d: t, why: `merge conflict: ${c.file} was added on both sides; ${move}${pushedSide ? ' (local, not pushed)' : ''} is renumbered` });
  if (!pick && moved.date !== undefined && kept.date !== undefined && moved.date < kept.date) {
    // Renumbered after the kept one, the moved report would carry a higher Total with an earlier date: say so.
    notes.push(`${move} (${moved.title}) is dated ${moved.date}, before ${keep} (${kept.date}): renumbered after it, validate will report date-order`);
    if (!pushedSide)
      choices.push({
        files: [c.file],
        question: `${c.file}: ${move} is dated before ${keep}; which one keeps No.${kept.number}?`,
        options: [
          { prefer: move, means: `${move} keeps ${reportId(moved)} in ${c.file}; ${keep} is renumbered` },
          { prefer: keep, means: `${keep} keeps it (the default); ${move} is renumbered` },
        ],
      });
  }
}

/** Phase 2, clashes that merged without a conflict: one number or one Total held twice. The report added later moves. */
function settleClashes(p: Planning): void {
  const moving = new Set(p.renumber.map((x) => x.d));
  for (const group of clashGroups(live(p).filter((d) => !moving.has(d)))) {
    const ordered = orderByAdded(group, p.input.addedAt);
    const preferred = group.filter((d) => isPreferred(p, d));
    let keeper: Draft | undefined;
    let how = '';
    if (preferred.length === 1) {
      keeper = preferred[0];
      how = `--prefer ${keeper!.file}`;
    } else if (ordered) {
      keeper = ordered.order[0];
      how = ordered.how;
    }
    if (!keeper) {
      const ids = group.map((d) => `${reportId(d.data)} (${d.file})`).join(', ');
      p.choices.push({
        files: group.map((d) => d.file),
        question: `${ids} share a number or Total and nothing tells which was added first; which one keeps its numbering?`,
        options: group.map((d) => ({ prefer: d.file, means: `${d.file} keeps ${reportId(d.data)}; the other${group.length > 2 ? 's are' : ' is'} renumbered` })),
      });
      continue;
    }
    for (const d of (ordered?.order ?? group).filter((x) => x !== keeper)) p.renumber.push({ d, why: `clashes with ${reportId(keeper.data)} (${keeper.file}), which stays: ${how}` });
  }
}

/** Phase 3: the next free number after the year's highest, and offset + number when the offset is known. */
function renumber(p: Planning, d: Draft, why: string): void {
  const others = live(p).filter((o) => o !== d);
  const inYear = others.filter((o) => yearKey(o.data) === yearKey(d.data));
  const highest = inYear.reduce((m, o) => Math.max(m, o.data.number), 0);
  const n = highest + 1;
  const offset = declaredOffset({ offsets: p.input.offsets }, d.data.kind, d.data.year) ?? yearOffset(inYear.map((o) => ({ record: o.data }) as LoadedRecord)).offset;
  const seqTotals = new Set(others.filter((o) => sequenceKey(o.data) === sequenceKey(d.data)).map((o) => o.data.total));
  const lbl = label(d.data.kind, d.data.year);
  if (n !== d.data.number) setField(d, 'number', n, `${why}; ${n} is the next free number of ${lbl} (the highest held is ${highest})`);
  if (offset !== undefined && !seqTotals.has(offset + n)) {
    setField(d, 'total', offset + n, `offset ${offset} of ${lbl} + number ${n}`);
  } else if (d.data.total !== undefined) {
    const reason = offset === undefined ? `the offset of ${lbl} is not known` : `Total ${offset + n} is already held`;
    setField(d, 'total', undefined, `${reason}, so no Total can be proved (add it when the page gives it)`);
    p.notes.push(`${reportId(d.data)}: no Total written: ${reason}`);
  }
  d.move = true;
}

/**
 * Phase 4, a Total that disagrees with its year's offset where the offset is proved: declared in the config, agreed
 * by two records or more and most of the year's, or the offset of the report named with --prefer (when no majority
 * settles the year).
 */
function fixTotals(p: Planning): void {
  const byYear = new Map<string, Draft[]>();
  for (const d of live(p)) {
    const list = byYear.get(yearKey(d.data));
    if (list) list.push(d);
    else byYear.set(yearKey(d.data), [d]);
  }
  for (const list of byYear.values()) {
    const withTotal = list.filter((d) => d.data.total !== undefined);
    const proved = provedOffset(p, list[0]!.data, withTotal);
    if (!proved) continue;
    const seqTotals = new Set(live(p).filter((o) => sequenceKey(o.data) === sequenceKey(list[0]!.data)).map((o) => o.data.total));
    for (const d of withTotal) {
      if (d.data.total! - d.data.number === proved.offset) continue;
      const expected = proved.offset + d.data.number;
      if (seqTotals.has(expected)) continue; // that Total is held: the number may be what is wrong; left to validate
      setField(d, 'total', expected, `disagrees with offset ${proved.offset} of ${label(d.data.kind, d.data.year)}, ${proved.how}`);
    }
  }
}

function provedOffset(p: Planning, first: RecordData, withTotal: readonly Draft[]): { offset: number; how: string } | undefined {
  const declared = declaredOffset({ offsets: p.input.offsets }, first.kind, first.year);
  if (declared !== undefined) return { offset: declared, how: `declared in ${p.input.offsetsFrom ?? 'the config'}` };
  const { offset, agreedBy } = yearOffset(withTotal.map((d) => ({ record: d.data, id: reportId(d.data) }) as LoadedRecord));
  if (offset !== undefined && agreedBy.length >= 2 && agreedBy.length * 2 > withTotal.length) {
    const by = agreedBy.slice(0, 3).map((r) => r.id).join(', ') + (agreedBy.length > 3 ? ` and ${agreedBy.length - 3} more` : '');
    return { offset, how: `agreed by ${by}` };
  }
  const preferred = withTotal.filter((d) => isPreferred(p, d));
  if (preferred.length === 1) {
    const d = preferred[0]!;
    return { offset: d.data.total! - d.data.number, how: `the offset of ${reportId(d.data)} (--prefer ${p.prefer.has(d.file) ? d.file : reportId(d.data)})` };
  }
  return undefined;
}

/** Phase 5, where each record goes: its canonical file when moved or misnamed (and that name is free). */
function placeDrafts(p: Planning): FileAction[] {
  const actions: FileAction[] = [];
  const claimed = new Set<string>();
  // A conflict whose renumbered side has nowhere to go is left whole: resolving it would lose that side.
  const abandoned = new Set<string>();
  for (const d of live(p)) {
    const canonical = canonicalPath(d.data);
    let target = d.file;
    let remove: string | undefined;
    let create = false;
    let note = d.note;
    if (canonical !== d.file) {
      const free = !p.taken.has(canonical) && !claimed.has(canonical);
      if (free) {
        target = canonical;
        create = true;
        if ('file' in d.origin) {
          remove = d.file;
          note ??= d.move ? `renumbered: moved from ${d.file}` : `moved from ${d.file}: its name disagrees with its numbering`;
        }
      } else if (d.move || 'conflict' in d.origin) {
        p.notes.push(`${reportId(d.data)}: ${canonical} is taken by a file that does not load; not moved (run reports validate)`);
        if ('conflict' in d.origin) {
          abandoned.add(d.origin.conflict);
          continue;
        }
      } else if (d.edits.length === 0) continue;
    }
    if (d.edits.length === 0 && !note && target === d.file && !('conflict' in d.origin)) continue;
    claimed.add(target);
    const renumbered = d.edits.find((e) => e.field === 'number');
    const was = renumbered ? reportId({ ...d.data, number: renumbered.old as number }) : undefined;
    actions.push({ file: target, source: d.origin, edits: d.edits, create, remove, note, id: reportId(d.data), stage: d.stage, ...(was ? { was, title: d.data.title } : {}) });
  }
  return actions.filter((a) => !('conflict' in a.source && abandoned.has(a.source.conflict)));
}

/**
 * Phase 6, what the plan leaves: every error finding on a file no action, choice or conflict takes up, with the next
 * step a person can take. While any is left, `fix` does not pass.
 */
function openFindings(plan: FixPlan, input: FixInput): OpenFinding[] {
  const touched = new Set<string>();
  for (const a of plan.actions) {
    touched.add(a.file);
    if (a.remove) touched.add(a.remove);
    if ('file' in a.source) touched.add(a.source.file);
  }
  for (const c of plan.choices) for (const f of c.files) touched.add(f);
  for (const c of input.conflicts ?? []) touched.add(c.file);
  const out: OpenFinding[] = [];
  for (const f of input.findings ?? []) {
    // A finding whose record, or one of the records it disagrees with, the plan rewrites is taken up by the plan.
    if (f.severity !== 'error' || touched.has(f.file) || (f.related ?? []).some((r) => touched.has(r))) continue;
    out.push({ file: f.file, id: f.id, code: f.code, message: f.message, unsettled: !!f.unsettled, next: nextSteps(f) });
  }
  return out;
}

/** The next steps for a finding fix cannot settle by itself. */
export function nextSteps(f: Finding): string[] {
  const ref = f.id ?? f.file;
  if (f.id === undefined) return [`correct ${f.file} by hand (reports validate says where), then run reports fix again`];
  const edit = `reports edit ${ref}   # correct it against the report's page`;
  const page = `reports add --from-text <page> --dry-run   # what the report's page says, to compare (writes nothing)`;
  const numbering = ['total-offset', 'duplicate-number', 'duplicate-total'].includes(f.code);
  if (f.unsettled && numbering) {
    // duplicate-number: the parties share an id; a file names one.
    const key = f.code === 'duplicate-number' ? f.file : ref;
    const others = (f.related ?? []).map((r) => `reports fix --prefer ${r}   # if that one is right`);
    return [`reports fix --prefer ${key}   # if ${ref} is right: the other${(f.related?.length ?? 0) > 1 ? 's follow' : ' follows'} it`, ...others, edit, page];
  }
  if (numbering && f.decidedBy?.startsWith('git')) {
    const others = (f.related ?? []).slice(0, 1).map((r) => `reports fix --prefer ${r}   # ${ref} follows it (the others are right)`);
    return [...others, edit, `reports fix --prefer ${f.code === 'duplicate-number' ? f.file : ref}   # if ${ref} is right after all`, page];
  }
  return [edit, page];
}

/** Groups of records holding one number (per sequence and year) or one Total (per sequence), joined. */
function clashGroups(drafts: readonly Draft[]): Draft[][] {
  const parent = new Map<Draft, Draft>(drafts.map((d) => [d, d]));
  const find = (d: Draft): Draft => {
    let p = parent.get(d)!;
    while (p !== parent.get(p)) p = parent.get(p)!;
    parent.set(d, p);
    return p;
  };
  const join = (by: (d: Draft) => string | undefined) => {
    const first = new Map<string, Draft>();
    for (const d of drafts) {
      const k = by(d);
      if (k === undefined) continue;
      const f = first.get(k);
      if (f) parent.set(find(d), find(f));
      else first.set(k, d);
    }
  };
  join((d) => `${sequenceKey(d.data)}\u0000${d.data.year}\u0000${d.data.number}`);
  join((d) => (d.data.total === undefined ? undefined : `${sequenceKey(d.data)}\u0000T${d.data.total}`));
  const groups = new Map<Draft, Draft[]>();
  for (const d of drafts) {
    const root = find(d);
    const g = groups.get(root);
    if (g) g.push(d);
    else groups.set(root, [d]);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}

/**
 * The group from first added to last, and how that was told: by commit times when every report is in git, else by
 * file times, else by Totals (the higher one came later). Undefined when the first two cannot be told apart.
 */
function orderByAdded(group: readonly Draft[], addedAt: ReadonlyMap<string, AddedAt> | undefined): { order: Draft[]; how: string } | undefined {
  const times = group.map((d) => addedAt?.get(d.file));
  const tryOrder = (key: (d: Draft, i: number) => number | undefined, how: string) => {
    const keys = group.map(key);
    if (keys.some((k) => k === undefined)) return undefined;
    const order = group.map((d, i) => ({ d, k: keys[i]! })).sort((a, b) => a.k - b.k);
    if (order[0]!.k === order[1]!.k) return undefined;
    return { order: order.map((o) => o.d), how };
  };
  const fromTimes = (from: AddedAt['from']) =>
    times.every((t) => t?.from === from) ? tryOrder((_d, i) => times[i]!.time, from === 'commit' ? 'it was committed first' : 'its file is older') : undefined;
  const byCommit = fromTimes('commit');
  if (byCommit) return byCommit;
  // Reports not yet committed were added after every committed one.
  if (times.every((t) => t !== undefined) && times.some((t) => t!.from === 'commit')) {
    const committed = times.filter((t) => t!.from === 'commit').length;
    if (committed === 1) return tryOrder((_d, i) => (times[i]!.from === 'commit' ? 0 : 1), 'it is committed and the other is not');
  }
  const byFile = fromTimes('file');
  if (byFile) return byFile;
  return tryOrder((d) => d.data.total, 'its Total is lower (a later report has a higher Total)');
}

/** Key words without blanks and repeats (first spelling kept). */
export function cleanKeywords(list: readonly unknown[]): unknown[] {
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const k of list) {
    if (typeof k === 'string') {
      const t = k.trim();
      if (t === '') continue;
      const key = t.normalize('NFKC').toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
    }
    out.push(k);
  }
  return out;
}

/** "2019-1-5" -> "2019-01-05" when that is a real day; undefined when the date is fine or cannot be proved. */
export function padDate(date: unknown): string | undefined {
  if (typeof date !== 'string') return undefined;
  const m = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/.exec(date);
  if (!m) return undefined;
  const s = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return s !== date && isRealDate(s) ? s : undefined;
}

function tidy(d: Draft): void {
  const suffix = parseTitleSuffix(d.data.title);
  if (suffix && suffix.kind === d.data.kind && suffix.number === d.data.number && suffix.year === d.data.year && suffix.base) {
    setField(d, 'title', suffix.base, `the numbering suffix "${suffix.text}" is derived from the fields`);
  }
  if (Array.isArray(d.data.keywords)) {
    const clean = cleanKeywords(d.data.keywords);
    if (clean.length !== d.data.keywords.length) setField(d, 'keywords', clean.length ? clean : undefined, 'blank and repeated key words removed');
  }
}

function repair(r: RepairableInput): FileAction | undefined {
  const data: Record<string, unknown> = { ...r.data };
  const edits: FieldEdit[] = [];
  if (Array.isArray(data.keywords)) {
    const clean = cleanKeywords(data.keywords);
    if (clean.length !== data.keywords.length) {
      edits.push({ field: 'keywords', old: data.keywords, new: clean.length ? clean : undefined, why: 'blank and repeated key words removed' });
      if (clean.length) data.keywords = clean;
      else delete data.keywords;
    }
  }
  const padded = padDate(data.date);
  if (padded) {
    edits.push({ field: 'date', old: data.date, new: padded, why: 'dates are written YYYY-MM-DD, zero-padded' });
    data.date = padded;
  }
  if (edits.length === 0) return undefined;
  // Only a repair that makes the record valid is planned; anything else needs a person (reports validate says what).
  const ok = ReportSchema.safeParse(data);
  if (!ok.success) return undefined;
  return { file: r.file, source: { file: r.file }, edits, create: false, id: reportId(ok.data), stage: false };
}
