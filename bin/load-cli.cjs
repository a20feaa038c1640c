'use strict';
// Loads the command line (dist/cli.cjs, one CommonJS file) with V8's code cache (dist/cli.cache), both written by
// `npm run build`. The cache holds the compiled code of the functions a typical run uses, so a run does not
// compile them again: `reports --help` 0.89x, `list --year` on 10,000 records 0.93x and a search 0.86x the time of
// the build before (interleaved pairs, docs/performance.md). Node 22 does this itself
// (module.enableCompileCache); Node 20 does not, so it is done here, for this one file only: the loader changes
// nothing for other modules and no process-wide setting.
//
// The cache is used only when it was made from exactly the text compiled here, at this path, and is whole: its
// first line is the SHA-1 of the path, the text and the cache's own bytes. V8 itself compares only the length of
// the text, and reading a damaged cache stops node with a fatal error ("unreachable code", status 133); the path
// is in V8's data (stack traces name the file it was made from), so a package moved elsewhere compiles as usual.
// Checking costs about a millisecond. A cache made by another version of node, or with other V8 flags
// (NODE_OPTIONS=--max-old-space-size=...), is rejected by V8 and the file is compiled as usual. A missing,
// stale, damaged or rejected cache costs time, never a run.
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { createHash } = require('node:crypto');
const { createRequire, enableCompileCache } = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const DIST = path.join(__dirname, '..', 'dist');
const FILE = path.join(DIST, 'cli.cjs');
const CACHE = path.join(DIST, 'cli.cache');
/** The cache file: 40 hex digits (hashOf), a line feed, V8's data. */
const HEAD = 41;
/** The file is compiled inside a function, as node's CommonJS loader does. */
const BEFORE = '(function (exports, require, module, __filename, __dirname) {';
const AFTER = '\n})';

function hashOf(bytes, data) {
  return createHash('sha1').update(`${FILE}\n${BEFORE}`).update(bytes).update(AFTER).update(data).digest('hex');
}

/** The cache's data when it was made from `bytes` (the file) and is whole, else undefined. */
function cachedDataFor(bytes) {
  let buf;
  try {
    buf = readFileSync(CACHE);
  } catch {
    return undefined;
  }
  if (buf.length <= HEAD || buf[HEAD - 1] !== 0x0a) return undefined;
  const data = buf.subarray(HEAD);
  return buf.toString('latin1', 0, HEAD - 1) === hashOf(bytes, data) ? data : undefined;
}

/**
 * Load dist/cli.cjs. `useCache: false` compiles it without the cache (the build does, to make one). Returns the
 * module's exports, and what writeCache needs: the compiled script and the file's bytes; and whether the cache
 * was used.
 */
function loadCli({ useCache = true } = {}) {
  const bytes = readFileSync(FILE);
  const cachedData = useCache ? cachedDataFor(bytes) : undefined;
  // No cache made for this file here (an installed package: the build's cache holds the build's path and is not
  // shipped): on Node 22.1+, node's own compile cache (module.enableCompileCache, kept in the temp folder or
  // $NODE_COMPILE_CACHE) does the same from the second run on. On Node 24, `reports --help` of the installed
  // package: 0.79x the time with it (median of 30 interleaved pairs, 2026-12-07, a loaded 2-core machine: 272 against
  // 344 ms). Node 20 has none: the installed package compiles dist/cli.cjs on each run.
  if (useCache && cachedData === undefined && typeof enableCompileCache === 'function') {
    const status = enableCompileCache();
    return { cli: createRequire(FILE)(FILE), script: undefined, bytes, cacheUsed: false, compileCache: status?.status };
  }
  // The build makes the file ASCII (scripts/ascii.mjs): latin1 is the same text, made without decoding UTF-8.
  const script = new vm.Script(`${BEFORE}${bytes.toString('latin1')}${AFTER}`, { filename: FILE, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(FILE), module, FILE, DIST);
  return { cli: module.exports, script, bytes, cacheUsed: cachedData !== undefined && !script.cachedDataRejected };
}

/** Write the code cache of `script`, compiled by loadCli from `bytes`, to dist/cli.cache. */
function writeCache(script, bytes) {
  const data = script.createCachedData();
  const file = Buffer.concat([Buffer.from(`${hashOf(bytes, data)}\n`, 'latin1'), data]);
  writeFileSync(`${CACHE}.tmp`, file);
  renameSync(`${CACHE}.tmp`, CACHE);
  return file.length;
}

module.exports = { loadCli, writeCache };
