#!/usr/bin/env node
// The layers of src/ and the imports allowed between them. Prints each forbidden import as
// `file:line: from -> to (rule)` and exits 1 when there is one; `node scripts/check-layers.mjs [srcDir]`.
//
//   model/    types, the record schema, page and series-line reading: pure, imports nothing of ours but model/
//   checks/   record and numbering rules: pure functions of model/ types
//   render/   strings out (terminal, findings, exports)
//   prompts/  the terminal adapter of the questions (model/questions.ts): the only place that imports inquirer
//   store/    the archive on disk: load, cache, write, lock, output
//   app/      the use cases: one per command, typed input and environment in, typed result out
//   commands/ thin command-line commands; cli.ts builds the program
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Which layers each layer may import (besides itself). Root-level modules (errors, query, search, ...) are "core". */
export const ALLOWED = {
  model: ['core:errors', 'core:distance'],
  checks: ['model', 'core:errors', 'core:distance'],
  render: ['model', 'checks', 'core'],
  prompts: ['model', 'checks'],
  store: ['model', 'checks', 'core'],
  core: ['model', 'checks', 'store', 'core'],
  app: ['model', 'checks', 'render', 'store', 'core'],
  commands: ['model', 'checks', 'render', 'prompts', 'store', 'core', 'app'],
  cli: ['commands', 'render', 'core', 'app', 'model', 'store'],
  index: ['app', 'model', 'checks', 'render', 'store', 'core'],
};

/** Packages only some layers may import. */
export const PACKAGES = [
  { name: /^commander$/, only: ['commands', 'cli'] },
  { name: /^@inquirer\//, only: ['prompts'] },
  { name: /^chalk$/, only: ['render'] },
];

/** The layer of a file (path relative to src/, forward slashes), and for core files their name. */
export function layerOf(rel) {
  const parts = rel.split('/');
  if (parts.length > 1) return { layer: parts[0], name: parts[0] };
  const base = parts[0].replace(/\.(ts|js|mjs)$/, '');
  if (base === 'cli') return { layer: 'cli', name: 'cli' };
  if (base === 'index') return { layer: 'index', name: 'index' };
  return { layer: 'core', name: `core:${base}` };
}

const IMPORT = /(?:^|[^\w.])(?:import|export)\s*(?:type\s+)?(?:[^'"`;]*?\sfrom\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every import of every .ts file below srcDir: { file, line, spec }. */
export function imports(srcDir) {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else if (/\.ts$/.test(e.name) && !e.name.endsWith('.d.ts')) {
        const text = readFileSync(abs, 'utf8');
        for (const m of text.matchAll(IMPORT)) {
          const spec = m[1] ?? m[2];
          const line = text.slice(0, m.index).split('\n').length;
          out.push({ file: path.relative(srcDir, abs).split(path.sep).join('/'), line, spec });
        }
      }
    }
  };
  walk(srcDir);
  return out;
}

/** The forbidden imports under srcDir, with the rule each breaks. */
export function violations(srcDir) {
  const found = [];
  for (const { file, line, spec } of imports(srcDir)) {
    const from = layerOf(file);
    if (spec.startsWith('.')) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\.js$/, '.ts');
      if (target.startsWith('..')) continue;
      const to = layerOf(target);
      if (to.layer === from.layer && from.layer !== 'core') continue;
      if (from.layer === 'core' && to.layer === 'core') continue;
      const allowed = ALLOWED[from.layer] ?? [];
      const ok = allowed.includes(to.layer) || allowed.includes(to.name);
      if (!ok) found.push({ file, line, spec, rule: `${from.layer}/ may not import ${to.layer === 'core' ? to.name.slice(5) + '.ts' : to.layer + '/'}` });
    } else {
      for (const p of PACKAGES) {
        if (p.name.test(spec) && !p.only.includes(from.layer)) found.push({ file, line, spec, rule: `${spec} is imported only in ${p.only.join(', ')}` });
      }
    }
  }
  // The use cases touch the outside world only through their environment.
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else if (e.name.endsWith('.ts')) {
        readFileSync(abs, 'utf8')
          .split('\n')
          .forEach((text, i) => {
            if (/\bprocess\.(env|stdout|stderr|stdin|exit|argv|cwd|on|once)\b/.test(text.replace(/\/\/.*$/, '')))
              found.push({ file: path.relative(srcDir, abs).split(path.sep).join('/'), line: i + 1, spec: text.trim(), rule: 'app/ uses no process.*: take it from the AppEnv' });
          });
      }
    }
  };
  try {
    walk(path.join(srcDir, 'app'));
  } catch {
    // no app/ folder
  }
  return found;
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
