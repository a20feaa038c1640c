#!/usr/bin/env node
// npm run bench [-- --sizes 2000,10000,100000 --styles add,flow,hand,flow50 --large-styles add --runs 5 --write]
//
// Times whole processes of the built CLI on synthetic archives, interleaved (each run goes once through every
// command, a bare `node -e ""` and the floor among them), and prints the ratios the project holds itself to as
// pairs: each command's time over the bare node's (or the floor's) of the same run, the median and the range over
// the runs; then medians and peak memory. Archives of up to 10,000
// records are written in each of the styles of generate.mjs, larger ones in --large-styles; the largest record
// the size cap allows is measured in every command too. The archives are kept in $TMPDIR/reports-bench between
// runs. --write records the figures in BENCHMARKS.md; --bin FILE measures another build of the CLI (e.g. an
// older commit's bin/reports.js) with the same commands.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync, readFileSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, STYLES } from './generate.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const FLOOR = path.join(ROOT, 'bench', 'floor.mjs');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const BIN = path.resolve(arg('bin', path.join(ROOT, 'bin', 'reports.js')));
const sizes = arg('sizes', '2000,10000,100000').split(',').map(Number);
const styles = arg('styles', STYLES.join(',')).split(',');
const largeStyles = arg('large-styles', 'add').split(',');
/** The size limit of a record file, as the CLI refuses larger ones (src/store/archive.ts). */
const CAP = Number(arg('cap', String(1024 * 1024)));
const runsFor = (n) => Number(arg('runs', n >= 100000 ? '1' : '5'));
const write = process.argv.includes('--write');
const benchRoot = path.join(os.tmpdir(), 'reports-bench');
// Another build keeps its caches and outputs apart (the archives are shared).
const tag = BIN === path.join(ROOT, 'bin', 'reports.js') ? '' : `-${createHash('sha256').update(BIN).digest('hex').slice(0, 6)}`;

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

function benchSize(n, style) {
  const dir = path.join(benchRoot, `${style}-${n}`);
  mkdirSync(dir, { recursive: true });
  process.stderr.write(`archive of ${n} records (${style}) in ${dir}: generating if needed...\n`);
  generate(dir, n, style);
  const cache = path.join(benchRoot, `cache${tag}-${style}-${n}`);
  const out = path.join(benchRoot, `out${tag}-${style}-${n}`);
  const env = { REPORTS_CACHE_DIR: cache, NO_COLOR: '1', REPORTS_NO_CACHE: '', VISUAL: 'true', EDITOR: 'true' };
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
    // Y: the middle year of the archive (2010 of 40 years, 2015 of 50).
    { name: 'list --year Y --json', run: r('list', '--year', year, '--json') },
    { name: 'list --year Y --kind special --json', run: r('list', '--year', year, '--kind', 'special', '--json') },
    { name: 'list --search ... --limit 20 --json', run: r('list', '--search', 'rural credit', '--limit', '20', '--json') },
    // Two of the commonest words: nearly every record matches both.
    { name: 'list --search (nearly all match) --limit 20 --json', run: r('list', '--search', 'reform development', '--limit', '20', '--json') },
    { name: 'show <id> (Y-R7)', run: r('show', `${year}-R7`) },
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
  if (n >= 100000) {
    // Every other command, for its peak memory on a large archive.
    const base = ['--base-url', 'https://example.org/reports/'];
    commands.push(
      { name: 'list --json (every record)', run: r('list', '--json') },
      { name: 'stats', run: r('stats') },
      { name: 'export csv', run: r('export', 'csv', '--out', path.join(out, 'reports.csv')) },
      { name: 'export bibtex', run: r('export', 'bibtex', '--out', path.join(out, 'reports.bib')) },
      { name: 'export atom', run: r('export', 'atom', ...base, '--out', path.join(out, 'feed.atom')) },
      { name: 'export html --single-file', run: r('export', 'html', '--single-file', ...base) },
      { name: 'add --dry-run', run: r('add', '--dry-run', '--no-input', '--title', 'A new report', '--author', 'Wang Wu', '--year', String(Number(year) + 40), '--date', `${Number(year) + 40}-01-05`) },
      { name: 'edit <id> (unchanged)', run: r('edit', `${year}-R7`) },
      // The record cache kept, the search index not: the index is built and kept again.
      { name: 'list --search, no index kept', run: r('list', '--search', 'rural credit', '--limit', '20', '--json'), before: () => dropIndex(cache) },
    );
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // One untimed pass fills the cache and the file system's page cache; on a large archive (run once, for its memory
  // more than its time) only the commands that fill the record cache and the search index.
  const argv = (c) => (typeof c.run === 'function' ? c.run() : c.run);
  const fill = (c) => n < 100000 || c.name === 'validate --json (warm)' || c.name.startsWith('list --search ...');
  for (const c of commands) if (fill(c)) timeOnce(...argv(c), env);

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
    return { name: c.name, ms: median(s.ms), runs: s.ms, mib: s.mib.length ? Math.max(...s.mib) : undefined, status: s.status, note: s.stderr };
  });
  return { n, style, runs, rows };
}

/** Remove the kept search index, so that the next search builds it. */
function dropIndex(cache) {
  for (const f of existsSync(cache) ? readdirSync(cache) : []) if (f.endsWith('.index')) unlinkSync(path.join(cache, f));
}

/**
 * The largest record the size cap allows (an abstract filling the file), among a few ordinary records: every
 * command once, for its peak memory.
 */
function benchCap() {
  const dir = path.join(benchRoot, `cap-${CAP}`);
  rmSync(dir, { recursive: true, force: true });
  generate(dir, 400, 'add');
  const file = path.join(dir, '1990', 'regular-001.yaml');
  const text = readFileSync(file, 'utf8');
  const head = text.slice(0, text.indexOf('abstract:'));
  const tail = text.slice(text.indexOf('keywords:'));
  const line = '  ' + 'word '.repeat(19) + 'word\n';
  let abstract = 'abstract: >-\n';
  const room = CAP - Buffer.byteLength(head + tail) - abstract.length;
  abstract += line.repeat(Math.floor(room / line.length));
  writeFileSync(file, head + abstract + tail);
  writeFileSync(path.join(dir, '.generated'), 'cap');
  const size = Buffer.byteLength(head + abstract + tail);
  const cache = path.join(benchRoot, `cache${tag}-cap-${CAP}`);
  rmSync(cache, { recursive: true, force: true });
  const out = path.join(benchRoot, `out${tag}-cap-${CAP}`);
  rmSync(out, { recursive: true, force: true });
  // The exports write into it (they never create the folder of --out).
  mkdirSync(out, { recursive: true });
  const env = { REPORTS_CACHE_DIR: cache, NO_COLOR: '1', REPORTS_NO_CACHE: '', VISUAL: 'true', EDITOR: 'true' };
  const node = process.execPath;
  const r = (...args) => [node, [BIN, '--archive', dir, ...args]];
  const base = ['--base-url', 'https://example.org/reports/'];
  const commands = [
    ['validate --json (cold)', r('validate', '--json'), () => rmSync(cache, { recursive: true, force: true })],
    ['validate --json (warm)', r('validate', '--json')],
    ['list --json', r('list', '--json')],
    ['list --search', r('list', '--search', 'word', '--json')],
    ['show <id>', r('show', '1990-R1')],
    ['stats', r('stats')],
    ['export json', r('export', 'json', '--out', path.join(out, 'r.json'))],
    ['export csv', r('export', 'csv', '--out', path.join(out, 'r.csv'))],
    ['export bibtex', r('export', 'bibtex', '--out', path.join(out, 'r.bib'))],
    ['export atom', r('export', 'atom', ...base, '--out', path.join(out, 'feed.atom'))],
    ['export html', r('export', 'html', '--out', path.join(out, 'site'))],
    ['export html --single-file', r('export', 'html', '--single-file', ...base)],
    ['edit <id> (unchanged)', r('edit', '1990-R1')],
  ];
  const rows = commands.map(([name, run, before]) => {
    before?.();
    const t = timeOnce(...run, env);
    return { name, ms: t.ms, mib: t.mib, status: t.status === 1 && name.startsWith('validate') ? 0 : t.status, note: t.stderr.split('\n').slice(-2).join(' | ') };
  });
  rmSync(out, { recursive: true, force: true });
  return { size, rows };
}

/** [command, yardstick, goal]: the command's time over the yardstick's, pair by pair (one pair a run). */
const GOALS = [
  ['reports --version', 'node -e ""', 1.2],
  ['reports --help', 'node -e ""', 1.2],
  ['list --year', 'node -e ""', 2],
  ['show <id>', 'node -e ""', 2],
  ['list --search ...', 'node -e ""', 3.5],
  ['list --search (nearly all match)', 'node -e ""', 3.5],
  ['validate --json (warm)', 'floor', 0.2],
  ['validate --json (cold)', 'floor', 0.8],
  ['export html', 'floor', 3],
];

const fmt = (x, d = 0) => (x === undefined ? '-' : x.toFixed(d));

/** The ratios of `a` over `b`, run by run: their median, lowest and highest. */
function pairs(a, b) {
  const ratios = a.runs.map((ms, i) => ms / b.runs[i]);
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
}

/** Rows whose names start with `what`: "list --year" is both the year and the sequence-year query. */
const rowsFor = (rows, what) => rows.filter((r) => r.name.startsWith(what) && !(what === 'list --search ...' && r.name.includes('nearly')));

/** The current table: every goal, each style's median ratio of pairs and its range, the bare node's time. */
function currentTable(results, n) {
  const of = results.filter((r) => r.n === n);
  if (of.length === 0) return [];
  const lines = [`| ${n.toLocaleString('en')} records: ratio, median of pairs (range over ${of[0].runs} runs) | ${of.map((r) => r.style).join(' | ')} | goal |`, `|---|${of.map(() => '---:|').join('')}---:|`];
  const node = of.map(({ rows }) => rows.find((r) => r.name === 'node -e ""'));
  lines.push(`| node -e "" (ms) | ${node.map((r) => (r ? `${fmt(r.ms)} (${fmt(Math.min(...r.runs))}-${fmt(Math.max(...r.runs))})` : '-')).join(' | ')} | |`);
  const floor = of.map(({ rows }) => rows.find((r) => r.name.startsWith('floor')));
  lines.push(`| floor: read + yaml parse (ms) | ${floor.map((r) => (r ? `${fmt(r.ms)} (${fmt(Math.min(...r.runs))}-${fmt(Math.max(...r.runs))})` : '-')).join(' | ')} | |`);
  const names = [...new Set(of.flatMap(({ rows }) => GOALS.flatMap(([what]) => rowsFor(rows, what).map((r) => r.name))))];
  for (const name of names) {
    const [, base, goal] = GOALS.find(([what]) => name.startsWith(what) && rowsFor([{ name }], what).length > 0);
    const cells = of.map(({ rows }) => {
      const a = rows.find((r) => r.name === name);
      const b = rows.find((r) => r.name.startsWith(base));
      if (!a || !b || a.status !== 0) return '-';
      const p = pairs(a, b);
      return `${p.median.toFixed(2)}x (${p.min.toFixed(2)}-${p.max.toFixed(2)})${p.median > goal ? ' missed' : ''}`;
    });
    lines.push(`| ${name} / ${base.startsWith('floor') ? 'floor' : base} | ${cells.join(' | ')} | <= ${goal}x |`);
  }
  const peaks = of.map(({ rows }) => Math.max(...rows.filter((r) => !r.name.startsWith('floor') && r.mib !== undefined).map((r) => r.mib)));
  lines.push(`| peak memory of any reports command | ${peaks.map((p) => `${fmt(p)} MiB`).join(' | ')} | <= 1024 MiB |`, '');
  return lines;
}

function capReport(cap) {
  const lines = [`### The largest record the cap allows (${cap.size.toLocaleString('en')} bytes), among 399 ordinary ones`, ''];
  lines.push('| command | ms | peak MiB | status |', '|---|---:|---:|---|');
  for (const r of cap.rows) lines.push(`| ${r.name} | ${fmt(r.ms)} | ${fmt(r.mib)} | ${r.status === 0 ? 'ok' : `exit ${r.status}: ${r.note}`} |`);
  lines.push('');
  return lines;
}

function report(results, cap) {
  const lines = [];
  for (const n of [...new Set(results.map((r) => r.n))]) lines.push(...currentTable(results, n));
  const large = results.filter((r) => r.n >= 100000);
  for (const { n, style, rows } of large) {
    const search = rows.find((r) => r.name === 'list --search, no index kept');
    const peak = Math.max(...rows.filter((r) => !r.name.startsWith('floor') && r.mib !== undefined).map((r) => r.mib));
    lines.push(`| ${n.toLocaleString('en')} records (${style}, 1 run) | measured | goal |`, '|---|---:|---:|');
    lines.push(`| peak memory of any reports command | ${fmt(peak)} MiB | <= 1024 MiB |`);
    if (search) lines.push(`| first search with no index kept | ${(search.ms / 1000).toFixed(1)} s | < 8 s |`);
    lines.push('');
  }
  if (cap) lines.push(...capReport(cap));
  for (const { n, style, runs, rows } of results) {
    lines.push(`#### ${n.toLocaleString('en')} records, ${style} style (median of ${runs} run${runs > 1 ? 's' : ''})`, '');
    lines.push('| command | median ms | peak MiB | status |', '|---|---:|---:|---|');
    for (const r of rows) lines.push(`| ${r.name} | ${fmt(r.ms)} | ${fmt(r.mib)} | ${r.status === 0 ? 'ok' : `exit ${r.status}: ${r.note}`} |`);
    lines.push('');
  }
  return lines.join('\n');
}

const written = [];
const results = sizes.flatMap((n) =>
  (n >= 100000 ? largeStyles : styles).map((style) => {
    const r = benchSize(n, style);
    // Each archive's table as soon as it is measured (a long run may be stopped before the end).
    process.stderr.write(report([r]) + '\n');
    return r;
  }),
);
const cap = process.argv.includes('--no-cap') ? undefined : benchCap();
for (const out of written) rmSync(out, { recursive: true, force: true });
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const commit = (() => {
  const r = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : 'unknown';
})();
const load = os.loadavg()[0];
const header =
  `Measured ${new Date().toISOString().slice(0, 10)} at commit ${commit} on ${os.cpus().length} x ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
  `Node ${process.version}, ${os.type()} ${os.release()}; load average ${load.toFixed(1)} at the end${load > os.cpus().length / 2 ? ' (a loaded machine: the ratios are of pairs taken side by side, the times are not)' : ''}.`;
const text = `${header}${BIN === path.join(ROOT, 'bin', 'reports.js') ? '' : ` The CLI: ${BIN}.`}\n\n${report(results, cap)}`;
process.stdout.write(text + '\n');
if (write) {
  // The table now at the top; the one it replaces goes first into the history, under its date and commit.
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n\n## Now\n\n## History\n';
  const [intro, rest = ''] = old.split('\n## Now\n');
  const [now = '', history = ''] = rest.split('\n## History\n');
  const was = now.trim();
  const when = /^Measured (\S+) at commit (\S+)/.exec(was);
  const moved = was ? `### ${when ? `${when[1]}, commit ${when[2]}` : 'Earlier'}\n\n${was.replace(/^#### /gm, '##### ')}\n\n` : '';
  writeFileSync(file, `${intro.trimEnd()}\n\n## Now\n\n${text.replace(/^#### /gm, '#### ')}\n\n## History\n\n${moved}${history.trim()}\n`);
  process.stderr.write(`wrote ${file}\n`);
}
