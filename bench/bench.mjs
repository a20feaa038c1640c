#!/usr/bin/env node
// npm run bench [-- --sizes 2000,10000,100000 --runs 5 --write]
//
// Times whole processes of the built CLI on synthetic archives, interleaved (each run goes once through every
// command), and prints medians, peak memory and the ratios the project holds itself to. The archives are kept
// in $TMPDIR/reports-bench between runs. --write records the figures in BENCHMARKS.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'reports.js');
const FLOOR = path.join(ROOT, 'bench', 'floor.mjs');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const sizes = arg('sizes', '2000,10000,100000').split(',').map(Number);
const runsFor = (n) => Number(arg('runs', n >= 100000 ? '1' : '5'));
const write = process.argv.includes('--write');
const benchRoot = path.join(os.tmpdir(), 'reports-bench');

/** Run once; wall time in ms and peak resident memory in MiB (when /usr/bin/time is there). */
function timeOnce(cmd, args, env) {
  const argv = TIME ? [TIME, ['-f', '%M', cmd, ...args]] : [cmd, args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv[1], { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  let mib;
  if (TIME) {
    const lines = r.stderr.trimEnd().split('\n');
    mib = Number(lines.pop()) / 1024;
    r.stderr = lines.join('\n');
  }
  return { ms, mib, status: r.status, stderr: r.stderr };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function touchAll(dir) {
  const now = new Date();
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile() && e.name.endsWith('.yaml')) utimesSync(path.join(e.parentPath, e.name), now, now);
  }
}

function benchSize(n) {
  const dir = path.join(benchRoot, String(n));
  mkdirSync(dir, { recursive: true });
  process.stderr.write(`archive of ${n} records in ${dir}: generating if needed...\n`);
  generate(dir, n);
  const cache = path.join(benchRoot, `cache-${n}`);
  const out = path.join(benchRoot, `out-${n}`);
  const env = { REPORTS_CACHE_DIR: cache, NO_COLOR: '1', REPORTS_NO_CACHE: '' };
  const node = process.execPath;
  const years = readdirSync(dir).filter((y) => /^\d{4}$/.test(y)).sort();
  const year = years[Math.floor(years.length / 2)];
  const r = (...args) => [node, [BIN, '--archive', dir, ...args]];
  let sites = 0;

  const commands = [
    { name: 'node -e ""', run: [node, ['-e', '']] },
    { name: 'floor: read + yaml parse', run: [node, [FLOOR, dir]] },
    { name: 'reports --version', run: [node, [BIN, '--version']] },
    { name: 'reports --help', run: [node, [BIN, '--help']] },
    { name: `list --year ${year} --json`, run: r('list', '--year', year, '--json') },
    { name: 'list --search ... --limit 20 --json', run: r('list', '--search', 'rural credit', '--limit', '20', '--json') },
    { name: 'show <id>', run: r('show', `${year}-R7`) },
    { name: 'validate --json (warm)', run: r('validate', '--json') },
    // Cold: every file's mtime changed. Afterwards the cache and the search index are refilled (untimed), so
    // the commands after it run warm as in every other run.
    {
      name: 'validate --json (cold)',
      run: r('validate', '--json'),
      before: () => touchAll(dir),
      after: () => timeOnce(node, [BIN, '--archive', dir, 'list', '--search', 'refill', '--limit', '1'], env),
    },
    { name: 'export json', run: r('export', 'json', '--out', path.join(out, 'reports.json')) },
    // A new folder each run: removing the last run's 30,000 files just before would time the disk's clean-up
    // (on this machine's ext4 with discard, it slows the next writes severalfold), not the export.
    { name: 'export html', run: () => r('export', 'html', '--out', path.join(out, `site-${++sites}`)) },
  ];
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // One untimed pass fills the cache and the file system's page cache.
  const argv = (c) => (typeof c.run === 'function' ? c.run() : c.run);
  for (const c of commands) timeOnce(...argv(c), env);

  const runs = runsFor(n);
  const samples = new Map(commands.map((c) => [c.name, { ms: [], mib: [], status: 0, stderr: '' }]));
  for (let i = 0; i < runs; i++) {
    process.stderr.write(`  run ${i + 1}/${runs}\n`);
    for (const c of commands) {
      c.before?.();
      const t = timeOnce(...argv(c), env);
      c.after?.();
      const s = samples.get(c.name);
      s.ms.push(t.ms);
      if (t.mib !== undefined) s.mib.push(t.mib);
      // validate exits 1 when it finds errors: that is a result, not a failure to run.
      if (t.status !== 0 && !(c.name.startsWith('validate') && t.status === 1)) {
        s.status = t.status;
        s.stderr = t.stderr.split('\n').slice(-3).join(' | ');
      }
    }
  }
  // The sites are removed only when every size is done: deleting tens of thousands of files makes creating
  // files slow for a while on some disks (ext4 mounted with discard), which would time the next size's exports.
  written.push(out);
  const rows = commands.map((c) => {
    const s = samples.get(c.name);
    return { name: c.name, ms: median(s.ms), mib: s.mib.length ? Math.max(...s.mib) : undefined, status: s.status, note: s.stderr };
  });
  return { n, runs, rows };
}

const GOALS = [
  ['reports --version', 'node -e ""', 1.5],
  ['reports --help', 'node -e ""', 1.5],
  ['list --year', 'node -e ""', 3],
  ['list --search', 'node -e ""', 4],
  ['validate --json (warm)', 'floor', 0.3],
  ['validate --json (cold)', 'floor', 1.2],
  ['export html', 'floor', 3],
];

function report(results) {
  const lines = [];
  const fmt = (x, d = 0) => (x === undefined ? '-' : x.toFixed(d));
  for (const { n, runs, rows } of results) {
    lines.push(`### ${n.toLocaleString('en')} records (median of ${runs} run${runs > 1 ? 's' : ''})`, '');
    lines.push('| command | median ms | peak MiB | status |', '|---|---:|---:|---|');
    for (const r of rows) lines.push(`| ${r.name} | ${fmt(r.ms)} | ${fmt(r.mib)} | ${r.status === 0 ? 'ok' : `exit ${r.status}: ${r.note}`} |`);
    lines.push('');
    const find = (prefix) => rows.find((r) => r.name.startsWith(prefix));
    // The ratio goals are set for 10,000 records; other sizes show the ratios for comparison.
    const judged = n === 10000;
    lines.push(judged ? '| ratio | measured | goal | |' : '| ratio | measured | goal (set for 10,000 records) |', judged ? '|---|---:|---:|---|' : '|---|---:|---:|');
    for (const [what, base, goal] of GOALS) {
      const a = find(what);
      const b = find(base);
      if (!a || !b || a.status !== 0) continue;
      const ratio = a.ms / b.ms;
      lines.push(`| ${a.name} / ${b.name} | ${ratio.toFixed(2)}x | <= ${goal}x |${judged ? ` ${ratio <= goal ? 'met' : 'missed'} |` : ''}`);
    }
    if (!judged) lines.push('', '| | measured | goal | |', '|---|---:|---:|---|');
    const peak = Math.max(...rows.filter((r) => !r.name.startsWith('floor') && r.mib !== undefined).map((r) => r.mib));
    const failed = rows.filter((r) => r.status !== 0).map((r) => r.name);
    lines.push(`| peak memory of any reports command | ${fmt(peak)} MiB | <= 1024 MiB | ${peak <= 1024 ? 'met' : 'missed'} |`);
    lines.push(`| commands that completed | ${rows.length - failed.length}/${rows.length} | all | ${failed.length ? `missed: ${failed.join(', ')}` : 'met'} |`, '');
  }
  return lines.join('\n');
}

const written = [];
const results = sizes.map(benchSize);
for (const out of written) rmSync(out, { recursive: true, force: true });
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const header = `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} x ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.type()} ${os.release()}.`;
const text = `${header}\n\n${report(results)}`;
process.stdout.write(text + '\n');
if (write) {
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const intro = existsSync(file) ? readFileSync(file, 'utf8').split('\n## Latest run')[0] : '# Benchmarks\n';
  writeFileSync(file, `${intro.trimEnd()}\n\n## Latest run\n\n${text}\n`);
  process.stderr.write(`wrote ${file}\n`);
}
