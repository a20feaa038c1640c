// Import benchmark: 1,000 pages (4 in 5 pasted text, 1 in 5 saved HTML) imported with one `reports import --yes`,
// against `reports add --from-text <page> --no-input` run once per page (50 runs measured, scaled to 1,000).
// Run after `npm run build`: node bench/import.mjs [pages=1000] [adds=50]
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePages } from './import-pages.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'reports.js');
const N = Number(process.argv[2] ?? 1000);
const ADDS = Number(process.argv[3] ?? 50);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'reports-bench-import-'));
const env = { ...process.env, NO_COLOR: '1', REPORTS_CACHE_DIR: path.join(tmp, 'cache') };

function fresh(name) {
  const dir = path.join(tmp, name);
  cpSync(path.join(ROOT, 'archive'), dir, { recursive: true });
  return dir;
}
function time(args) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`reports ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-500)}`);
  return ms;
}

const pages = path.join(tmp, 'pages');
writePages(pages, N);
const a = fresh('archive-import');
const importMs = time(['--archive', a, 'import', '--yes', pages]);
const written = readdirSync(path.join(a, '2020')).length;

const b = fresh('archive-add');
const files = readdirSync(pages).sort().filter((f) => process.env.BENCH_TEXT_ONLY !== '1' || f.endsWith('.txt')).slice(0, ADDS);
let addMs = 0;
for (const f of files) addMs += time(['--archive', b, 'add', '--no-input', '--from-text', path.join(pages, f)]);
const perAdd = addMs / files.length;

console.log(`import of ${N} pages (${written} written): ${importMs.toFixed(0)} ms (${(importMs / N).toFixed(2)} ms a page)`);
console.log(`add --from-text: ${perAdd.toFixed(0)} ms a run (${files.length} runs measured); ${N} runs: ~${((perAdd * N) / 1000).toFixed(1)} s`);
console.log(`ratio: ${((perAdd * N) / importMs).toFixed(0)}x; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.availableParallelism()} cores`);
rmSync(tmp, { recursive: true, force: true });
