// Builds dist/ from src/: tsc checks the types, esbuild writes bundled files. Start-up time is what a command-line
// tool is judged by, so the command line is one CommonJS file (dist/cli.cjs) with V8's code cache beside it
// (dist/cli.cache, see bin/load-cli.cjs); the library (dist/index.js) is an ES module with shared chunks for what
// it loads on demand.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { asciiOnly } from './ascii.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/**
 * commander is loaded by every run, so it is bundled into the entry (node's CommonJS loader and the module
 * resolution it would go through cost several milliseconds). It requires node:child_process only to run
 * executable subcommands, which reports has none: that module (and the network modules it loads) is required
 * on first use instead of at start.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'lazy-child-process', namespace: 'lazy' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents: `let m; module.exports = new Proxy({}, { get: (_, k) => (m ??= require('node:child_process'))[k] });`,
      loader: 'js',
      resolveDir: '.',
    }));
  },
};

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
// Bundled rather than loaded: commander (above), and fast-string-width (an ES module whose default export a
// CommonJS bundle would get wrapped in its namespace; 5 KB with its one dependency).
const BUNDLED = new Set(['commander', 'fast-string-width']);
const external = Object.keys(pkg.dependencies).filter((name) => !BUNDLED.has(name));

// The library: an ES module, its parts loaded on demand in chunks of their own.
await build({
  entryPoints: { index: 'src/index.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  plugins: [lazyChildProcess],
  // Bundled CommonJS (commander) requires node's own modules: give it a require.
  banner: { js: "import { createRequire as __reportsRequire } from 'node:module'; const require = __reportsRequire(import.meta.url);" },
  chunkNames: 'chunk-[hash]',
  sourcemap: true,
  logLevel: 'warning',
});

// The command line: one CommonJS file. Node loads one CommonJS file sooner than an ES module and the 20-odd
// chunks a command needs (`list --year` of 10,000 records: 0.95x, interleaved pairs), and only a script (not a
// module) can be given V8's code cache on Node 20. What a command loads on demand is still run only on demand
// (esbuild wraps it in a function called on first use). The packages stay outside; those that are ES modules
// only are loaded by require(), which Node does from 20.19 (package.json's engines).
/**
 * The web server's packages (hono, @hono/node-server: some 30 files) are one file of their own, dist/hono.cjs,
 * loaded by `reports serve` only: one file read and compiled instead of thirty resolved, read and compiled
 * (10,000 records, interleaved pairs on a loaded machine: the address printed 0.83-0.84x as soon, the first page
 * 0.87x and 1.02x in two runs of 16 and 12 pairs, the server's processor time until then 0.84x and 0.97x). dist/cli.cjs,
 * which every command reads, stays as it was (bundled into it, they made it 131 KB larger).
 */
const HONO = /^(hono|hono\/body-limit|@hono\/node-server)$/;
const honoFile = {
  name: 'hono-file',
  setup(b) {
    b.onResolve({ filter: HONO }, () => ({ path: './hono.cjs', external: true }));
  },
};

/** What the two CommonJS files below are built with. */
const commonJs = { outdir: 'dist', outExtension: { '.js': '.cjs' }, bundle: true, format: 'cjs', platform: 'node', target: 'node20' };

await build({
  ...commonJs,
  entryPoints: { cli: 'src/cli.ts' },
  external,
  plugins: [lazyChildProcess, honoFile],
  // The sources find files beside them (package.json, parse-sync.cjs) from import.meta.url.
  define: { 'import.meta.url': '__reportsUrl' },
  // import() in a script run by node:vm needs a callback that Node 20 calls experimental, and code read from a
  // code cache loses it: esbuild writes require() instead (packages that are ES modules only, such as chalk, are
  // loaded by require(), as above). The check after the build makes sure that none is left.
  supported: { 'dynamic-import': false },
  // Strict, as the ES modules of src/ are: the directive must come first, before the banner's statement.
  banner: { js: "'use strict'; const __reportsUrl = require('node:url').pathToFileURL(__filename).href;" },
  sourcemap: true,
  logLevel: 'warning',
});
// What dist/cli.cjs loads for hono (see honoFile above).
await build({
  ...commonJs,
  outdir: undefined,
  outfile: 'dist/hono.cjs',
  stdin: {
    contents: "export { Hono } from 'hono'; export { bodyLimit } from 'hono/body-limit'; export { createAdaptorServer } from '@hono/node-server';",
    resolveDir: fileURLToPath(new URL('..', import.meta.url)),
    loader: 'js',
  },
  logLevel: 'warning',
});
// The library for require() (package.json's "require" condition): one CommonJS file, the packages outside.
await build({
  ...commonJs,
  entryPoints: { index: 'src/index.ts' },
  external,
  define: { 'import.meta.url': '__reportsUrl' },
  banner: { js: "'use strict'; const __reportsUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});
// ASCII only (scripts/ascii.mjs): node then makes a one-byte string of the file, which it reads and V8 scans
// faster (0.5 ms against 2.6 ms to decode the 560 KB).
const cliUrl = new URL('../dist/cli.cjs', import.meta.url);
const escaped = asciiOnly(readFileSync(cliUrl, 'utf8'), 'dist/cli.cjs');
writeFileSync(cliUrl, escaped);
if (/\bimport\(/.test(escaped)) throw new Error('dist/cli.cjs calls import(): bin/load-cli.cjs cannot run it with a code cache');

// The parser once more, as CommonJS: a record whose cache entry turns out damaged after the archive was loaded
// must be parsed again synchronously (a record's fields are read synchronously), and the parser is not loaded on
// a warm run. require() loads this file at that moment, whatever was loaded before (see archive.ts).
await build({
  ...commonJs,
  entryPoints: { 'parse-sync': 'src/store/parse.ts' },
  external: Object.keys(pkg.dependencies),
  logLevel: 'warning',
});

// V8's code cache of the command line, made by a plain node process (a cache is used only by a process with the
// same V8 flags) after a few typical runs, so that it holds the functions they compiled.
const made = spawnSync(process.execPath, [fileURLToPath(new URL('./code-cache.cjs', import.meta.url))], {
  stdio: 'inherit',
  env: { ...process.env, NODE_OPTIONS: '' },
});
if (made.status !== 0) throw new Error('could not make dist/cli.cache (scripts/code-cache.cjs)');
