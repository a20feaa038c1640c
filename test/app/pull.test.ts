// What others already have stays, with real git: a bare origin and two clones each add "the next report of 2019".
// Alice pushes first; Bob pulls (merge or rebase). Alice's report, already pushed, stays byte for byte; Bob's, local,
// is renumbered; each message names the right next step; `reports sync` does the same in one command. And the
// bundled archive's wrong Total: the hook refuses the commit, fix says what to do, --skip-invalid keeps the right one.
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BIN, ROOT } from '../helpers.js';
import { git, gitStatus, gitStatusIn, identify, reports, sharedOrigin, tempFolder } from '../team-helpers.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function folder(): string {
  const dir = tempFolder('reports-pull-');
  made.push(dir);
  return dir;
}

const record = (repo: string, file: string) => parse(readFileSync(path.join(repo, 'archive', file), 'utf8')) as Record<string, unknown>;
const ALPHA = '2019/regular-097.yaml';
const BETA = '2019/regular-098.yaml';

/** An origin with regular 2019 Nos. 95-96; Alice has pushed No.97; Bob has committed his own No.97, not pushed. */
async function twoClones(opts: { rebase?: boolean } = {}): Promise<{ a: string; b: string; top: string }> {
  const top = folder();
  const { a, b } = await sharedOrigin(top, { pullRebase: !!opts.rebase });
  const addA = await reports(a, ['add', '--no-input', '--title', 'Alpha Report', '--author', 'Alice', '--year', '2019', '--date', '2019-06-01', '--commit']);
  expect(addA.code, addA.stderr).toBe(0);
  git(a, 'push', '--quiet', 'origin', 'main');
  const addB = await reports(b, ['add', '--no-input', '--title', 'Beta Report', '--author', 'Bob', '--year', '2019', '--date', '2019-06-02', '--commit']);
  expect(addB.code, addB.stderr).toBe(0);
  expect(git(b, 'log', '-1', '--format=%s').trim()).toBe('Add 2019-R97: Beta Report');
  // A clone has no hook (git never copies hooks): its first commit says how to install one, once.
  expect(addB.stderr).toContain('notice: this clone has no pre-commit hook: run `reports hook install`');
  return { a, b, top };
}

/** Alice's report in Bob's clone is the file Alice pushed, byte for byte; Bob's is No.98 with Total 5598. */
function expectAliceKeptBobRenumbered(b: string): void {
  expect(readFileSync(path.join(b, 'archive', ALPHA), 'utf8')).toBe(git(b, 'show', `origin/main:archive/${ALPHA}`));
  expect(record(b, BETA)).toMatchObject({ title: 'Beta Report', authors: ['Bob'], number: 98, total: 5598 });
}

describe('after a pull, the report others already have keeps its number', () => {
  it('rebase: the pushed report stays, the local one is renumbered, and the next step is git rebase --continue', async () => {
    const { b } = await twoClones();
    const pull = gitStatus(b, 'pull', '--rebase', '--quiet', 'origin', 'main');
    expect(pull.status).not.toBe(0);
    // During a rebase git calls the upstream "ours" and the local commit "theirs": the rule does not depend on it.
    const plan = await reports(b, ['fix']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain(`${ALPHA}  merge conflict resolved: ours kept here (it is already pushed (origin/main); the other is local)`);
    expect(plan.stdout).toContain(`${BETA}  number  97 -> 98  (merge conflict: ${ALPHA} was added on both sides; theirs (local, not pushed) is renumbered`);
    const applied = await reports(b, ['fix', '--apply']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stderr).toContain('then git rebase --continue');
    expect(applied.stderr).not.toContain('git commit');
    expectAliceKeptBobRenumbered(b);
    const cont = gitStatusIn({ ...process.env, GIT_EDITOR: 'true' }, b, 'rebase', '--continue');
    expect(cont.status, cont.stderr).toBe(0);
    expect(git(b, 'status', '--porcelain')).toBe('');
    expect((await reports(b, ['validate'])).code).toBe(0);
    expectAliceKeptBobRenumbered(b);
  });

  it('merge with fix --apply --commit: the merge is committed, then "Renumber 2019-R97 -> 2019-R98: Beta Report"', async () => {
    const { a, b } = await twoClones();
    expect(gitStatus(b, 'pull', '--no-rebase', '--quiet', 'origin', 'main').status).not.toBe(0);
    const r = await reports(b, ['fix', '--apply', '--commit']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(git(b, 'log', '-2', '--format=%s%n%p').trim().split('\n')).toEqual([
      'Renumber 2019-R97 -> 2019-R98: Beta Report',
      expect.stringMatching(/^[0-9a-f]+$/),
      expect.stringMatching(/^Merge branch 'main' of /),
      expect.stringMatching(/^[0-9a-f]+ [0-9a-f]+$/),
    ]);
    expect(git(b, 'show', '--name-status', '--format=', 'HEAD').trim()).toBe(`A\tarchive/${BETA}`);
    expect(git(b, 'status', '--porcelain')).toBe('');
    expectAliceKeptBobRenumbered(b);
    // The notice about the hook was given on this clone's first commit: not again.
    expect(r.stderr).not.toContain('pre-commit hook');
    expect((await reports(b, ['validate'])).code).toBe(0);
    // Alice pulls cleanly: her file untouched.
    git(b, 'push', '--quiet', 'origin', 'main');
    const before = readFileSync(path.join(a, 'archive', ALPHA), 'utf8');
    git(a, 'pull', '--no-rebase', '--quiet', 'origin', 'main');
    expect(readFileSync(path.join(a, 'archive', ALPHA), 'utf8')).toBe(before);
    expect(record(a, BETA)).toMatchObject({ title: 'Beta Report', number: 98 });
  });

  it.each([['merge'], ['rebase']])('reports sync (%s): pulls, renumbers the local report, commits, validates', async (mode) => {
    const { b } = await twoClones({ rebase: mode === 'rebase' });
    const r = await reports(b, ['sync']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`pulled from origin/main (${mode}): `);
    expect(r.stdout).toContain(`arrived  added    ${ALPHA}`);
    expect(r.stdout).toContain(`renumbered  2019-R97 -> 2019-R98  ${BETA}`);
    expect(r.stdout).toContain('Renumber 2019-R97 -> 2019-R98: Beta Report');
    expect(r.stderr).toContain('synced; push with git push');
    expect(git(b, 'log', '-1', '--format=%s').trim()).toBe('Renumber 2019-R97 -> 2019-R98: Beta Report');
    expect(git(b, 'status', '--porcelain')).toBe('');
    expectAliceKeptBobRenumbered(b);
    expect(git(b, 'status', '-sb').split('\n')[0]).toMatch(/ahead/);
    expect(git(b, 'rev-list', '--count', 'origin/main..HEAD').trim()).toBe(mode === 'merge' ? '3' : '1');
  });

  it('reports sync --push pushes, and refuses to start with an uncommitted record', async () => {
    const { a, b } = await twoClones();
    writeFileSync(path.join(b, 'archive', '2019/regular-099.yaml'), readFileSync(path.join(b, 'archive', ALPHA), 'utf8').replace('number: 97', 'number: 99'));
    const head = git(b, 'rev-parse', 'HEAD');
    const refused = await reports(b, ['sync']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('1 record file is not committed; nothing was pulled');
    expect(refused.stderr).toContain('2019/regular-099.yaml');
    expect(git(b, 'rev-parse', 'HEAD')).toBe(head);
    rmSync(path.join(b, 'archive', '2019/regular-099.yaml'));
    const r = await reports(b, ['sync', '--push', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as object;
    expect(out).toMatchObject({ schemaVersion: 1, mode: 'merge', pushed: true, renumbered: [{ from: '2019-R97', to: '2019-R98', file: BETA }] });
    // The shape `reports schema sync` describes.
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    const validate = ajv.compile(JSON.parse((await reports(b, ['schema', 'sync'])).stdout) as object);
    expect(validate(out) ? [] : validate.errors).toEqual([]);
    git(a, 'pull', '--quiet');
    expect(record(a, BETA)).toMatchObject({ title: 'Beta Report', number: 98 });
  });

  it('reports sync explains a pull git cannot make (the origin gone), and changes nothing', async () => {
    const { b, top } = await twoClones();
    rmSync(path.join(top, 'origin.git'), { recursive: true, force: true });
    const head = git(b, 'rev-parse', 'HEAD');
    const r = await reports(b, ['sync']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('git pull did not finish; the repository is as git left it. git said:');
    expect(git(b, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(b, 'status', '--porcelain')).toBe('');
  });

  it('reports sync leaves the branch as it was when the pull brings a choice it cannot make', async () => {
    const { a, b } = await twoClones();
    // Both change one report already shared: which version is right is a person's call.
    for (const [dir, t] of [[a, 'Land Reform, revised by Alice'], [b, 'Land Reform, revised by Bob']] as const) {
      const file = path.join(dir, 'archive', '2019/regular-095.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('Land Reform', t));
      git(dir, 'commit', '--quiet', '-am', `Edit 2019-R95 (${t})`);
    }
    git(a, 'push', '--quiet', 'origin', 'main');
    const head = git(b, 'rev-parse', 'HEAD');
    const r = await reports(b, ['sync']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the pull brought conflicts the rules cannot settle; nothing was changed');
    expect(r.stderr).toContain('--prefer ours');
    expect(git(b, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(b, 'status', '--porcelain')).toBe('');
  });
});

describe('the bundled archive: 2019-S9 edited by hand from Total 1637 to 1638', () => {
  it('the hook refuses the commit naming special-009.yaml; fix exits 1 and says what to do; --skip-invalid keeps S11', async () => {
    const dir = folder();
    cpSync(path.join(ROOT, 'archive'), path.join(dir, 'archive'), { recursive: true });
    git(dir, 'init', '--quiet', '-b', 'main');
    identify(dir);
    git(dir, 'add', '.');
    git(dir, 'commit', '--quiet', '-m', 'The bundled archive');
    const bin = path.join(dir, '.bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'reports'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(path.join(bin, 'reports'), 0o755);
    const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, REPORTS_NO_CACHE: '1' };
    expect((await reports(dir, ['hook', 'install'])).code).toBe(0);
    writeFileSync(path.join(dir, '.git', 'info', 'exclude'), '.bin/\n');

    const s9 = path.join(dir, 'archive/2019/special-009.yaml');
    writeFileSync(s9, readFileSync(s9, 'utf8').replace('total: 1637', 'total: 1638'));
    git(dir, 'add', 'archive/2019/special-009.yaml');

    // validate blames S9, by git's evidence, and says so.
    const v = await reports(dir, ['validate', '--changed', '--staged']);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('archive/2019/special-009.yaml');
    expect(v.stdout).toContain('2019-S9: total 1638 disagrees with offset 1628 of special 2019 (agreed by 2019-S11; decided by git: 2019/special-009.yaml is changed in the index): expected 1637');
    expect(v.stdout).not.toMatch(/special-011\.yaml:\d+:\d+ +error/);

    const commit = gitStatusIn(env, dir, 'commit', '-m', 'wrong Total');
    expect(commit.status).not.toBe(0);
    expect(commit.stdout + commit.stderr).toContain('2019/special-009.yaml');
    expect(git(dir, 'log', '--format=%s').trim()).toBe('The bundled archive');

    const fix = await reports(dir, ['fix']);
    expect(fix.code).toBe(1);
    expect(fix.stdout).toContain('Not fixed: the rules cannot prove which value is right; a person decides:');
    expect(fix.stdout).toContain('next: reports edit 2019-S9');
    expect(fix.stdout).toContain('next: reports fix --prefer 2019-S9');
    expect(fix.stderr).not.toContain('nothing to fix');
    expect(fix.stdout).toContain('next: reports fix --prefer 2019/special-011.yaml   # 2019-S9 follows it (the others are right)');
    const prefer = await reports(dir, ['fix', '--prefer', '2019/special-011.yaml']);
    expect(prefer.code, prefer.stderr).toBe(0);
    expect(prefer.stdout).toContain('2019/special-009.yaml  total  1638 -> 1637  (disagrees with offset 1628 of special 2019, the offset of 2019-S11 (--prefer 2019/special-011.yaml))');

    const exported = await reports(dir, ['export', 'json', '--skip-invalid']);
    expect(exported.code, exported.stderr).toBe(0);
    const ids = (JSON.parse(exported.stdout) as { reports: Array<{ id: string }> }).reports.map((r) => r.id);
    expect(ids).toContain('2019-S11');
    expect(ids).not.toContain('2019-S9');

    // Outside git nothing tells which is wrong: both are named, and both are exported, with a warning.
    rmSync(path.join(dir, '.git'), { recursive: true, force: true });
    const tie = await reports(dir, ['validate']);
    expect(tie.stdout).toMatch(/special-009\.yaml:\d+:\d+ +error +total-offset +2019-S9: total 1638 gives offset 1629 of special 2019, but 2019-S11 \(total 1639\) gives offset 1628/);
    expect(tie.stdout).toMatch(/special-011\.yaml:\d+:\d+ +error +total-offset +2019-S11: total 1639 gives offset 1628 of special 2019, but 2019-S9 \(total 1638\) gives offset 1629/);
    const both = await reports(dir, ['export', 'json', '--skip-invalid']);
    const kept = (JSON.parse(both.stdout) as { reports: Array<{ id: string }> }).reports.map((r) => r.id);
    expect(kept).toEqual(expect.arrayContaining(['2019-S9', '2019-S11']));
    expect(both.stderr).toContain('warning: --skip-invalid: exporting 2 files that disagree with nothing to tell which is wrong');
    // A declared offset settles it without git.
    writeFileSync(path.join(dir, 'reports.config.yaml'), 'archive: archive\noffsets:\n  special:\n    2019: 1628\n');
    const declared = await reports(dir, ['validate']);
    expect(declared.stdout).toContain('2019-S9: total 1638 disagrees with offset 1628 of special 2019 (declared in reports.config.yaml:3:3): expected 1637');
    const fixed = await reports(dir, ['fix', '--apply']);
    expect(fixed.code, fixed.stdout + fixed.stderr).toBe(0);
    expect(record(dir, '2019/special-009.yaml')).toMatchObject({ total: 1637 });
  });
});

describe('init --commit', () => {
  it('makes the repository and commits the config, so it is tracked from the start', async () => {
    const dir = folder();
    const r = await reports(dir, ['init', '--no-input', '--git', '--commit']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/committed [0-9a-f]+: Start the report archive: reports\.config\.yaml, \.gitattributes, \.gitignore\n/);
    expect(r.stderr).toContain('next: reports add --commit');
    expect(git(dir, 'show', '--name-only', '--format=%s', 'HEAD').trim().split('\n').slice(2).sort()).toEqual(['.gitattributes', '.gitignore', 'reports.config.yaml']);
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  it('refuses --commit without a repository, writing nothing', async () => {
    const dir = folder();
    const r = await reports(dir, ['init', '--no-input', '--no-git', '--commit']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--commit needs a git repository');
    expect(readdirSync(dir)).toEqual([]);
  });
});
