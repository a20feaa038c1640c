import { describe, expect, it } from 'vitest';
import { bibtexKeys, keyPrefix, keywordSlug, pageNames } from '../../src/render/export/names.js';
import type { LoadedRecord } from '../../src/model/record.js';

const rec = (over: Partial<LoadedRecord['record']>, file = 'x.yaml'): LoadedRecord => {
  const record = { title: 'T', authors: ['A'], series: 'Research Report', kind: 'special', number: 11, year: 2019, organization: 'DRC', ...over } as LoadedRecord['record'];
  return { id: '', file, record, positions: { keys: {}, values: {} } };
};

describe('keyword page names', () => {
  it('keeps plain ASCII key words readable', () => {
    expect(keywordSlug('rural revitalization')).toBe('rural-revitalization');
    expect(keywordSlug('Rural  Revitalization')).toBe('rural-revitalization');
  });

  it('names Chinese key words with a stable hash, safe for any file system', () => {
    const a = keywordSlug('乡村振兴');
    expect(a).toMatch(/^kw--[0-9a-f]{10}$/);
    expect(keywordSlug('乡村振兴')).toBe(a);
    expect(keywordSlug('农村价值')).not.toBe(a);
  });

  it('never gives two different key words the same name', () => {
    const words = ['C', 'C++', 'c#', 'c-', 'c  ', 'a b', 'a-b', 'a_b', 'a--b', 'con', 'kw', '乡村', 'x'.repeat(200), 'x'.repeat(201), 'Évolution', 'evolution'];
    const slugs = new Map<string, string>();
    for (const w of words) {
      const s = keywordSlug(w);
      expect(s).toMatch(/^[a-z0-9-]+$/);
      expect(s.length).toBeLessThanOrEqual(80);
      const folded = w.toLowerCase().replace(/\s+/g, ' ').trim();
      expect(slugs.get(s) ?? folded, w).toBe(folded);
      slugs.set(s, folded);
    }
    expect(keywordSlug('C')).toBe('c');
    expect(keywordSlug('C++')).not.toBe('c');
    expect(keywordSlug('con')).not.toBe('con'); // a name Windows refuses
  });
});

describe('BibTeX keys and page names', () => {
  it('derives the prefix from the organization', () => {
    expect(keyPrefix('DRC')).toBe('drc');
    expect(keyPrefix('Development Research Center')).toBe('drc');
    expect(keyPrefix(undefined)).toBe('report');
    expect(keyPrefix('国务院发展研究中心')).toBe('report');
  });

  it('gives drc2019s11 and keeps keys unique across series and duplicates', () => {
    const a = rec({});
    const b = rec({ series: 'China Development Review' });
    const c = rec({}, 'y.yaml');
    const d = rec({ kind: 'regular', number: 3, year: 2018, organization: undefined });
    const keys = bibtexKeys([a, b, c, d]);
    expect(keys.get(a)).toBe('drc2019s11');
    expect(keys.get(b)).toBe('drccdr2019s11');
    expect(keys.get(c)).toBe('drc2019s11-2');
    expect(keys.get(d)).toBe('report2018r3');
    // The same record gets the same key whatever else is exported.
    expect(bibtexKeys([a]).get(a)).toBe('drc2019s11');
    const pages = pageNames([a, b, c]);
    expect(new Set(pages.values()).size).toBe(3);
    expect(pages.get(a)).toBe('2019-S11');
    expect(pages.get(b)).toBe('china-development-review-2019-S11');
  });
});
