// The shape of a YAML text, looked at before it is parsed: how deeply its collections nest, how many values, keys,
// anchors and lines of structure it holds. A record is a mapping of a dozen fields, a few of them short lists; a
// config a few keys. A 1 MiB text can still hold shapes whose full parse costs far more than its size: 800 KB of
// nested flow lists took 952 MB and 7.4 s to parse, a flow mapping of 80,000 keys 49 s (the yaml package checks each
// key against every other), 5,000 anchors 2.3 s, 1 MiB of blank lines 5 s in yaml's lexer alone.
//
// This is one pass over the characters, linear in the text, that stops at the first limit passed; no syntax tree, no
// tokens kept. It reads YAML coarsely but on the safe side: what is inside quoted, block and plain scalars and
// comments is never counted, so a long abstract costs nothing; structure it cannot place is counted, never skipped.
// The full parse then only sees texts it reads in well under half a second.

export interface ShapeLimits {
  /** Collections inside collections (block and flow together); a record needs 2 (a mapping holding lists). */
  depth: number;
  /** Values: scalars (keys, list items, field values) and collections; a record has under 200. */
  nodes: number;
  /** Lists and mappings; a record has a handful (itself, its authors, its key words). */
  collections: number;
  /** Keys of mappings, all mappings together; a record has about 15. */
  keys: number;
  /** Anchors (&name) and aliases (*name); a record needs none. */
  anchors: number;
  /** Lines, block scalars' (an abstract's) included. */
  lines: number;
}

/**
 * The limits for records and configs: far above any record (the bundled archive: depth 2, at most 30 values, 3
 * lists and mappings, 12 keys, no anchors, 33 lines) and far below what costs: a 1 MiB record just under every
 * limit at once parses in 0.27-0.41 s of CPU, the whole process at most 95 MB (docs/safety.md). Random YAML texts
 * checked against yaml's own parse (38,000 of them) never had a depth, a count of collections or of keys above what
 * this scan counted.
 */
export const RECORD_SHAPE: ShapeLimits = { depth: 16, nodes: 5000, collections: 200, keys: 500, anchors: 100, lines: 20000 };

export interface ShapeProblem {
  message: string;
  /** Where the limit was passed: an offset into the text. */
  offset: number;
}

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

const isBlank = (c: number) => c === SPACE || c === TAB || c === LF || c === CR || Number.isNaN(c);

/**
 * Why `text` is refused, or undefined when its shape is within `limits`. Block nesting is followed by the columns of
 * its indicators (`-`, `?`, and the key before `:`), flow nesting by its brackets.
 */
export function yamlShapeProblem(text: string, limits: ShapeLimits = RECORD_SHAPE): ShapeProblem | undefined {
  const n = text.length;
  const block: Array<{ col: number; seq: boolean }> = [];
  const flow: number[] = []; // the opening bracket of each open flow collection
  let nodes = 0;
  let keys = 0;
  let anchors = 0;
  let collections = 0;
  let lines = 0;
  let i = 0;
  // A block scalar (| or >) being read: its content lines are skipped, as yaml's lexer reads them: every line at
  // least as indented as its first non-blank line, when that one is more indented than the scalar's entry.
  let scalarEntry = -1; // the column of the block scalar's entry; -1: none
  let scalarIndent = -1; // the indentation of its content, once known

  const fail = (message: string, at: number): ShapeProblem => ({ message, offset: at });
  const tooDeep = (at: number) => fail(`the YAML is nested too deeply: collections more than ${limits.depth} deep; a record is a mapping of fields holding lists, no deeper`, at);
  const tooMany = (what: string, limit: number, at: number) => fail(`the YAML holds more than ${limit.toLocaleString('en')} ${what}; no record or config holds so many`, at);
  const node = (at: number) => (++nodes > limits.nodes ? tooMany('values (keys, values and list items)', limits.nodes, at) : undefined);
  const key = (at: number) => (++keys > limits.keys ? tooMany('keys', limits.keys, at) : undefined);
  const collection = (at: number) => node(at) ?? (++collections > limits.collections ? tooMany('lists and mappings', limits.collections, at) : undefined);
  const anchor = (at: number) => (++anchors > limits.anchors ? tooMany('anchors and aliases (&name, *name)', limits.anchors, at) : undefined);
  const enterBlock = (col: number, seq: boolean, at: number): ShapeProblem | undefined => {
    while (block.length > 0 && block[block.length - 1]!.col > col) block.pop();
    let top = block[block.length - 1];
    // A key at the column of a list ends that list (the list was the value of the key before it).
    if (top && top.col === col && top.seq && !seq) {
      block.pop();
      top = block[block.length - 1];
    }
    if (!top || top.col !== col || top.seq !== seq) {
      block.push({ col, seq });
      const p = collection(at);
      if (p) return p;
    }
    return block.length + flow.length > limits.depth ? tooDeep(at) : undefined;
  };
  /** The end of a quoted scalar starting at `at` (after its closing quote); its lines are counted. */
  const quoted = (at: number): number => {
    const end = quotedEnd(at);
    for (let k = text.indexOf('\n', at); k >= 0 && k < end; k = text.indexOf('\n', k + 1)) lines++;
    return end;
  };
  const quotedEnd = (at: number): number => {
    const q = text.charCodeAt(at);
    let j = at + 1;
    for (;;) {
      const k = text.indexOf(q === 0x22 ? '"' : "'", j);
      if (k < 0) return n;
      if (q === 0x22) {
        // Escaped when an odd number of backslashes precede it.
        let b = k - 1;
        while (b > at && text.charCodeAt(b) === 0x5c) b--;
        if ((k - 1 - b) % 2 === 1) {
          j = k + 1;
          continue;
        }
        return k + 1;
      }
      if (text.charCodeAt(k + 1) === 0x27) {
        j = k + 2;
        continue;
      }
      return k + 1;
    }
  };
  const eolFrom = (p: number): number => {
    const e = text.indexOf('\n', p);
    return e < 0 ? n : e;
  };
  /** Past an anchor, tag or alias name: to the next blank (or flow indicator inside a flow collection). */
  const name = (at: number): number => {
    let j = at + 1;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (isBlank(c) || (flow.length > 0 && (c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d))) break;
      j++;
    }
    return j;
  };

  while (i < n) {
    // The start of a line: its indentation.
    const lineStart = i;
    let j = i;
    while (j < n && text.charCodeAt(j) === SPACE) j++;
    const indent = j - lineStart;
    const eol0 = text.indexOf('\n', j);
    const eol = eol0 < 0 ? n : eol0;
    const rest = text.charCodeAt(j);
    const blankLine = j >= eol || rest === CR || (rest === TAB && text.slice(j, eol).trim() === '');
    if (flow.length === 0) {
      if (++lines > limits.lines) return tooMany('lines', limits.lines, lineStart);
      if (scalarEntry >= 0) {
        if (scalarIndent < 0 && !blankLine && indent > scalarEntry) scalarIndent = indent;
        if (blankLine || (scalarIndent >= 0 && indent >= scalarIndent)) {
          i = eol + 1;
          continue;
        }
        scalarEntry = -1;
        scalarIndent = -1;
      }
      if (blankLine) {
        i = eol + 1;
        continue;
      }
      // Document markers and directives.
      if (indent === 0 && (text.startsWith('---', j) || text.startsWith('...', j)) && isBlank(text.charCodeAt(j + 3))) {
        block.length = 0;
        j += 3;
      } else if (indent === 0 && rest === 0x25 /* % */) {
        i = eol + 1;
        continue;
      }
    }
    // The line's content, from j to eol (a flow collection or a quoted scalar may carry it past eol).
    let keyCol = -1; // where the current entry's key began on this line
    let entryCol = indent; // the column of the innermost block entry of this line
    let lineEnd = eol;
    for (;;) {
      if (j >= lineEnd) {
        // A flow collection open at the end of the line goes on with the next line.
        if (flow.length === 0 || lineEnd >= n) break;
        if (++lines > limits.lines) return tooMany('lines', limits.lines, lineEnd + 1);
        j = lineEnd + 1;
        lineEnd = eolFrom(j);
        continue;
      }
      const c = text.charCodeAt(j);
      if (c === SPACE || c === TAB || c === CR) {
        j++;
        continue;
      }
      const col = j - lineStart;
      const next = text.charCodeAt(j + 1);
      if (c === 0x23 /* # */ && (j === lineStart || isBlank(text.charCodeAt(j - 1)))) {
        j = lineEnd; // a comment
        continue;
      }
      if (flow.length > 0) {
        if (c === 0x5b || c === 0x7b) {
          flow.push(c);
          const p = collection(j) ?? (c === 0x7b ? key(j) : undefined);
          if (p) return p;
          if (block.length + flow.length > limits.depth) return tooDeep(j);
          j++;
        } else if (c === 0x5d || c === 0x7d) {
          flow.pop();
          j++;
        } else if (c === 0x2c) {
          if (flow[flow.length - 1] === 0x7b) {
            const p = key(j);
            if (p) return p;
          }
          j++;
        } else if (c === 0x3a /* : */ && (isBlank(next) || next === 0x2c || next === 0x5d || next === 0x7d || (j > 0 && (text.charCodeAt(j - 1) === 0x22 || text.charCodeAt(j - 1) === 0x27)))) {
          if (flow[flow.length - 1] === 0x5b) {
            const p = key(j);
            if (p) return p;
          }
          j++;
        } else if (c === 0x3f /* ? */ && isBlank(next)) {
          const p = key(j);
          if (p) return p;
          j++;
        } else if (c === 0x22 || c === 0x27) {
          const p = node(j);
          if (p) return p;
          j = quoted(j);
          if (lines > limits.lines) return tooMany('lines', limits.lines, j);
          if (j > lineEnd) lineEnd = eolFrom(j);
        } else if (c === 0x26 || c === 0x2a /* & * */) {
          const p = anchor(j) ?? (c === 0x2a ? node(j) : undefined);
          if (p) return p;
          j = name(j);
        } else if (c === 0x21 /* ! */) {
          j = name(j);
        } else {
          // A plain scalar inside a flow collection: up to a flow indicator, ": " or the end of the line.
          const p = node(j);
          if (p) return p;
          j++;
          while (j < lineEnd) {
            const d = text.charCodeAt(j);
            if (d === 0x2c || d === 0x5b || d === 0x5d || d === 0x7b || d === 0x7d) break;
            if (d === 0x3a && (isBlank(text.charCodeAt(j + 1)) || text.charCodeAt(j + 1) === 0x2c)) break;
            if (d === 0x23 && isBlank(text.charCodeAt(j - 1))) break;
            j++;
          }
        }
        continue;
      }
      // Block context.
      if ((c === 0x2d /* - */ || c === 0x3f /* ? */ || c === 0x3a /* : */) && isBlank(next)) {
        if (c === 0x2d) {
          const p = enterBlock(col, true, j);
          if (p) return p;
          entryCol = col;
        } else {
          const at = c === 0x3a && keyCol >= 0 ? keyCol : col;
          const p = key(j) ?? enterBlock(at, false, j);
          if (p) return p;
          entryCol = at;
        }
        keyCol = -1;
        j++;
        continue;
      }
      if (c === 0x7c || c === 0x3e /* | > */) {
        // A block scalar. With an explicit indentation (|2) its lines are read as any others: counted, not skipped.
        const p = node(j);
        if (p) return p;
        if (!/^[|>][-+]?(?:\s|#|$)/.test(text.slice(j, Math.min(lineEnd, j + 3)).replace(/\r$/, ''))) {
          j++;
          continue;
        }
        scalarEntry = entryCol;
        break;
      }
      if (c === 0x5b || c === 0x7b) {
        if (keyCol < 0) keyCol = col;
        flow.push(c);
        const p = collection(j) ?? (c === 0x7b ? key(j) : undefined);
        if (p) return p;
        if (block.length + flow.length > limits.depth) return tooDeep(j);
        j++;
        continue;
      }
      if (keyCol < 0) keyCol = col;
      if (c === 0x22 || c === 0x27) {
        const p = node(j);
        if (p) return p;
        // Over several lines, what follows the closing quote is read with the rest of its line.
        j = quoted(j);
        if (lines > limits.lines) return tooMany('lines', limits.lines, j);
        if (j > lineEnd) lineEnd = eolFrom(j);
        continue;
      }
      if (c === 0x26 || c === 0x2a || c === 0x21) {
        const p = c === 0x21 ? undefined : (anchor(j) ?? (c === 0x2a ? node(j) : undefined));
        if (p) return p;
        j = name(j);
        continue;
      }
      // A plain scalar: to ": " (then it was a key), " #" or the end of the line. The lines that continue a plain
      // value over several lines are read as any others (their text counted as values, on the safe side).
      const p = node(j);
      if (p) return p;
      j++;
      while (j < lineEnd) {
        const d = text.charCodeAt(j);
        if (d === 0x3a && isBlank(text.charCodeAt(j + 1))) break;
        if (d === 0x23 && isBlank(text.charCodeAt(j - 1))) break;
        j++;
      }
    }
    i = lineEnd + 1;
  }
  return undefined;
}

/** The line and column (from 1) of `offset` in `text`. */
export function linePos(text: string, offset: number): [number, number] {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return [line, offset - last];
}

/**
 * Whether a record read by the quick path (parse-lines.ts: a mapping of fields holding scalars and lists of
 * scalars) is within `limits`, counted as yamlShapeProblem counts it, from the record itself: the quick path is
 * linear whatever the text holds, and this keeps a limit the same however a record is laid out.
 */
export function simpleRecordWithin(record: object, text: string, limits: ShapeLimits = RECORD_SHAPE): boolean {
  let keys = 0;
  let nodes = 1; // the mapping itself
  let collections = 1;
  for (const v of Object.values(record)) {
    keys++;
    nodes += 2; // the key, and its value (a scalar or a list)
    if (Array.isArray(v)) {
      collections++;
      nodes += v.length;
    }
  }
  if (keys > limits.keys || nodes > limits.nodes || collections > limits.collections) return false;
  if (text.length <= limits.lines) return true; // fewer characters than the limit of lines
  let lines = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) if (++lines > limits.lines) return false;
  return true;
}
