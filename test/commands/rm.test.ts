// reports rm: what goes, when it asks, the gaps it names, --withdraw keeping the number taken, --commit.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeReports } from '../../src/app/remove.js';
import { createEnv } from '../../src/index.js';
import { allFiles, copyArchive, makeArchive, recordYaml, runCli } from '../helpers.js';
import { scripted } from '../helpers-ask.js';
import { git, identify } from '../team-helpers.js';

const records = (dir: string) => allFiles(dir).filter((f) => !path.basename(f).startsWith('.'));
const rm = (dir: string, args: string[]) => runCli(['rm', '--archive', dir, ...args]);

describe('reports rm', () => {
  it.each([
    // [refs, files gone, gaps named]
    [['2018-R124'], ['2018/regular-124.yaml'], ['regular 2018: No.124']],
    [['2019-S11'], ['2019/special-011.yaml'], []], // the highest number held: no gap below it opens
    [['2019-S9'], ['2019/special-009.yaml'], ['special 2019: No.9']],
    [['1639', '2019-S9'], ['2019/special-011.yaml', '2019/special-009.yaml'], ['special 2019: no report of the year is left (it held No.9, 11)']],
    [['2018-R3', '2018/regular-124.yaml'], ['2018/regular-003.yaml', '2018/regular-124.yaml'], ['regular 2018: no report of the year is left (it held No.3, 124)']],
    [['northeast'], ['2018/regular-124.yaml'], ['regular 2018: No.124']],
  ])('rm %j --yes removes %j and names the gaps %j', async (refs, gone, gaps) => {
    const dir = copyArchive('archive');
    const before = records(dir);
    const r = await rm(dir, [...refs, '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(records(dir)).toEqual(before.filter((f) => !gone.includes(f)));
    // Every gap named, and no other.
    expect([...r.stderr.matchAll(/opened the gap (.*) \(to keep a number taken/g)].map((m) => m[1])).toEqual(gaps);
    // validate agrees: the gap it now reports is the one rm named.
    const v = await runCli(['validate', '--archive', dir, '--json']);
    expect(JSON.parse(v.stdout).errors).toEqual([]);
  });

  it('--dry-run says what would go and removes nothing; --json gives the same as data', async () => {
    const dir = copyArchive('archive');
    const before = records(dir);
    const r = await rm(dir, ['2018-R124', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('would remove 2018-R124: 2018/regular-124.yaml\nwould open the gap regular 2018: No.124 (to keep a number taken instead: reports rm --withdraw)\n');
    expect(records(dir)).toEqual(before);
    const j = JSON.parse((await rm(dir, ['2018-R124', '--dry-run', '--json'])).stdout);
    expect(j).toEqual({ schemaVersion: 1, removed: [{ id: '2018-R124', file: '2018/regular-124.yaml', title: expect.any(String) }], action: 'removed', gaps: ['regular 2018: No.124'], dryRun: true });
  });

  it('without a terminal and without --yes: a usage error naming --yes, nothing removed', async () => {
    const dir = copyArchive('archive');
    const before = records(dir);
    const r = await rm(dir, ['2019-S11']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: remove 2019-S11: not confirmed, and nobody to ask; nothing was removed (give --yes to confirm, or --dry-run to see what would go)\n');
    expect(records(dir)).toEqual(before);
  });

  it('asks first through env.ask: no keeps everything, yes removes', async () => {
    const dir = copyArchive('archive');
    const before = records(dir);
    const no = scripted({ remove: false });
    await expect(removeReports(createEnv({ archive: dir, ask: no.ask }), { refs: ['2018-R124'] })).rejects.toThrow(/nothing was removed/);
    expect(no.asked[0]).toMatchObject({ type: 'confirm', default: false, message: expect.stringMatching(/Remove 2018\/regular-124\.yaml \(opens regular 2018: No\.124\)\?/) });
    expect(records(dir)).toEqual(before);
    const yes = scripted({ remove: true });
    const r = await removeReports(createEnv({ archive: dir, ask: yes.ask }), { refs: ['2018-R124'] });
    expect(r.removed.map((x) => x.id)).toEqual(['2018-R124']);
    expect(existsSync(path.join(dir, '2018/regular-124.yaml'))).toBe(false);
  });

  it('a ref that finds nothing removes nothing, and says what was near (exit 1)', async () => {
    const dir = copyArchive('archive');
    const before = records(dir);
    const r = await rm(dir, ['2018-R3', '2018-R125', '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no report 2018-R125 .*did you mean 2018-R124/);
    expect(records(dir)).toEqual(before);
  });

  it('--withdraw keeps the record, marked withdrawn: its number stays taken, lists and exports leave it out', async () => {
    const dir = copyArchive('archive');
    const r = await rm(dir, ['2018-R124', '--withdraw', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('withdrew 2018-R124: 2018/regular-124.yaml\n');
    const text = readFileSync(path.join(dir, '2018/regular-124.yaml'), 'utf8');
    expect(text).toMatch(/\nwithdrawn: true\n$/);
    // validate: no gap at 124 (the 2018 gap warning is what it was), no unknown-field warning.
    const v = JSON.parse((await runCli(['validate', '--archive', dir, '--json'])).stdout);
    expect(v.errors).toEqual([]);
    expect(v.warnings.map((f: { code: string }) => f.code)).not.toContain('unknown-field');
    const gap = v.warnings.find((f: { message: string }) => f.message.startsWith('regular 2018'));
    expect(gap.message).toContain('missing 1-2, 4-123, 125-225');
    const list = await runCli(['list', '--archive', dir, '--columns', 'id', '--no-header']);
    expect(list.stdout.split('\n')).not.toContain('2018-R124');
    expect((await runCli(['list', '--archive', dir, '--columns', 'id', '--no-header', '--withdrawn'])).stdout.split('\n')).toContain('2018-R124');
    const csv = await runCli(['export', 'csv', '--archive', dir]);
    expect(csv.stdout).not.toContain('2018-R124');
    // show still finds it, and says so.
    expect((await runCli(['show', '2018-R124', '--archive', dir])).stdout).toContain('Withdrawn:');
  });

  it('--commit commits the removal, and nothing else', async () => {
    const repo = path.dirname(copyArchive('archive'));
    const dir = path.join(repo, 'archive');
    git(repo, 'init', '-q');
    identify(repo);
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'start');
    writeFileSync(path.join(repo, 'notes.txt'), 'not mine to commit');
    git(repo, 'add', 'notes.txt');
    const r = await rm(dir, ['2019-S9', '--yes', '--commit']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/committed [0-9a-f]{7,}: Remove 2019-S9: /);
    expect(git(repo, 'log', '-1', '--format=%s')).toBe('Remove 2019-S9: The Strategic Significance of the Construction of Small Towns with Distinctive Local Features in China\n');
    expect(git(repo, 'show', '--name-status', '--format=', 'HEAD')).toBe('D\tarchive/2019/special-009.yaml\n');
    expect(git(repo, 'status', '--porcelain')).toBe('A  notes.txt\n');
  });

  it('a record file outside the archive is not removed (exit 1)', async () => {
    const dir = copyArchive('archive');
    const other = copyArchive('archive');
    const file = path.join(other, '2019/special-011.yaml');
    const r = await rm(dir, [file, '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is not a record of the archive/);
    expect(existsSync(file)).toBe(true);
    const e = await runCli(['edit', '--archive', dir, file, '--set', 'total=1']);
    expect(e.code).toBe(1);
    expect(readFileSync(file, 'utf8')).toContain('total: 1639');
  });

  it('a file name holding control characters is shown, not obeyed', async () => {
    const dir = makeArchive({ '2019/regular-001\x1b]0;owned\x07.yaml': recordYaml({}) });
    for (const args of [['2019-R1', '--dry-run'], ['2019-R1', '--yes']]) {
      const r = await rm(dir, args);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout + r.stderr).not.toMatch(/[\x07\x1b]/);
      expect(r.stdout + r.stderr).toContain('\\x1b]0;owned\\x07');
    }
  });
});

describe('withdrawn reports in a search', () => {
  it('are left out of list --search (also with --limit), and found with --withdrawn', async () => {
    const dir = copyArchive('archive');
    expect((await rm(dir, ['2019-S11', '--withdraw', '--yes'])).code).toBe(0);
    const ids = async (args: string[]) => (await runCli(['list', '--archive', dir, '--columns', 'id', '--no-header', '--search', 'small towns', ...args])).stdout.trim().split('\n');
    expect(await ids([])).toEqual(['2018-R3', '2019-S9']);
    expect(await ids(['--limit', '1'])).toEqual(['2018-R3']);
    expect((await ids(['--withdrawn']))).toContain('2019-S11');
    expect(await ids(['--sort', 'date'])).toEqual(['2019-S9', '2018-R3']);
  });
});
