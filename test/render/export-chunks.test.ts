// The exports and `list --json` are made a batch of reports at a time; the text must be that of one piece.
import { describe, expect, it } from 'vitest';
import type { LoadedRecord } from '../../src/model/record.js';
import { exportCsv, exportCsvChunks } from '../../src/render/export/csv.js';
import { exportBibtexChunks } from '../../src/render/export/bibtex.js';
import { recordJson, recordsJsonChunks } from '../../src/render/record-json.js';
import { exportJsonChunks } from '../../src/render/export/json.js';
import { RECORD_DEFAULTS } from '../helpers.js';

/** `n` reports of one year, with text that needs quoting and escaping. */
function records(n: number): LoadedRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `2019-R${i + 1}`,
    file: `2019/regular-${String(i + 1).padStart(3, '0')}.yaml`,
    record: { ...RECORD_DEFAULTS, authors: ['Li Na', 'Wang Wu'], number: i + 1, total: 5501 + i, title: `Report ${i}, "quoted" & {braced}`, abstract: `Line one of ${i}.\nLine two: =SUM(A1)`, keywords: ['rural credit', `k${i % 7}`] },
    positions: { keys: {}, values: {} },
  })) as unknown as LoadedRecord[];
}

describe('exports made in batches', () => {
  for (const n of [0, 1, 255, 256, 257, 600]) {
    it(`give the text of one piece for ${n} reports`, () => {
      const recs = records(n);
      // Each CSV row depends on its own report only: the whole is the header and every report's own row.
      const csv = [...exportCsvChunks(recs, { bom: true })].join('');
      const header = exportCsv([], { bom: true });
      expect(csv).toBe(header + recs.map((r) => exportCsv([r]).slice(exportCsv([]).length)).join(''));
      expect(csv.split('\uFEFF')).toHaveLength(2);
      expect(exportCsv(recs)).toBe([...exportCsvChunks(recs)].join(''));

      // One entry a report, a blank line between two, none before the first or after the last.
      const bib = [...exportBibtexChunks(recs)].join('');
      const entries = bib.split('\n\n');
      expect(entries).toHaveLength(Math.max(n, 1));
      if (n > 0) for (const e of entries) expect(e).toMatch(/^@techreport\{[^\n]+,\n(  [^\n]+\n)+\}(\n)?$/);
      else expect(bib).toBe('');
      expect(new Set(entries.map((e) => e.slice(0, e.indexOf(',')))).size).toBe(Math.max(n, 1));

      expect([...recordsJsonChunks(recs)].join('')).toBe(JSON.stringify({ schemaVersion: 1, count: n, reports: recs.map(recordJson) }, null, 2) + '\n');
      const generated = new Date('2024-01-02T03:04:05Z');
      const envelope = { schemaVersion: 1, generated: generated.toISOString(), count: n, reports: recs.map(recordJson) };
      expect([...exportJsonChunks(recs, generated)].join('')).toBe(JSON.stringify(envelope, null, 2) + '\n');
    });
  }
});
