#!/usr/bin/env node
// The only place that sets the exit status. Everything else lives in dist/ (built from src/ by `npm install`).
import { readFileSync } from 'node:fs';

// `reports --version` is asked by scripts often: answer without loading the program.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${version}\n`);
  process.exit(0);
}

let cli;
try {
  cli = await import('../dist/cli.js');
} catch (e) {
  if (e && e.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes('dist')) {
    process.stderr.write('reports is not built: run `npm install` (or `npm run build`) in its folder.\n');
    process.exit(1);
  }
  throw e;
}
// `reports list | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
process.exitCode = await cli.main(args);
