// Item: reading a page costs time linear in its size. Before, import took time growing with the square of the
// HTML's nesting (100,000 nested divs 7.9 s, 200,000 25 s; a 16.5 MB page ran 27 minutes and ignored SIGTERM), and
// with the cube of a long line (the numbering line's pattern: a page of 100,000 characters without a line break
// ran for minutes). Elements nested deeper than 512 end the reading, and the review says what was cut. The runs of
// whole pages are processes of their own under a memory bound and a timer (bounded.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { htmlToPage, MAX_HTML_DEPTH } from '../../src/model/page/html.js';
import { readPage } from '../../src/model/page/index.js';
import { boundedRun } from './bounded.js';

const PAGE = [
  'Analysis on Small Towns',
  'By Li Na, Research Department',
  'Research Report, No.5, 2019 (Total 5505) 2019-03-01',
  'Abstract: A summary.',
];

describe('pages of a hostile shape', () => {
  it('are read within a time and memory bound; the nesting cut is named in the review', async () => {
    const dir = tempDir('reports-pages-');
    const pages = {
      'nested.html': `<html><body>${PAGE.map((l) => `<p>${l}</p>`).join('')}${'<div>'.repeat(200_000)}x${'</div>'.repeat(200_000)}</body></html>`,
      'one-line.txt': `Research Report No. 5 ${'word '.repeat(100_000)}\n`,
      'one-line.html': `<html><body><p>${'Report no 5, '.repeat(20_000)}</p></body></html>`,
      'stray-ends.html': `<html><body>${'<div>'.repeat(500)}${'</b>'.repeat(300_000)}</body></html>`,
    };
    for (const [name, text] of Object.entries(pages)) writeFileSync(path.join(dir, name), text);
    mkdirSync(path.join(dir, 'archive'));
    const r = await boundedRun(['import', '--dry-run', '--json', dir, '--archive', path.join(dir, 'archive')], { timeoutMs: 15_000 });
    expect(r.hung).toBe(false);
    const review = (JSON.parse(r.stdout) as { items: Array<{ file: string; notices: string[] }> }).items;
    expect(review.map((i) => path.basename(i.file)).sort()).toEqual(Object.keys(pages).sort());
    const nested = review.find((i) => i.file.endsWith('nested.html'))!;
    expect(nested.notices).toContainEqual(expect.stringMatching(/^the page nests elements more than 512 deep \(at line 1\): the rest of it, from line 1 on \(\d+ of \d+ characters\), was not read$/));
  }, 30_000);
});

describe('an HTML page nested deeper than the bound', () => {
  it('is read up to the element past the bound; the rest is left, and a notice says so', () => {
    const html = `<html><body><p>Before</p>\n${'<div>'.repeat(MAX_HTML_DEPTH)}<p>Inside</p>\n<p>After</p>${'</div>'.repeat(MAX_HTML_DEPTH)}<p>Past</p></body></html>`;
    const page = htmlToPage(html);
    expect(page.text).toBe('Before');
    expect(page.notices).toEqual([expect.stringMatching(/^the page nests elements more than 512 deep \(at line 2\): the rest of it, from line 2 on \(\d+ of \d+ characters\), was not read$/)]);
  });

  it('at the bound (html, body, 509 divs and a p: 512), is read whole', () => {
    const html = `<html><body>${'<div>'.repeat(MAX_HTML_DEPTH - 3)}<p>Inside</p>${'</div>'.repeat(MAX_HTML_DEPTH - 3)}<p>After</p></body></html>`;
    const page = htmlToPage(html);
    expect(page.text).toBe('Inside\n\nAfter');
    expect(page.notices).toEqual([]);
  });
});

describe('a numbering line followed by a long text on the same line', () => {
  it('is still read, the rest kept as what follows it', () => {
    const page = readPage(['Analysis on Small Towns', 'By Li Na', `Research Report, No.5, 2019 (Total 5505) ${'more words '.repeat(100)}`, 'Abstract: A summary.'].join('\n'), 'x.txt');
    expect(page.fields).toMatchObject({ series: 'Research Report', number: 5, year: 2019, total: 5505 });
  });
});

describe('Ctrl-C during a long import --dry-run', () => {
  it('stops it between two pages, exit 130, nothing written', async () => {
    const dir = tempDir('reports-pages-');
    mkdirSync(path.join(dir, 'pages'));
    mkdirSync(path.join(dir, 'archive'));
    // 400 pages of 60 KB: several seconds of reading, one page a few milliseconds.
    const filler = `<p>${'Some words of a long page. '.repeat(2000)}</p>`;
    for (let i = 0; i < 400; i++) {
      writeFileSync(path.join(dir, 'pages', `p${i}.html`), `<html><body>${PAGE.map((l) => `<p>${l.replace('No.5', `No.${i + 1}`)}</p>`).join('')}${filler}</body></html>`);
    }
    let signalled = 0;
    const r = await boundedRun(['import', '--dry-run', path.join(dir, 'pages'), '--archive', path.join(dir, 'archive')], {
      timeoutMs: 20_000,
      env: { REPORTS_TIMING: '1' },
      started: (child) => {
        // Once the pages are listed (the reading begins): Ctrl-C.
        let seen = '';
        child.stderr!.on('data', (d: string) => {
          seen += d;
          if (signalled === 0 && /\[timing\] list 400 pages/.test(seen)) {
            signalled = Date.now();
            child.kill('SIGINT');
          }
        });
      },
    });
    expect(r.hung).toBe(false);
    expect(signalled).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/^interrupted; nothing was written$/m);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(130);
  }, 30_000);
});
