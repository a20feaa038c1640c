// Tests that cannot lie: no assertion that runs only sometimes. An `if` whose one branch asserts and the other
// does not lets a case pass without checking anything; assert on a value that covers both (a ternary, `??`).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

/** True when `n` holds an expect(...) call. */
function asserts(n: ts.Node | undefined): boolean {
  if (!n) return false;
  if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'expect') return true;
  return ts.forEachChild(n, (c) => (asserts(c) ? true : undefined)) ?? false;
}

/** The lines of `if` statements that assert in one branch only. */
export function halfAsserted(file: string, text: string): number[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: number[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isIfStatement(n) && asserts(n.thenStatement) !== asserts(n.elseStatement)) out.push(source.getLineAndCharacterOfPosition(n.getStart(source)).line + 1);
    ts.forEachChild(n, visit);
  };
  visit(source);
  return out;
}

describe('assertions behind an if', () => {
  it('are found', () => {
    expect(halfAsserted('a.ts', 'if (x) expect(1).toBe(1);\nif (y) { a(); } else { expect(2).toBe(2); }\nif (z) expect(1).toBe(1); else expect(2).toBe(2);\n')).toEqual([1, 2]);
  });

  const dir = path.join(ROOT, 'test');
  const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
  it.each(files)('none in test/%s', (f) => {
    expect(halfAsserted(f, readFileSync(path.join(dir, f), 'utf8'))).toEqual([]);
  });
});
