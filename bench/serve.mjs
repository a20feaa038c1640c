#!/usr/bin/env node
// npm run bench:serve [-- --sizes 10000,100000 --style add --requests 200]
//
// `reports serve` as a user meets it: the built CLI started on a synthetic archive (bench/generate.mjs, kept in
// $TMPDIR/reports-bench like the main benchmark's), then
// - first page: from the start of the process until the catalogue's first page is received, cold (no record
//   cache) and warm (the cache kept by the cold run);
// - search: /api/reports?q=...&limit=20 for the benchmark's queries, one after another, median and 95th percentile;
// - a report's page: /reports/<id>.html, median and 95th percentile (served from what the server holds);
// - memory: the process's peak resident size (VmHWM) after all of it.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const BIN = path.resolve(arg('bin', path.join(ROOT, 'bin', 'reports.js')));
const sizes = arg('sizes', '10000,100000').split(',').map(Number);
const style = arg('style', 'add');
const requests = Number(arg('requests', '200'));
const benchRoot = path.join(os.tmpdir(), 'reports-bench');
/** The main benchmark's searches: a common word, two words, a prefix, a typo, a word nearly every record has. */
const QUERIES = ['rural', 'small towns', 'revital', 'goverment debt', 'development', 'report', 'economic pattern', 'urbanization drive'];

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const fmt = (ms) => `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;

/** Start the server; resolve with its address, token and the time it took to print them. */
function start(dir, cache) {
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, '--archive', dir, 'serve', '--port', '0'], {
    env: { ...process.env, REPORTS_CACHE_DIR: cache, NO_COLOR: '1', REPORTS_NO_CACHE: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      const m = / at (http:\/\/[^/]+)\/\?token=(\S+)\n/.exec(out);
      if (m) resolve({ child, origin: m[1], token: m[2], t0, printed: performance.now() - t0 });
    });
    child.once('exit', (code) => reject(new Error(`reports serve exited (${code}) before it served`)));
  });
}

async function timed(url, token) {
  const t = performance.now();
  const r = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body = await r.text();
  if (r.status !== 200) throw new Error(`${url}: ${r.status} ${body.slice(0, 200)}`);
  return performance.now() - t;
}

function peakMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)[1]) / 1024;
}

async function stop(child) {
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await done;
}

for (const n of sizes) {
  const dir = path.join(benchRoot, `${style}-${n}`);
  mkdirSync(dir, { recursive: true });
  process.stderr.write(`archive of ${n} records (${style}) in ${dir}: generating if needed...\n`);
  generate(dir, n, style);
  const cache = path.join(benchRoot, `serve-cache-${style}-${n}`);
  rmSync(cache, { recursive: true, force: true });
  const year = readdirSync(dir).filter((y) => /^\d{4}$/.test(y)).sort().at(-1);
  const file = readdirSync(path.join(dir, year)).filter((f) => f.endsWith('.yaml')).sort()[0];
  const id = `${year}-${file.startsWith('special') ? 'S' : 'R'}${Number(/(\d+)\.yaml$/.exec(file)[1])}`;
  for (const run of ['cold', 'warm']) {
    const s = await start(dir, cache);
    try {
      await timed(`${s.origin}/`, s.token);
      const first = performance.now() - s.t0;
      const line = [`serve ${n} ${style} ${run}: first page ${fmt(first)} after start (address printed at ${fmt(s.printed)})`];
      if (run === 'warm') {
        const search = [];
        for (let i = 0; i < requests; i++) search.push(await timed(`${s.origin}/api/reports?q=${encodeURIComponent(QUERIES[i % QUERIES.length])}&limit=20`, s.token));
        const pages = [];
        for (let i = 0; i < Math.min(requests, 50); i++) pages.push(await timed(`${s.origin}/reports/${id}.html`, s.token));
        line.push(`search p50 ${fmt(pct(search, 50))} p95 ${fmt(pct(search, 95))}`, `report page p50 ${fmt(pct(pages, 50))} p95 ${fmt(pct(pages, 95))}`);
      }
      line.push(`peak ${Math.round(peakMiB(s.child.pid))} MiB`);
      console.log(line.join('; '));
    } finally {
      await stop(s.child);
    }
  }
}
