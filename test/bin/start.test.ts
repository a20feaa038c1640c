// bin/reports.js: how the built command line starts. It loads dist/cli.cjs with V8's code cache (dist/cli.cache);
// a cache that is missing, stale or damaged must cost time only, never a run (a damaged one read by V8 stops
// node with a fatal error). A process is the point here: each case is a real start of the built CLI, most of them
// in a copy of the package whose files the case changes.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseEnv, bigArchive, BIN, cli, makeArchive, recordYaml, ROOT, tempDir } from '../helpers.js';

/**
 * The environment of a run: no NODE_OPTIONS of the caller's (V8 rejects a cache made under other flags; one case
 * sets some on purpose), no colour, and the timing lines that say whether the code cache was used.
 */
const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => baseEnv({ NODE_OPTIONS: '', NO_COLOR: '1', REPORTS_TIMING: '1', ...extra });
const COLOUR = { FORCE_COLOR: '1', NO_COLOR: '' };

/** Run the CLI whose entry is `bin`; stderr without the timing lines, and what the entry said of the code cache. */
function start(bin: string, args: string[], extra: NodeJS.ProcessEnv = {}) {
  // cli() lays its environment over the defaults again: the same result.
  const r = cli(args, { bin, env: env(extra) });
  const lines = r.stderr.split('\n');
  return {
    status: r.code,
    stdout: r.stdout,
    stderr: lines.filter((l) => !l.startsWith('[timing]')).join('\n'),
    cache: lines.find((l) => l.startsWith('[timing] code cache:'))?.slice('[timing] code cache: '.length),
  };
}

/**
 * A copy of the built package (bin, dist, scripts, package.json; node_modules and archive/ linked from the
 * project). With `codeCache`, a code cache is made for the copy's folder, as the build makes one.
 */
function packageCopy({ codeCache = false } = {}): string {
  const dir = path.join(tempDir('reports-start-'), 'reports');
  mkdirSync(dir);
  for (const part of ['bin', 'dist', 'scripts']) cpSync(path.join(ROOT, part), path.join(dir, part), { recursive: true, preserveTimestamps: true });
  copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  symlinkSync(path.join(ROOT, 'archive'), path.join(dir, 'archive'));
  if (codeCache) {
    const made = spawnSync(process.execPath, [path.join(dir, 'scripts', 'code-cache.cjs')], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    if (made.status !== 0) throw new Error(`the code cache was not made: ${made.stderr}`);
  }
  return dir;
}

const ARCHIVE = path.join(ROOT, 'archive');
// The last one loads chalk (a package that is an ES module only) for its colours.
const RUNS: [string[], NodeJS.ProcessEnv?][] = [[['--help']], [['--archive', ARCHIVE, 'list']], [['--archive', ARCHIVE, 'show', '2019-R96']], [['--archive', ARCHIVE, 'validate'], COLOUR]];

describe('the built command line', () => {
  it('uses the code cache the build made', () => {
    const r = start(BIN, ['--help']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.cache).toBe('used');
  });

  it('loads what it loads on demand from code out of the cache: colours (chalk) and the parser (yaml)', () => {
    const r = start(BIN, ['--archive', ARCHIVE, 'validate'], COLOUR);
    expect(r.cache).toBe('used');
    expect(r.stdout + r.stderr).toContain('\u001b[33mwarning');
    const archive = makeArchive({ '2019/regular-001.yaml': recordYaml({ number: 1, total: 5001 }) });
    const v = start(BIN, ['--archive', archive, 'validate', '--json'], { REPORTS_NO_CACHE: '1' });
    expect(v.status, v.stderr).toBe(0);
    expect(v.cache).toBe('used');
    expect(JSON.parse(v.stdout)).toMatchObject({ summary: { files: 1, records: 1 } });
  });

  it('loads neither the record schema (zod) nor the parser (yaml) for its help, nor for a list from a warm cache', () => {
    // Each costs a start 20-50 ms; `reports schema`'s names once pulled zod into every start.
    const dir = tempDir();
    const probe = path.join(dir, 'probe.cjs');
    writeFileSync(probe, "process.on('exit', () => process.stderr.write('[loaded] ' + Object.keys(require.cache).filter((f) => /[\\\\/]node_modules[\\\\/](zod|yaml)[\\\\/]/.test(f)).length + '\\n'));\n");
    const cacheDir = path.join(dir, 'cache');
    const loaded = (args: string[]) => {
      const r = cli(args, { env: env({ NODE_OPTIONS: `--require ${probe}`, REPORTS_CACHE_DIR: cacheDir }) });
      expect(r.code, r.stderr).toBe(0);
      return Number(/\[loaded\] (\d+)/.exec(r.stderr)?.[1]);
    };
    const archive = bigArchive(3);
    expect(loaded(['--archive', archive, 'list'])).toBeGreaterThan(0); // cold: parsed, so the probe sees them
    for (const args of [['--help'], ['list', '--help'], ['schema', '--help'], ['--archive', archive, 'list'], ['--archive', archive, 'list', '--json'], ['--archive', archive, 'show', '2019-R2']]) {
      expect(loaded(args), args.join(' ')).toBe(0);
    }
  });

  it('is ASCII, so that it is read as one-byte text (the build escapes what esbuild leaves)', () => {
    const bytes = readFileSync(path.join(ROOT, 'dist', 'cli.cjs'));
    expect(bytes.findIndex((b) => b > 0x7f)).toBe(-1);
  });

  it('is strict, as the modules of src/ are: its first statement is the directive', () => {
    expect(readFileSync(path.join(ROOT, 'dist', 'cli.cjs'), 'latin1')).toMatch(/^'use strict';/);
  });

  it('reads what its escaped expressions match: a page in Chinese forms (年月日, 摘要：, 关键词：, a full-width comma)', () => {
    const dir = tempDir();
    const page = path.join(dir, 'page.txt');
    writeFileSync(page, 'Public Health Emergency Reserves (No.98, 2020)\nBy He Yu, Research Department of Social Development, DRC\nResearch Report, No.98, 2020 (Total 5842) 2020年7月20日\n摘要：An abstract.\n关键词：public health，reserves\n');
    const r = start(BIN, ['--archive', ARCHIVE, 'import', '--dry-run', '--json', page]);
    expect(r.status, r.stderr).toBe(0);
    const [result] = JSON.parse(r.stdout).items as [{ record: Record<string, unknown> }];
    expect(result.record).toMatchObject({ date: '2020-07-20', abstract: 'An abstract.', keywords: ['public health', 'reserves'] });
  });

  describe('a code cache that cannot be used costs time only: the same output, and the entry says so', () => {
    const pkg = packageCopy({ codeCache: true });
    const bin = path.join(pkg, 'bin', 'reports.js');
    const cacheFile = path.join(pkg, 'dist', 'cli.cache');
    const good = readFileSync(cacheFile);
    const expected = RUNS.map(([args, extra]) => start(bin, args, extra));

    it('the copy as built uses its cache', () => {
      for (const r of expected) {
        expect(r.status, r.stderr).toBe(0);
        expect(r.cache).toBe('used');
      }
    });

    const flipped = (at: number) => {
      const b = Buffer.from(good);
      b[at] = b[at]! ^ 0xff;
      return b;
    };
    it.each<[string, () => Buffer | undefined]>([
      ['missing', () => undefined],
      ['a byte of V8 data changed (V8 itself would stop node: status 133)', () => flipped(Math.floor(good.length / 2))],
      ['a byte of its header changed', () => flipped(3)],
      ['cut short', () => good.subarray(0, Math.floor(good.length / 3))],
      ['empty', () => Buffer.alloc(0)],
      ['made for another cli.cjs of the same length', () => good],
      // V8's data names the file it was made from (stack traces would name the other folder).
      ['made for the same file in another folder', () => readFileSync(path.join(ROOT, 'dist', 'cli.cache'))],
      ['rejected by V8 itself: node runs with other V8 flags', () => good],
    ])('%s', (name, content) => {
      const data = content();
      rmSync(cacheFile, { force: true });
      if (data) writeFileSync(cacheFile, data);
      const cli = path.join(pkg, 'dist', 'cli.cjs');
      const source = readFileSync(cli);
      if (name.startsWith('made for another')) {
        // One character of a comment changed: the same length, another file.
        const at = source.indexOf('// ');
        const other = Buffer.from(source);
        other[at + 3] = other[at + 3] === 0x78 ? 0x79 : 0x78;
        writeFileSync(cli, other);
      }
      // --stack-trace-limit: a flag V8 counts in a cache's flags on Node 20 and 24 alike (Node 24's V8 no longer counts
      // --max-old-space-size, and takes a cache made without it).
      const flags = name.startsWith('rejected by V8') ? { NODE_OPTIONS: '--stack-trace-limit=50' } : {};
      try {
        RUNS.forEach(([args, extra], i) => {
          const r = start(bin, args, { ...extra, ...flags });
          expect(r.status, r.stderr).toBe(0);
          expect(r.stdout).toBe(expected[i]!.stdout);
          expect(r.stderr).toBe(expected[i]!.stderr);
          expect(r.cache).toBe('not used');
        });
      } finally {
        writeFileSync(cli, source);
        writeFileSync(cacheFile, good);
      }
    });
  });

  describe('the exit status', () => {
    /** A copy whose dist/cli.cjs is `code`, without a cache. */
    const withCli = (code: string) => {
      const pkg = packageCopy();
      rmSync(path.join(pkg, 'dist', 'cli.cache'));
      writeFileSync(path.join(pkg, 'dist', 'cli.cjs'), code);
      return path.join(pkg, 'bin', 'reports.js');
    };

    it("is the command's", () => {
      const r = start(withCli('exports.main = async () => 3;'), ['anything']);
      expect(r.status).toBe(3);
      expect(r.stderr).toBe('');
    });

    it('is 13, with a message, when the command is left waiting on nothing (as node does for a module)', () => {
      const r = start(withCli('exports.main = () => new Promise(() => {});'), ['anything']);
      expect(r.status).toBe(13);
      expect(r.stderr).toContain('the command stopped before it finished');
    });

    it('is what the command exits with when it calls process.exit itself', () => {
      for (const code of [0, 4]) {
        const r = start(withCli(`exports.main = () => new Promise(() => process.exit(${code}));`), ['anything']);
        expect(r.status).toBe(code);
        expect(r.stderr).toBe('');
      }
    });

    it('is 1, with the error, when the command fails in a way it does not answer itself', () => {
      for (const options of ['', '--unhandled-rejections=warn']) {
        const bin = withCli("exports.main = async () => { throw new Error('an internal failure'); };");
        const r = start(bin, ['anything'], { NODE_OPTIONS: options });
        expect(r.status).toBe(1);
        expect(r.stderr).toContain('Error: an internal failure');
        expect(r.stderr).not.toContain('stopped before it finished');
      }
    });

    it('says how to build when dist/ is not built', () => {
      const pkg = packageCopy();
      rmSync(path.join(pkg, 'dist'), { recursive: true });
      const r = start(path.join(pkg, 'bin', 'reports.js'), ['list']);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('reports is not built: run `npm install`');
    });

    it('is 0 and quiet when the reader of stdout stops reading early (`reports list | head -1`)', async () => {
      const child = spawn(process.execPath, [BIN, '--archive', bigArchive(600), 'list', '--json'], { env: env({ REPORTS_TIMING: '' }), stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      // The first piece read, then the pipe closed, as `head` does.
      child.stdout.once('data', () => child.stdout.destroy());
      const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(stderr).toBe('');
      expect(status).toBe(0);
    });
  });
});
