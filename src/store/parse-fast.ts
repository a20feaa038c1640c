// The common case of parseRecord, read faster: a record file is a flat mapping of plain keys to scalars and
// lists of scalars. For such a file the yaml package's parser (its concrete syntax tree) and its own scalar
// resolution give every value; composing a full YAML document (the larger part of the work) is skipped.
// Anything else - comments aside - goes to the full parse: tags, anchors, aliases, nested mappings, empty
// values, repeated keys, plain values that YAML reads as something other than a string or a whole number
// (true, null, 1.5, 0x1F, ...), tabs, carriage returns, a byte order mark, several documents, a record that
// does not pass the schema. The full parse then gives the same result it always did, errors located.
// The tests read every kind of file both ways and require the same record and positions.
import { CST, LineCounter, Parser } from 'yaml';
import { ReportSchema } from '../model/report.js';
import type { ParsedFile } from './parse.js';
import { noPositions, type Pos, type RecordData } from '../model/record.js';
import { packPositions } from './positions.js';
import { parseLineRecord } from './parse-lines.js';

type Token = CST.Token;
type SourceToken = CST.SourceToken;

/** Tokens that carry no value: they may appear anywhere between the parts that do. */
const BLANK = new Set(['space', 'newline', 'comment']);

/** A plain key YAML reads as a string (not true, null, a number...). */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Plain values the core schema reads as null, booleans or numbers other than whole decimal numbers. */
const NOT_A_STRING =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|0x[0-9a-fA-F]+|0o[0-7]+)$/;
const WHOLE = /^[0-9]+$/;

/** Thrown (and caught below) when the file is not of the simple kind: the full parse reads it. */
class NotSimple extends Error {}
const notSimple = (): never => {
  throw new NotSimple();
};

const blank = (tokens: readonly SourceToken[] | undefined): boolean => !tokens || tokens.every((t) => BLANK.has(t.type));

/** The value of a scalar token, as the core schema reads it; only strings and whole numbers are taken. */
function scalar(token: Token | undefined): string | number {
  if (!token) return notSimple();
  if (token.type !== 'scalar' && token.type !== 'single-quoted-scalar' && token.type !== 'double-quoted-scalar' && token.type !== 'block-scalar') {
    return notSimple();
  }
  if (token.type === 'block-scalar') {
    if (!token.props.every((t) => t.type === 'block-scalar-header' || BLANK.has(t.type))) notSimple();
  } else if (!blank(token.end)) notSimple();
  let failed = false;
  const resolved = CST.resolveAsScalar(token, true, () => (failed = true));
  if (!resolved || failed) return notSimple();
  if (token.type !== 'scalar') return resolved.value;
  const v = resolved.value;
  if (WHOLE.test(v)) {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : notSimple();
  }
  if (v === '' || NOT_A_STRING.test(v)) notSimple();
  return v;
}

/** A list of scalars, as a flow sequence ([a, b]) or a block sequence (- a). */
function list(token: Token): (string | number)[] {
  const out: (string | number)[] = [];
  if (token.type === 'flow-collection') {
    if (token.start.type !== 'flow-seq-start' || token.start.source !== '[') notSimple();
    // A list over several lines has indentation rules of its own: the full parse checks them.
    const [close, ...after] = token.end;
    if (close?.type !== 'flow-seq-end' || !blank(after) || after.some((t) => t.type === 'comment')) notSimple();
    token.items.forEach((item, i) => {
      // Items after the first start with one comma; spaces only, no line breaks or comments.
      if (item.key || item.sep || !item.start.every((t) => t.type === 'comma' || t.type === 'space')) notSimple();
      if (item.start.filter((t) => t.type === 'comma').length !== (i > 0 ? 1 : 0)) notSimple();
      const v = item.value;
      if (v && 'end' in v && v.end?.some((e) => e.type !== 'space')) notSimple();
      out.push(scalar(v));
    });
    return out;
  }
  if (token.type === 'block-seq') {
    for (const item of token.items) {
      if (item.key || item.sep || item.start.filter((t) => t.type === 'seq-item-ind').length !== 1) notSimple();
      if (!item.start.every((t) => t.type === 'seq-item-ind' || BLANK.has(t.type))) notSimple();
      out.push(scalar(item.value));
    }
    return out;
  }
  return notSimple();
}

/**
 * The record of a simple record file, or undefined when the file is not simple (or not a valid record). The
 * commonest forms are read line by line (parse-lines.ts); the rest of the simple ones from yaml's syntax tree.
 */
export function parseSimpleRecord(text: string): ParsedFile | undefined {
  return parseLineRecord(text) ?? parseSimpleTree(text);
}

/** A simple record read from yaml's syntax tree. */
export function parseSimpleTree(text: string): ParsedFile | undefined {
  if (text.includes('\t') || text.includes('\r') || text.charCodeAt(0) === 0xfeff) return undefined;
  try {
    // One document, with nothing but comments and blank lines around it.
    const tokens = [...new Parser().parse(text)];
    const docs = tokens.filter((t) => t.type === 'document');
    const doc = docs[0];
    if (docs.length !== 1 || doc?.type !== 'document' || !blank(doc.start) || !blank(doc.end)) return undefined;
    if (!tokens.every((t) => t === doc || BLANK.has(t.type))) return undefined;
    const map = doc.value;
    if (map?.type !== 'block-map' || map.indent !== 0) return undefined;
    const lc = new LineCounter();
    lc.addNewLine(0);
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lc.addNewLine(i + 1);
    const at = (offset: number): Pos => {
      const p = lc.linePos(offset);
      return [p.line, p.col];
    };
    const positions = noPositions();
    const data: Record<string, unknown> = {};
    for (const item of map.items) {
      const { key, sep, value } = item;
      if (!blank(item.start) || key?.type !== 'scalar' || !blank(key.end)) return undefined;
      if (key.source.length > 100 || !PLAIN_KEY.test(key.source) || NOT_A_STRING.test(key.source) || key.source === '__proto__') return undefined;
      if (!sep || sep.filter((t) => t.type === 'map-value-ind').length !== 1 || !sep.every((t) => t.type === 'map-value-ind' || BLANK.has(t.type))) return undefined;
      if (!value || Object.hasOwn(data, key.source)) return undefined;
      data[key.source] = value.type === 'flow-collection' || value.type === 'block-seq' ? list(value) : scalar(value);
      positions.keys[key.source] = at(key.offset);
      positions.values[key.source] = at(value.offset);
    }
    const result = ReportSchema.safeParse(data);
    if (!result.success) return undefined;
    return { record: result.data as RecordData, problems: [], positions: packPositions(positions) };
  } catch (e) {
    if (e instanceof NotSimple) return undefined;
    throw e;
  }
}
