// Trust, second round: what a user has must never be removed by an export, and text saved in an editor is never
// lost whatever the editor's exit status.
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allFiles, makeArchive, recordYaml, runCli, tempDir } from '../helpers.js';
import { editScratch, interruptedEdits } from '../../src/store/scratch.js';
import { reportsProcess, ROOT_USER } from './run.js';

/** A case only root can set up (it gives a file or folder to another user): skipped otherwise, saying so. */
const itAsRoot = (name: string, fn: () => unknown) => {
  if (!ROOT_USER) console.warn(`skipped: ${name}: only root can give a file or folder to another user (chown)`);
  return it.skipIf(!ROOT_USER)(name, fn as () => Promise<void>);
};

const temp = () => tempDir('reports-loss-');
const archive = () => makeArchive({ '2019/regular-001.yaml': recordYaml() });

describe('export html --out never removes what it did not write', () => {
  it('a former export folder in which an archive was started is refused, and the archive stays', async () => {
    const site = path.join(temp(), 'site');
    expect((await runCli(['export', 'html', '--archive', archive(), '--out', site])).code).toBe(0);
    // Someone starts an archive there and adds the only copy of a record.
    const init = await runCli(['init', '--no-input', '--no-git'], { cwd: site });
    expect(init.code).toBe(0);
    expect(init.stderr).toMatch(/is the output of reports export html/);
    writeFileSync(path.join(site, 'archive', 'only-copy.yaml'), recordYaml({ title: 'The only copy' }));
    const r = await runCli(['export', 'html', '--out', '.'], { cwd: site });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/will not replace .*site: it holds 3 entries the last export did not write, among them an archive, a config and a record/);
    expect(readFileSync(path.join(site, 'archive', 'only-copy.yaml'), 'utf8')).toContain('The only copy');
    expect(existsSync(path.join(site, 'reports.config.yaml'))).toBe(true);
  });

  it.each([
    ['a record file', 'notes.yaml'],
    ['a page someone wrote', 'about.txt'],
    ['a folder of their own', 'drafts/a.html'],
    ['a page of the site shape the export did not write', 'reports/mine.html'],
  ])('%s among the pages is not replaced', async (_what, rel) => {
    const site = path.join(temp(), 'site');
    const a = archive();
    expect((await runCli(['export', 'html', '--archive', a, '--out', site])).code).toBe(0);
    mkdirSync(path.dirname(path.join(site, rel)), { recursive: true });
    writeFileSync(path.join(site, rel), 'mine');
    const r = await runCli(['export', 'html', '--archive', a, '--out', site]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the last export did not write');
    expect(readFileSync(path.join(site, rel), 'utf8')).toBe('mine');
  });

  it('an earlier export is still replaced whole, and the marker lists its files', async () => {
    const site = path.join(temp(), 'site');
    const a = archive();
    expect((await runCli(['export', 'html', '--archive', a, '--out', site])).code).toBe(0);
    writeFileSync(path.join(a, '2019', 'regular-002.yaml'), recordYaml({ number: 2, total: 5502, title: 'Second' }));
    expect((await runCli(['export', 'html', '--archive', a, '--out', site])).code).toBe(0);
    const listed = readFileSync(path.join(site, '.reports-export'), 'utf8').split('\n').slice(1).filter(Boolean);
    expect(listed).toEqual(allFiles(site).filter((f) => f !== '.reports-export'));
    expect(listed).toContain('index.html');
  });

  it('export --out . writes the working folder in place: the folder the shell is in stays the same folder', async () => {
    const site = path.join(temp(), 'site');
    const a = archive();
    expect((await runCli(['export', 'html', '--archive', a, '--out', site])).code).toBe(0);
    const inode = statSync(site).ino;
    const before = allFiles(site);
    rmSync(path.join(a, '2019', 'regular-001.yaml'));
    writeFileSync(path.join(a, '2019', 'regular-002.yaml'), recordYaml({ number: 2, total: 5502, title: 'Second' }));
    const r = await runCli(['export', 'html', '--archive', a, '--out', '.'], { cwd: site });
    expect(r.stderr).toBe('exported 1 report to . (6 files); open ./index.html\n');
    expect(r.code).toBe(0);
    expect(statSync(site).ino).toBe(inode);
    const after = allFiles(site);
    // The page of the record that is gone went with it; no temp folder stays.
    expect(after).not.toEqual(before);
    expect(after.some((f) => f.includes('tmp'))).toBe(false);
    expect(readdirSync(path.join(site, 'reports'))).toHaveLength(1);
    expect(readFileSync(path.join(site, 'index.html'), 'utf8')).toContain('Second');
    const listed = readFileSync(path.join(site, '.reports-export'), 'utf8').split('\n').slice(1).filter(Boolean);
    expect(listed).toEqual(after.filter((f) => f !== '.reports-export'));
  });

  it('a marker that is not a regular file (a named pipe) is refused at once, never read', async () => {
    const site = path.join(temp(), 'site');
    const a = archive();
    expect((await runCli(['export', 'html', '--archive', a, '--out', site])).code).toBe(0);
    rmSync(path.join(site, '.reports-export'));
    spawnSync('mkfifo', [path.join(site, '.reports-export')]);
    // A process of its own, killed after 15 s: a read of the pipe would wait for a writer forever.
    const r = await reportsProcess(['export', 'html', '--archive', a, '--out', site]);
    expect(r.hung).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/will not replace .*site: its \.reports-export is not a regular file/);
  });

  it('what an export killed while writing in place left inside the site does not stop the next export', async () => {
    const site = path.join(temp(), 'site');
    const a = archive();
    expect((await runCli(['export', 'html', '--archive', a, '--out', site])).code).toBe(0);
    // A dead process's temp folder and half-written marker (its pid is in their names).
    mkdirSync(path.join(site, '.reports-export.tmp-999999999-abc', 'reports'), { recursive: true });
    writeFileSync(path.join(site, '.reports-export.tmp-999999999-abc', 'reports', 'x.html'), '<half');
    writeFileSync(path.join(site, '..reports-export.tmp-999999999-k-0'), 'half a list');
    const r = await runCli(['export', 'html', '--archive', a, '--out', site]);
    expect(r.code).toBe(0);
    expect(readdirSync(site).filter((n) => n.includes('tmp'))).toEqual([]);
  });

  it('export --out . in an empty working folder writes there in place', async () => {
    const site = temp();
    const inode = statSync(site).ino;
    const r = await runCli(['export', 'html', '--archive', archive(), '--out', '.'], { cwd: site });
    expect(r.code).toBe(0);
    expect(statSync(site).ino).toBe(inode);
    expect(existsSync(path.join(site, 'index.html'))).toBe(true);
    expect(readdirSync(site).some((f) => f.includes('tmp'))).toBe(false);
  });
});

describe('an edit never loses saved text', () => {
  it('an editor that saves, then exits non-zero: the saved copy is kept and its path told', async () => {
    const a = archive();
    const editor = path.join(temp(), 'editor.sh');
    // As vim does after some errors: the file is written, the status is not 0.
    writeFileSync(editor, 'sed -i "s/A Report on Something/An Edited Title/" "$1"\nexit 1\n');
    const r = await runCli(['edit', '--archive', a, '2019-R1'], { env: { EDITOR: `sh ${editor}`, VISUAL: '' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the editor sh exited with status 1; 2019\/regular-001\.yaml is unchanged\. Your edited version is kept at (\S+) \(to try again/);
    const kept = /kept at (\S+)/.exec(r.stderr)![1]!;
    expect(readFileSync(kept, 'utf8')).toContain('An Edited Title');
    expect(readFileSync(path.join(a, '2019', 'regular-001.yaml'), 'utf8')).toContain('A Report on Something');
  });

  it('an editor that fails without saving: nothing to keep, the record is unchanged', async () => {
    const a = archive();
    const r = await runCli(['edit', '--archive', a, '2019-R1'], { env: { EDITOR: 'false', VISUAL: '' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: the editor false exited with status 1; the record is unchanged\n');
  });

  it('a copy whose text its record now holds (the edit was applied) is removed, never announced again', () => {
    const tmp = temp();
    const a = archive();
    const record = path.join(a, '2019', 'regular-001.yaml');
    const scratch = editScratch('regular-001.yaml', readFileSync(record, 'utf8'), tmp, record);
    const edited = recordYaml({ title: 'Applied' });
    writeFileSync(scratch.file, edited);
    // The process is gone (its pid is in the folder's name) after the record got the text.
    const dead = path.join(tmp, path.basename(path.dirname(scratch.file)).replace(/-\d+-/, '-999999999-'));
    renameSync(path.dirname(scratch.file), dead);
    expect(interruptedEdits(tmp)).toHaveLength(1);
    writeFileSync(record, edited);
    expect(interruptedEdits(tmp)).toEqual([]);
    expect(existsSync(dead)).toBe(false);
  });

  itAsRoot("another user's edit folder in a shared temp folder is theirs: never announced, never removed", () => {
    const tmp = temp();
    const folder = path.join(tmp, 'reports-edit-999999999-aaaaaa');
    mkdirSync(folder);
    writeFileSync(path.join(folder, '.original'), 'title: T\n');
    writeFileSync(path.join(folder, 'regular-001.yaml'), 'title: theirs\n');
    chownSync(folder, 65534, 65534);
    expect(interruptedEdits(tmp)).toEqual([]);
    expect(existsSync(folder)).toBe(true);
  });
});
