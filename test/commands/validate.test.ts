// End-to-end: the CLI, run in-process (runCli), on fixture archives copied to a temp folder.
import { cpSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkArchive } from '../../src/checks/index.js';
import { loadArchive } from '../../src/store/archive.js';
import { summarise } from '../../src/checks/index.js';
import { ROOT, runCli, tempDir } from '../helpers.js';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'validate');
const tmp = tempDir('reports-validate-');
let copies = 0;
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Copy a fixture archive (or the bundled archive) to the temp folder; returns its path. */
function copy(name: string): string {
  const src = name === 'bundled' ? path.join(ROOT, 'archive') : path.join(FIXTURES, name);
  // Each copy in its own folder: the tests run concurrently.
  const dest = path.join(tmp, String(copies++), name);
  cpSync(src, dest, { recursive: true });
  return dest;
}

/** Run the CLI in-process in `cwd`, no terminal. */
function reports(args: string[], cwd = tmp): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runCli(args, { cwd });
}

interface Json {
  errors: Array<{ code: string; file: string; line: number; column: number; message: string; id?: string; related?: string[] }>;
  warnings: Array<{ code: string; file: string; line: number; column: number; message: string }>;
  summary: { files: number; records: number; errors: number; warnings: number; ok: boolean; strict: boolean };
}

/** What validate --json reports, computed in-process from the same loader and checks (fast, for the many fixtures). */
async function checkFixture(name: string, strict = false) {
  const archive = await loadArchive(path.join(FIXTURES, name), { cache: false });
  const findings = checkArchive(archive);
  const summary = summarise(findings, archive.files, archive.records.length, strict);
  return { code: summary.ok ? 0 : 1, json: { errors: findings.filter((f) => f.severity === 'error'), warnings: findings.filter((f) => f.severity === 'warning'), summary } as Json };
}

async function validateJson(dir: string, ...extra: string[]) {
  const r = await reports(['--archive', dir, 'validate', '--json', ...extra]);
  return { ...r, json: JSON.parse(r.stdout) as Json };
}

const CODES: Record<string, 'error' | 'warning'> = {
  'yaml-syntax': 'error',
  schema: 'error',
  'unknown-field': 'warning',
  'missing-date': 'warning',
  'date-year': 'warning',
  filename: 'warning',
  'duplicate-number': 'error',
  'duplicate-total': 'error',
  'total-offset': 'error',
  'year-count': 'error',
  'date-order': 'error',
  'title-suffix': 'error',
  'number-gap': 'warning',
  'duplicate-title': 'warning',
  'control-character': 'error',
  unreadable: 'error',
  'name-split': 'warning',
};

describe.concurrent('every finding code has a fixture that triggers it and a clean twin that does not', () => {
  it('has a fixture pair for each code', async () => {
    const dirs = readdirSync(FIXTURES).sort();
    for (const code of Object.keys(CODES)) expect(dirs).toEqual(expect.arrayContaining([code, `${code}-clean`]));
  });

  for (const [code, severity] of Object.entries(CODES)) {
    it(code, async () => {
      const bad = await checkFixture(code);
      const found = [...bad.json.errors, ...bad.json.warnings].filter((f) => f.code === code);
      expect(found.length).toBeGreaterThan(0);
      for (const f of found) {
        expect(f.line).toBeGreaterThanOrEqual(1);
        expect(f.column).toBeGreaterThanOrEqual(1);
        expect(path.isAbsolute(f.file)).toBe(false);
      }
      expect((severity === 'error' ? bad.json.errors : bad.json.warnings).some((f) => f.code === code)).toBe(true);
      expect(bad.code).toBe(severity === 'error' ? 1 : 0);

      const clean = await checkFixture(`${code}-clean`, true);
      expect(clean.json.errors).toEqual([]);
      expect(clean.json.warnings).toEqual([]);
      expect(clean.code).toBe(0);
    });
  }
});

describe.concurrent('positions of the loader problems', () => {
  it('yaml-syntax: duplicate key, unknown tag, several documents, alias bomb, unclosed quote', async () => {
    const { json } = await checkFixture('yaml-syntax');
    const at = Object.fromEntries(json.errors.map((f) => [f.file, [f.line, f.column, f.message]]));
    expect(at['2019/regular-001.yaml']).toEqual([5, 1, expect.stringMatching(/field "title" appears twice \(first at line 1\)/)]);
    expect(at['2019/regular-002.yaml']).toEqual([4, 15, expect.stringMatching(/tags are not allowed/)]);
    expect(at['2019/regular-003.yaml']).toEqual([11, 1, expect.stringMatching(/several YAML documents/)]);
    expect(at['2019/regular-004.yaml']).toEqual([2, 8, expect.stringMatching(/alias bomb/i)]);
    expect(at['2019/regular-005.yaml']).toEqual([1, 8, expect.stringMatching(/quoted value is not closed/)]);
  });

  it('schema: each wrong field at its value', async () => {
    const { json } = await checkFixture('schema');
    const at = Object.fromEntries(json.errors.map((f) => [f.file.slice(5), `${f.line}:${f.column} ${f.message}`]));
    // No author, and no team or organization to sign: located at the top of the file (there is no authors line).
    expect(at['regular-001.yaml']).toMatch(/^1:1 authors is required .* unless a team or organization signs the report/);
    expect(at['regular-002.yaml']).toMatch(/^6:7 kind must be regular or special/);
    expect(at['regular-003.yaml']).toMatch(/^7:9 number must be 1 or more/);
    expect(at['regular-004.yaml']).toMatch(/^9:8 total must be a whole number/);
    expect(at['regular-005.yaml']).toMatch(/^10:7 date must be a real date/);
    expect(at['regular-006.yaml']).toMatch(/^1:8 title must not be empty/);
    expect(at['regular-007.yaml']).toMatch(/^2:10 authors is required \(at least one name/);
    expect(at['regular-008.yaml']).toMatch(/^7:9 number must be a whole number/);
    expect(at['regular-009.yaml']).toMatch(/^9:8 total must be 1 or more/);
    expect(at['regular-010.yaml']).toMatch(/^8:7 year must be a whole number/);
    expect(json.summary).toMatchObject({ files: 10, records: 0, errors: 10 });
  });
});

describe.concurrent('reports validate output', () => {
  it('the bundled archive has no errors (gaps are warnings)', async () => {
    const r = await validateJson(copy('bundled'));
    expect(r.code).toBe(0);
    expect(r.json.errors).toEqual([]);
    expect(r.json.warnings.every((w) => w.code === 'number-gap')).toBe(true);
    expect(r.json.summary).toMatchObject({ files: 6, records: 6, errors: 0, ok: true });
    expect(r.stderr).toBe('');
  });

  it('text: path:line:column  severity  code  message, grouped by file, paths relative to the working folder, then a summary', async () => {
    const dir = copy('total-offset');
    const r = await reports(['--archive', 'total-offset', 'validate'], path.dirname(dir));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'total-offset/2018/regular-146.yaml:9:8  error  total-offset  2018-R146: total 5412 disagrees with offset 5275 of regular 2018 (agreed by 2018-R3, 2018-R124): expected 5421',
    );
    expect(r.stdout).toMatch(/^total-offset\/2018\/regular-003\.yaml:\d+:\d+  warning  number-gap  regular 2018: missing 1-2, 4-123, 125-145/m);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('3 records checked: 1 error, 1 warning');
    expect(r.stdout).not.toMatch(/\u001b\[/);
    expect(r.stderr).toMatch(/^error: the archive is not valid: 1 error/);
    // Absolute when the archive is outside the working folder.
    expect((await reports(["--archive", dir, "validate"], ROOT)).stdout).toContain(`${dir}/2018/regular-146.yaml:9:8`);
  });

  it('colour only when asked for', async () => {
    const dir = copy('date-order');
    const r = await runCli(['--archive', dir, 'validate'], { env: { FORCE_COLOR: '1' } });
    expect(r.stdout).toMatch(/\u001b\[31merror/);
    const off = await runCli(['--archive', dir, '--no-color', 'validate'], { env: { FORCE_COLOR: '1' } });
    expect(off.stdout).not.toMatch(/\u001b\[/);
  });

  it('--json prints nothing but JSON on stdout, with related files for findings involving several records', async () => {
    const r = await validateJson(copy('duplicate-number'));
    expect(r.code).toBe(1);
    // Two records, two offsets, no majority and no git: a tie, named on both files (number and offset).
    const dup = r.json.errors.filter((f) => f.code === 'duplicate-number');
    expect(dup).toMatchObject([
      { file: '2019/regular-001.yaml', id: '2019-R1', related: ['2019/regular-002.yaml'], unsettled: true },
      { file: '2019/regular-002.yaml', id: '2019-R1', related: ['2019/regular-001.yaml'], unsettled: true },
    ]);
    expect(r.json.summary).toMatchObject({ errors: 4, warnings: 1, ok: false, strict: false });
  });

  it('--strict makes warnings fail', async () => {
    const dir = copy('unknown-field');
    expect((await reports(["--archive", dir, "validate"])).code).toBe(0);
    const strict = await reports(['--archive', dir, 'validate', '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('1 warning with --strict');
  });

  it('--format github prints workflow annotations with escaped properties and message', async () => {
    const dir = copy('duplicate-title');
    const r = await reports(['--archive', 'duplicate-title', 'validate', '--format', 'github'], path.dirname(dir));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "::warning file=duplicate-title/2019/regular-002.yaml,line=1,col=8,title=duplicate-title::2019-R2: the title is the same as 2019-R1's (2019/regular-001.yaml); if it is the same report, remove one record, else check the title\n",
    );
    expect(r.stderr).toContain('2 records checked: 0 errors, 1 warning');
  });

  it('a bad --format is a usage error', async () => {
    const r = await reports(['--archive', copy('filename-clean'), 'validate', '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/text, json, github/);
  });

  it('a missing archive folder is an error without a stack trace', async () => {
    const r = await reports(['--archive', path.join(tmp, 'nowhere'), 'validate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: archive folder not found/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--help ends with examples', async () => {
    const r = await reports(['validate', '--help']);
    expect(r.stdout).toMatch(/Examples:\n  reports validate/);
  });
});
