// reports fix on disk: the plan changes nothing; --apply writes atomically, moves, repairs, commits with --commit.
import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixArchive } from '../../src/app/fix.js';
import { allFiles, makeArchive, recordYaml } from '../helpers.js';
import { git, gitStatusIn, identify, reports } from '../team-helpers.js';

function files(dir: string): Record<string, string> {
  return Object.fromEntries(allFiles(dir).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
}

/** regular 2019 Nos. 1-2 agreeing on offset 5500, and a third report that took No.2 again, written later. */
function clashing(): string {
  const dir = makeArchive({
    '2019/regular-001.yaml': recordYaml({ title: 'One', number: 1, total: 5501 }),
    '2019/regular-002.yaml': recordYaml({ title: 'Two', number: 2, total: 5502 }),
    '2019/second-two.yaml': recordYaml({ title: 'Also two', number: 2, total: 5502, date: '2019-01-03' }),
  });
  utimesSync(path.join(dir, '2019/regular-002.yaml'), new Date('2020-01-01'), new Date('2020-01-01'));
  return dir;
}

describe('reports fix', () => {
  it('prints the plan and changes nothing; --apply carries it out, validates, and a second run has nothing to do', async () => {
    const dir = clashing();
    const before = files(dir);
    const plan = await reports(dir, ['--archive', dir, 'fix']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('2019/regular-003.yaml  new file: renumbered: moved from 2019/second-two.yaml');
    expect(plan.stdout).toMatch(/2019\/regular-003\.yaml  number  2 -> 3  \(clashes with 2019-R2 \(2019\/regular-002\.yaml\), which stays: its file is older; 3 is the next free number/);
    expect(plan.stdout).toContain('2019/regular-003.yaml  total  5502 -> 5503  (offset 5500 of regular 2019 + number 3)');
    expect(plan.stdout).toContain('2019/second-two.yaml  removed (moved to 2019/regular-003.yaml)');
    expect(files(dir)).toEqual(before);

    const applied = await reports(dir, ['--archive', dir, 'fix', '--apply']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(allFiles(dir)).toEqual(['2019/regular-001.yaml', '2019/regular-002.yaml', '2019/regular-003.yaml']);
    expect(readFileSync(path.join(dir, '2019/regular-003.yaml'), 'utf8')).toContain('title: "Also two"\n');
    expect((await reports(dir, ['--archive', dir, 'validate'])).code).toBe(0);
    const again = await reports(dir, ['--archive', dir, 'fix']);
    expect(again.stdout).toBe('');
    expect(again.stderr).toContain('nothing to fix');
  });

  it('--json prints the plan as data', async () => {
    const dir = clashing();
    const r = await reports(dir, ['--archive', dir, 'fix', '--json']);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ applied: false, written: [], choices: [], notes: [] });
    expect(out.actions).toEqual([
      {
        file: '2019/regular-003.yaml',
        id: '2019-R3',
        source: { file: '2019/second-two.yaml' },
        create: true,
        remove: '2019/second-two.yaml',
        note: 'renumbered: moved from 2019/second-two.yaml',
        stage: false,
        was: '2019-R2',
        changes: [expect.objectContaining({ field: 'number', old: 2, new: 3 }), expect.objectContaining({ field: 'total', old: 5502, new: 5503 })],
      },
    ]);
  });

  it('a clash nothing can order is a choice; --prefer settles it', async () => {
    const dir = makeArchive({
      '2019/a.yaml': recordYaml({ title: 'A', number: 1, total: 5501 }),
      '2019/b.yaml': recordYaml({ title: 'B', number: 1, total: 5501 }),
    });
    const t = new Date('2020-01-01');
    for (const f of ['2019/a.yaml', '2019/b.yaml']) utimesSync(path.join(dir, f), t, t);
    const plan = await reports(dir, ['--archive', dir, 'fix']);
    expect(plan.stdout).toContain('Not fixed: cannot be proved; choose with --prefer:');
    expect(plan.stdout).toContain('    --prefer 2019/b.yaml   2019/b.yaml keeps 2019-R1; the other is renumbered');
    const chosen = await reports(dir, ['--archive', dir, 'fix', '--apply', '--prefer', '2019/b.yaml']);
    expect(chosen.code, chosen.stdout + chosen.stderr).toBe(0);
    expect(allFiles(dir)).toEqual(['2019/regular-001.yaml', '2019/regular-002.yaml']);
    expect(readFileSync(path.join(dir, '2019/regular-001.yaml'), 'utf8')).toContain('title: "B"');
    // Offset 5500 was agreed by both, so the moved report takes 5502.
    expect(readFileSync(path.join(dir, '2019/regular-002.yaml'), 'utf8')).toMatch(/title: "A"[\s\S]*number: 2\n[\s\S]*total: 5502\n/);
  });

  it('repairs a file that failed the schema for a blank key word and an unpadded date, keeping its comments', async () => {
    const text = '# checked by hand\ntitle: Kept\nauthors: [Li Na]\nseries: Research Report\nkind: regular\nnumber: 1\nyear: 2019\ndate: 2019-1-5 # from the page\nkeywords:\n  - finance\n  - ""\n  - Finance\n';
    const dir = makeArchive({ '2019/regular-001.yaml': text });
    expect((await reports(dir, ['--archive', dir, 'validate'])).code).toBe(1);
    const r = await reports(dir, ['--archive', dir, 'fix', '--apply']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const after = readFileSync(path.join(dir, '2019/regular-001.yaml'), 'utf8');
    expect(after).toContain('# checked by hand\n');
    expect(after).toContain('date: 2019-01-05 # from the page\n');
    expect(after).toContain('keywords:\n  - finance\n');
    expect(after).not.toContain('Finance');
    expect((await reports(dir, ['--archive', dir, 'validate'])).code).toBe(0);
  });

  it('--commit commits just the files it wrote, with a message naming the report', async () => {
    const dir = clashing();
    const repo = path.dirname(dir);
    git(repo, 'init', '--quiet', '-b', 'main');
    identify(repo);
    // Committed one after the other: the commit times tell which report came later.
    const at = (date: string) => ({ ...process.env, GIT_COMMITTER_DATE: date, GIT_AUTHOR_DATE: date });
    git(repo, 'add', 'archive/2019/regular-001.yaml', 'archive/2019/regular-002.yaml');
    expect(gitStatusIn(at('2020-01-01T00:00:00Z'), repo, 'commit', '--quiet', '-m', 'start').status).toBe(0);
    git(repo, 'add', '.');
    expect(gitStatusIn(at('2020-01-02T00:00:00Z'), repo, 'commit', '--quiet', '-m', 'later').status).toBe(0);
    writeFileSync(path.join(repo, 'notes.txt'), 'not mine to commit\n');
    git(repo, 'add', 'notes.txt');
    const r = await reports(repo, ['fix', '--apply', '--commit']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(git(repo, 'log', '-1', '--format=%s').trim()).toBe('Renumber 2019-R2 -> 2019-R3: Also two');
    expect(git(repo, 'show', '--name-status', '--no-renames', '--format=', 'HEAD').trim().split('\n').sort()).toEqual(['A\tarchive/2019/regular-003.yaml', 'D\tarchive/2019/second-two.yaml']);
    expect(git(repo, 'status', '--porcelain').trim()).toBe('A  notes.txt');
  });

  it('the use case returns the plan and what was done (the library API)', async () => {
    const dir = clashing();
    const r = await fixArchive({ archive: dir, cache: false, now: () => new Date(), cwd: dir, vars: process.env }, { apply: true });
    expect(r).toMatchObject({ applied: true, written: ['2019/regular-003.yaml'], removed: ['2019/second-two.yaml'], staged: [], git: false });
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(readdirSync(path.join(dir, '2019')).filter((f) => f.startsWith('.'))).toEqual([]);
    expect(statSync(path.join(dir, '2019/regular-003.yaml')).isFile()).toBe(true);
  });
});

describe('reports fix --apply --commit outside a repository', () => {
  it('refuses before anything is written', async () => {
    const dir = clashing();
    const before = files(dir);
    const r = await reports(dir, ['--archive', dir, 'fix', '--apply', '--commit']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is not in a git repository');
    expect(files(dir)).toEqual(before);
  });
});

describe('reports fix and conflict markers git does not know about', () => {
  it('says the file needs a person and changes nothing', async () => {
    const dir = makeArchive({ '2019/regular-001.yaml': recordYaml(), '2019/regular-002.yaml': '<<<<<<< HEAD\ntitle: A\n=======\ntitle: B\n>>>>>>> x\n' });
    const before = files(dir);
    const r = await reports(dir, ['--archive', dir, 'fix', '--apply']);
    expect(r.stdout).toContain('note: 2019/regular-002.yaml holds conflict markers and the archive is not in git: edit it by hand');
    expect(r.stderr).toContain('nothing the rules prove can be fixed; see above for what needs a choice or a person');
    expect(r.stdout).toContain('next: correct 2019/regular-002.yaml by hand');
    expect(r.stdout).toContain('2019/regular-002.yaml:1:1  error  merge-conflict');
    expect(r.code).toBe(1);
    expect(files(dir)).toEqual(before);
    // The plan alone fails too while a finding needs a person: fix never passes where validate fails.
    const plan = await reports(dir, ['--archive', dir, 'fix']);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('1 error fix cannot prove (see above for the next step of each)');
  });
});
