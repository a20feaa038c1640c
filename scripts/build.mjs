// Builds dist/ from src/: tsc checks the types, esbuild writes a few bundled files (one per entry point plus
// shared chunks for what commands load on demand). Fewer, larger modules start faster than one per source file,
// and start-up time is what a command-line tool is judged by.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli.ts', 'parse-worker': 'src/store/parse-worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: 'chunk-[hash]',
  sourcemap: true,
  logLevel: 'warning',
});
