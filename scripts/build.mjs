// Builds dist/ from src/: tsc checks the types, esbuild writes a few bundled files (one per entry point plus
// shared chunks for what commands load on demand). Fewer, larger modules start faster than one per source file,
// and start-up time is what a command-line tool is judged by.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

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
await build({
  entryPoints: { cli: 'src/cli.ts', index: 'src/index.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: Object.keys(pkg.dependencies).filter((name) => name !== 'commander'),
  plugins: [lazyChildProcess],
  // Bundled CommonJS (commander) requires node's own modules: give it a require.
  banner: { js: "import { createRequire as __reportsRequire } from 'node:module'; const require = __reportsRequire(import.meta.url);" },
  chunkNames: 'chunk-[hash]',
  sourcemap: true,
  logLevel: 'warning',
});

// The parser once more, as CommonJS: a record whose cache entry turns out damaged after the archive was loaded
// must be parsed again synchronously (a record's fields are read synchronously), and the parser is not loaded on
// a warm run. require() loads this file at that moment, whatever was loaded before (see archive.ts).
await build({
  entryPoints: { 'parse-sync': 'src/store/parse.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: Object.keys(pkg.dependencies),
  logLevel: 'warning',
});
