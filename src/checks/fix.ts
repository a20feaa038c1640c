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
import type { LoadedRecord, RecordData } from '../model/record.js';
import { normaliseTitle } from './numbering.js';
import { sequenceKey, yearOffset } from './sequences.js';

/** One side of a conflicted file, as git keeps it (stage 2 ours, stage 3 theirs). */
export interface ConflictSide {
  /** The record, when the side's text is a valid record. */
  record?: RecordData;
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

/** Plan every repair the rules prove. Deterministic: the same input gives the same plan. */
export function planFix(input: FixInput): FixPlan {
  const prefer = new Set((input.prefer ?? []).map((p) => p.trim()).filter(Boolean));
  const choices: FixChoice[] = [];
  const notes: string[] = [];
  const drafts: Draft[] = input.records.map((r) => ({ origin: { file: r.file }, file: r.file, data: r.record, edits: [], stage: false, move: false }));
  const taken = new Set<string>([...(input.files ?? []), ...input.records.map((r) => r.file)]);
  const isPreferred = (d: Draft) => prefer.has(d.file) || prefer.has(reportId(d.data));

  // 1. Conflicted files: ours stays, theirs is a report of its own and is renumbered below.
  const renumber: Array<{ d: Draft; why: string }> = [];
  for (const c of input.conflicts ?? []) {
    taken.add(c.file);
    const ours = c.ours?.record;
    const theirs = c.theirs?.record;
    const side = (s: 'ours' | 'theirs', data: RecordData, note: string): Draft => ({
      origin: { conflict: c.file, side: s },
      file: c.file,
      data,
      edits: [],
      stage: true,
      note,
      move: false,
    });
    if (!ours || !theirs) {
      const bad = !ours ? `ours: ${c.ours?.problem ?? 'deleted'}` : `theirs: ${c.theirs?.problem ?? 'deleted'}`;
      const pick = prefer.has('ours') ? 'ours' : prefer.has('theirs') ? 'theirs' : undefined;
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
      continue;
    }
    if (JSON.stringify(ours) === JSON.stringify(theirs)) {
      drafts.push(side('ours', ours, 'merge conflict resolved: both sides hold the same record'));
      continue;
    }
    const sameReport = c.hasBase || normaliseTitle(ours.title) === normaliseTitle(theirs.title);
    if (sameReport && !prefer.has('both')) {
      // Both changed one report (or added the same report twice): which version is right is the user's call.
      const pick = prefer.has('ours') ? 'ours' : prefer.has('theirs') ? 'theirs' : undefined;
      if (pick) {
        drafts.push(side(pick, pick === 'ours' ? ours : theirs, `merge conflict resolved: ${pick} kept (--prefer ${pick})`));
        continue;
      }
      choices.push({
        files: [c.file],
        question: c.hasBase
          ? `${c.file}: both branches changed ${reportId(ours)}; which version stays?`
          : `${c.file}: both branches added "${ours.title}"; is it one report?`,
        options: [
          { prefer: 'ours', means: `keep ours (${reportId(ours)}, the branch merged into)` },
          { prefer: 'theirs', means: `keep theirs (${reportId(theirs)})` },
          ...(c.hasBase ? [] : [{ prefer: 'both', means: 'they are two reports: keep both, theirs renumbered' }]),
        ],
      });
      continue;
    }
    // Ours stays (it is on the branch merged into) unless the user prefers theirs.
    const keep = prefer.has('theirs') ? 'theirs' : 'ours';
    const move = keep === 'ours' ? 'theirs' : 'ours';
    const kept = keep === 'ours' ? ours : theirs;
    const moved = keep === 'ours' ? theirs : ours;
    drafts.push(side(keep, kept, keep === 'ours' ? 'merge conflict resolved: ours kept here (it is on the branch merged into)' : 'merge conflict resolved: theirs kept here (--prefer theirs)'));
    const t = side(move, moved, `${move} of ${c.file}, a report of its own`);
    drafts.push(t);
    renumber.push({ d: t, why: `merge conflict: ${c.file} was added on both branches; ${move} is renumbered` });
    if (keep === 'ours' && !prefer.has('ours') && moved.date !== undefined && kept.date !== undefined && moved.date < kept.date) {
      // Renumbered after ours, theirs would carry a higher Total with an earlier date: say so, and offer the swap.
      notes.push(`theirs (${moved.title}) is dated ${moved.date}, before ours (${kept.date}): renumbered after it, validate will report date-order`);
      choices.push({
        files: [c.file],
        question: `${c.file}: theirs is dated before ours; which one keeps No.${kept.number}?`,
        options: [
          { prefer: 'theirs', means: `theirs keeps ${reportId(theirs)} in ${c.file}; ours is renumbered` },
          { prefer: 'ours', means: 'ours keeps it (the default); theirs is renumbered' },
        ],
      });
    }
  }

  // Numbers and Totals held, as planned so far, per (sequence, year) and per sequence.
  const live = () => drafts.filter((d) => !d.dropped);
  const yearKey = (r: RecordData) => `${sequenceKey(r)}\u0000${r.year}`;

  // 2. Clashes that merged without a conflict: one number or one Total held twice. The report added later moves.
  const groups = clashGroups(live().filter((d) => !renumber.some((x) => x.d === d)));
  for (const group of groups) {
    const ordered = orderByAdded(group, input.addedAt);
    const preferred = group.filter(isPreferred);
    let keeper: Draft | undefined;
    let how = '';
    if (preferred.length === 1) {
      keeper = preferred[0];
      how = `--prefer ${keeper!.file}`;
    } else if (ordered) {
      keeper = ordered.order[0];
      how = ordered.how;
    }
    const ids = group.map((d) => `${reportId(d.data)} (${d.file})`).join(', ');
    if (!keeper) {
      choices.push({
        files: group.map((d) => d.file),
        question: `${ids} share a number or Total and nothing tells which was added first; which one keeps its numbering?`,
        options: group.map((d) => ({ prefer: d.file, means: `${d.file} keeps ${reportId(d.data)}; the other${group.length > 2 ? 's are' : ' is'} renumbered` })),
      });
      continue;
    }
    const rest = (ordered?.order ?? group).filter((d) => d !== keeper);
    for (const d of rest) renumber.push({ d, why: `clashes with ${reportId(keeper.data)} (${keeper.file}), which stays: ${how}` });
  }

  // Renumber: the next free number after the year's highest, and offset + number when the offset is known.
  for (const { d, why } of renumber) {
    const others = live().filter((o) => o !== d);
    const inYear = others.filter((o) => yearKey(o.data) === yearKey(d.data));
    const highest = inYear.reduce((m, o) => Math.max(m, o.data.number), 0);
    const n = highest + 1;
    const { offset } = yearOffset(inYear.map((o) => ({ record: o.data }) as LoadedRecord));
    const seqTotals = new Set(others.filter((o) => sequenceKey(o.data) === sequenceKey(d.data)).map((o) => o.data.total));
    const lbl = label(d.data.kind, d.data.year);
    if (n !== d.data.number) setField(d, 'number', n, `${why}; ${n} is the next free number of ${lbl} (the highest held is ${highest})`);
    if (offset !== undefined && !seqTotals.has(offset + n)) {
      setField(d, 'total', offset + n, `offset ${offset} of ${lbl} + number ${n}`);
    } else if (d.data.total !== undefined) {
      const reason = offset === undefined ? `the offset of ${lbl} is not known` : `Total ${offset + n} is already held`;
      setField(d, 'total', undefined, `${reason}, so no Total can be proved (add it when the page gives it)`);
      notes.push(`${reportId(d.data)}: no Total written: ${reason}`);
    }
    d.move = true;
  }

  // 3. A Total that disagrees with its year's offset when the other records agree on it.
  const byYear = new Map<string, Draft[]>();
  for (const d of live()) {
    const k = yearKey(d.data);
    const list = byYear.get(k);
    if (list) list.push(d);
    else byYear.set(k, [d]);
  }
  for (const list of byYear.values()) {
    const withTotal = list.filter((d) => d.data.total !== undefined);
    const { offset, agreedBy } = yearOffset(withTotal.map((d) => ({ record: d.data, id: reportId(d.data) }) as LoadedRecord));
    if (offset === undefined || agreedBy.length < 2 || agreedBy.length * 2 <= withTotal.length) continue;
    const seqTotals = new Set(live().filter((o) => sequenceKey(o.data) === sequenceKey(list[0]!.data)).map((o) => o.data.total));
    for (const d of withTotal) {
      if (d.data.total! - d.data.number === offset) continue;
      const expected = offset + d.data.number;
      if (seqTotals.has(expected)) continue; // that Total is held: the number may be what is wrong; left to validate
      const by = agreedBy.slice(0, 3).map((r) => r.id).join(', ') + (agreedBy.length > 3 ? ` and ${agreedBy.length - 3} more` : '');
      setField(d, 'total', expected, `disagrees with offset ${offset} of ${label(d.data.kind, d.data.year)}, agreed by ${by}`);
    }
  }

  // 4. Each record on its own: title suffix, key words, file name.
  for (const d of live()) tidy(d);

  // Where each record goes: its canonical file when moved or misnamed (and that name is free).
  const actions: FileAction[] = [];
  const claimed = new Set<string>();
  // A conflict whose renumbered side has nowhere to go is left whole: resolving it would lose that side.
  const abandoned = new Set<string>();
  for (const d of live()) {
    const canonical = canonicalPath(d.data);
    let target = d.file;
    let remove: string | undefined;
    let create = false;
    let note = d.note;
    if (canonical !== d.file) {
      const free = !taken.has(canonical) && !claimed.has(canonical);
      if (free) {
        target = canonical;
        create = true;
        if ('file' in d.origin) {
          remove = d.file;
          note ??= d.move ? `renumbered: moved from ${d.file}` : `moved from ${d.file}: its name disagrees with its numbering`;
        }
      } else if (d.move || 'conflict' in d.origin) {
        notes.push(`${reportId(d.data)}: ${canonical} is taken by a file that does not load; not moved (run reports validate)`);
        if ('conflict' in d.origin) {
          abandoned.add(d.origin.conflict);
          continue;
        }
      } else if (d.edits.length === 0) continue;
    }
    if (d.edits.length === 0 && !note && target === d.file && !('conflict' in d.origin)) continue;
    claimed.add(target);
    actions.push({ file: target, source: d.origin, edits: d.edits, create, remove, note, id: reportId(d.data), stage: d.stage });
  }

  for (let i = actions.length - 1; i >= 0; i--) {
    const src = actions[i]!.source;
    if ('conflict' in src && abandoned.has(src.conflict)) actions.splice(i, 1);
  }

  // 5. Files that fail the schema only for key words or date forms.
  for (const r of input.repairable ?? []) {
    const a = repair(r);
    if (a) actions.push(a);
  }
  actions.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { actions, choices, notes };
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
