// The commonest record files, read line by line without the YAML parser: a mapping at the left margin of plain keys
// to single-line scalars (plain, single- or double-quoted), single-line flow lists of them ([a, "b"]), block lists
// of them (- a) and block scalar abstracts (| or >, with - or + chomping), with comments and blank lines between
// fields and keys in any order. This is what `add` writes and what people write by hand; reading it this way takes
// about a tenth of the time of the yaml package's parse (see docs/performance.md).
//
// Anything else, or anything doubtful, is not read here (undefined): the caller then goes on to the full parse
// (parse.ts), which also locates every problem. Doubtful means: an escape other than \" \\ \/ \n \t \uXXXX, a
// value over several lines other than a block list or block scalar, an indented comment, a whitespace-only line,
// a more-indented line in a folded scalar, an explicit indentation indicator, a flow list that is empty or has a
// trailing comma, a plain value YAML reads as other than a string or a whole number, a key that is not plain, a
// repeated key, control characters, no final line break. The tests read thousands of files both ways and require
// the same record and positions as the full parse.
import { ReportSchema } from '../model/report.js';
import type { ParsedFile } from './parse.js';
import type { FieldPositions, RecordData } from '../model/record.js';
import { packPositions } from './positions.js';

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Plain values the core schema reads as null, booleans or numbers other than whole decimal numbers. */
const NOT_A_STRING =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|0x[0-9a-fA-F]+|0o[0-7]+)$/;
const WHOLE = /^[0-9]+$/;
/** Characters this reader leaves to the YAML parser wherever they are: tabs, carriage returns, other controls,
 * and characters some YAML readers take as line breaks or byte order marks. */
const ODD = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffd]/;
/** Characters a plain value may not start with (YAML's indicators). */
const INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`]/;

class Doubtful extends Error {}
const DOUBT = new Doubtful();
const doubt = (): never => {
  throw DOUBT;
};

/** A plain scalar's value: a whole number, or a string. `flow`: inside a flow list (no ,[]{} then). */
function plain(s: string, flow: boolean): string | number {
  if (s === '' || INDICATOR.test(s) || s.includes(': ') || s.endsWith(':') || s.includes(' #')) doubt();
  if (flow && /[,[\]{}:]/.test(s)) doubt();
  if (WHOLE.test(s)) {
    const n = Number(s);
    return Number.isSafeInteger(n) ? n : doubt();
  }
  return NOT_A_STRING.test(s) ? doubt() : s;
}

/** What may follow a value on its line: spaces, then nothing or a comment. */
function restIsBlank(line: string, from: number): boolean {
  let i = from;
  while (line.charCodeAt(i) === 0x20) i++;
  return i === line.length || (line.charCodeAt(i) === 0x23 /* # */ && i > from);
}

/** A quoted scalar starting at `at`; its value and where it ends (after the closing quote). */
function quoted(line: string, at: number): [string, number] {
  const q = line[at];
  if (q === '"') {
    let v = '';
    let i = at + 1;
    for (;;) {
      const quote = line.indexOf('"', i);
      const slash = line.indexOf('\\', i);
      if (quote < 0) return doubt();
      if (slash < 0 || slash > quote) return [v + line.slice(i, quote), quote + 1];
      // The commonest escapes; any other is left to the YAML parser.
      v += line.slice(i, slash);
      const e = line[slash + 1];
      if (e === '"' || e === '\\' || e === '/') v += e;
      else if (e === 'n') v += '\n';
      else if (e === 't') v += '\t';
      else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(line.slice(slash + 2, slash + 6))) {
        const code = parseInt(line.slice(slash + 2, slash + 6), 16);
        if (code >= 0xd800 && code < 0xe000) doubt();
        v += String.fromCharCode(code);
        i = slash + 6;
        continue;
      } else doubt();
      i = slash + 2;
    }
  }
  let v = '';
  let i = at + 1;
  for (;;) {
    const end = line.indexOf("'", i);
    if (end < 0) return doubt();
    v += line.slice(i, end);
    if (line[end + 1] === "'") {
      v += "'";
      i = end + 2;
    } else return [v, end + 1];
  }
}

/** A scalar alone on the rest of a line, from `at` (a value, or a block list's item). */
function scalarRest(line: string, at: number): string | number {
  const c = line[at];
  if (c === '"' || c === "'") {
    const [v, end] = quoted(line, at);
    return restIsBlank(line, end) ? v : doubt();
  }
  let end = line.indexOf(' #', at);
  if (end < 0) end = line.length;
  return plain(line.slice(at, end).trimEnd(), false);
}

/** A flow list on one line from `at` ("["): its items. */
function flowList(line: string, at: number): (string | number)[] {
  const out: (string | number)[] = [];
  let i = at + 1;
  for (;;) {
    while (line.charCodeAt(i) === 0x20) i++;
    const c = line[i];
    if (c === undefined || c === ']' || c === ',') return doubt(); // empty list, empty item, trailing comma
    let v: string | number;
    if (c === '"' || c === "'") [v, i] = quoted(line, i);
    else {
      let end = i;
      while (end < line.length && line[end] !== ',' && line[end] !== ']') end++;
      v = plain(line.slice(i, end).trimEnd(), true);
      i = end;
    }
    out.push(v);
    while (line.charCodeAt(i) === 0x20) i++;
    if (line[i] === ',') i++;
    else if (line[i] === ']') return restIsBlank(line, i + 1) ? out : doubt();
    else return doubt();
  }
}

/** The record of a file in the common form described above, or undefined. */
export function parseLineRecord(text: string): ParsedFile | undefined {
  if (ODD.test(text) || !text.endsWith('\n')) return undefined;
  const lines = text.split('\n');
  lines.pop();
  const data: Record<string, unknown> = {};
  const positions: FieldPositions = { keys: {}, values: {} };
  try {
    let i = 0;
    while (i < lines.length) {
      const line = lines[i]!;
      const c = line.charCodeAt(0);
      if (line === '' || c === 0x23 /* # */) {
        i++;
        continue;
      }
      // A key at the left margin.
      const colon = line.indexOf(':');
      if (colon <= 0) return undefined;
      const key = line.slice(0, colon);
      if (key.length > 100 || !PLAIN_KEY.test(key) || NOT_A_STRING.test(key) || key === '__proto__' || Object.hasOwn(data, key)) return undefined;
      const line1 = i + 1;
      positions.keys[key] = [line1, 1];
      let at = colon + 1;
      if (at < line.length && line.charCodeAt(at) !== 0x20) return undefined;
      while (line.charCodeAt(at) === 0x20) at++;
      const v = line[at];
      if (at === line.length || v === '#') {
        // Nothing on the key's line (but maybe a comment): a block list follows.
        if (v === '#' && line[at - 1] !== ' ') return undefined;
        i++;
        const first = lines[i];
        const indent = first === undefined ? -1 : first.length - first.trimStart().length;
        if (first === undefined || !first.startsWith('- ', indent)) return undefined;
        positions.values[key] = [i + 1, indent + 1];
        const items: (string | number)[] = [];
        while (i < lines.length && lines[i]!.startsWith('- ', indent) && lines[i]!.length - lines[i]!.trimStart().length === indent) {
          const item = lines[i]!;
          let s = indent + 2;
          while (item.charCodeAt(s) === 0x20) s++;
          items.push(scalarRest(item, s));
          i++;
        }
        data[key] = items;
        continue;
      }
      positions.values[key] = [line1, at + 1];
      if (v === '|' || v === '>') {
        [data[key], i] = blockScalar(lines, i, at);
        continue;
      }
      data[key] = v === '[' ? flowList(line, at) : scalarRest(line, at);
      i++;
      // The next line that says something starts at the left margin: no continuation of the value.
      const next = lines[i];
      if (next !== undefined && next !== '' && next.charCodeAt(0) === 0x20) return undefined;
    }
  } catch (e) {
    if (e === DOUBT) return undefined;
    throw e;
  }
  // Lines that start with a space anywhere else were caught above: every key's line is checked as it is read.
  const result = ReportSchema.safeParse(data);
  if (!result.success) return undefined;
  return { record: result.data as RecordData, problems: [], positions: packPositions(positions) };
}

/** The block scalar whose header is at `at` on line `i`: its value, and the index of the first line after it. */
function blockScalar(lines: readonly string[], i: number, at: number): [string, number] {
  const header = lines[i]!;
  const literal = header[at] === '|';
  let chomp = header[at + 1];
  let after = at + 2;
  if (chomp !== '-' && chomp !== '+') {
    chomp = '';
    after = at + 1;
  }
  if (!restIsBlank(header, after) || (after < header.length && header[after] !== ' ')) doubt();
  let j = i + 1;
  const first = lines[j];
  if (first === undefined || first === '') return doubt();
  const n = first.length - first.trimStart().length;
  if (n === 0) return doubt();
  const content: string[] = [];
  let trailing = 0;
  for (; j < lines.length; j++) {
    const l = lines[j]!;
    if (l === '') {
      trailing++;
      continue;
    }
    const indent = l.length - l.trimStart().length;
    if (indent === l.length) return doubt(); // spaces only
    if (indent < n) {
      if (indent > 0) return doubt();
      break;
    }
    if (!literal && indent > n) return doubt(); // a more-indented line is not folded
    for (; trailing > 0; trailing--) content.push('');
    content.push(l.slice(n));
  }
  let v: string;
  if (literal) v = content.join('\n');
  else {
    v = content[0]!;
    for (let k = 1; k < content.length; k++) {
      const l = content[k]!;
      if (l === '') v += '\n';
      else v += content[k - 1] === '' ? l : ' ' + l;
    }
  }
  return [chomp === '-' ? v : chomp === '+' ? v + '\n'.repeat(1 + trailing) : v + '\n', j];
}
