// reports import on a real terminal (node-pty): the review, then one question; yes writes, no writes nothing.
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the page generator is plain JavaScript, shared with the benchmark
import { writePages } from '../../bench/import-pages.mjs';
import { allFiles, FIXTURES, tempDir } from '../helpers.js';
import { start } from '../pty.js';

function setup(): { archive: string; pages: string } {
  const root = tempDir('reports-import-pty-');
  const archive = path.join(root, 'archive');
  cpSync(path.join(FIXTURES, 'add', 'archive'), archive, { recursive: true });
  const pages = path.join(root, 'pages');
  writePages(pages, 2, { start: 97, year: 2019, offset: 5500, startMonth: 7 });
  writeFileSync(path.join(pages, 'clash.txt'), 'Another Title (No.96, 2019)\nBy Li Wei, DRC\nResearch Report, No.96, 2019 (Total 5596) 2019-6-20\n');
  return { archive, pages };
}

describe('reports import on a terminal', () => {
  it('with --json, stdout holds one JSON document; the table for the question goes to stderr', async () => {
    const { archive, pages } = setup();
    const s = start(['--archive', archive, 'import', '--json', pages]);
    await s.waitFor('Write the 2 new reports?');
    s.type('y\r');
    expect(await s.exit).toBe(1);
    // A pty merges the streams: the JSON document appears once, after the question, and parses.
    const out = s.output().replace(/\r\n/g, '\n');
    const json = out.slice(out.search(/^\{/m), out.lastIndexOf('}') + 1);
    const parsed = (JSON.parse(json) as { items: Array<{ verdict: string; written: boolean }> }).items;
    expect(parsed.filter((p) => p.written)).toHaveLength(2);
    expect(out.split('"verdict"').length - 1).toBe(3);
  });

  it('shows the review, asks once, writes the new ones on yes (exit 1: one page clashing)', async () => {
    const { archive, pages } = setup();
    const s = start(['--archive', archive, 'import', pages]);
    await s.waitFor(/clashing\s+2019-R96/);
    await s.waitFor('next: compare it with 2019/regular-096.yaml');
    // The counts come before the question (a long review scrolls its first pages away), and only there.
    await s.waitFor('3 pages: 2 new, 0 already in the archive, 1 clashing');
    await s.waitFor('Write the 2 new reports?');
    s.type('y\r');
    expect(await s.exit).toBe(1);
    expect(s.output()).toMatch(/wrote 2 record files/);
    expect(s.output().match(/3 pages: 2 new/g)).toHaveLength(1);
    expect(s.output().match(/^clashing\s/gm)).toHaveLength(1); // the table is shown once, before the question
    expect(allFiles(archive)).toEqual(expect.arrayContaining(['2019/regular-097.yaml', '2019/regular-098.yaml']));
  });

  it('answering no writes nothing', async () => {
    const { archive, pages } = setup();
    const before = allFiles(archive);
    const s = start(['--archive', archive, 'import', pages]);
    await s.waitFor('Write the 2 new reports?');
    s.type('n\r');
    await s.exit;
    expect(s.output()).toMatch(/answered no: nothing was written/);
    expect(allFiles(archive)).toEqual(before);
  });
});
