// validate --changed: findings involving the files changed since a ref; numbering still checked against everything.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findingsInvolving } from '../../src/app/changed.js';
import type { Finding } from '../../src/model/record.js';
import { recordYaml } from '../helpers.js';
import { git, identify, reports, tempFolder } from '../team-helpers.js';

/** A repository whose committed archive already holds an error (a Total against its offset) in 2018. */
function archiveRepo(): { dir: string; write: (file: string, text: string) => void } {
  const dir = tempFolder('reports-changed-');
  git(dir, 'init', '--quiet', '-b', 'main');
  identify(dir);
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, 'archive', file)), { recursive: true });
    writeFileSync(path.join(dir, 'archive', file), text);
  };
  write('2018/regular-001.yaml', recordYaml({ title: 'Old one', year: 2018, number: 1, total: 5276, date: '2018-01-02' }));
  write('2018/regular-002.yaml', recordYaml({ title: 'Old two', year: 2018, number: 2, total: 5277, date: '2018-01-03' }));
  write('2018/regular-003.yaml', recordYaml({ title: 'Old three', year: 2018, number: 3, total: 5280, date: '2018-01-04' }));
  write('2019/regular-001.yaml', recordYaml({ title: 'New one', number: 1, total: 5501 }));
  git(dir, 'add', '.');
  git(dir, 'commit', '--quiet', '-m', 'start');
  return { dir, write };
}

const codes = (stdout: string) => (JSON.parse(stdout) as { errors: Finding[]; warnings: Finding[] }).errors.map((f) => `${f.file} ${f.code}`);

describe('validate --changed', () => {
  it('nothing changed: the old error is not reported, and validate passes', async () => {
    const { dir } = archiveRepo();
    const all = await reports(dir, ['validate', '--json']);
    expect(codes(all.stdout)).toEqual(['2018/regular-003.yaml total-offset']);
    const changed = await reports(dir, ['validate', '--changed', '--json']);
    expect(changed.code).toBe(0);
    expect(codes(changed.stdout)).toEqual([]);
    expect(changed.stderr).toContain('0 changed record files');
  });

  it('a new file clashing with an old one is reported, though the old one did not change', async () => {
    const { dir, write } = archiveRepo();
    write('2019/regular-002.yaml', recordYaml({ title: 'Untracked clash', number: 2, total: 5501 }));
    const r = await reports(dir, ['validate', '--changed', '--json']);
    expect(r.code).toBe(1);
    expect(codes(r.stdout)).toEqual(['2019/regular-002.yaml duplicate-total', '2019/regular-002.yaml total-offset']);
  });

  it('--staged takes only what is staged; a ref compares with that commit', async () => {
    const { dir, write } = archiveRepo();
    write('2019/regular-002.yaml', recordYaml({ title: 'Staged', number: 2, total: 5502 }));
    git(dir, 'add', '.');
    write('2019/regular-003.yaml', recordYaml({ title: 'Not staged', number: 3, total: 5501 }));
    const staged = await reports(dir, ['validate', '--changed', '--staged', '--json']);
    expect(staged.stderr).toContain('1 changed record file;');
    expect(codes(staged.stdout)).toEqual([]);
    git(dir, 'commit', '--quiet', '-m', 'two');
    const sinceStart = await reports(dir, ['validate', '--changed', 'HEAD~1', '--json']);
    expect(sinceStart.stderr).toContain('2 changed record files');
    expect(codes(sinceStart.stdout)).toEqual(['2019/regular-003.yaml duplicate-total', '2019/regular-003.yaml total-offset']);
  });

  it('an unknown ref and a folder outside git are clear errors', async () => {
    const { dir } = archiveRepo();
    const bad = await reports(dir, ['validate', '--changed', 'no-such-branch']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown git ref "no-such-branch"');
    const plain = tempFolder();
    mkdirSync(path.join(plain, 'archive'));
    const outside = await reports(plain, ['validate', '--changed']);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain('is not in a git repository');
  });

  it('findingsInvolving keeps findings on a changed file, and places those naming one as a party on it', () => {
    const f = (file: string, related?: string[]): Finding => ({ severity: 'error', code: 'x', message: 'm', file, line: 1, column: 1, related });
    const clash = (file: string, related: string[]): Finding => ({ ...f(file, related), code: 'duplicate-total' });
    const all = [f('a.yaml'), clash('b.yaml', ['c.yaml']), clash('d.yaml', ['a.yaml']), f('e.yaml', ['a.yaml'])];
    expect(findingsInvolving(all, new Set(['a.yaml'])).map((x) => [x.file, x.related, x.message])).toEqual([
      ['a.yaml', undefined, 'm'],
      ['a.yaml', ['d.yaml'], 'm [found on d.yaml; this changed file is a party]'],
    ]);
    expect(findingsInvolving(all, new Set(['c.yaml'])).map((x) => [x.file, x.related])).toEqual([['c.yaml', ['b.yaml']]]);
    // A witness (a record agreeing on an offset) changing does not bring in the finding about another record.
    expect(findingsInvolving(all, new Set(['x.yaml']))).toEqual([]);
  });
});
