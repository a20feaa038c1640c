#!/usr/bin/env node
// The modules of src/ and what each may import. Prints each forbidden import as `src/file:line: spec (rule)` and
// exits 1 when there is one; `node scripts/check-layers.mjs [srcDir]`.
//
// Imports are read by the TypeScript parser (import and export declarations, import(), require(), import types;
// never text inside comments or strings) and resolved by TypeScript's own module resolution (NodeNext: `./x.js` is
// ./x.ts, a folder is its index), so what is checked is the file the compiler would load.
//
// One rule per module: each folder of src/ is a module, and so is each file at its root; a module without a rule is
// itself an error, so a new one is placed on purpose.
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * What each module may import of ours besides itself: `folder/` for a folder of src/, `name.ts` for a root file.
 *
 *   model/    types, the record schema, page and series-line reading: pure, imports nothing of ours but model/
 *   checks/   record and numbering rules: pure functions of model/ types
 *   render/   strings out (terminal, findings, exports)
 *   prompts/  the terminal adapter of the questions (model/questions.ts): the only place that imports inquirer
 *   store/    the archive on disk: load, cache, write, lock, output, git
 *   app/      the use cases: typed input and environment in, typed result out
 *   serve/    the web face (reports serve): pages, the JSON API and OAI-PMH over the use cases
 *   commands/ thin command-line commands; cli.ts builds the program; index.ts is the library
 */
export const RULES = {
  'errors.ts': { may: [], what: 'the errors a user can cause' },
  'distance.ts': { may: [], what: 'edit distance' },
  'tokens.ts': { may: [], what: 'the words of a text, for search' },
  'timing.ts': { may: [], what: 'REPORTS_TIMING phases' },
  'query.ts': { may: ['model/', 'errors.ts'], what: 'filters and sorts of records' },
  'search.ts': { may: ['model/', 'store/', 'distance.ts', 'tokens.ts', 'timing.ts'], what: 'the kept search index' },
  'model/': { may: ['errors.ts', 'distance.ts'], what: 'the record and its parts' },
  'checks/': { may: ['model/', 'errors.ts', 'distance.ts'], what: 'rules over records' },
  'render/': { may: ['model/', 'checks/', 'errors.ts', 'query.ts'], what: 'strings out' },
  'prompts/': { may: ['model/', 'checks/'], what: 'the terminal adapter of the questions' },
  'store/': { may: ['model/', 'checks/', 'errors.ts', 'timing.ts', 'distance.ts', 'tokens.ts'], what: 'the disk' },
  'app/': { may: ['model/', 'checks/', 'render/', 'store/', 'errors.ts', 'query.ts', 'search.ts', 'timing.ts'], what: 'the use cases' },
  'serve/': { may: ['app/', 'model/', 'checks/', 'render/', 'store/', 'errors.ts', 'query.ts', 'search.ts'], what: 'the web face: pages, API, OAI-PMH' },
  'commands/': {
    may: ['app/', 'serve/', 'model/', 'checks/', 'render/', 'prompts/', 'store/', 'errors.ts', 'query.ts', 'search.ts', 'timing.ts'],
    what: 'one file per command',
  },
  'cli.ts': { may: ['commands/', 'render/', 'errors.ts', 'timing.ts'], what: 'the program' },
  'index.ts': { may: ['app/', 'model/', 'checks/', 'store/', 'errors.ts', 'query.ts'], what: 'the library' },
};

/** Packages (and node's modules) only some modules may import. */
export const PACKAGES = [
  { name: /^commander$/, only: ['commands/', 'cli.ts'] },
  { name: /^@inquirer\//, only: ['prompts/'] },
  { name: /^chalk$/, only: ['render/'] },
  { name: /^hono$|^hono\/|^@hono\//, only: ['serve/', 'commands/'] },
  // The use cases reach the disk, other programs and the network through store/ (and their AppEnv).
  { name: /^(node:)?(fs|fs\/promises|child_process|net|http|https|os)$/, not: ['app/'], why: 'app/ reaches the disk and other programs through store/' },
];

/** The module of a file (path relative to src/, forward slashes): `folder/` or the root file's name. */
export function moduleOf(rel) {
  const parts = rel.split('/');
  return parts.length > 1 ? `${parts[0]}/` : parts[0].replace(/\.(mts|cts|ts|js|mjs)$/, '.ts');
}

/** The specifiers a file imports, with their lines: declarations, import(), require(), import types. */
export function importsOf(fileName, text) {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out = [];
  const add = (lit) => {
    if (lit && ts.isStringLiteralLike(lit)) out.push({ spec: lit.text, line: source.getLineAndCharacterOfPosition(lit.getStart(source)).line + 1 });
  };
  const visit = (n) => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier) add(n.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference)) add(n.moduleReference.expression);
    else if (ts.isCallExpression(n) && (n.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(n.expression) && n.expression.text === 'require'))) add(n.arguments[0]);
    else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument)) add(n.argument.literal);
    else if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'getBuiltinModule') add(n.arguments[0]);
    ts.forEachChild(n, visit);
  };
  visit(source);
  return out;
}

const OPTIONS = { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, allowJs: true };
const BUILTIN = new Set(builtinModules);

/** Where a relative import lands: TypeScript's resolution, else (a file not there yet) the path it names. */
function resolve(spec, from) {
  const r = ts.resolveModuleName(spec, from, OPTIONS, ts.sys).resolvedModule;
  if (r && !r.isExternalLibraryImport) return r.resolvedFileName;
  return path.resolve(path.dirname(from), spec).replace(/\.(m|c)?js$/, '.$1ts');
}

function sourceFiles(srcDir) {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else if (/\.(m|c)?ts$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(abs);
    }
  };
  walk(srcDir);
  return out;
}

/** The forbidden imports under srcDir, with the rule each breaks. */
export function violations(srcDir) {
  const found = [];
  const rel = (abs) => path.relative(srcDir, abs).split(path.sep).join('/');
  for (const abs of sourceFiles(srcDir)) {
    const file = rel(abs);
    const from = moduleOf(file);
    const rule = RULES[from];
    if (!rule) {
      found.push({ file, line: 1, spec: file, rule: `${from} has no rule: say what it may import in scripts/check-layers.mjs` });
      continue;
    }
    for (const { spec, line } of importsOf(abs, readFileSync(abs, 'utf8'))) {
      if (spec.startsWith('.') || path.isAbsolute(spec)) {
        const target = rel(resolve(spec, abs));
        if (target.startsWith('..') || path.isAbsolute(target)) {
          found.push({ file, line, spec, rule: `${from} imports outside src/` });
          continue;
        }
        const to = moduleOf(target);
        if (to === from || rule.may.includes(to)) continue;
        found.push({ file, line, spec, rule: `${from} may not import ${to}` });
        continue;
      }
      const bare = spec.replace(/^node:/, '');
      for (const p of PACKAGES) {
        const name = BUILTIN.has(bare) ? `node:${bare}` : spec;
        if (!p.name.test(name) && !p.name.test(spec)) continue;
        if (p.only && !p.only.includes(from)) found.push({ file, line, spec, rule: `${spec} is imported only in ${p.only.join(', ')}` });
        if (p.not?.includes(from)) found.push({ file, line, spec, rule: p.why });
      }
    }
    // The use cases touch the outside world only through their environment.
    if (from === 'app/') for (const use of processUses(abs)) found.push({ file, line: use.line, spec: use.text, rule: 'app/ uses no process.*: take it from the AppEnv' });
  }
  return found;
}

/** Every `process` the code (not its comments or strings) names, with its line. */
function processUses(abs) {
  const text = readFileSync(abs, 'utf8');
  const source = ts.createSourceFile(abs, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out = [];
  const visit = (n) => {
    if (ts.isIdentifier(n) && n.text === 'process' && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n) && !ts.isQualifiedName(n.parent)) {
      const line = source.getLineAndCharacterOfPosition(n.getStart(source)).line;
      out.push({ line: line + 1, text: text.split('\n')[line].trim() });
    }
    ts.forEachChild(n, visit);
  };
  visit(source);
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const src = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src'));
  const found = violations(src);
  for (const v of found) console.log(`src/${v.file}:${v.line}: ${v.spec} (${v.rule})`);
  if (found.length > 0) {
    console.log(`${found.length} forbidden import${found.length === 1 ? '' : 's'}`);
    process.exit(1);
  }
  console.log('layers: no forbidden import');
}
