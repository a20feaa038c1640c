// Trust, second round: messages and smaller faults. Each case is a message a user got wrong (a bug report for a
// user's mistake, a message that said the same thing twice) or a small fault met on the way.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeArchive, recordYaml, ROOT, tempDir } from '../helpers.js';
import { reports, ROOT_USER } from './run.js';

/** A case only root can set up (it gives a file or folder to another user): skipped otherwise, saying so. */
const itAsRoot = (name: string, fn: () => unknown) => {
  if (!ROOT_USER) console.warn(`skipped: ${name}: only root can give a file or folder to another user (chown)`);
  return it.skipIf(!ROOT_USER)(name, fn as () => Promise<void>);
};

const temp = () => tempDir('reports-messages-');
const archive = (files: Record<string, string> = { '2019/regular-001.yaml': recordYaml() }) => makeArchive(files);

describe('hook install', () => {
  it('where .git/hooks/pre-commit is a folder: one sentence, exit 1, nothing written (not a bug)', async () => {
    const dir = temp();
    spawnSync('git', ['init', '--quiet', dir]);
    mkdirSync(path.join(dir, '.git', 'hooks', 'pre-commit'), { recursive: true });
    const r = await reports(['hook', 'install'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: \S+\/\.git\/hooks\/pre-commit is a folder, not a hook file; it was left as it is and nothing was written/);
    expect(r.stderr).not.toMatch(/EISDIR|this is a bug/);
    expect(r.stderr).toContain('reports validate --changed --staged');
  });
});

describe('init', () => {
  it.each([
    ['--organization', ['--organization', 'DRC\nforged: key']],
    ['--series', ['--series', 'Research\u001b]0;x\u0007 Report']],
    ['--site-title', ['--site-title', 'Site\ntitle']],
  ])('%s with a line break or a control character is refused before anything is written (exit 2)', async (flag, args) => {
    const dir = path.join(temp(), 'new');
    const r = await reports(['init', dir, '--no-input', '--no-git', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^error: ${flag}: .*; nothing was written\n$`));
    expect(existsSync(dir)).toBe(false);
  });

  it('at the prompts, an organization or site title the config could not read back is asked again', async () => {
    const { initArchive } = await import('../../src/app/init.js');
    const checks: Record<string, string | true> = {};
    const ask = (async (q: { name: string; validate?: (v: string) => true | string; default?: unknown; choices?: { value: string }[] }) => {
      if (q.name === 'organization' || q.name === 'siteTitle') checks[q.name] = q.validate ? q.validate('DRC\u001b[2J') : true;
      if (q.name === 'git') return false;
      return q.choices ? q.choices[0]!.value : (q.default ?? '');
    }) as never;
    const dir = path.join(temp(), 'new');
    await initArchive({ archive: path.join(dir, 'archive'), cache: false, now: () => new Date(0), cwd: dir, vars: process.env, ask }, { dir, git: false });
    expect(checks.organization).toMatch(/organization must be a line of text/);
    expect(checks.siteTitle).toMatch(/site\.title must be a line of text/);
  });

  it('what init writes, every command reads back', async () => {
    const dir = path.join(temp(), 'new');
    expect((await reports(['init', dir, '--no-input', '--no-git', '--organization', 'DRC, "the Centre"', '--site-title', "Reports: 'all'"])).code).toBe(0);
    const r = await reports(['config', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('DRC, \\"the Centre\\"');
  });

  it('a plain file named archive is not "an archive of 0 record files": refused, nothing written', async () => {
    const dir = temp();
    writeFileSync(path.join(dir, 'archive'), 'notes');
    const r = await reports(['init', dir, '--no-input', '--no-git']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: \S+\/archive exists and is a file, not a folder; nothing was written\. Move it away, or name another archive folder with --folder\n$/);
    expect(existsSync(path.join(dir, 'reports.config.yaml'))).toBe(false);
    expect(readFileSync(path.join(dir, 'archive'), 'utf8')).toBe('notes');
  });
});

describe("show '' and show .", () => {
  it.each([
    ['show', ''],
    ['show', '.'],
    ['edit', '.'],
  ])('%s %j says what is wrong once', async (cmd, ref) => {
    const a = archive();
    const r = await reports([cmd, ref, '--archive', a], { cwd: path.dirname(a) });
    expect(r.stderr).not.toMatch(/not a regular file, not a regular file/);
    if (ref === '') {
      expect(r.code).toBe(2);
      expect(r.stderr).toBe("error: an empty reference names no report: give an id (2019-S11), a Total (1639) or a record file's path\n");
    } else {
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error: \. is a folder, not a record file/);
    }
  });

  it('a folder inside the archive named by its archive path', async () => {
    const a = archive({ '2019/regular-001.yaml': recordYaml(), '2019/sub.yaml/x': 'x' });
    const r = await reports(['show', '2019/sub.yaml', '--archive', a], { cwd: temp() });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/it is a folder, not a regular file/);
  });
});

describe("a cache folder that is not the user's own", () => {
  itAsRoot("another user's cache folder is neither read nor written (they could forge its entries)", async () => {
    const a = archive();
    const cache = path.join(temp(), 'cache');
    mkdirSync(cache);
    chownSync(cache, 65534, 65534);
    const r = await reports(['list', '--json', '--archive', a], { env: { REPORTS_CACHE_DIR: cache } });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { reports: unknown[] }).reports).toHaveLength(1);
    expect(readdirSync(cache)).toEqual([]);
  });

  it('a cache folder every user may write to is neither read nor written', async () => {
    const a = archive();
    const cache = path.join(temp(), 'cache');
    mkdirSync(cache);
    chmodSync(cache, 0o777);
    const r = await reports(['list', '--json', '--archive', a], { env: { REPORTS_CACHE_DIR: cache } });
    expect(r.code).toBe(0);
    expect(readdirSync(cache)).toEqual([]);
    // The user's own folder is used as before.
    chmodSync(cache, 0o755);
    expect((await reports(['list', '--json', '--archive', a], { env: { REPORTS_CACHE_DIR: cache } })).code).toBe(0);
    expect(readdirSync(cache).length).toBeGreaterThan(0);
  });
});

describe('the page kept when an add cannot write', () => {
  it('with --total - : no "(Total )" on the page, and the retry makes the same record (no Total)', async () => {
    const { keepAnswers } = await import('../../src/app/keep-answers.js');
    const { ReportsError } = await import('../../src/errors.js');
    const keep = temp();
    const answers = { title: 'Kept', authors: ['Li Na'], organization: 'DRC', series: 'Research Report', kind: 'regular' as const, number: 3, year: 2019, total: null as unknown as undefined, date: '2019-03-01' };
    const e = keepAnswers(new ReportsError('cannot write x: the disk is full; nothing was written (ENOSPC)'), answers, '/arch', [keep]);
    const { flagWords } = await import('../../src/commands/words.js');
    const details = e.wordedDetails(flagWords).join('\n');
    const file = /kept in (\S+)/.exec(details)![1]!;
    expect(readFileSync(file, 'utf8')).not.toMatch(/Total/);
    const retry = /retry with: reports add --archive \S+ (.*)$/m.exec(details)![1]!.split(' ');
    expect(retry).toEqual(['--from-text', file, '--total', '-']);
    // The year's offset is known (No.1 is Total 5501): without --total -, the retry would write Total 5503.
    const a = archive();
    const r = await reports(['add', '--archive', a, ...retry, '--no-input']);
    expect(r.code).toBe(0);
    const text = readFileSync(path.join(a, '2019', 'regular-003.yaml'), 'utf8');
    expect(text).not.toMatch(/total/);
    expect(text).toMatch(/date: "?2019-03-01"?/);
  });
});

describe('import of a folder', () => {
  const PAGE = (title: string, n: number, abstract: string) =>
    `${title} (No.${n}, 2019)\nBy Li Na, DRC\nResearch Report, No.${n}, 2019 (Total ${5500 + n}) 2019-1-${n + 1}\nAbstract: ${abstract}\n`;

  it('a link leading out of the named folder is not followed, and nothing of its target is quoted', async () => {
    const dir = temp();
    const outside = path.join(dir, 'private');
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'secret.txt'), PAGE('SECRET TITLE', 7, 'Private text.'));
    const pages = path.join(dir, 'pages');
    mkdirSync(path.join(pages, 'sub'), { recursive: true });
    writeFileSync(path.join(pages, 'a.txt'), PAGE('A Page', 2, 'Public text.'));
    symlinkSync(path.join(outside, 'secret.txt'), path.join(pages, 'secret.txt'));
    // A link to a page inside the folder is followed as before.
    symlinkSync(path.join(pages, 'a.txt'), path.join(pages, 'sub', 'same.txt'));
    const r = await reports(['import', '--dry-run', '--json', pages, '--archive', archive()], { cwd: dir });
    expect(r.stdout + r.stderr).not.toContain('SECRET');
    expect(r.stdout + r.stderr).not.toContain('Private text');
    const review = (JSON.parse(r.stdout) as { items: { file: string; verdict: string; error?: string; notices?: string[] }[] }).items;
    const link = review.find((p) => p.file === 'pages/secret.txt')!;
    expect(link.verdict).toBe('unreadable');
    expect(JSON.stringify(link)).toContain('a link to a file outside the folder named; not followed');
    expect(review.find((p) => p.file === 'pages/a.txt')!.verdict).not.toBe('unreadable');
  });
});

describe('import and character sets: what cannot be decoded cleanly is noticed', () => {
  const html = (charset: string, title: string) =>
    `<html><head><meta charset="${charset}"><title>x</title></head><body><p>${title} (No.5, 2019)</p><p>By Li Na, DRC</p><p>Research Report, No.5, 2019 (Total 5505) 2019-2-1</p><p>Abstract: Text.</p></body></html>`;
  const read = async (bytes: Buffer) => {
    const { readPage } = await import('../../src/model/page/source.js');
    return readPage(bytes, 'page.html');
  };

  it('gbk declared on UTF-8 bytes: read as UTF-8 (no mojibake), with a notice', async () => {
    const r = await read(Buffer.from(html('gbk', '农村改革报告'), 'utf8'));
    expect(r.fields.title).toBe('农村改革报告');
    expect(r.notices.join('\n')).toMatch(/declares the character set "gbk" but its bytes are UTF-8: read as UTF-8/);
  });

  it('real GBK bytes declared gbk: read as GBK, no notice', async () => {
    const iconv = (await import('iconv-lite')).default;
    const r = await read(iconv.encode(html('gbk', '农村改革报告'), 'gbk'));
    expect(r.fields.title).toBe('农村改革报告');
    expect(r.notices.join('\n')).not.toMatch(/character set|UTF-8|U\+FFFD/);
  });

  it.each([['utf-8'], ['']])('invalid UTF-8 (declared %j): a notice with how many characters were lost', async (charset) => {
    const head = charset ? `<html><head><meta charset="${charset}"></head><body><p>` : '<html><body><p>';
    const tail = ' Title (No.5, 2019)</p><p>By Li Na, DRC</p><p>Research Report, No.5, 2019 (Total 5505) 2019-2-1</p></body></html>';
    const full = Buffer.concat([Buffer.from(`${head}Bad `), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from(tail)]);
    const r = await read(full);
    expect(r.notices.join('\n')).toMatch(/the page is not valid UTF-8.*: 2 characters could not be read \(shown as U\+FFFD\)/);
  });

  it('charset=utf-16 declared on ASCII: read as UTF-8, as the HTML standard does', async () => {
    const r = await read(Buffer.from(html('utf-16', 'A Plain Title'), 'utf8'));
    expect(r.fields.title).toBe('A Plain Title');
    expect(r.fields.number).toBe(5);
  });

  it('the notice reaches the review of import', async () => {
    const dir = temp();
    writeFileSync(path.join(dir, 'p.html'), html('gbk', '农村改革报告'));
    const r = await reports(['import', '--dry-run', path.join(dir, 'p.html'), '--archive', archive()], { cwd: dir });
    expect(r.stdout + r.stderr).toContain('but its bytes are UTF-8');
  });
});

describe('docs/safety.md', () => {
  it("names the record file cap the code has", async () => {
    const { MAX_FILE_BYTES } = await import('../../src/store/archive.js');
    const doc = readFileSync(path.join(ROOT, 'docs', 'safety.md'), 'utf8');
    const m = /Record files larger than ([\d.]+) (MiB|MB|KiB) \(([\d,]+) bytes\) are refused/.exec(doc);
    expect(m).not.toBeNull();
    expect(Number(m![3]!.replace(/,/g, ''))).toBe(MAX_FILE_BYTES);
    expect(Number(m![1]) * (m![2] === 'KiB' ? 1024 : 1024 * 1024)).toBe(MAX_FILE_BYTES);
  });
});
