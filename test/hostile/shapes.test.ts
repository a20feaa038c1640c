// Item: the 1 MiB record cap bounds the cost of every record. Shapes no report has (collections nested deeper
// than 16, more than 5,000 values, 200 lists and mappings, 500 keys, 100 anchors, 20,000 lines) are refused before
// the full parse, one located problem each, and the other records are still served. Before, an 800 KB record of
// nested flow lists took 952 MB and 7.4 s, a flow mapping of 80,000 keys 49 s. The run is a process of its own under
// a memory bound and a timer (bounded.ts).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempArchive } from '../helpers-add.js';
import { parseRecord } from '../../src/store/parse.js';
import { boundedRun } from './bounded.js';
import { reports } from './run.js';

const HEAD = 'title: A Report\nauthors: [Li Na]\nseries: Research Report\nkind: regular\nnumber: 98\nyear: 2019\ntotal: 5598\ndate: 2019-01-02\n';
const KB = 1024;

/** Hostile records, each under the 1 MiB cap, and what their problem says. */
const HOSTILE: Record<string, { text: string; message: RegExp }> = {
  'deep-flow.yaml': { text: `${HEAD}x: ${'['.repeat(400 * KB)}${']'.repeat(400 * KB)}\n`, message: /nested too deeply: collections more than 16 deep/ },
  'nested-lists.yaml': { text: `${HEAD}x: [${'[[[[[[[[[[a]]]]]]]]]], '.repeat(36000)}b]\n`, message: /more than 200 lists and mappings/ },
  'flow-map.yaml': { text: `${HEAD}x: {${Array.from({ length: 80000 }, (_, i) => `k${i.toString(36)}: 1`).join(', ')}}\n`, message: /more than 500 keys/ },
  'block-map.yaml': { text: `${HEAD}x:\n${Array.from({ length: 60000 }, (_, i) => `  k${i}: ${i}\n`).join('')}`, message: /more than 500 keys|more than 20,000 lines/ },
  'dashes.yaml': { text: `${HEAD}x:\n${'- '.repeat(400 * KB)}a\n`, message: /nested too deeply: collections more than 16 deep/ },
  'anchors.yaml': { text: `${HEAD}x: [${Array.from({ length: 5000 }, (_, i) => `&a${i} v`).join(', ')}]\n`, message: /more than 100 anchors and aliases/ },
  'empty-lists.yaml': { text: `${HEAD}x: [${'[], '.repeat(200 * KB)}1]\n`, message: /more than 200 lists and mappings/ },
  'blank-lines.yaml': { text: `${HEAD}\t\n${'\n'.repeat(900 * KB)}`, message: /more than 20,000 lines/ },
};

describe('records of a shape no report has', () => {
  it('are each one located problem, read within a time and memory bound; the other records are served', async () => {
    const a = tempArchive();
    for (const [name, { text }] of Object.entries(HOSTILE)) {
      expect(Buffer.byteLength(text)).toBeLessThan(1024 * 1024);
      writeFileSync(path.join(a, '2019', name), text);
    }
    const r = await boundedRun(['validate', '--archive', a], { timeoutMs: 15_000, env: { REPORTS_NO_CACHE: '1' } });
    expect(r.hung).toBe(false);
    for (const [name, { message }] of Object.entries(HOSTILE)) {
      const line = r.stdout.split('\n').find((l) => l.includes(`2019/${name}`));
      expect(line, name).toMatch(message);
      expect(line, name).toMatch(/yaml-syntax/);
    }
    expect(r.code).toBe(1);
    const list = await reports(['list', '--archive', a]);
    expect(list.stdout).toMatch(/2019-R96/);
  }, 30_000);

});

/** The same shapes just past each limit: small, and cheap to parse even unguarded, so they run in-process. */
const PAST: Record<string, { text: string; message: RegExp; line: number }> = {
  'depth 17': { text: `${HEAD}x: ${'['.repeat(16)}${']'.repeat(16)}\n`, message: /nested too deeply: collections more than 16 deep/, line: 9 },
  'block depth 17': { text: `${HEAD}x:\n${'- '.repeat(16)}a\n`, message: /nested too deeply: collections more than 16 deep/, line: 10 },
  '201 lists': { text: `${HEAD}x: [${'[], '.repeat(200)}1]\n`, message: /more than 200 lists and mappings/, line: 9 },
  '501 keys': { text: `${HEAD}x: {${Array.from({ length: 500 }, (_, i) => `k${i}: 1`).join(', ')}}\n`, message: /more than 500 keys/, line: 9 },
  '501 keys in a block': { text: `${HEAD}x:\n${Array.from({ length: 500 }, (_, i) => `  k${i}: 1\n`).join('')}`, message: /more than 500 keys/, line: 501 },
  '5,001 values': { text: `${HEAD}x: [${'a, '.repeat(5000)}b]\n`, message: /more than 5,000 values/, line: 9 },
  '101 anchors': { text: `${HEAD}x: [${Array.from({ length: 101 }, (_, i) => `&a${i} v`).join(', ')}]\n`, message: /more than 100 anchors and aliases/, line: 9 },
  '20,001 lines': { text: `${HEAD}\t\n${'# c\n'.repeat(20000)}`, message: /more than 20,000 lines/, line: 20001 },
};

describe('a record just past a limit', () => {
  it.each(Object.entries(PAST))('%s: refused, with its line', (_what, { text, message, line }) => {
    const p = parseRecord(text, 'x.yaml');
    expect(p.record).toBeUndefined();
    expect(p.problems).toHaveLength(1);
    expect(p.problems[0]).toMatchObject({ code: 'yaml-syntax', message: expect.stringMatching(message), line });
  });
});

/** Records a report may well be: what is inside scalars and comments is never counted. */
const FINE: Record<string, string> = {
  'a long block abstract full of indicators': `${HEAD}abstract: |\n${'  - [a, {b: c}]: &x *y # "q\n'.repeat(15000)}`,
  'a long quoted abstract': `${HEAD}abstract: "${'[[{{ a: b, - c }}]] &x *y '.repeat(30000)}"\n`,
  'a long single-quoted abstract with quotes': `${HEAD}abstract: '${"it''s [x]: {y} ".repeat(40000)}'\n`,
  'a plain abstract over lines': `${HEAD}abstract: This text goes\n${'  on [and] on, {with} commas\n'.repeat(3000)}`,
  'comments with indicators': `${HEAD}${'# [[[[ {{{{ - - - - a: b: c\n'.repeat(5000)}`,
  'a tab (read by the full parse)': `${HEAD.replace('title: A Report', 'title: "A\\tReport"')}keywords:\n${'  - word\n'.repeat(1000)}`,
};

describe('records of a shape reports do have', () => {
  it.each(Object.entries(FINE))('%s: read', (_what, text) => {
    expect(Buffer.byteLength(text)).toBeLessThan(1024 * 1024);
    const p = parseRecord(text, 'x.yaml');
    expect(p.problems).toEqual([]);
    expect(p.record?.title).toMatch(/^A.Report$/);
  });
});
