'use strict';
// Makes dist/cli.cache, V8's code cache of dist/cli.cjs (see bin/load-cli.cjs), after running the commands users
// run most, so that it holds the code they compile: in-process, on the bundled archive, output thrown away, a
// record cache in a temporary folder (the first runs fill it, the later ones read it, as most runs do).
const { mkdtempSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { loadCli, writeCache } = require('../bin/load-cli.cjs');

const ROOT = path.join(__dirname, '..');

async function main() {
  const { cli, script, bytes } = loadCli({ useCache: false });
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'reports-code-cache-'));
  try {
    const io = {
      stdout: () => undefined,
      stderr: () => undefined,
      env: { REPORTS_CACHE_DIR: cacheDir, NO_COLOR: '1' },
      cwd: ROOT,
      stdoutIsTTY: false,
      stderrIsTTY: false,
      stdinIsTTY: false,
    };
    const archive = ['--archive', path.join(ROOT, 'archive')];
    const runs = [
      ['--help'],
      ['list', '--help'],
      [...archive, 'list'],
      [...archive, 'list', '--year', '2019', '--json'],
      [...archive, 'list', '--search', 'reform', '--limit', '20', '--json'],
      [...archive, 'list', '--search', 'reform', '--limit', '20'],
      [...archive, 'show', '--json', '2019-R96'],
      [...archive, 'show', '2019-R96'],
      [...archive, 'validate', '--json'],
      [...archive, 'validate'],
      [...archive, 'stats'],
    ];
    for (const argv of runs) await cli.run(argv, io);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
  const size = writeCache(script, bytes);
  if (process.env.REPORTS_TIMING) process.stderr.write(`dist/cli.cache: ${size} bytes\n`);
}

main().catch((e) => {
  process.stderr.write(`${e && e.stack ? e.stack : e}\n`);
  process.exitCode = 1;
});
