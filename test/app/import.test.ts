// The import use case in-process: a folder of pages reviewed against the archive and each other, written under the
// lock, a re-run that writes nothing, numbering checked over archive + batch, one failure never losing the others.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
// @ts-expect-error: the page generator is plain JavaScript, shared with the benchmark
import { writePages } from '../../bench/import-pages.mjs';
import { importPages, reviewPages, type ImportReview } from '../../src/app/import.js';
import type { AppEnv } from '../../src/app/env.js';
import { checkArchive } from '../../src/checks/index.js';
import { loadArchive } from '../../src/store/archive.js';
import { allFiles, FIXTURES, tempDir } from '../helpers.js';

const FORMS = path.join(FIXTURES, 'pages', 'forms');

/** A temp folder with a copy of the add fixture archive (2016-R122, 2018-R3, 2018-R124, 2019-R96, 2019-S9, 2019-S11). */
function setup(): { env: AppEnv; root: string } {
  const root = tempDir('reports-import-');
  cpSync(path.join(FIXTURES, 'add', 'archive'), path.join(root, 'archive'), { recursive: true });
  return { root, env: { archive: path.join(root, 'archive'), cache: false, now: () => new Date('2026-01-02T03:04:05Z'), cwd: root, vars: process.env } };
}

/**
 * 50 pages: 48 new regular reports of 2019 (Nos 97-144, Totals on the year's offset 5500, dated after 2019-R96's
 * 2019-06-20), one already archived (2018-R124), one clashing (No.96 of 2019 with another title).
 */
function fiftyPages(root: string): string {
  const dir = path.join(root, 'pages');
  writePages(dir, 48, { start: 97, year: 2019, offset: 5500, startMonth: 7 });
  cpSync(path.join(FORMS, 'seed-r124-2018.txt'), path.join(dir, 'archived', 'r124.txt'), { recursive: true });
  mkdirSync(path.join(dir, 'clash'), { recursive: true });
  writeFileSync(
    path.join(dir, 'clash', 'r96-other.txt'),
    'A Different Report Holding No.96 (No.96, 2019)\nBy Li Wei, DRC\nResearch Report, No.96, 2019 (Total 5596) 2019-6-20\nAbstract: Invented for a test.\nKey words: clash\n',
  );
  return dir;
}

describe('importPages: a page signed by its research team alone', () => {
  it('is new and written with the team, no author made up; a page with no by-line at all is unreadable', async () => {
    const { env, root } = setup();
    const dir = path.join(root, 'pages');
    mkdirSync(dir);
    cpSync(path.join(FORMS, 'by-team-alone.txt'), path.join(dir, 'team.txt'));
    writeFileSync(path.join(dir, 'nobody.txt'), 'Nobody Signed This (No.89, 2019)\nResearch Report, No.89, 2019 (Total 5589) 2019-5-21\nAbstract: Invented for a test.\n');
    const review = await importPages(env, { paths: ['pages'], write: () => true });
    expect(review.items.map((i) => [i.file, i.verdict])).toEqual([['pages/nobody.txt', 'unreadable'], ['pages/team.txt', 'new']]);
    expect(review.items[0]!.reason).toMatch(/no author, team or organization \(no by-line read\)/);
    const rec = parse(readFileSync(path.join(env.archive, '2019/regular-088.yaml'), 'utf8'));
    expect(rec).toMatchObject({ team: 'Research Team on “Rural Land Transfer”', organization: 'DRC' });
    expect(rec).not.toHaveProperty('authors');
  });
});

describe('importPages: a folder of 50 pages', () => {
  it('reviews 48 new, 1 already in the archive, 1 clashing; writes the 48 and the archive stays valid', async () => {
    const { env, root } = setup();
    fiftyPages(root);
    let shown: ImportReview | undefined;
    const review = await importPages(env, {
      paths: ['pages'],
      write: (r) => {
        shown = r;
        return true;
      },
    });
    expect(shown?.counts).toEqual({ new: 48, existing: 1, clashing: 1, unreadable: 0 });
    expect(review.counts).toEqual({ new: 48, existing: 1, clashing: 1, unreadable: 0 });
    expect(review.wrote).toBe(true);
    expect(review.written).toHaveLength(48);
    expect(review.refused).toBe(1);

    const existing = review.items.find((i) => i.verdict === 'existing')!;
    expect(existing).toMatchObject({ file: 'pages/archived/r124.txt', id: '2018-R124', related: ['2018/regular-124.yaml'] });
    expect(existing.reason).toMatch(/already in the archive as 2018-R124 \(2018\/regular-124\.yaml\)/);
    const clash = review.items.find((i) => i.verdict === 'clashing')!;
    expect(clash).toMatchObject({ file: 'pages/clash/r96-other.txt', id: '2019-R96', related: ['2019/regular-096.yaml'] });
    expect(clash.reason).toMatch(/No\.96, 2019 is already 2019-R96 \(2019\/regular-096\.yaml\)/);
    expect(clash.written).toBeUndefined();

    const files = allFiles(env.archive);
    expect(files.filter((f) => /^2019\/regular-(09[7-9]|1[0-4]\d)\.yaml$/.test(f))).toHaveLength(48);
    const html = parse(readFileSync(path.join(env.archive, '2019/regular-100.yaml'), 'utf8'));
    expect(html).toMatchObject({ title: 'Generated Page Number 100 on Regional Development', number: 100, year: 2019, total: 5600, authors: ['Li Wei', 'Wang Fang'] });
    const archive = await loadArchive(env.archive, { cache: false });
    expect(archive.records).toHaveLength(6 + 48);
    expect(checkArchive(archive).filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('a second run over the same pages writes nothing: 49 already in the archive', async () => {
    const { env, root } = setup();
    fiftyPages(root);
    await importPages(env, { paths: ['pages'], write: true });
    const before = allFiles(env.archive);
    let asked = false;
    const again = await importPages(env, { paths: ['pages'], write: () => (asked = true) });
    expect(asked).toBe(false); // nothing new: no question
    expect(again.counts).toEqual({ new: 0, existing: 49, clashing: 1, unreadable: 0 });
    expect(again.written).toEqual([]);
    expect(allFiles(env.archive)).toEqual(before);
  });

  it('writes nothing when the question is answered no, or on a dry run', async () => {
    const { env, root } = setup();
    fiftyPages(root);
    const before = allFiles(env.archive);
    expect((await importPages(env, { paths: ['pages'], write: () => false })).wrote).toBe(false);
    expect((await importPages(env, { paths: ['pages'], write: false })).counts.new).toBe(48);
    expect(allFiles(env.archive)).toEqual(before);
  });

  it('a page that fails to write never loses the others', async () => {
    const { env, root } = setup();
    fiftyPages(root);
    // A folder where one record file would go: the archive loads without it, its creation fails.
    mkdirSync(path.join(env.archive, '2019', 'regular-120.yaml'), { recursive: true });
    const review = await importPages(env, { paths: ['pages'], write: true });
    const failed = review.items.filter((i) => i.error);
    expect(failed.map((i) => i.target)).toEqual(['2019/regular-120.yaml']);
    expect(failed[0]!.written).toBe(false);
    expect(review.written).toHaveLength(47);
    expect(review.refused).toBe(2);
  });

  it('reports progress while reading and writing', async () => {
    const { env, root } = setup();
    fiftyPages(root);
    const seen: string[] = [];
    await importPages(env, { paths: ['pages'], write: true, onProgress: (done, total, phase) => seen.push(`${phase} ${done}/${total}`) });
    expect(seen[0]).toBe('read 1/50');
    expect(seen).toContain('read 50/50');
    expect(seen[seen.length - 1]).toBe('write 48/48');
  });
});

describe('reviewPages: verdicts', () => {
  const page = (file: string, text: string) => ({ file, text });
  async function review(pages: Array<{ file: string; text: string }>) {
    const { env, root } = setup();
    for (const p of pages) {
      mkdirSync(path.dirname(path.join(root, p.file)), { recursive: true });
      writeFileSync(path.join(root, p.file), p.text);
    }
    return importPages(env, { paths: pages.map((p) => p.file), write: false });
  }

  it('flags a batch whose Totals disagree with the year\'s offset, as validate would', async () => {
    const r = await review([
      page('a.txt', 'Alpha Report (No.97, 2019)\nBy Li Wei, DRC\nResearch Report, No.97, 2019 (Total 5597) 2019-7-1\n'),
      page('b.txt', 'Beta Report (No.98, 2019)\nBy Li Wei, DRC\nResearch Report, No.98, 2019 (Total 5610) 2019-7-2\n'),
    ]);
    expect(r.items.map((i) => i.verdict)).toEqual(['new', 'clashing']);
    expect(r.items[1]!.reason).toMatch(/total 5610 disagrees with offset 5500 .*\[total-offset\]/);
  });

  it('within the batch: the same report twice is skipped the second time, another report with its number clashes', async () => {
    const r = await review([
      page('a.txt', 'Alpha Report (No.97, 2019)\nBy Li Wei, DRC\nResearch Report, No.97, 2019 (Total 5597) 2019-7-1\n'),
      page('a-copy.txt', 'Alpha Report (No.97, 2019)\nBy Li Wei, DRC\nResearch Report, No.97, 2019 (Total 5597) 2019-7-1\n'),
      page('c.txt', 'Gamma Report (No.97, 2019)\nBy Li Wei, DRC\nResearch Report, No.97, 2019 (Total 5597) 2019-7-1\n'),
    ]);
    expect(r.items.map((i) => i.verdict)).toEqual(['new', 'existing', 'clashing']);
    expect(r.items[1]!.reason).toBe('the same report as a.txt, earlier in this batch');
    expect(r.items[2]!.reason).toMatch(/No\.97, 2019 is already 2019-R97 of a\.txt, earlier in this batch/);
  });

  it('a same Total with another title clashes; a same title elsewhere is already in the archive', async () => {
    const r = await review([
      page('t.txt', 'Some Other Title (No.99, 2018)\nBy Li Wei, DRC\nResearch Report, No.99, 2018 (Total 5399) 2018-8-9\n'),
      page('u.txt', 'Analysis on the Changes of Economic Pattern in Northeast China (No.125, 2018)\nBy Shi Hongda, DRC\nResearch Report, No.125, 2018 (Total 5400) 2018-8-9\n'),
    ]);
    expect(r.items.map((i) => i.verdict)).toEqual(['clashing', 'existing']);
    expect(r.items[0]!.reason).toMatch(/Total 5399 is already that of 2018-R124/);
    expect(r.items[1]!.reason).toMatch(/same title \(the page says No\.125, 2018: check which is right\)/);
  });

  it('unreadable: no numbering, no author, a missing file, an empty file; each says why', async () => {
    const r = await review([
      page('no-number.txt', 'Just a Title\nBy Li Wei, DRC\n'),
      page('no-author.txt', 'A Title (No.99, 2019)\nResearch Report, No.99, 2019 (Total 5599)\n'),
      page('empty.txt', ''),
    ]);
    expect(r.items.map((i) => [i.file, i.verdict])).toEqual([
      ['no-number.txt', 'unreadable'],
      ['no-author.txt', 'unreadable'],
      ['empty.txt', 'unreadable'],
    ]);
    expect(r.items[0]!.reason).toMatch(/no numbering line \(series\), no number, no year/);
    expect(r.items[1]!.reason).toMatch(/no author/);
    const { env } = setup();
    const missing = await importPages(env, { paths: ['nowhere.txt'], write: false });
    expect(missing.items).toEqual([expect.objectContaining({ file: 'nowhere.txt', verdict: 'unreadable', reason: 'no such file or folder' })]);
  });

  it('proposes a missing Total only where the year\'s offset proves it, and says so', async () => {
    const r = await review([page('a.txt', 'Alpha Report (No.97, 2019)\nBy Li Wei, DRC\nResearch Report, No.97, 2019 2019-7-1\n')]);
    expect(r.items[0]!.record?.total).toBe(5597);
    expect(r.items[0]!.notices.join('\n')).toMatch(/Total 5597 from the offset 5500 of 2019 \(agreed by 2019-R96\): the page shows none/);
    const none = await review([page('b.txt', 'Beta (No.3, 2021)\nBy Li Wei, DRC\nResearch Report, No.3, 2021 2021-1-5\n')]);
    expect(none.items[0]!.record?.total).toBeUndefined();
    expect(none.items[0]!.unread).toContain('total');
  });

  it('reads saved HTML and GBK pages in the batch, with their URL', async () => {
    const { env } = setup();
    const r = await importPages(env, { paths: [path.join(FIXTURES, 'pages', 'html')], write: false });
    const gbk = r.items.find((i) => i.file.endsWith('gbk.html'))!;
    expect(gbk).toMatchObject({ verdict: 'new', id: '2019-S20', record: { title: '特色小镇的发展与挑战', url: 'http://www.drc.gov.cn/fixture/gbk.htm' } });
    expect(r.items.find((i) => i.file.endsWith('drc-style.html'))!.verdict).toBe('existing');
  });

  it('is pure over records: the same pages against no records are all new', () => {
    const items = reviewPages([], [{ file: 'x', error: 'gone' }]);
    expect(items).toEqual([{ file: 'x', verdict: 'unreadable', reason: 'gone', problem: 'cannot-read', unread: [], notices: [] }]);
  });
});
