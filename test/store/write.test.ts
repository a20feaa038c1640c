// Record files: exclusive creation, atomic replacement, YAML text in page order, comment-keeping updates.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createExclusive, FileExistsError, recordYaml, replaceAtomic } from '../../src/store/write.js';
import { parseRecord } from '../../src/store/parse.js';
import { tempDir } from '../helpers.js';

const tmp = () => tempDir('reports-write-');

describe('createExclusive', () => {
  it('creates the folder and the file, and leaves no temp file', () => {
    const d = tmp();
    createExclusive(d, '2019/special-012.yaml', 'title: x\n');
    expect(readFileSync(path.join(d, '2019/special-012.yaml'), 'utf8')).toBe('title: x\n');
    expect(readdirSync(path.join(d, '2019'))).toEqual(['special-012.yaml']);
  });

  it('never overwrites: an existing file stays byte-identical and no temp file is left', () => {
    const d = tmp();
    createExclusive(d, 'a.yaml', 'first\n');
    expect(() => createExclusive(d, 'a.yaml', 'second\n')).toThrow(FileExistsError);
    expect(readFileSync(path.join(d, 'a.yaml'), 'utf8')).toBe('first\n');
    expect(readdirSync(d)).toEqual(['a.yaml']);
  });
});

describe('replaceAtomic', () => {
  it('replaces the content and keeps the file mode', () => {
    const d = tmp();
    const f = path.join(d, 'r.yaml');
    writeFileSync(f, 'old\n', { mode: 0o640 });
    replaceAtomic(f, 'new\n');
    expect(readFileSync(f, 'utf8')).toBe('new\n');
    expect(readdirSync(d)).toEqual(['r.yaml']);
  });
});

describe('recordYaml', () => {
  it('writes fields in page order, leaves out empty ones, and round-trips through the record parser', () => {
    const text = recordYaml({
      keywords: ['a', 'b'],
      number: 12,
      title: 'Title: With a Colon',
      authors: ['Li Wei'],
      team: undefined,
      kind: 'special',
      series: 'Research Report',
      year: 2019,
      date: '2019-01-25',
      abstract: 'One paragraph.\n\nAnother.',
      total: 1640,
    });
    expect(text.split('\n').filter((l) => /^\w/.test(l)).map((l) => l.split(':')[0])).toEqual(['title', 'authors', 'series', 'kind', 'number', 'year', 'total', 'date', 'abstract', 'keywords']);
    const parsed = parseRecord(text, 'x.yaml');
    expect(parsed.problems).toEqual([]);
    expect(parsed.record).toMatchObject({ title: 'Title: With a Colon', date: '2019-01-25', abstract: 'One paragraph.\n\nAnother.' });
  });

  it('quotes values YAML would otherwise read as something else', () => {
    const text = recordYaml({ title: '2019', authors: ['yes', 'null'], series: 'R', kind: 'regular', number: 1, year: 2019 });
    expect(parse(text)).toMatchObject({ title: '2019', authors: ['yes', 'null'] });
  });
});

