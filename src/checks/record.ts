// Checks of one record on its own: unknown fields, missing or odd dates, file name, title suffix. Pure.
import { editDistance } from '../distance.js';
import { canonicalPath, KNOWN_FIELDS } from '../model/ids.js';
import { parseTitleSuffix, titleSuffix } from '../model/page/lines.js';
import type { LoadedRecord } from '../model/record.js';
import type { Pos } from '../model/record.js';
import type { CheckFinding } from '../model/record.js';
import { firstControl } from '../model/text.js';
import { nameProblems, type NameStyle } from '../model/names.js';

const START: Pos = [1, 1];

export function at(r: Pick<LoadedRecord, 'positions'>, field: string, which: 'key' | 'value' = 'value'): Pos {
  return (which === 'key' ? r.positions.keys[field] : r.positions.values[field]) ?? r.positions.keys[field] ?? START;
}

export function finding(
  r: Pick<LoadedRecord, 'id' | 'file' | 'positions'>,
  severity: CheckFinding['severity'],
  code: string,
  message: string,
  pos: Pos,
  related?: readonly Pick<LoadedRecord, 'file'>[],
): CheckFinding {
  const f: CheckFinding = { severity, code, message: `${r.id}: ${message}`, file: r.file, line: pos[0], column: pos[1], id: r.id };
  if (related && related.length > 0) {
    const files = [...new Set(related.map((o) => o.file))].filter((file) => file !== r.file);
    if (files.length > 0) f.related = files;
  }
  return f;
}

/** The known field an unknown one was probably meant to be: `keyword` -> `keywords`, `Title` -> `title`. */
export function suggestField(name: string): string | undefined {
  const lower = name.trim().toLowerCase().replace(/[\s-]+/g, '_');
  if (KNOWN_FIELDS.has(lower)) return lower;
  let best: string | undefined;
  let bestD = Infinity;
  for (const known of KNOWN_FIELDS) {
    const d = editDistance(lower, known);
    if (d < bestD) {
      bestD = d;
      best = known;
    }
  }
  // Allow about one slip per three letters, at most 2: "keyword", "autors", "abstarct", not "foo" -> "url".
  const limit = Math.min(2, Math.max(1, Math.floor(lower.length / 3)));
  return bestD <= limit ? best : undefined;
}

export interface CheckOptions {
  /** How the archive writes names (config `names`): which names the rule cannot split. */
  nameStyle?: NameStyle;
}

/** Warnings and errors about one record that need no other record. */
export function checkRecord(r: LoadedRecord, opts: CheckOptions = {}): CheckFinding[] {
  const out: CheckFinding[] = [];
  const rec = r.record;

  // A name citations cannot split is cited whole: say so, and how to write it.
  for (const p of nameProblems(rec.authors, opts.nameStyle)) out.push(finding(r, 'warning', 'name-split', `author ${p.index + 1}: ${p.message}`, at(r, 'authors')));

  for (const key of Object.keys(rec)) {
    if (KNOWN_FIELDS.has(key)) continue;
    const hint = suggestField(key);
    out.push(
      finding(
        r,
        'warning',
        'unknown-field',
        hint
          ? `unknown field "${key}"; did you mean "${hint}"? (rename it)`
          : `unknown field "${key}"; a record's fields are ${[...KNOWN_FIELDS].join(', ')} (rename or remove it)`,
        at(r, key, 'key'),
      ),
    );
  }

  controlCharacters(r, out);

  if (rec.date === undefined) {
    // Point where the date belongs: after the Total, else after the year.
    const pos = r.positions.values.total ?? r.positions.values.year ?? START;
    out.push(finding(r, 'warning', 'missing-date', `no date; add the page's date as date: YYYY-MM-DD (e.g. ${rec.year}-01-25)`, pos));
  } else {
    const dateYear = Number(rec.date.slice(0, 4));
    if (dateYear !== rec.year) {
      out.push(
        finding(
          r,
          'warning',
          'date-year',
          `date ${rec.date} is in ${dateYear} but the report is numbered in ${rec.year}; check the date or the year (a date in ${rec.year} is expected)`,
          at(r, 'date'),
        ),
      );
    }
  }

  const expected = canonicalPath(rec);
  if (r.file !== expected) {
    out.push(finding(r, 'warning', 'filename', `the file is at ${r.file} but a ${rec.kind} report No.${rec.number} of ${rec.year} belongs at ${expected} (move it there)`, START));
  }

  const suffix = parseTitleSuffix(rec.title);
  if (suffix) {
    const right = titleSuffix(rec);
    const agrees = suffix.kind === rec.kind && suffix.number === rec.number && suffix.year === rec.year;
    out.push(
      agrees
        ? finding(r, 'warning', 'title-suffix', `the title still ends with its numbering suffix "${suffix.text}"; remove it (the suffix is derived from kind, number and year)`, at(r, 'title'))
        : finding(
            r,
            'error',
            'title-suffix',
            `the title ends with "${suffix.text}" but the fields say ${right}; correct kind, number or year, then remove the suffix from the title`,
            at(r, 'title'),
          ),
    );
  }
  return out;
}

/** The first control character in `value` (strings, lists, nested values of unknown fields), or undefined. */
function controlIn(value: unknown, multiline: boolean): string | undefined {
  if (typeof value === 'string') return firstControl(value, multiline);
  if (Array.isArray(value)) {
    for (const v of value) {
      const c = controlIn(v, multiline);
      if (c) return c;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const c = firstControl(k) ?? controlIn(v, multiline);
      if (c) return c;
    }
  }
  return undefined;
}

/**
 * Control characters (ESC, BEL, C1, bidirectional overrides...) in any field: a terminal would act on them, a feed
 * could not carry them. Only the abstract may hold line breaks (LF, CR) and tabs.
 */
function controlCharacters(r: LoadedRecord, out: CheckFinding[]): void {
  for (const [key, value] of Object.entries(r.record)) {
    const inKey = firstControl(key);
    if (inKey) {
      out.push(finding(r, 'error', 'control-character', `a field name holds the control character ${inKey}; remove it`, at(r, key, 'key')));
      continue;
    }
    const c = controlIn(value, key === 'abstract');
    if (c === '\\x0a' || c === '\\x0d')
      out.push(finding(r, 'error', 'control-character', `${key} holds a line break (${c}); only the abstract may span lines: join the lines (a spreadsheet or a terminal would split the field there)`, at(r, key)));
    else if (c) out.push(finding(r, 'error', 'control-character', `${key} holds the control character ${c}; remove it (it could drive a terminal or break an export)`, at(r, key)));
  }
}

/**
 * The per-record rules as built: the source of checkRecord and of every function of ours it calls, and the known
 * fields. Results of these checks are kept between runs under a hash of this text (app/kept-checks.ts): a changed
 * rule, message or helper, or a field added to the schema, changes it, so no result of other rules is served. (The
 * kept results also carry the build of the tool, which covers what the functions read at module level.)
 */
export function recordRulesText(): string {
  const fns: ReadonlyArray<(...args: never[]) => unknown> = [checkRecord, controlCharacters, controlIn, suggestField, finding, at, editDistance, canonicalPath, parseTitleSuffix, titleSuffix, firstControl];
  return `${fns.map(String).join('\n')}\n${[...KNOWN_FIELDS].join(',')}`;
}
