'use strict';
// Loads the command line (dist/cli.cjs, one CommonJS file) with V8's code cache (dist/cli.cache), both written by
// `npm run build`. The cache holds the compiled code of the functions a typical run uses, so a run does not
// compile them again: `reports --help` 0.91x and `list --year` on 10,000 records 0.90x the same file loaded
// without it (interleaved pairs on the benchmark machine, BENCHMARKS.md). Node 22 does this itself
// (module.enableCompileCache); Node 20 does not, so it is done here, for this one file only: the loader changes
// nothing for other modules and no process-wide setting.
//
// The cache is used only when it was made from exactly this file and is whole: its first line is the SHA-1 of the
// file's bytes followed by the cache's own. V8 itself compares only the length of the source, and reading a damaged
// cache stops node with a fatal error ("unreachable code", status 133): both are checked here first, for about a
// millisecond. A cache made by another version of node, or with other V8 flags, is rejected by V8 and the file is
// compiled as usual. A missing, stale or damaged cache costs time, never a run.
const { readFileSync } = require('node:fs');
const { createHash } = require('node:crypto');
const { createRequire } = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const DIST = path.join(__dirname, '..', 'dist');
const FILE = path.join(DIST, 'cli.cjs');
const CACHE = path.join(DIST, 'cli.cache');
/** The cache file: 40 hex digits (the SHA-1 of cli.cjs's bytes and then V8's data), a line feed, V8's data. */
const HEAD = 41;

function hashOf(source, data) {
  return createHash('sha1').update(source).update(data).digest('hex');
}

/** The cache's data when it was made from `source` and is whole, else undefined. */
function cachedDataFor(source) {
  let buf;
  try {
    buf = readFileSync(CACHE);
  } catch {
    return undefined;
  }
  if (buf.length <= HEAD || buf[HEAD - 1] !== 0x0a) return undefined;
  const data = buf.subarray(HEAD);
  return buf.toString('latin1', 0, HEAD - 1) === hashOf(source, data) ? data : undefined;
}

/**
 * Load dist/cli.cjs as CommonJS. `useCache: false` compiles it without the cache (the build does, to make one).
 * Returns the module's exports, the compiled script (for createCachedData) and whether the cache was used.
 */
function loadCli({ useCache = true } = {}) {
  const bytes = readFileSync(FILE);
  const cachedData = useCache ? cachedDataFor(bytes) : undefined;
  // esbuild writes ASCII only (non-ASCII characters as escapes; the build checks): latin1 is the same text, made
  // without decoding UTF-8.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${bytes.toString('latin1')}\n})`, {
    filename: FILE,
    cachedData,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(FILE), module, FILE, DIST);
  return { cli: module.exports, script, cacheUsed: cachedData !== undefined && !script.cachedDataRejected };
}

/** Write the code cache of `script` (loaded by loadCli from cli.cjs as it is now) to dist/cli.cache. */
function writeCache(script) {
  const { renameSync, writeFileSync } = require('node:fs');
  const data = script.createCachedData();
  const file = Buffer.concat([Buffer.from(`${hashOf(readFileSync(FILE), data)}\n`, 'latin1'), data]);
  writeFileSync(`${CACHE}.tmp`, file);
  renameSync(`${CACHE}.tmp`, CACHE);
  return file.length;
}

module.exports = { loadCli, writeCache, FILE, CACHE };
