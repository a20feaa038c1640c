// Vetting a candidate record with the validate checks: only what the candidate brings counts.
import { describe, expect, it } from 'vitest';
import { vetRecord } from '../../src/app/vet.js';
import { recordYaml } from '../../src/store/write.js';
import { parseRecord } from '../../src/store/parse.js';
import { canonicalPath, type Report } from '../../src/model/report.js';
import { toLoaded } from '../../src/store/archive.js';
import type { LoadedRecord } from '../../src/model/record.js';

const rec = (r: Partial<Report>): LoadedRecord => {
  const full = { title: `Report ${r.number}`, authors: ['A B'], series: 'Research Report', kind: 'regular', year: 2018, ...r } as Report;
  const file = canonicalPath(full);
  return toLoaded(file, parseRecord(recordYaml(full), file))!;
};

describe('vetRecord', () => {
  const archive = [rec({ number: 3, total: 5278, date: '2018-01-05' }), rec({ number: 124, total: 5399, date: '2018-08-08' })];

  it('accepts a record that fits', () => {
    const c = { title: 'New', authors: ['X Y'], series: 'Research Report', kind: 'regular', year: 2018, number: 125, total: 5400, date: '2018-09-01' } as Report;
    const v = vetRecord(recordYaml(c), canonicalPath(c), archive);
    expect(v.problems).toEqual([]);
    expect(v.errors).toEqual([]);
  });

  it('an error the archive already had does not block a good record', () => {
    const bad = rec({ number: 50, total: 9999, date: '2018-05-01' }); // off the 2018 offset already
    const c = { title: 'New', authors: ['X Y'], series: 'Research Report', kind: 'regular', year: 2018, number: 125, total: 5400, date: '2018-09-01' } as Report;
    const v = vetRecord(recordYaml(c), canonicalPath(c), [...archive, bad]);
    expect(v.errors).toEqual([]);
  });

  it('names the other record when the candidate clashes, whichever of the two the check blames', () => {
    // The candidate agrees with the offset; the existing record with the same Total is the one blamed.
    const c = { title: 'New', authors: ['X Y'], series: 'Research Report', kind: 'regular', year: 2018, number: 4, total: 5279, date: '2018-01-06' } as Report;
    const odd = rec({ number: 60, total: 5279, date: '2018-06-01' });
    const v = vetRecord(recordYaml(c), canonicalPath(c), [...archive, odd]);
    expect(v.errors.map((f) => f.code)).toContain('duplicate-total');
    expect(v.errors.some((f) => f.file === '2018/regular-060.yaml' || f.related?.includes('2018/regular-060.yaml'))).toBe(true);
  });

  it('reports YAML or schema problems of the text itself', () => {
    const v = vetRecord('title: [unclosed', 'x.yaml', archive);
    expect(v.candidate).toBeUndefined();
    expect(v.problems[0]?.code).toBe('yaml-syntax');
  });
});
