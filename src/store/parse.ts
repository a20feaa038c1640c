// Parsing one record file: a pure function from text to a record or located problems.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Node, type Pair } from 'yaml';
import { ReportSchema } from '../model/report.js';
import { parseLineRecord } from './parse-lines.js';
import { linePos, simpleRecordWithin, yamlShapeProblem } from './yaml-shape.js';
import { packPositions } from './positions.js';
import { noPositions, type FieldPositions, type Finding, type Pos, type RecordData } from '../model/record.js';


export interface ParsedFile {
  record?: RecordData;
  problems: Finding[];
  /** The positions: as they are, packed (see positions.ts), or a function that gives them (from the cache). */
  positions: FieldPositions | string | (() => FieldPositions);
}

const START: Pos = [1, 1];

function looksBinary(text: string): boolean {
  // NUL bytes or replacement characters (invalid UTF-8) mean this is not a text file.
  return text.includes('\u0000') || text.includes('\uFFFD');
}

const MARKER_RE = /^(<{7}|={7}|>{7}|\|{7})(?:[ \t].*)?\r?$/m;

/**
 * Where git's conflict markers start (`<<<<<<< `, `=======`, `>>>>>>> `, `|||||||` at the start of a line, seven of
 * them): a file git could not merge. Checked before parsing, which would otherwise report a mere YAML syntax error.
 */
export function conflictMarker(text: string): Pos | undefined {
  // A cheap test first: almost no record holds seven of these characters in a row.
  if (!text.includes('<<<<<<<') && !text.includes('>>>>>>>')) return undefined;
  const m = MARKER_RE.exec(text);
  if (!m) return undefined;
  // Point at the opening marker when there is one, else the first marker found.
  const open = /^<{7}(?:[ \t].*)?\r?$/m.exec(text);
  const offset = open ? open.index : m.index;
  return [text.slice(0, offset).split('\n').length, 1];
}

/**
 * Parse the text of a record file. Never throws. A file of the common form (see parse-lines.ts) is read line by
 * line unless `quick` is false; the result is the same.
 */
export function parseRecord(text: string, file: string, quick = true): ParsedFile {
  const positions = noPositions();
  const problem = (code: string, message: string, pos: Pos = START): ParsedFile => ({
    problems: [{ severity: 'error', code, message, file, line: pos[0], column: pos[1] }],
    positions,
  });

  if (text.trim() === '') return problem('yaml-syntax', 'the file is empty; a record is a YAML mapping of fields (title: ..., authors: [...], ...)');
  if (looksBinary(text)) return problem('yaml-syntax', 'not a text file (binary content or invalid UTF-8); a record is a UTF-8 YAML file');

  const conflict = conflictMarker(text);
  if (conflict) return problem('merge-conflict', 'merge conflict: run `reports fix` (the file holds both sides of a git merge; fix keeps both reports, under distinct numbers)', conflict);

  // The commonest files are read line by line, in time linear in the text whatever it holds. Any other text is
  // first looked at for a shape no record has (yaml-shape.ts): its parse could cost seconds and gigabytes.
  const lines = quick ? parseLineRecord(text) : undefined;
  if (lines?.record && simpleRecordWithin(lines.record, text)) return lines;
  const shape = yamlShapeProblem(text);
  if (shape) return problem('yaml-syntax', shape.message, linePos(text, shape.offset));

  const lc = new LineCounter();
  const at = (offset: number | undefined): Pos => {
    if (offset === undefined) return START;
    const p = lc.linePos(offset);
    return [p.line, p.col];
  };

  let doc;
  try {
    doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, strict: true });
  } catch (e) {
    return problem('yaml-syntax', `cannot parse YAML: ${(e as Error).message}`);
  }
  // A warning (such as an unknown tag like !!js/function) means the record is not what it seems: reject it.
  const bad = [...doc.errors, ...doc.warnings];
  if (bad.length > 0) {
    const e = bad[0]!;
    let msg = e.message.split('\n')[0]!;
    let offset = e.pos[0];
    if (e.code === 'MULTIPLE_DOCS') msg = 'the file holds several YAML documents (a second "---"); a record file holds one';
    else if (e.code === 'TAG_RESOLVE_FAILED') msg = `${msg} (tags are not allowed in records)`;
    else if (e.code === 'RESOURCE_EXHAUSTION') msg = `the YAML is nested too deeply to read (${msg})`;
    else if (e.code === 'DUPLICATE_KEY') {
      const line = text.slice(e.pos[0]).split('\n', 1)[0]!;
      const key = line.replace(/\s*:.*$/, '').trim().replace(/^(["'])(.*)\1$/, '$2');
      const first = isMap(doc.contents) ? doc.contents.items.find((p) => isScalar(p.key) && String(p.key.value) === key && p.key.range) : undefined;
      const where = first && isScalar(first.key) ? ` (first at line ${at(first.key.range![0])[0]})` : '';
      msg = `field "${key}" appears twice${where}; a record has each field once`;
    } else if (e.code === 'MISSING_CHAR' && /quote/.test(msg)) {
      // The parser notices at the end of the file; the mistake is where the quoted value opens.
      const q = msg.includes("'") ? "'" : '"';
      const before = text.slice(0, offset);
      const open = before.search(new RegExp(`:[ \\t]*\\${q}[^${q}\\n]*(\\n[^${q}]*)?$`));
      if (open >= 0) offset = text.indexOf(q, open);
      msg = `a quoted value is not closed: add the closing ${q}`;
    }
    return problem('yaml-syntax', msg, at(offset));
  }
  const root = doc.contents;
  if (!isMap(root)) {
    const what = isSeq(root) ? 'a list' : isScalar(root) ? 'a single value' : 'not a mapping';
    return problem('yaml-syntax', `the file holds ${what}; a record is a YAML mapping of fields (title: ..., authors: [...], ...)`, at(root?.range?.[0]));
  }

  for (const pair of root.items as Pair<Node, Node | null>[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === undefined) continue;
    positions.keys[key] = at(pair.key.range?.[0]);
    positions.values[key] = at(pair.value?.range?.[0] ?? pair.key.range?.[1]);
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    if (/alias/i.test((e as Error).message)) {
      let first: number | undefined;
      visit(doc, { Alias: (_k, node) => ((first = node.range?.[0]), visit.BREAK) });
      return problem('yaml-syntax', 'YAML aliases here expand too far (an alias bomb); a record needs no aliases', at(first));
    }
    return problem('yaml-syntax', `cannot read YAML: ${(e as Error).message}`);
  }

  const result = ReportSchema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map((issue): Finding => {
      const [field, index] = issue.path;
      let pos: Pos = START;
      if (typeof field === 'string') {
        pos = positions.values[field] ?? START;
        const node = root.get(field, true);
        const item = typeof index === 'number' && isSeq(node) ? (node.items[index] as Node | undefined) : undefined;
        if (item?.range) pos = at(item.range[0]);
      }
      return { severity: 'error', code: 'schema', message: issue.message, file, line: pos[0], column: pos[1] };
    });
    problems.sort((a, b) => a.line - b.line || a.column - b.column);
    return { problems, positions };
  }
  const record = result.data as RecordData;
  // The schema's copy leaves out a field named __proto__ (it would set the prototype): kept as an own field, it is
  // reported as unknown (validate) and shown as written, like any other unknown field.
  if (Object.hasOwn(data as object, '__proto__')) {
    Object.defineProperty(record, '__proto__', { value: (data as Record<string, unknown>)['__proto__'], enumerable: true, writable: true, configurable: true });
  }
  return { record, problems: [], positions: packPositions(positions) };
}

/** The plain data of a YAML mapping (for repairs of a record that fails the schema), or undefined. */
export function readYamlData(text: string): Record<string, unknown> | undefined {
  if (conflictMarker(text) || yamlShapeProblem(text)) return undefined;
  try {
    const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, strict: true });
    if (doc.errors.length > 0 || doc.warnings.length > 0 || !isMap(doc.contents)) return undefined;
    const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
