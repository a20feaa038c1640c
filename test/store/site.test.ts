// Writing an exported site: the renderer's pages into a folder, with their subfolders.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { writeSiteFiles, type SiteFile } from '../../src/store/site.js';
import { InterruptedError } from '../../src/errors.js';
import { allFiles, tempDir } from '../helpers.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeSiteFiles', () => {
  it('writes every file, making its folders as they first appear, and counts them', async () => {
    dir = tempDir();
    const files: SiteFile[] = [
      { path: 'index.html', content: 'index' },
      { path: 'reports/2019-S11.html', content: '乡村振兴' },
      { path: 'reports/2019-S9.html', content: 's9' },
      { path: 'keywords/a/b.html', content: 'deep' },
    ];
    const seen: [number, number][] = [];
    const n = await writeSiteFiles(dir, files, { total: 4, progress: (done, total) => seen.push([done, total]) });
    expect(n).toBe(4);
    expect(allFiles(dir)).toEqual(['index.html', 'keywords/a/b.html', 'reports/2019-S11.html', 'reports/2019-S9.html']);
    expect(readFileSync(path.join(dir, 'reports/2019-S11.html'), 'utf8')).toBe('乡村振兴');
    expect(seen.at(-1)).toEqual([4, 4]);
  });

  it('takes a generator, so that a large site is never all in memory', async () => {
    dir = tempDir();
    function* pages(): Generator<SiteFile> {
      for (let i = 0; i < 600; i++) yield { path: `reports/${i}.html`, content: String(i) };
    }
    const seen: number[] = [];
    expect(await writeSiteFiles(dir, pages(), { total: 600, progress: (done) => seen.push(done) })).toBe(600);
    expect(seen).toEqual([256, 512, 600]);
  });

  it('writes a file given in pieces as they come, whole and in order', async () => {
    dir = tempDir();
    const made: number[] = [];
    function* pieces(): Generator<string> {
      for (let i = 0; i < 50; i++) {
        made.push(i);
        yield `<p>${i} 乡村振兴 ${'x'.repeat(10_000)}</p>\n`;
      }
    }
    expect(await writeSiteFiles(dir, [{ path: 'index.html', content: pieces() }])).toBe(1);
    expect(made).toHaveLength(50);
    const text = readFileSync(path.join(dir, 'index.html'), 'utf8');
    expect(text).toBe(Array.from({ length: 50 }, (_, i) => `<p>${i} 乡村振兴 ${'x'.repeat(10_000)}</p>\n`).join(''));
  });

  it.each(['../escape.html', '/etc/passwd', 'reports/../../x.html'])('refuses a path that would leave the folder: %s', async (p) => {
    dir = tempDir();
    await expect(writeSiteFiles(dir, [{ path: p, content: 'x' }])).rejects.toThrow(/refusing to write .* outside the site's folder/);
    expect(allFiles(dir)).toEqual([]);
  });

  it('stops at the next batch when aborted (Ctrl-C), with InterruptedError', async () => {
    dir = tempDir();
    const controller = new AbortController();
    function* pages(): Generator<SiteFile> {
      for (let i = 0; i < 1000; i++) {
        if (i === 100) controller.abort();
        yield { path: `p/${i}.html`, content: '' };
      }
    }
    await expect(writeSiteFiles(dir, pages(), { signal: controller.signal })).rejects.toBeInstanceOf(InterruptedError);
    expect(allFiles(dir)).toHaveLength(256);
  });
});
