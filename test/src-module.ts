// Some tests run a module of src/ in a process of its own (to kill it mid-write, or while it holds the lock).
// dist/ is bundled, so such a module has no file of its own there: bundle it for the test, into a folder
// inside the project so that its packages resolve from node_modules.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { ROOT } from './helpers.js';

const OUT = path.join(ROOT, 'node_modules', '.cache', 'reports-test');

/** The path of an ES module built from `src/<rel>.ts`, to import from a child process. */
export async function srcModule(rel: string): Promise<string> {
  mkdirSync(OUT, { recursive: true });
  const outfile = path.join(OUT, `${rel.replace(/[\\/]/g, '-')}-${process.pid}.mjs`);
  await build({
    entryPoints: [path.join(ROOT, 'src', `${rel}.ts`)],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  return outfile;
}
