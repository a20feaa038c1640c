// reports import through run(argv, io) in-process: the review table and JSON, --dry-run, --yes, exit statuses.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the page generator is plain JavaScript, shared with the benchmark
import { writePages } from '../../bench/import-pages.mjs';
import { run, type IO } from '../../src/cli.js';
import { allFiles, CACHE_DIR, FIXTURES, tempDir } from '../helpers.js';

function fakeIO(cwd: string, tty = false): IO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: (s) => void (out += s),
    stderr: (s) => void (err += s),
    env: { NO_COLOR: '1', REPORTS_CACHE_DIR: CACHE_DIR, COLUMNS: '100' },
    cwd,
    stdoutIsTTY: tty,
    stderrIsTTY: tty,
    stdinIsTTY: tty,
    out: () => out,
    err: () => err,
  };
}

/** A temp folder: archive/ (the add fixture) and pages/ with 3 new 2019 pages, one archived, one clashing. */
function setup(): string {
  const root = tempDir('reports-import-cmd-');
  cpSync(path.join(FIXTURES, 'add', 'archive'), path.join(root, 'archive'), { recursive: true });
  writePages(path.join(root, 'pages'), 3, { start: 97, year: 2019, offset: 5500, startMonth: 7 });
  cpSync(path.join(FIXTURES, 'pages', 'forms', 'seed-r124-2018.txt'), path.join(root, 'pages', 'archived.txt'));
  writeFileSync(path.join(root, 'pages', 'clash.txt'), 'Another Title (No.96, 2019)\nBy Li Wei, DRC\nResearch Report, No.96, 2019 (Total 5596) 2019-6-20\n');
  return root;
}

const importCmd = async (root: string, args: string[], tty = false) => {
  const io = fakeIO(root, tty);
  const code = await run(['--archive', 'archive', 'import', ...args], io);
  return { code, stdout: io.out(), stderr: io.err() };
};

describe('reports import', () => {
  it('--dry-run: the review table, the summary, nothing written, exit 1 for the clashing page', async () => {
    const root = setup();
    const before = allFiles(path.join(root, 'archive'));
    const r = await importCmd(root, ['--dry-run', 'pages']);
    expect(r.stdout.split('\n')[0]).toMatch(/^verdict\s+id\s+page\s+title$/);
    expect(r.stdout).toMatch(/^existing\s+2018-R124\s+pages\/archived\.txt\s+Analysis on the Changes/m);
    expect(r.stdout).toMatch(/^clashing\s+2019-R96\s+pages\/clash\.txt\s+Another Title/m);
    expect(r.stdout).toMatch(/^\s+No\.96, 2019 is already 2019-R96 \(2019\/regular-096\.yaml\)/m);
    expect(r.stdout.match(/^new\s+2019-R(97|98|99)\s/gm)).toHaveLength(3);
    expect(r.stderr).toMatch(/^5 pages: 3 new, 1 already in the archive, 1 clashing$/m);
    expect(r.stderr).toMatch(/dry run: nothing was written/);
    expect(r.stderr).toMatch(/error: 1 page refused/);
    expect(r.code).toBe(1);
    expect(allFiles(path.join(root, 'archive'))).toEqual(before);
  });

  it('--json prints one object per page and nothing else on stdout', async () => {
    const root = setup();
    const r = await importCmd(root, ['--json', '--dry-run', 'pages']);
    const pages = JSON.parse(r.stdout).items as Array<Record<string, unknown>>;
    expect(pages).toHaveLength(5);
    for (const p of pages) expect(Object.keys(p)).toEqual(expect.arrayContaining(['file', 'verdict', 'id', 'record', 'notices', 'unread', 'reason', 'written']));
    expect(pages.find((p) => p.file === 'pages/archived.txt')).toMatchObject({ verdict: 'existing', id: '2018-R124', related: ['2018/regular-124.yaml'], written: false });
    expect(pages.find((p) => p.verdict === 'new')).toMatchObject({ target: expect.stringMatching(/^2019\/regular-09[789]\.yaml$/), record: { series: 'Research Report', kind: 'regular', year: 2019 } });
  });

  it('without a terminal and without --yes: the review, nothing written, exit 2 saying so', async () => {
    const root = setup();
    const before = allFiles(path.join(root, 'archive'));
    const r = await importCmd(root, ['pages']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^new\s/m);
    expect(r.stderr).toMatch(/nothing was written: no terminal to ask; pass --yes to write the 3 new reports/);
    expect(allFiles(path.join(root, 'archive'))).toEqual(before);
  });

  it('--yes writes the new ones (exit 1: one clashing); a second run writes nothing and exits 0', async () => {
    const root = setup();
    const first = await importCmd(root, ['--yes', 'pages']);
    expect(first.stderr).toMatch(/wrote 3 record files/);
    expect(first.stdout).toMatch(/written: 2019\/regular-097\.yaml/);
    expect(first.code).toBe(1);
    const files = allFiles(path.join(root, 'archive'));
    expect(files).toEqual(expect.arrayContaining(['2019/regular-097.yaml', '2019/regular-098.yaml', '2019/regular-099.yaml']));

    // Without the clashing page: everything is already there, nothing to do.
    const again = await importCmd(root, ['--yes', 'pages/page-2019-0097.txt', 'pages/page-2019-0098.txt', 'pages/page-2019-0099.txt', 'pages/archived.txt']);
    expect(again.stderr).toMatch(/4 pages: 0 new, 4 already in the archive/);
    expect(again.stderr).toMatch(/nothing to do/);
    expect(again.code).toBe(0);
    expect(allFiles(path.join(root, 'archive'))).toEqual(files);
  });

  it('exit 0 when every page is new and written', async () => {
    const root = setup();
    const r = await importCmd(root, ['-y', 'pages/page-2019-0097.txt', 'pages/page-2019-0098.txt']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/2 pages: 2 new, 0 already in the archive\nwrote 2 record files\n$/);
  });

  it('exit 1 for an unreadable page, named with its reason', async () => {
    const root = setup();
    mkdirSync(path.join(root, 'more'));
    writeFileSync(path.join(root, 'more', 'notes.txt'), 'Some notes, not a report page\n');
    const r = await importCmd(root, ['--dry-run', 'more', 'missing.html']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^unreadable\s+-\s+more\/notes\.txt/m);
    expect(r.stdout).toMatch(/^unreadable\s+-\s+missing\.html\s+\(no title read\)\n\s+no such file or folder/m);
    expect(r.stderr).toMatch(/2 pages refused/);
  });

  it('the review names the next step for each refused page, in the table and the JSON', async () => {
    const root = setup();
    mkdirSync(path.join(root, 'more'));
    writeFileSync(path.join(root, 'more', 'notes.txt'), 'Some notes, not a report page\n');
    const r = await importCmd(root, ['--dry-run', 'pages/clash.txt', 'more', 'missing.html']);
    expect(r.stdout).toMatch(/^\s+next: compare it with 2019\/regular-096\.yaml: if that record is wrong, correct it \(reports edit 2019\/regular-096\.yaml\); if the page is another report, add it with its own number: reports add --from-text pages\/clash\.txt$/m);
    expect(r.stdout).toMatch(/^\s+next: add it at a terminal, which asks for what the page lacks: reports add --from-text more\/notes\.txt$/m);
    expect(r.stdout).toMatch(/^\s+next: check the file \(see why above\), then import it again$/m);
    const json = (JSON.parse((await importCmd(root, ['--dry-run', '--json', 'pages/clash.txt', 'pages/archived.txt'])).stdout) as { items: Array<{ file: string; next: string | null }> }).items;
    expect(json.find((p) => p.file === 'pages/clash.txt')!.next).toMatch(/^compare it with 2019\/regular-096\.yaml/);
    expect(json.find((p) => p.file === 'pages/archived.txt')!.next).toBeNull();
  });

  it('names a page whose name needs quoting quoted in its next step', async () => {
    const root = setup();
    writeFileSync(path.join(root, "it's a page.txt"), 'Nothing to read here\n');
    const r = await importCmd(root, ['--dry-run', "it's a page.txt"]);
    expect(r.stdout).toContain("reports add --from-text 'it'\\''s a page.txt'");
  });

  it('--skip-refused (a nightly job): clashing and unreadable pages are a warning, exit 0, the new ones written', async () => {
    const root = setup();
    mkdirSync(path.join(root, 'more'));
    writeFileSync(path.join(root, 'more', 'notes.txt'), 'Some notes, not a report page\n');
    const r = await importCmd(root, ['--yes', '--skip-refused', 'pages', 'more']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/wrote 3 record files/);
    expect(r.stderr).toMatch(/^warning: 2 pages refused \(clashing or unreadable\) and skipped; see the review above$/m);
    expect(r.stdout).toMatch(/^clashing\s+2019-R96/m);
  });

  it('--skip-refused: a page that cannot be read from disk is still an error (exit 1), the others are written', async () => {
    const root = setup();
    const r = await importCmd(root, ['--yes', '--skip-refused', 'pages', 'missing.html']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/wrote 3 record files/);
    expect(r.stderr).toMatch(/error: 1 page could not be read or written/);
  });

  it('exit 2 without a page argument, and --help has examples and the exit statuses', async () => {
    const root = setup();
    expect((await importCmd(root, [])).code).toBe(2);
    const help = await importCmd(root, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Examples:/);
    expect(help.stdout).toMatch(/Exit status: 0 written or nothing to do, 1 pages refused/);
  });

  it('shows file names with control characters visibly', async () => {
    const root = setup();
    mkdirSync(path.join(root, 'odd'));
    writeFileSync(path.join(root, 'odd', 'bad\u001b[31mname.txt'), 'x');
    const r = await importCmd(root, ['--dry-run', 'odd']);
    expect(r.stdout).not.toMatch(/\u001b/);
    expect(r.stdout).toMatch(/bad\\x1b\[31mname\.txt/);
  });
});
