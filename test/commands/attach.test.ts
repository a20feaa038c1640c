// reports attach: the file copied beside its record and recorded (size, SHA-256); replaced, checked by validate,
// opened, removed with its record, carried by the site and named by the exports. Never through a link out.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allFiles, copyArchive, runCli, tempDir } from '../helpers.js';
import { git, identify } from '../team-helpers.js';

const PDF = '%PDF-1.4\n% a report\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n';
const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

function setup(): { dir: string; pdf: string } {
  const dir = copyArchive('archive');
  const pdf = path.join(tempDir(), 'Special Issue 11.PDF');
  writeFileSync(pdf, PDF);
  return { dir, pdf };
}
const attach = (dir: string, args: string[]) => runCli(['attach', '--archive', dir, ...args]);
const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');
const validate = async (dir: string) => JSON.parse((await runCli(['validate', '--archive', dir, '--json'])).stdout) as { errors: Array<{ code: string; message: string; file: string }> };

describe('reports attach', () => {
  it('copies the file beside its record, and the record names it with its size and SHA-256', async () => {
    const { dir, pdf } = setup();
    const before = read(dir, '2019/special-011.yaml');
    const r = await attach(dir, ['2019-S11', pdf]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(`attached 2019/special-011.pdf to 2019-S11 (${PDF.length} bytes, SHA-256 ${sha(PDF).slice(0, 12)}...)\n`);
    expect(read(dir, '2019/special-011.pdf')).toBe(PDF);
    expect(read(dir, '2019/special-011.yaml')).toBe(`${before}attachment:\n  file: 2019/special-011.pdf\n  size: ${PDF.length}\n  sha256: ${sha(PDF)}\n`);
    expect(readFileSync(pdf, 'utf8')).toBe(PDF);
    expect((await validate(dir)).errors).toEqual([]);
    expect(allFiles(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('the same file again changes nothing; another file replaces it (under a new name, the old one removed)', async () => {
    const { dir, pdf } = setup();
    await attach(dir, ['2019-S11', pdf]);
    const same = await attach(dir, ['2019-S11', pdf]);
    expect(same.stderr).toBe('2019-S11 has this file attached already: 2019/special-011.pdf\n');
    const other = path.join(tempDir(), 'v2.pdf');
    writeFileSync(other, `${PDF}% corrected\n`);
    const r = await attach(dir, ['2019-S11', other, '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: '2019-S11', status: 'replaced', attachment: { file: '2019/special-011-2.pdf', sha256: sha(`${PDF}% corrected\n`) }, previous: '2019/special-011.pdf' });
    expect(existsSync(path.join(dir, '2019/special-011.pdf'))).toBe(false);
    expect((await validate(dir)).errors).toEqual([]);
  });

  it('--dry-run copies nothing', async () => {
    const { dir, pdf } = setup();
    const before = allFiles(dir);
    const r = await attach(dir, ['1639', pdf, '--dry-run']);
    expect(r.stdout).toMatch(/^would attach 2019\/special-011\.pdf to 2019-S11/);
    expect(allFiles(dir)).toEqual(before);
  });

  it.each([
    ['a missing file', (d: string) => path.join(d, 'nope.pdf'), /cannot read .*nope\.pdf: no such file; nothing was attached/],
    ['a folder', (d: string) => d, /not a regular file/],
    [
      'a named pipe (never waited on)',
      (d: string) => {
        const fifo = path.join(d, 'pipe.pdf');
        spawnSync('mkfifo', [fifo]);
        return fifo;
      },
      /not a regular file/,
    ],
  ])('refuses %s (exit 1), the archive as it was', async (_what, make, message) => {
    const { dir } = setup();
    const before = allFiles(dir);
    const r = await attach(dir, ['2019-S11', make(tempDir())]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(allFiles(dir)).toEqual(before);
  });

  it('never writes through a link out of the archive: a link where the file would go is passed over', async () => {
    const { dir, pdf } = setup();
    const outside = path.join(tempDir(), 'target.pdf');
    symlinkSync(outside, path.join(dir, '2019/special-011.pdf'));
    const r = await attach(dir, ['2019-S11', pdf]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^attached 2019\/special-011-2\.pdf/);
    expect(existsSync(outside)).toBe(false);
    expect(read(dir, '2019/special-011-2.pdf')).toBe(PDF);
  });

  it('a record file that is a link is refused (attach to the file itself)', async () => {
    const { dir, pdf } = setup();
    const real = path.join(dir, '2019/special-011.yaml');
    const moved = path.join(dir, 'elsewhere.yaml.txt');
    renameSync(real, moved);
    symlinkSync(moved, real);
    const r = await attach(dir, ['2019-S11', pdf]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is a symbolic link; attach to the record file itself/);
  });

  it('--commit commits the record and the attached file', async () => {
    const { dir, pdf } = setup();
    const repo = path.dirname(dir);
    git(repo, 'init', '-q');
    identify(repo);
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'start');
    const r = await attach(dir, ['2019-S11', pdf, '--commit']);
    expect(r.code, r.stderr).toBe(0);
    expect(git(repo, 'log', '-1', '--format=%s')).toBe('Attach 2019-S11: special-011.pdf\n');
    expect(git(repo, 'show', '--name-status', '--format=', 'HEAD')).toBe('A\tarchive/2019/special-011.pdf\nM\tarchive/2019/special-011.yaml\n');
  });
});


describe('validate checks attachments', () => {
  it.each([
    ['missing', (dir: string) => unlinkSync(path.join(dir, '2019/special-011.pdf')), 'attachment-missing', /the attachment 2019\/special-011\.pdf is not in the archive/],
    ['changed', (dir: string) => writeFileSync(path.join(dir, '2019/special-011.pdf'), PDF.replace('report', 'rEport')), 'attachment-changed', /has another SHA-256/],
    ['cut short', (dir: string) => writeFileSync(path.join(dir, '2019/special-011.pdf'), PDF.slice(0, 10)), 'attachment-changed', /is 10 bytes, not the \d+ recorded/],
    [
      'a link out of the archive',
      (dir: string) => {
        const elsewhere = path.join(tempDir(), 'elsewhere.pdf');
        writeFileSync(elsewhere, PDF);
        rmSync(path.join(dir, '2019/special-011.pdf'));
        symlinkSync(elsewhere, path.join(dir, '2019/special-011.pdf'));
      },
      'attachment-outside',
      /a link leading out of the archive; it is not followed/,
    ],
  ])('%s: an error located at the record', async (_what, damage, code, message) => {
    const { dir, pdf } = setup();
    await attach(dir, ['2019-S11', pdf]);
    damage(dir);
    const v = await validate(dir);
    expect(v.errors).toEqual([expect.objectContaining({ code, file: '2019/special-011.yaml', message: expect.stringMatching(message) })]);
    expect((await runCli(['validate', '--archive', dir])).code).toBe(1);
  });

  it.each([['../../etc/passwd'], ['/etc/passwd'], ['2019/.hidden.pdf'], ['2019\\\\x.pdf'], ['2019/special-009.yaml']])('a record naming %j as its attachment does not load', async (file) => {
    const { dir } = setup();
    const rec = path.join(dir, '2019/special-011.yaml');
    writeFileSync(rec, `${readFileSync(rec, 'utf8')}attachment:\n  file: "${file}"\n  size: 1\n  sha256: ${'0'.repeat(64)}\n`);
    const v = await validate(dir);
    expect(v.errors.map((e) => e.message).join('\n')).toMatch(/attachment\.file must be a path inside the archive/);
    // Not a record: rm cannot reach the other file through it.
    expect((await runCli(['rm', '2019-S11', '--yes', '--archive', dir])).code).toBe(1);
    expect(existsSync(path.join(dir, '2019/special-009.yaml'))).toBe(true);
  });

  it('rm of a record whose attachment names a folder removes the record and leaves the folder', async () => {
    const { dir } = setup();
    const rec = path.join(dir, '2019/special-011.yaml');
    writeFileSync(rec, `${readFileSync(rec, 'utf8')}attachment:\n  file: "2018"\n  size: 1\n  sha256: "${'0'.repeat(64)}"\n`);
    const r = await runCli(['rm', '2019-S11', '--yes', '--archive', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(rec)).toBe(false);
    expect(allFiles(path.join(dir, '2018'))).toEqual(['regular-003.yaml', 'regular-124.yaml']);
  });
});

describe('the attachment elsewhere', () => {
  it('show names it; open --file opens it (--print prints it)', async () => {
    const { dir, pdf } = setup();
    await attach(dir, ['2019-S11', pdf]);
    expect((await runCli(['show', '2019-S11', '--archive', dir])).stdout).toContain(`File: 2019/special-011.pdf (${PDF.length} bytes)`);
    const r = await runCli(['open', '2019-S11', '--file', '--print', '--archive', dir]);
    expect(r.stdout).toBe(`file://${path.join(dir, '2019/special-011.pdf')}\n`);
    const none = await runCli(['open', '2018-R3', '--file', '--archive', dir]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/2018-R3 has no attached file \(attach one with: reports attach 2018-R3 <file>\)/);
  });

  it('rm removes it with its record; one another record names too stays', async () => {
    const { dir, pdf } = setup();
    await attach(dir, ['2019-S11', pdf]);
    const r = await runCli(['rm', '2019-S11', '--yes', '--archive', dir]);
    expect(r.stderr).toMatch(/^removed 2019-S11: 2019\/special-011\.yaml and 2019\/special-011\.pdf\n/);
    expect(allFiles(dir).filter((f) => f.startsWith('2019/special-011'))).toEqual([]);
  });

  it('the site copies it beside the pages, links it and gives citation_pdf_url', async () => {
    const { dir, pdf } = setup();
    await attach(dir, ['2019-S11', pdf]);
    const out = path.join(tempDir(), 'site');
    const r = await runCli(['export', 'html', '--archive', dir, '--out', out, '--base-url', 'https://example.org/reports/']);
    expect(r.code, r.stderr).toBe(0);
    const pages = allFiles(out);
    const copied = pages.filter((f) => f.startsWith('files/'));
    expect(copied).toHaveLength(1);
    expect(readFileSync(path.join(out, copied[0]!), 'utf8')).toBe(PDF);
    const page = readFileSync(path.join(out, 'reports', `${path.basename(copied[0]!, '.pdf')}.html`), 'utf8');
    expect(page).toContain(`<meta name="citation_pdf_url" content="https://example.org/reports/${copied[0]}">`);
    expect(page).toContain(`<a href="../${copied[0]}">`);
  });

  it("a second export over the first keeps the attached file (it is the site's own: listed by its manifest)", async () => {
    const { dir, pdf } = setup();
    await attach(dir, ['2019-S11', pdf]);
    const out = path.join(tempDir(), 'site');
    for (let run = 0; run < 2; run++) {
      const r = await runCli(['export', 'html', '--archive', dir, '--out', out]);
      expect(r.code, r.stderr).toBe(0);
    }
    expect(allFiles(out).filter((f) => f.startsWith('files/'))).toHaveLength(1);
    // In place too (the working folder is the site): written over, not refused.
    const again = await runCli(['export', 'html', '--archive', dir, '--out', '.'], { cwd: out });
    expect(again.code, again.stderr).toBe(0);
    expect(allFiles(out).filter((f) => f.startsWith('files/'))).toHaveLength(1);
  });

  it('a site without the file (gone from the archive): a warning, no link', async () => {
    const { dir, pdf } = setup();
    await attach(dir, ['2019-S11', pdf]);
    unlinkSync(path.join(dir, '2019/special-011.pdf'));
    const out = path.join(tempDir(), 'site');
    const r = await runCli(['export', 'html', '--archive', dir, '--out', out, '--skip-invalid']);
    expect(r.stderr).toMatch(/2019-S11: its attachment is left out of the site: 2019\/special-011\.pdf is not in the archive/);
    expect(allFiles(out).filter((f) => f.startsWith('files/'))).toEqual([]);
  });

  it.each([
    ['json', /"attachment": \{\n\s+"file": "2019\/special-011\.pdf",\n\s+"size": \d+,\n\s+"sha256": "[0-9a-f]{64}"/],
    ['csv', /,2019\/special-011\.pdf,,2019\/special-011\.yaml\r\n/],
    ['bibtex', /file +=\s+\{2019\/special-011\.pdf\}/],
  ])('export %s names it', async (format, pattern) => {
    const { dir, pdf } = setup();
    await attach(dir, ['2019-S11', pdf]);
    const r = await runCli(['export', format, '--archive', dir]);
    expect(r.stdout).toMatch(pattern);
  });
});
