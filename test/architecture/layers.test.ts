// The modules of src/ (scripts/check-layers.mjs): the real tree has no forbidden import, and every rule catches
// what it forbids in a tree made for the test (with the imported files there, so TypeScript resolves them).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers.js';
import { PACKAGES, RULES, violations } from '../../scripts/check-layers.mjs';

type Violation = { file: string; line: number; spec: string; rule: string };
const rules = RULES as Record<string, { may: string[] }>;

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** A src/ folder holding `files` (relative path -> text). */
function tree(files: Record<string, string>): string {
  const top = tempDir('reports-layers-');
  made.push(top);
  const src = path.join(top, 'src');
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(src, rel)), { recursive: true });
    writeFileSync(path.join(src, rel), text);
  }
  return src;
}

/** A file of a module: `x/` -> x/a.ts, `x.ts` -> x.ts. */
const fileOf = (m: string) => (m.endsWith('/') ? `${m}a.ts` : m);
/** The specifier of `to`'s file as `from`'s file imports it. */
const specOf = (from: string, to: string) => {
  const rel = path.posix.relative(path.posix.dirname(fileOf(from)), fileOf(to)).replace(/\.ts$/, '.js');
  return rel.startsWith('.') ? rel : `./${rel}`;
};
const found = (src: string) => (violations(src) as Violation[]).map((v) => `${v.file}:${v.line} ${v.rule}`);

describe('the modules of src/', () => {
  it('the project has no forbidden import', () => {
    expect(found(path.join(ROOT, 'src'))).toEqual([]);
  });

  it('every module of src/ has its rule', () => {
    const modules = new Set(
      (violations(path.join(ROOT, 'src')) as Violation[]).filter((v) => v.rule.includes('has no rule')).map((v) => v.file),
    );
    expect([...modules]).toEqual([]);
    expect(Object.keys(rules).length).toBeGreaterThanOrEqual(15);
  });

  // One case per module and per module it may not import: the rule is exactly what the table says.
  const forbidden = Object.entries(rules).flatMap(([from, r]) =>
    Object.keys(rules)
      .filter((to) => to !== from && !r.may.includes(to))
      .map((to) => [from, to] as const),
  );
  it.each(forbidden)('%s importing %s is refused', (from, to) => {
    const src = tree({ [fileOf(to)]: 'export const x = 1;\n', [fileOf(from)]: `\nimport { x } from '${specOf(from, to)}';\nexport const y = x;\n` });
    expect(found(src)).toEqual([`${fileOf(from)}:2 ${from} may not import ${to}`]);
  });

  const allowed = Object.entries(rules).flatMap(([from, r]) => r.may.map((to) => [from, to] as const));
  it.each(allowed)('%s importing %s is allowed', (from, to) => {
    const src = tree({ [fileOf(to)]: 'export const x = 1;\n', [fileOf(from)]: `import { x } from '${specOf(from, to)}';\nexport const y = x;\n` });
    expect(found(src)).toEqual([]);
  });

  it.each([
    ['app/a.ts', "import { Command } from 'commander';", 'commander is imported only in commands/, cli.ts'],
    ['render/a.ts', "import select from '@inquirer/select';", '@inquirer/select is imported only in prompts/'],
    ['app/a.ts', "import chalk from 'chalk';", 'chalk is imported only in render/'],
    ['app/a.ts', "import { Hono } from 'hono';", 'hono is imported only in serve/, commands/'],
    ['app/a.ts', "import { readFileSync } from 'node:fs';", 'app/ reaches the disk and other programs through store/'],
    ['app/a.ts', "import { readFile } from 'fs/promises';", 'app/ reaches the disk and other programs through store/'],
    ['app/a.ts', "const { spawnSync } = await import('node:child_process');", 'app/ reaches the disk and other programs through store/'],
    ['app/a.ts', "const fs = process.getBuiltinModule('node:fs');", 'app/ reaches the disk and other programs through store/'],
    ['app/a.ts', 'export const cwd = () => process.cwd();', 'app/ uses no process.*: take it from the AppEnv'],
  ])('%s: %s is refused', (file, text, rule) => {
    const all = violations(tree({ [file]: `${text}\n` })) as Violation[];
    expect(all.map((v) => v.rule)).toContain(rule);
    expect(all.every((v) => v.line === 1)).toBe(true);
  });

  it('each package rule is tested above', () => {
    expect((PACKAGES as unknown[]).length).toBe(5);
  });

  it.each([
    ['a URL in a string does not hide the code after it', "const u = 'https://example.org/'; const m = await import('../commands/a.js');", ['app/a.ts:1 app/ may not import commands/']],
    ['nor does one in a template', "const u = `http://x//y`; export { x } from '../commands/a.js';", ['app/a.ts:1 app/ may not import commands/']],
    ['process after a URL is seen', "const u = 'http://x'; export const f = () => process.exit(1);", ['app/a.ts:1 app/ uses no process.*: take it from the AppEnv']],
    ['an import in a comment is not an import', "// import { x } from '../commands/a.js';\n/* import('../commands/a.js') */", []],
    ['an import in a string is not an import', "export const s = \"import { x } from '../commands/a.js'\";", []],
    ['require() is an import', "const m = require('../commands/a.js');", ['app/a.ts:1 app/ may not import commands/']],
    ['a type import is an import', "type T = import('../commands/a.js').T;\nexport type { T };", ['app/a.ts:1 app/ may not import commands/']],
    ['a folder resolves to its index', "import { x } from '../commands/index.js';\nimport '../store';", ['app/a.ts:1 app/ may not import commands/']],
    ['a path through another folder lands where it resolves', "import { x } from '../model/../commands/a.js';", ['app/a.ts:1 app/ may not import commands/']],
  ])('%s', (_name, text, expected) => {
    const src = tree({ 'commands/a.ts': 'export const x = 1;\n', 'commands/index.ts': 'export const x = 1;\n', 'store/index.ts': 'export {};\n', 'model/a.ts': '', 'app/a.ts': `${text}\n` });
    expect(found(src)).toEqual(expected);
  });

  it('a root file is a module of its own: a new one without a rule is refused', () => {
    expect(found(tree({ 'fresh.ts': 'export const x = 1;\n' }))).toEqual(['fresh.ts:1 fresh.ts has no rule: say what it may import in scripts/check-layers.mjs']);
  });

  it('root files do not form one group: query.ts may not import search.ts', () => {
    const src = tree({ 'search.ts': 'export const x = 1;\n', 'query.ts': "import { x } from './search.js';\nexport const y = x;\n" });
    expect(found(src)).toEqual(['query.ts:1 query.ts may not import search.ts']);
  });

  it('the command prints each finding and exits 1; 0 on src/', async () => {
    const { spawnSync } = await import('node:child_process');
    const script = path.join(ROOT, 'scripts', 'check-layers.mjs');
    const bad = spawnSync(process.execPath, [script, tree({ 'checks/a.ts': "import { x } from '../store/a.js';\n", 'store/a.ts': 'export const x = 1;\n' })], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe("src/checks/a.ts:1: ../store/a.js (checks/ may not import store/)\n1 forbidden import\n");
    const good = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    expect(good.stdout).toBe('layers: no forbidden import\n');
    expect(good.status).toBe(0);
  });
});
