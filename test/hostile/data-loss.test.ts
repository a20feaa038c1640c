// Trust, second round: what a user has must never be removed by an export, and text saved in an editor is never
// lost whatever the editor's exit status.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { allFiles, makeArchive, recordYaml, runCli, tempDir } from '../helpers.js';

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});
const temp = () => {
  const d = tempDir('reports-loss-');
  made.push(d);
  return d;
};
const archive = () => {
  const a = makeArchive({ '2019/regular-001.yaml': recordYaml() });
  made.push(path.dirname(a));
  return a;
};

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
