#!/usr/bin/env node
'use strict';
// The only place that sets the exit status. Everything else lives in dist/ (built from src/ by `npm install`).
// A CommonJS file (bin/package.json says so): node starts one several milliseconds sooner than an ES module
// (docs/performance.md). Its name stays: scripts, shell aliases and npx's links point to it.
const { readFileSync } = require('node:fs');

// `reports --version` is asked by scripts often: answer without loading the program.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { version } = JSON.parse(readFileSync(require.resolve('../package.json'), 'utf8'));
  process.stdout.write(`${version}\n`);
  process.exit(0);
}

let loaded;
try {
  loaded = require('./load-cli.cjs').loadCli();
} catch (e) {
  if (e && e.code === 'ENOENT' && String(e.path).includes('dist')) {
    process.stderr.write('reports is not built: run `npm install` (or `npm run build`) in its folder.\n');
    process.exit(1);
  }
  throw e;
}
if (process.env.REPORTS_TIMING) {
  process.stderr.write(`[timing] code cache: ${loaded.cacheUsed ? 'used' : 'not used'}\n`);
  if (loaded.compileCache !== undefined) process.stderr.write(`[timing] node compile cache: status ${loaded.compileCache}\n`);
}
// A run whose work is left waiting on nothing (node's event loop empties first) must not pass for a success:
// node says so of an ES module's top-level await with status 13; this file says it the same way. 'beforeExit'
// comes only when the loop empties, never on process.exit().
let finished = false;
// `reports list | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});
process.once('beforeExit', () => {
  if (finished) return;
  process.stderr.write('reports: the command stopped before it finished (an internal error)\n');
  process.exitCode = 13;
});
loaded.cli.main(args).then(
  (status) => {
    finished = true;
    process.exitCode = status;
  },
  (e) => {
    // main() answers every error itself; one that escapes is printed as node prints an uncaught error.
    finished = true;
    process.stderr.write(`${e && e.stack ? e.stack : String(e)}\n`);
    process.exitCode = 1;
  },
);
