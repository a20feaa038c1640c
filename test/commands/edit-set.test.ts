// reports edit <ref>... --set/--unset/--add-keyword/--remove-keyword: no editor, the same checks as an edit,
// every record checked before the first is written, atomic writes, renumbering moves the file.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allFiles, copyArchive, runCli } from '../helpers.js';
import { git, identify } from '../team-helpers.js';

const records = (dir: string) => allFiles(dir).filter((f) => !path.basename(f).startsWith('.'));
const edit = (dir: string, args: string[]) => runCli(['edit', '--archive', dir, ...args]);
const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');
const snapshot = (dir: string) => Object.fromEntries(records(dir).map((f) => [f, read(dir, f)]));

describe('edit --set and the like: what they write', () => {
  it.each([
    // [args, file, a line the new text holds]
    [['2019-S11', '--set', 'title=A New Title'], '2019/special-011.yaml', 'title: A New Title\n'],
    [['2019-S11', '--set', 'date=2019/1/26'], '2019/special-011.yaml', 'date: 2019-01-26\n'],
    [['2019-S11', '--set', 'authors=Zhang Xiaohuan & Li Na'], '2019/special-011.yaml', 'authors:\n  - Zhang Xiaohuan\n  - Li Na\n'],
    [['2019-S11', '--unset', 'team'], '2019/special-011.yaml', 'organization: DRC\n'],
    [['2019-S11', '--add-keyword', 'urban planning, towns'], '2019/special-011.yaml', '  - challenges\n  - urban planning\n  - towns\n'],
    [['2019-S11', '--remove-keyword', 'Innovation of Models'], '2019/special-011.yaml', '  - small towns with distinctive local features\n  - challenges\n'],
    [['2019-S011', '--set', 'url=https://example.org/s11'], '2019/special-011.yaml', 'url: https://example.org/s11\n'],
    [['1639', '--set', 'withdrawn=true'], '2019/special-011.yaml', 'withdrawn: true\n'],
  ])('%j', async (args, file, line) => {
    const dir = copyArchive('archive');
    const r = await edit(dir, args);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^changed 2019-S11 \(2019\/special-011\.yaml\): /);
    expect(read(dir, file)).toContain(line);
    expect((await runCli(['validate', '--archive', dir, '--json'])).stdout).toMatch(/"errors": \[\]/);
  });

  it('a comment and the layout of the fields not changed stay', async () => {
    const dir = copyArchive('archive');
    const file = path.join(dir, '2018/regular-124.yaml');
    writeFileSync(file, `# checked against the printed copy\n${readFileSync(file, 'utf8')}`);
    const before = readFileSync(file, 'utf8');
    expect((await edit(dir, ['2018-R124', '--set', 'date=2018-08-09'])).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(before.replace('date: 2018-08-08', 'date: 2018-08-09'));
  });

  it('--set number= renumbers and moves the file, as edit does', async () => {
    const dir = copyArchive('archive');
    const text = read(dir, '2019/special-011.yaml');
    const r = await edit(dir, ['2019-S11', '--set', 'number=12', '--set', 'total=1640']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('changed 2019-S11 (now 2019-S12) (2019/special-011.yaml -> 2019/special-012.yaml): number 11 -> 12; total 1639 -> 1640\n');
    expect(records(dir).filter((f) => f.startsWith('2019/special'))).toEqual(['2019/special-009.yaml', '2019/special-012.yaml']);
    expect(read(dir, '2019/special-012.yaml')).toBe(text.replace('number: 11', 'number: 12').replace('total: 1639', 'total: 1640'));
  });

  it('several records: each changed, in one go; a list says what it gains and loses', async () => {
    const dir = copyArchive('archive');
    const r = await edit(dir, ['2018-R3', '2018-R124', '--add-keyword', 'northeast']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('changed 2018-R3 (2018/regular-003.yaml): keywords +"northeast"\nchanged 2018-R124 (2018/regular-124.yaml): keywords +"northeast"\n');
    expect(read(dir, '2018/regular-003.yaml')).toContain('  - northeast\n');
    expect(read(dir, '2018/regular-124.yaml')).toContain('  - northeast\n');
  });

  it('--dry-run shows the changes and writes nothing; --json gives them as data', async () => {
    const dir = copyArchive('archive');
    const before = snapshot(dir);
    const r = await edit(dir, ['2019-S11', '--set', 'total=1639', '--set', 'date=2019-1-26', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('would change 2019-S11 (2019/special-011.yaml): date "2019-01-25" -> "2019-01-26"\n');
    expect(snapshot(dir)).toEqual(before);
    const j = JSON.parse((await edit(dir, ['2019-S11', '--set', 'date=2019-1-26', '--dry-run', '--json'])).stdout);
    expect(j).toMatchObject({ dryRun: true, changes: [{ id: '2019-S11', was: '2019-S11', status: 'updated', file: '2019/special-011.yaml', dest: '2019/special-011.yaml', fields: [{ field: 'date', before: '2019-01-25', after: '2019-01-26' }] }] });
    expect(j.changes[0].record.date).toBe('2019-01-26');
  });

  it('a change that changes nothing writes nothing', async () => {
    const dir = copyArchive('archive');
    const before = snapshot(dir);
    const r = await edit(dir, ['2019-S11', '--set', 'total=1639']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('2019-S11: no change (2019/special-011.yaml)\n');
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('edit --set and the like: what they refuse', () => {
  it.each([
    // [args, exit status, message]
    [['2019-S11', '--set', 'total=1640'], 1, /total 1640 disagrees with offset 1628 of special 2019/],
    [['2019-S11', '--set', 'number=9'], 1, /number 9 of special 2019 is also used by 2019\/special-009\.yaml/],
    [['2019-S11', '--unset', 'title'], 1, /title is required/],
    [['2019-S11', '--set', 'date=2019-02-30'], 1, /date/],
    [['2019-S11', '--set', 'kind=monthly'], 1, /kind must be regular or special/],
    [['2019-S11', '--set', 'url=javascript:alert(1)'], 1, /url must be an absolute URL/],
    [['2019-S11', '--set', 'withdrawn=maybe'], 1, /withdrawn must be true or false/],
    [['2019-S11', '--remove-keyword', 'no such word'], 1, /no key word "no such word" to remove/],
    [['2018-R3', '2019-S11', '--set', 'total=1640'], 1, /every record is as it was/],
    [['2019-S11', '--set', 'colour=red'], 2, /no field "colour"; the fields are title, authors/],
    [['2019-S11', '--set', 'attachment=x.pdf'], 2, /reports attach/],
    [['2019-S11', '--set', 'total'], 2, /--set takes field=value/],
    [['2019-S11', '--set', 'total=1639', '--from', 'x.yaml'], 2, /--from replaces the whole text/],
    [['2019-S11', '2018-R3'], 2, /the editor edits one report at a time/],
    [['2019-S11', '--dry-run'], 2, /--dry-run and --json go with --set/],
  ])('%j: exit %i, every file as it was', async (args, code, message) => {
    const dir = copyArchive('archive');
    const before = snapshot(dir);
    const r = await edit(dir, args);
    expect(r.code, r.stderr).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('edit --set --commit', () => {
  it('commits the changed record (and the old name when moved), nothing else', async () => {
    const repo = path.dirname(copyArchive('archive'));
    const dir = path.join(repo, 'archive');
    git(repo, 'init', '-q');
    identify(repo);
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'start');
    const r = await edit(dir, ['2019-S11', '--set', 'number=12', '--set', 'total=1640', '--commit']);
    expect(r.code, r.stderr).toBe(0);
    expect(git(repo, 'log', '-1', '--format=%s')).toBe('Edit 2019-S12: The Development of Small Towns with Distinctive Local Features in China in the New Era: Progress and Challenges\n');
    expect(git(repo, 'show', '--name-status', '--format=', '-M', 'HEAD')).toMatch(/^R\d+\tarchive\/2019\/special-011\.yaml\tarchive\/2019\/special-012\.yaml\n$/);
    expect(git(repo, 'status', '--porcelain')).toBe('');
  });
});
