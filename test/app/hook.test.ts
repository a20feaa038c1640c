// reports hook: install, reinstall, refuse a foreign hook, print the hook managers' entries; and the hook at work.
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, recordYaml } from '../helpers.js';
import { git, gitStatusIn, identify, reports, tempFolder } from '../team-helpers.js';

function repo(): string {
  const dir = tempFolder('reports-hook-');
  git(dir, 'init', '--quiet', '-b', 'main');
  identify(dir);
  return dir;
}

describe('reports hook install', () => {
  it('installs an executable pre-commit hook, and installing again changes nothing', async () => {
    const dir = repo();
    const r = await reports(dir, ['hook', 'install']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('installed: .git/hooks/pre-commit runs: reports validate --changed --staged');
    const file = path.join(dir, '.git', 'hooks', 'pre-commit');
    expect(readFileSync(file, 'utf8')).toMatch(/^#!\/bin\/sh\n# reports pre-commit hook/);
    expect(statSync(file).mode & 0o111).toBe(0o111);
    const again = await reports(dir, ['hook', 'install']);
    expect(again.stderr).toContain('already installed');
  });

  it('names the archive given with --archive, relative to the repository', async () => {
    const dir = repo();
    const r = await reports(path.join(dir), ['--archive', 'data/records', 'hook', 'install']);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(path.join(dir, '.git', 'hooks', 'pre-commit'), 'utf8')).toContain('exec reports --archive data/records validate --changed --staged');
  });

  it('refuses to overwrite a hook it did not write, and prints the entries to use instead', async () => {
    const dir = repo();
    const file = path.join(dir, '.git', 'hooks', 'pre-commit');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '#!/bin/sh\nnpm test\n');
    const r = await reports(dir, ['hook', 'install']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('exists and was not written by reports; it was left as it is');
    expect(r.stderr).toContain('entry: reports validate --changed --staged');
    expect(r.stderr).toContain('npx --no-install reports validate --changed --staged');
    expect(readFileSync(file, 'utf8')).toBe('#!/bin/sh\nnpm test\n');
  });

  it('outside a repository: a clear error', async () => {
    const r = await reports(tempFolder(), ['hook', 'install']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is not in a git repository/);
  });

  it('print gives the pre-commit framework and husky entries', async () => {
    const r = await reports(repo(), ['hook', 'print']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('      - id: reports-validate\n');
    expect(r.stdout).toContain('        entry: reports validate --changed --staged\n');
    expect(r.stdout).toContain('# .husky/pre-commit\nnpx --no-install reports validate --changed --staged\n');
  });

  // A process is the point: git runs the hook, which runs reports from PATH.
  it('stops a commit that stages a record clashing with the archive, and lets a good one through', async () => {
    const dir = repo();
    expect((await reports(dir, ['init', '--no-input', '--no-git'])).code).toBe(0);
    const archive = path.join(dir, 'archive');
    mkdirSync(path.join(archive, '2019'), { recursive: true });
    writeFileSync(path.join(archive, '2019/regular-001.yaml'), recordYaml({ number: 1, total: 5501 }));
    git(dir, 'add', '.');
    git(dir, 'commit', '--quiet', '--no-verify', '-m', 'start');
    expect((await reports(dir, ['hook', 'install'])).code).toBe(0);
    const bin = path.join(tempFolder(), 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'reports'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(path.join(bin, 'reports'), 0o755);
    const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, REPORTS_NO_CACHE: '1' };

    writeFileSync(path.join(archive, '2019/regular-002.yaml'), recordYaml({ title: 'Another', number: 2, total: 5501 }));
    git(dir, 'add', '.');
    const bad = gitStatusIn(env, dir, 'commit', '-m', 'clash');
    expect(bad.status).toBe(1);
    expect(bad.stderr + bad.stdout).toContain('duplicate-total');
    writeFileSync(path.join(archive, '2019/regular-002.yaml'), recordYaml({ title: 'Another', number: 2, total: 5502 }));
    git(dir, 'add', '.');
    const good = gitStatusIn(env, dir, 'commit', '-m', 'fine');
    expect(good.status, good.stderr).toBe(0);
    expect(existsSync(path.join(dir, '.git', 'hooks', 'pre-commit'))).toBe(true);
  });
});
