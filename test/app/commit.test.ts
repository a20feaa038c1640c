// `commit` as part of every writing use case's input and result (src/app/commit.ts): called directly, as a library
// caller would, in real git repositories; one message format; refused before anything is written outside git.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addReport } from '../../src/app/add.js';
import { commitMessage } from '../../src/app/commit.js';
import { editReport } from '../../src/app/edit.js';
import { importPages } from '../../src/app/import.js';
import type { AppEnv } from '../../src/app/env.js';
import { ReportsError } from '../../src/errors.js';
import { FIXTURES, recordYaml, tempDir } from '../helpers.js';
import { git, identify } from '../team-helpers.js';

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A repository with an archive of two 2019 reports, committed; `inGit: false` leaves git out. */
function repo(inGit = true): { top: string; env: AppEnv } {
  const top = tempDir('reports-commit-');
  made.push(top);
  const archive = path.join(top, 'archive');
  mkdirSync(path.join(archive, '2019'), { recursive: true });
  writeFileSync(path.join(archive, '2019', 'regular-001.yaml'), recordYaml({ number: 1, total: 5501, title: 'First' }));
  writeFileSync(path.join(archive, '2019', 'regular-002.yaml'), recordYaml({ number: 2, total: 5502, title: 'Second', date: '2019-01-03' }));
  if (inGit) {
    git(top, 'init', '--quiet', '-b', 'main');
    identify(top);
    git(top, 'add', '.');
    git(top, 'commit', '--quiet', '-m', 'start');
  }
  return { top, env: { archive, cache: false, now: () => new Date('2019-06-01T12:00:00Z'), cwd: top, vars: process.env } };
}

const subject = (top: string) => git(top, 'log', '-1', '--format=%s').trim();
const filesOf = (top: string) => git(top, 'show', '--name-status', '--no-renames', '--format=', 'HEAD').trim().split('\n').sort();

describe('commitMessage: one format for every use case', () => {
  it.each([
    ['Add', [{ id: '2019-R97', title: 'Rural Finance' }], 'Add 2019-R97: Rural Finance'],
    ['Edit', [{ id: '2019-R97', title: 'A\nTitle\u001b[31m' }], 'Edit 2019-R97: A Title [31m'],
    ['Fix', [{ id: '2019-R3' }], 'Fix 2019-R3'],
    ['Import', [{ id: 'a' }, { id: 'b' }, { id: 'a' }], 'Import a, b'],
    ['Import', ['1', '2', '3', '4', '5', '6', '7'].map((id) => ({ id })), 'Import 1, 2, 3, 4, 5 and 2 more'],
  ] as const)('%s %j', (verb, reports, message) => {
    expect(commitMessage(verb, reports)).toBe(message);
  });
});

describe('a library caller commits through the use cases', () => {
  it('addReport commits just the new file and returns the commit', async () => {
    const { top, env } = repo();
    writeFileSync(path.join(top, 'notes.txt'), 'not mine\n');
    git(top, 'add', 'notes.txt');
    const r = await addReport(env, { given: { title: 'Third', authors: ['Li Na'], year: 2019, date: '2019-01-04' }, commit: true });
    expect(r.commit).toEqual({ id: git(top, 'rev-parse', '--short', 'HEAD').trim(), message: 'Add 2019-R3: Third' });
    expect(subject(top)).toBe('Add 2019-R3: Third');
    expect(filesOf(top)).toEqual(['A\tarchive/2019/regular-003.yaml']);
    expect(git(top, 'status', '--porcelain').trim()).toBe('A  notes.txt');
  });

  it('addReport without commit (or a dry run) commits nothing', async () => {
    const { top, env } = repo();
    const head = git(top, 'rev-parse', 'HEAD');
    const r = await addReport(env, { given: { title: 'Third', authors: ['Li Na'], year: 2019 } });
    expect(r.commit).toBeUndefined();
    const d = await addReport(env, { given: { title: 'Fourth', authors: ['Li Na'], year: 2019 }, dryRun: true, commit: true });
    expect(d.commit).toBeUndefined();
    expect(git(top, 'rev-parse', 'HEAD')).toBe(head);
  });

  it('editReport with a renumber commits the new name and the removal of the old one', async () => {
    const { top, env } = repo();
    const text = recordYaml({ number: 3, total: 5503, title: 'Second, renumbered', date: '2019-01-03' });
    const r = await editReport(env, { ref: '2019-R2', text, commit: true });
    expect(r).toMatchObject({ status: 'moved', file: '2019/regular-002.yaml', dest: '2019/regular-003.yaml', id: '2019-R3' });
    expect(r.commit?.message).toBe('Edit 2019-R3: Second, renumbered');
    expect(subject(top)).toBe('Edit 2019-R3: Second, renumbered');
    expect(filesOf(top)).toEqual(['A\tarchive/2019/regular-003.yaml', 'D\tarchive/2019/regular-002.yaml']);
    expect(git(top, 'status', '--porcelain').trim()).toBe('');
  });

  it('editReport that changes nothing commits nothing', async () => {
    const { env } = repo();
    const r = await editReport(env, { ref: '2019-R1', text: recordYaml({ number: 1, total: 5501, title: 'First' }), commit: true });
    expect(r.status).toBe('unchanged');
    expect(r.commit).toBeUndefined();
  });

  it('importPages commits the records it wrote', async () => {
    const { top, env } = repo();
    const r = await importPages(env, { paths: [path.join(FIXTURES, 'pages', 'extra-spaces.txt')], write: true, commit: true });
    expect(r.written).toHaveLength(1);
    expect(r.commit?.message).toMatch(/^Import \d{4}-[RS]\d+: /);
    expect(subject(top)).toBe(r.commit!.message);
  });

  it('outside git, a commit asked for is refused before anything is written', async () => {
    const { env } = repo(false);
    const err = await addReport(env, { given: { title: 'Third', authors: ['Li Na'], year: 2019 }, commit: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReportsError);
    expect((err as Error).message).toMatch(/not in a git repository/);
    expect(existsSync(path.join(env.archive, '2019', 'regular-003.yaml'))).toBe(false);
    const e2 = await editReport(env, { ref: '2019-R1', text: recordYaml({ number: 1, total: 5501, title: 'Changed' }), commit: true }).catch((e: unknown) => e);
    expect(e2).toBeInstanceOf(ReportsError);
  });
});
