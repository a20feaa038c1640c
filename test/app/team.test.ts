// The team workflow end to end with real git: two clones of one archive each add the next report of 2019, the pull
// conflicts, validate names the conflict, fix plans without changing anything, fix --apply resolves and stages, the
// merge is committed and validate passes with both reports under distinct numbers and Totals.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { git, gitStatus, identify, reports, sharedOrigin, tempFolder } from '../team-helpers.js';
import { ROOT } from '../helpers.js';

/** Every file below dir (the .git folder aside) with its content: a picture of the work tree. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel))) {
      if (name === '.git') continue;
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(path.join(dir, r)).isDirectory()) walk(r);
      else out[r] = readFileSync(path.join(dir, r), 'utf8');
    }
  };
  walk('');
  return out;
}

const record = (repo: string, file: string) => parse(readFileSync(path.join(repo, 'archive', file), 'utf8')) as Record<string, unknown>;

describe('two archivists, one archive', () => {
  it('resolves the add/add conflict of two clones: both reports kept, distinct numbers and Totals', async () => {
    const top = tempFolder();
    const { a, b } = await sharedOrigin(top);

    // Each adds "the next report of 2019" and commits just that file.
    const addA = await reports(a, ['add', '--no-input', '--title', 'Alpha Report', '--author', 'Alice', '--year', '2019', '--date', '2019-06-01', '--commit']);
    expect(addA.code, addA.stderr).toBe(0);
    expect(addA.stderr).toContain('created 2019/regular-097.yaml (2019-R97, Total 5597)');
    expect(git(a, 'log', '-1', '--format=%s')).toBe('Add 2019-R97: Alpha Report\n');
    git(a, 'push', '--quiet', 'origin', 'main');
    const addB = await reports(b, ['add', '--no-input', '--title', 'Beta Report', '--author', 'Bob', '--year', '2019', '--date', '2019-06-01', '--commit']);
    expect(addB.code, addB.stderr).toBe(0);
    expect(git(b, 'show', '--name-only', '--format=%s', 'HEAD').trim().split('\n')).toEqual(['Add 2019-R97: Beta Report', '', 'archive/2019/regular-097.yaml']);

    // The pull stops with an add/add conflict in the file both wrote.
    const pull = gitStatus(b, 'pull', '--no-rebase', '--quiet', 'origin', 'main');
    expect(pull.status).not.toBe(0);
    expect(git(b, 'ls-files', '-u')).toContain('archive/2019/regular-097.yaml');
    expect(readFileSync(path.join(b, 'archive/2019/regular-097.yaml'), 'utf8')).toMatch(/^<<<<<<< /m);

    // validate fails and names the conflict.
    const v1 = await reports(b, ['validate']);
    expect(v1.code).toBe(1);
    expect(v1.stdout).toMatch(/archive\/2019\/regular-097\.yaml:1:1 +error +merge-conflict +merge conflict: run `reports fix`/);

    // fix plans and changes nothing.
    const before = snapshot(b);
    const indexBefore = git(b, 'ls-files', '-s', '-u');
    const plan = await reports(b, ['fix']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('2019/regular-098.yaml  number  97 -> 98');
    expect(plan.stdout).toContain('2019/regular-098.yaml  total  5597 -> 5598  (offset 5500 of regular 2019 + number 98)');
    expect(plan.stderr).toContain('nothing was changed');
    expect(snapshot(b)).toEqual(before);
    expect(git(b, 'ls-files', '-s', '-u')).toBe(indexBefore);
    const json = JSON.parse((await reports(b, ['fix', '--json'])).stdout) as { actions: Array<{ file: string; changes: Array<{ field: string; old: unknown; new: unknown }> }> };
    expect(json.actions.map((x) => x.file)).toEqual(['2019/regular-097.yaml', '2019/regular-098.yaml']);
    expect(json.actions[1]!.changes).toEqual([
      expect.objectContaining({ field: 'number', old: 97, new: 98 }),
      expect.objectContaining({ field: 'total', old: 5597, new: 5598 }),
    ]);

    // fix --apply resolves the conflict and stages both files; the user only commits the merge.
    const applied = await reports(b, ['fix', '--apply']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stderr).toContain('the merge is ready: check it (reports validate), then commit it (git commit)');
    expect(git(b, 'ls-files', '-u')).toBe('');
    // Alice's report, already pushed, stays byte for byte; Bob's, local, is renumbered.
    expect(git(b, 'diff', '--cached', '--name-status', 'HEAD').trim()).toBe('M\tarchive/2019/regular-097.yaml\nA\tarchive/2019/regular-098.yaml');
    expect(git(b, 'status', '--porcelain').trim()).toBe('M  archive/2019/regular-097.yaml\nA  archive/2019/regular-098.yaml');
    expect(readFileSync(path.join(b, 'archive/2019/regular-097.yaml'), 'utf8')).toBe(git(b, 'show', 'origin/main:archive/2019/regular-097.yaml'));
    git(b, 'commit', '--quiet', '--no-edit');
    expect(git(b, 'log', '-1', '--format=%p').trim().split(' ')).toHaveLength(2);

    // validate passes: both reports are kept, under distinct numbers and Totals.
    const v2 = await reports(b, ['validate', '--json']);
    expect(v2.code, v2.stdout).toBe(0);
    expect(JSON.parse(v2.stdout).errors).toEqual([]);
    expect(record(b, '2019/regular-097.yaml')).toMatchObject({ title: 'Alpha Report', authors: ['Alice'], number: 97, total: 5597 });
    expect(record(b, '2019/regular-098.yaml')).toMatchObject({ title: 'Beta Report', authors: ['Bob'], number: 98, total: 5598 });

    // And Alice gets the merge cleanly.
    git(b, 'push', '--quiet', 'origin', 'main');
    git(a, 'pull', '--no-rebase', '--quiet', 'origin', 'main');
    expect((await reports(a, ['validate'])).code).toBe(0);
  });

  it('init in an empty folder, then add with only --title and --author', async () => {
    const dir = tempFolder();
    const init = await reports(dir, ['init', '--no-input', '--no-git']);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stderr).toContain('created reports.config.yaml');
    const add = await reports(dir, ['add', '--no-input', '--title', 'T', '--author', 'A'], { TZ: 'UTC' });
    expect(add.code, add.stderr).toBe(0);
    const year = new Date().getFullYear();
    expect(add.stderr).toContain(`created ${year}/regular-001.yaml (${year}-R1)`);
    expect(record(dir, `${year}/regular-001.yaml`)).toMatchObject({ title: 'T', authors: ['A'], series: 'Research Report', kind: 'regular', number: 1, year });
    // From a sub-folder too: the config is found by walking up.
    const sub = path.join(dir, 'archive', String(year));
    const list = await reports(sub, ['list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout).reports).toHaveLength(1);
  });
});

describe('help', () => {
  it.each([['init'], ['config'], ['sync'], ['fix'], ['hook'], ['hook', 'install'], ['hook', 'print']])('reports %s --help has examples', async (...cmd) => {
    const r = await reports(tempFolder(), [...cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Examples:\n {2}reports /);
  });
});

describe('import --commit', () => {
  it('commits just the record files it wrote, naming the reports', async () => {
    const dir = tempFolder();
    git(dir, 'init', '--quiet', '-b', 'main');
    identify(dir);
    expect((await reports(dir, ['init', '--no-input'])).code).toBe(0);
    git(dir, 'add', '.');
    git(dir, 'commit', '--quiet', '-m', 'start');
    const page = path.join(ROOT, 'test', 'fixtures', 'pages', 'extra-spaces.txt');
    const r = await reports(dir, ['import', page, '--yes', '--commit']);
    expect(r.code, r.stderr).toBe(0);
    const [subject, , ...files] = git(dir, 'show', '--name-only', '--format=%s', 'HEAD').trim().split('\n');
    expect(subject).toMatch(/^Import \d{4}-[RS]\d+: /);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^archive\/\d{4}\/(regular|special)-\d{3}\.yaml$/);
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });
});
