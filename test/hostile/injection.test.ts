// Trust, second round: injection through a bare CR in CSV, through file names and JSON on a terminal, and through
// a config file in a folder someone else owns.
import { parse as parseCsv } from 'csv-parse/sync';
import { chownSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeArchive, recordYaml, runCli, tempDir } from '../helpers.js';
import type { LoadedRecord } from '../../src/model/record.js';
import { exportCsv } from '../../src/render/export/csv.js';
import { RAW_CONTROL, reports, ROOT_USER } from './run.js';

/** A case only root can set up (it gives a file or folder to another user): skipped otherwise, saying so. */
const itAsRoot = (name: string, fn: () => unknown) => {
  if (!ROOT_USER) console.warn(`skipped: ${name}: only root can give a file or folder to another user (chown)`);
  return it.skipIf(!ROOT_USER)(name, fn as () => Promise<void>);
};

const archive = (files: Record<string, string>) => makeArchive(files);

const PAYLOAD = "=cmd|' /C calc'!A0";
const record = (fields: Partial<LoadedRecord['record']>): LoadedRecord => ({
  id: '2019-R1',
  file: '2019/regular-001.yaml',
  record: { title: 'T', authors: ['Li Na'], series: 'Research Report', kind: 'regular', number: 1, year: 2019, total: 5501, ...fields },
  positions: { keys: {}, values: {} },
});

describe('CSV: a line break inside a cell', () => {
  it.each([
    ['a bare CR', `Summary.\r${PAYLOAD}`],
    ['a bare LF', `Summary.\n${PAYLOAD}`],
    ['a CRLF', `Summary.\r\n${PAYLOAD}`],
    ['a CR then a tab', `Summary.\r\t${PAYLOAD}`],
  ])('%s: the cell is quoted and no line of the file starts a formula', (_what, abstract) => {
    const csv = exportCsv([record({ abstract })]);
    // A reader that splits rows at every line break (as some spreadsheets do with a bare CR) never starts a row
    // with a formula.
    for (const line of csv.split(/\r\n|\r|\n/)) expect(line).not.toMatch(/^[=+\-@\t]/);
    const rows = parseCsv(csv, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.abstract).toBe(abstract.replace(/(\r\n?|\n)/, "$1'"));
    expect(rows[0]!.file).toBe('2019/regular-001.yaml');
  });

  it('--raw still quotes the cell (the row stays one row), and leaves the text as it is', () => {
    const abstract = `Summary.\r${PAYLOAD}`;
    const csv = exportCsv([record({ abstract })], { raw: true });
    expect(csv).toContain(`"Summary.\r${PAYLOAD}"`);
    const rows = parseCsv(csv, { columns: true }) as Record<string, string>[];
    expect(rows[0]!.abstract).toBe(abstract);
  });

  it('validate flags a line break in a one-line field (the abstract alone may span lines)', async () => {
    const a = archive({ '2019/regular-001.yaml': recordYaml({ title: `A title\r${PAYLOAD}`, abstract: `Summary.\r\nMore.` }) });
    const r = await reports(['validate', '--archive', a]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/title holds a line break \(\\x0d\); only the abstract may span lines/);
    expect(r.stdout).not.toMatch(/abstract holds/);
  });
});

describe("a config in someone else's folder is not read", () => {
  const setUp = () => {
    const shared = tempDir('reports-shared-');
    const mine = path.join(shared, 'mine');
    mkdirSync(mine);
    return { shared, mine };
  };

  itAsRoot("another user's config in a shared folder above: skipped, said, the default archive used", async () => {
    const { shared, mine } = setUp();
    const theirs = path.join(shared, 'reports.config.yaml');
    writeFileSync(theirs, 'archive: /srv/their-archive\n');
    chownSync(theirs, 65534, 65534);
    const r = await reports(['config', '--json'], { cwd: mine, env: { HOME: '/nonexistent' } });
    expect(r.stderr).toBe(`warning: skipped the config ${theirs}: the file belongs to another user (uid 65534); a config is read only from folders of yours or root's (name it with --config to read it)\n`);
    const out = JSON.parse(r.stdout) as { file: string | null; entries: { key: string; value: unknown }[] };
    expect(out.file).toBeNull();
    expect(out.entries.find((e) => e.key === 'archive')!.value).toBe(path.join(mine, 'archive'));
    // Every other command says so too, and named explicitly the file is read.
    const list = await reports(['list'], { cwd: mine, env: { HOME: '/nonexistent' } });
    expect(list.stderr).toContain(`warning: skipped the config ${theirs}: the file belongs to another user`);
    const named = await reports(['config', '--json', '--config', theirs], { cwd: mine });
    expect(JSON.parse(named.stdout).file).toBe(theirs);
  });

  itAsRoot("a config of one's own in a folder another user owns (they could replace it): skipped", async () => {
    const { shared } = setUp();
    const folder = path.join(shared, 'theirs');
    mkdirSync(path.join(folder, 'deep'), { recursive: true });
    writeFileSync(path.join(folder, 'reports.config.yaml'), 'archive: x\n');
    chownSync(folder, 65534, 65534);
    const r = await reports(['config', '--json'], { cwd: path.join(folder, 'deep'), env: { HOME: '/nonexistent' } });
    expect(r.stderr).toMatch(/its folder belongs to another user \(uid 65534\)/);
    expect(JSON.parse(r.stdout).file).toBeNull();
  });

  it('the search stops at the root of a git repository', async () => {
    const { shared } = setUp();
    writeFileSync(path.join(shared, 'reports.config.yaml'), 'archive: outside\n');
    const repo = path.join(shared, 'repo');
    mkdirSync(path.join(repo, '.git'), { recursive: true });
    mkdirSync(path.join(repo, 'sub'));
    const r = await reports(['config', '--json'], { cwd: path.join(repo, 'sub'), env: { HOME: '/nonexistent' } });
    expect(JSON.parse(r.stdout).file).toBeNull();
    const above = await reports(['config', '--json'], { cwd: shared, env: { HOME: '/nonexistent' } });
    expect(JSON.parse(above.stdout).file).toBe(path.join(shared, 'reports.config.yaml'));
  });
});

describe('file names reach the terminal escaped, as record text does', () => {
  // Output to terminals (the editor runs without one: stdin is not a terminal, so nothing is asked).
  const TTY = { stdoutIsTTY: true, stderrIsTTY: true };
  // A teammate can commit a file with any name: this one sets the terminal's title, and holds a line break.
  const NAME = '2019/\x1b]0;pwned\x07\nfake: line\u202e.yaml';
  const escaped = (out: string) => {
    expect(out).not.toMatch(RAW_CONTROL);
    expect(out).not.toContain('\nfake: line');
    expect(out).toContain('\\x1b]0;pwned\\x07\\x0afake: line\\u202e.yaml');
  };

  it('fix: the plan and the removal of a misnamed file', async () => {
    const a = archive({ [NAME]: recordYaml() });
    const plan = await reports(['fix', '--archive', a], { tty: true });
    escaped(plan.stdout);
    expect(plan.stdout).toContain('removed (moved to 2019/regular-001.yaml)');
    const applied = await reports(['fix', '--apply', '--archive', a], { tty: true });
    expect(applied.stdout + applied.stderr).not.toMatch(RAW_CONTROL);
  });

  it('export --skip-invalid: the files left out', async () => {
    const a = archive({ '2019/regular-001.yaml': recordYaml(), [NAME]: recordYaml({ number: 2, total: 5502, date: 'soon' }) });
    const r = await reports(['export', 'json', '--skip-invalid', '--archive', a], { tty: true });
    expect(r.code).toBe(0);
    // The progress line on a terminal clears itself with ESC [ K: that one is the command's own.
    escaped(r.stderr.replaceAll('\r\x1b[K', ''));
    expect(r.stderr).toMatch(/warning: --skip-invalid: leaving out 1 file with errors: .*\.yaml\n/);
  });

  it('edit: "updated ..." and the messages of an edit that is not written', async () => {
    const a = archive({ [NAME]: recordYaml({ number: 2, total: 5502 }) });
    const editor = path.join(path.dirname(a), 'editor.sh');
    writeFileSync(editor, 'sed -i "s/A Report on Something/Edited/" "$1"\n');
    const ok = await runCli(['edit', '--archive', a, path.join(a, NAME)], { ...TTY, env: { EDITOR: `sh ${editor}`, VISUAL: '', NO_COLOR: '1' } });
    expect(ok.code).toBe(0);
    escaped(ok.stderr);
    expect(ok.stderr).toMatch(/\nupdated .* \(2019-R2\)\n$/);
    writeFileSync(editor, 'sed -i "s/^date: .*/date: soon/" "$1"\n');
    const bad = await runCli(['edit', '--archive', a, path.join(a, NAME)], { ...TTY, env: { EDITOR: `sh ${editor}`, VISUAL: '', NO_COLOR: '1' } });
    expect(bad.code).toBe(1);
    escaped(bad.stderr);
  });
});

describe('--json at a terminal', () => {
  const TITLE = 'Csi \u009b31m, override \u202eevil, separators \u2028 and \u2029, del \u007f';
  it.each([
    ['show --json', ['show', '2019-R1', '--json']],
    ['list --json', ['list', '--json']],
    ['list --format json', ['list', '--format', 'json']],
  ])('%s escapes C1, bidirectional controls and line separators as \\uXXXX, and is the same JSON', async (_what, argv) => {
    const a = archive({ '2019/regular-001.yaml': recordYaml({ title: TITLE }) });
    const r = await reports([...argv, '--archive', a], { tty: true });
    expect(r.stdout).not.toMatch(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    expect(r.stdout).toContain('\\u009b31m');
    expect(r.stdout).toContain('\\u202e');
    expect(JSON.stringify(JSON.parse(r.stdout))).toContain(TITLE);
  });

  // export refuses a record holding them (validate's control-character error): the escaping itself, on its text.
  it('the JSON export of a record holding them, escaped, parses to the same values', async () => {
    const { exportJson } = await import('../../src/render/export/json.js');
    const { terminalJson } = await import('../../src/render/safe.js');
    const text = exportJson([record({ title: TITLE })], new Date(0));
    const safe = terminalJson(text);
    expect(safe).not.toMatch(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    expect(JSON.parse(safe)).toEqual(JSON.parse(text));
  });

  it('piped, the JSON is as JSON.stringify writes it', async () => {
    const a = archive({ '2019/regular-001.yaml': recordYaml({ title: TITLE }) });
    const r = await reports(['show', '2019-R1', '--json', '--archive', a]);
    expect(r.stdout).toContain('\u202e');
  });
});
