// The loader recognises git's conflict markers: one located finding naming `reports fix`, not a YAML error.
import { describe, expect, it } from 'vitest';
import { conflictMarker, parseRecord } from '../../src/store/parse.js';
import { loadArchive } from '../../src/store/archive.js';
import { makeArchive, recordYaml } from '../helpers.js';

const conflicted = [
  'title: Beta',
  '<<<<<<< HEAD',
  'authors: [B]',
  '=======',
  'authors: [A]',
  '>>>>>>> 1c9bf32',
  'series: Research Report',
  '',
].join('\n');

describe('conflict markers', () => {
  it.each([
    ['markers in the middle', conflicted, [2, 1]],
    ['diff3 style with a base section', '<<<<<<< ours\na: 1\n||||||| base\na: 0\n=======\na: 2\n>>>>>>> theirs\n', [1, 1]],
    ['CRLF line ends', 'title: x\r\n<<<<<<< HEAD\r\na: 1\r\n=======\r\na: 2\r\n>>>>>>> b\r\n', [2, 1]],
  ] as const)('%s', (_name, text, pos) => {
    expect(conflictMarker(text)).toEqual(pos);
    const parsed = parseRecord(text, '2019/regular-097.yaml');
    expect(parsed.record).toBeUndefined();
    expect(parsed.problems).toEqual([
      expect.objectContaining({ code: 'merge-conflict', line: pos[0], column: 1, message: expect.stringMatching(/^merge conflict: run `reports fix`/) }),
    ]);
  });

  it.each([
    ['seven < inside a value', 'title: "a <<<<<<< b"\n'],
    ['a folded abstract with a line of = signs', 'abstract: |\n  =======\n'],
    ['a plain record', recordYaml()],
  ])('no false alarm: %s', (_name, text) => {
    expect(conflictMarker(text)).toBeUndefined();
  });

  it('one bad file does not stop the others', async () => {
    const dir = makeArchive({ '2019/regular-001.yaml': recordYaml(), '2019/regular-002.yaml': conflicted });
    const archive = await loadArchive(dir, { cache: false });
    expect(archive.records.map((r) => r.id)).toEqual(['2019-R1']);
    expect(archive.problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.code}`)).toEqual(['2019/regular-002.yaml:2:1 merge-conflict']);
  });
});
