// Item: expected file-system errors (full disk, read-only, permission denied, odd paths) in add, export and the
// lock are one sentence naming the path and what was (not) written, exit 1, never "a bug"; and what a user typed
// at the prompts is kept in a file, with the command that retries the add from it.
//
// Real conditions where the machine allows: a 64 KiB tmpfs filled up (ENOSPC), a read-only bind mount (EROFS),
// and the CLI run as the user `nobody` (EACCES; root ignores permission bits). These need root and mount(8); where
// they are not available the tests that need them are skipped, and the sentence of every code is still checked
// in-process below. The CLI runs in-process, but as nobody (a process of that user) and on a terminal (a pty).
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { flagWords } from '../../src/commands/words.js';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BIN, ENV, inProcess, tempArchive } from '../helpers-add.js';
import { describeWhen, tempDir } from '../helpers.js';
import { start } from '../pty.js';
import { ROOT, runCli } from '../helpers.js';
import { ioError } from '../../src/store/io-error.js';
import { ReportsError } from '../../src/errors.js';

const ADD = ['add', '--no-input', '--title', 'Disk Trouble', '--author', 'X Y', '--year', '2019', '--kind', 'regular', '--number', '97', '--total', '5597', '--date', '2019-07-01'];

const mounted: string[] = [];
function mount(args: string[]): boolean {
  return spawnSync('mount', args, { stdio: 'ignore' }).status === 0;
}
afterAll(() => {
  for (const m of mounted.reverse()) spawnSync('umount', ['-l', m], { stdio: 'ignore' });
});

/** A 64 KiB tmpfs holding a copy of the fixture archive, then filled to the last byte; undefined if mount fails. */
function fullDiskArchive(): string | undefined {
  const dir = tempDir('reports-full-');
  if (!mount(['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir])) return undefined;
  mounted.push(dir);
  const archive = path.join(dir, 'archive');
  spawnSync('cp', ['-r', tempArchive(), archive]);
  try {
    writeFileSync(path.join(dir, 'filler'), Buffer.alloc(1024 * 1024));
  } catch {
    // ENOSPC: full, as wanted.
  }
  return archive;
}

/** A copy of the fixture archive behind a read-only bind mount; undefined if mount fails. */
function readOnlyArchive(): string | undefined {
  const archive = tempArchive();
  if (!mount(['--bind', archive, archive])) return undefined;
  mounted.push(archive);
  if (!mount(['-o', 'remount,ro,bind', archive])) return undefined;
  return archive;
}

const canMount = (() => {
  if (process.getuid?.() !== 0) return false;
  const probe = tempDir('reports-probe-');
  if (!mount(['-t', 'tmpfs', '-o', 'size=4k', 'tmpfs', probe])) return false;
  spawnSync('umount', [probe]);
  return true;
})();
// The user nobody must be able to run this checkout's CLI (not so when it lies in a folder only root may enter).
const nobody = process.getuid?.() === 0 && spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, '--version']).status === 0;

const noBug = (stderr: string) => expect(stderr).not.toMatch(/bug|    at /);
const hiddenLeftovers = (dir: string) => readdirSync(dir, { recursive: true }).map(String).filter((f) => path.basename(f).startsWith('.'));

describeWhen(canMount, 'needs root and mount (tmpfs, bind mounts): not allowed here')('a full disk (a 64 KiB tmpfs, filled)', () => {
  it('add says the disk is full, names the file, writes nothing and leaves no temp file', async () => {
    const a = fullDiskArchive()!;
    const r = await inProcess([...ADD, '--archive', a]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^error: cannot (write|lock the archive at) ${a}/\\S+: the disk is full; nothing was written \\(ENOSPC\\)`));
    noBug(r.stderr);
    expect(existsSync(path.join(a, '2019/regular-097.yaml'))).toBe(false);
    expect(hiddenLeftovers(a)).toEqual([]);
  });

  it.each([
    ['json', ['--out', 'out.json']],
    ['csv', ['--out', 'out.csv']],
    ['html', ['--out', 'site']],
  ])('export %s to it says the disk is full and leaves nothing behind', async (format, out) => {
    const a = fullDiskArchive()!;
    const dir = path.dirname(a);
    const r = await inProcess(['export', format, '--archive', tempArchive(), out[0]!, path.join(dir, out[1]!)]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${path.join(dir, out[1]!)}: the disk is full; nothing was written (ENOSPC)`);
    noBug(r.stderr);
    expect(readdirSync(dir).sort()).toEqual(['archive', 'filler']);
  });
});

describeWhen(canMount, 'needs root and mount (tmpfs, bind mounts): not allowed here')('a read-only archive (a read-only bind mount)', () => {
  it('add says the file system is read-only, naming the lock it could not take; exit 1', async () => {
    const a = readOnlyArchive()!;
    const r = await inProcess([...ADD, '--archive', a]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`error: cannot lock the archive at ${a}/.reports.lock: the file system is read-only; nothing was written (EROFS)\n`);
  });

  it('an interactive add that cannot write keeps the answers in a file, and add --from-text on it makes the same record', async () => {
    const a = readOnlyArchive()!;
    const s = start(['add', '--archive', a, '--title', 'Kept Answers', '--author', 'Li Wei & Wang Fang', '--year', '2019', '--kind', 'regular', '--date', '2019-07-01', '--team', 'Research Team on “Kept Answers”', '--organization', 'DRC', '--series', 'Research Report', '--number', '97', '--total', '5597', '--url', '-']);
    await s.waitFor('Unit');
    s.type('Research Department of Rural Economy\r');
    await s.waitFor('Abstract');
    s.type('\x1b[200~First typed paragraph.\r\rSecond typed paragraph.\x1b[201~\x04');
    await s.waitFor('Key words');
    s.type('kept, answers\r');
    await s.waitFor('Add this report as 2019/regular-097.yaml?');
    s.type('\r');
    expect(await s.exit).toBe(1);
    const out = s.output();
    expect(out).toMatch(/the file system is read-only; nothing was written \(EROFS\)/);
    noBug(out);
    const kept = /your answers are kept in (\S+)/.exec(out)![1]!;
    expect(out).toContain(`retry with: reports add --archive ${a} --from-text ${kept}`);
    // The retry, on a writable copy of the archive, writes the record as it was answered.
    const writable = tempArchive();
    const r = await inProcess(['add', '--archive', writable, '--from-text', kept, '--no-input']);
    expect(r.stderr).toMatch(/^created 2019\/regular-097\.yaml/);
    expect(parse(readFileSync(path.join(writable, '2019/regular-097.yaml'), 'utf8'))).toEqual({
      title: 'Kept Answers',
      authors: ['Li Wei', 'Wang Fang'],
      team: 'Research Team on “Kept Answers”',
      unit: 'Research Department of Rural Economy',
      organization: 'DRC',
      series: 'Research Report',
      kind: 'regular',
      number: 97,
      year: 2019,
      total: 5597,
      date: '2019-07-01',
      abstract: 'First typed paragraph.\n\nSecond typed paragraph.',
      keywords: ['kept', 'answers'],
    });
  });
});

describeWhen(nobody, 'needs root, setpriv, and a checkout the user nobody may run')('permission denied (run as the user nobody)', () => {
  it('add to an archive nobody may not write says permission denied, naming the lock; exit 1', async () => {
    const a = tempArchive();
    chmodSync(path.dirname(a), 0o755); // readable, not writable, by others
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, ...ADD, '--archive', a], {
      env: { ...ENV, REPORTS_NO_CACHE: '1', HOME: '/nonexistent' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`error: cannot lock the archive at ${a}/.reports.lock: permission denied; nothing was written (EACCES)\n`);
  });
});

describe('odd paths', () => {
  it.each([
    ['ENOTDIR: a part of the path is a file', (d: string) => (writeFileSync(path.join(d, 'afile'), ''), path.join(d, 'afile', 'out.json')), 'a part of the path is a file, not a folder; nothing was written (ENOTDIR)'],
    ['ELOOP: a loop of symbolic links', (d: string) => (symlinkSync('loop', path.join(d, 'loop')), path.join(d, 'loop', 'out.json')), 'the path goes round a loop of symbolic links; nothing was written (ELOOP)'],
    ['ENAMETOOLONG: a name past the limit', (d: string) => path.join(d, `${'n'.repeat(300)}.json`), 'the path is too long for the file system; nothing was written (ENAMETOOLONG)'],
    ['EISDIR: a folder given as the file', (d: string) => (mkdirSync(path.join(d, 'folder')), path.join(d, 'folder')), 'it is a folder, not a file; nothing was written (EISDIR)'],
  ])('export json --out: %s', async (_what, make, sentence) => {
    const d = tempDir('reports-odd-');
    const out = make(d);
    const r = await inProcess(['export', 'json', '--archive', tempArchive(), '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`error: cannot write ${out}: ${sentence}\n`);
  });

  it('add where the year folder would be is a file: a part of the path is a file, and no "already exists"', async () => {
    const a = tempArchive();
    writeFileSync(path.join(a, '2020'), '');
    const r = await inProcess([...ADD.map((x) => (x === '2019' ? '2020' : x === '2019-07-01' ? '2020-07-01' : x)), '--force', '--archive', a]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`cannot write ${a}/2020/regular-097.yaml: a part of the path is a file, not a folder; nothing was written (ENOTDIR)`);
  });
});

describe('ioError: one sentence per expected errno code', () => {
  it.each(['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'ELOOP', 'ENAMETOOLONG', 'EISDIR', 'EEXIST'])('%s names the path, says why in words and what was not written', (code) => {
    const e = ioError(Object.assign(new Error(`${code}: raw`), { code }), '/a/b.yaml', 'nothing was written');
    expect(e).toBeInstanceOf(ReportsError);
    expect(e.message).toMatch(new RegExp(`^cannot write /a/b\\.yaml: [a-z][^;]+; nothing was written \\(${code}\\)$`));
    expect((e as ReportsError).cause).toMatchObject({ code });
  });

  it('an error that is not a file-system error is not dressed up as one', () => {
    const bug = new TypeError('x is undefined');
    expect(ioError(bug, '/a', 'nothing was written')).toBe(bug);
  });
});

describe('keepAnswers: the answers of an add that could not be written', () => {
  const answers = { title: 'Kept', authors: ['A B'], series: 'Research Report', kind: 'regular' as const, number: 3, year: 2019, abstract: 'One.\n\nTwo.', keywords: ['k'] };

  it('are written to the first folder that takes them, with the command that retries the add', async () => {
    const { keepAnswers } = await import('../../src/app/keep-answers.js');
    const d = tempDir('reports-keep-');
    const e = keepAnswers(new ReportsError('cannot write x: the disk is full; nothing was written (ENOSPC)'), answers, '/arch', ['/nonexistent/folder', d]);
    const file = /kept in (\S+)/.exec(e.details.join('\n'))![1]!;
    expect(file.startsWith(d)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('Kept (No.3, 2019)\nBy A B\nResearch Report, No.3, 2019\nAbstract: One.\n\nTwo.\nKey words: k\n');
    // The answers hold no organization, Total or date: the retry says so, or add would fill them in.
    expect(e.wordedDetails(flagWords)).toContain(`retry with: reports add --archive /arch --from-text ${file} --organization - --total - --date -`);
    expect(e.details).toContain(`retry with: add archive="/arch" page=${JSON.stringify(file)} organization="-" total="-" date="-"`);
  });

  it('are shown in the error itself when no folder takes them', async () => {
    const { keepAnswers } = await import('../../src/app/keep-answers.js');
    const e = keepAnswers(new ReportsError('cannot write x: the disk is full; nothing was written (ENOSPC)'), answers, '/arch', ['/nonexistent/folder']);
    expect(e.message).toBe('cannot write x: the disk is full; nothing was written (ENOSPC)');
    expect(e.details.join('\n')).toContain('Abstract: One.\n\nTwo.');
    expect(e.details.join('\n')).toContain('Kept (No.3, 2019)');
  });
});

describeWhen(canMount, 'needs root and mount (tmpfs, bind mounts): not allowed here')('several records, one folder read-only (a read-only bind mount of 2018/)', () => {
  /** A copy of the bundled archive whose 2018 folder is read-only. */
  function partlyReadOnly(): string | undefined {
    const archive = path.join(tempDir('reports-partly-'), 'archive');
    spawnSync('cp', ['-r', path.join(ROOT, 'archive'), archive]);
    const folder = path.join(archive, '2018');
    if (!mount(['--bind', folder, folder])) return undefined;
    mounted.push(folder);
    if (!mount(['-o', 'remount,ro,bind', folder])) return undefined;
    return archive;
  }

  it.each([
    [['rm', '2019-S9', '2018-R124', '--yes'], /^error: 2019-S9 removed; then: cannot remove .*2018\/regular-124\.yaml: the file system is read-only; it was not removed \(EROFS\)\n$/],
    [['edit', '2019-S9', '2018-R124', '--add-keyword', 'towns'], /^error: 2019-S9 changed; then: cannot write .*2018\/regular-124\.yaml: the file system is read-only/],
  ])('%j says which records were written before the failure', async (args, message) => {
    const archive = partlyReadOnly();
    expect(archive).toBeDefined();
    const r = await runCli([...args, '--archive', archive!]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    noBug(r.stderr);
  });
});
