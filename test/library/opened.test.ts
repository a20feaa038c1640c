// The library: an archive opened once serves every reading use case and the export (a script asking many questions
// of 10,000 records reads them once), and exportCatalogue takes records as well as filters.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { archiveStats, createEnv, exportCatalogue, listReports, openArchive, showReport, validateArchive } from '../../src/index.js';
import { copyArchive } from '../helpers.js';

describe('an archive opened once', () => {
  it('serves list, show, validate, stats and export without reading the folder again', async () => {
    const dir = copyArchive('archive');
    const env = createEnv({ archive: dir });
    const archive = await openArchive(env);
    // Gone from the disk: only the opened archive can answer now.
    rmSync(dir, { recursive: true, force: true });
    const list = await listReports(env, { archive, filters: { years: [2019] } });
    expect(list.reports.length).toBeGreaterThan(0);
    expect((await showReport(env, { archive, ref: '2019-S11' })).report.id).toBe('2019-S11');
    expect((await validateArchive(env, { archive })).summary.errors).toBe(0);
    expect((await archiveStats(env, { archive })).summary.records).toBe(archive.records.length);
    const json = await exportCatalogue(env, { archive, format: 'json', generated: new Date(0) });
    expect(JSON.parse([...json.text!].join('')).count).toBe(archive.records.length);
    // Without it the folder is read, and is not there.
    await expect(listReports(env)).rejects.toThrow();
  });
});

describe('exportCatalogue takes records', () => {
  it('exports the records given (a list\'s result), newest first', async () => {
    const env = createEnv({ archive: copyArchive('archive') });
    const found = await listReports(env, { filters: { years: [2019] }, limit: 2 });
    expect(found.reports.length).toBe(2);
    const r = await exportCatalogue(env, { format: 'json', records: found.reports, generated: new Date(0) });
    const out = JSON.parse([...r.text!].join(''));
    expect(out.count).toBe(2);
    expect(out.reports.map((x: { id: string }) => x.id).sort()).toEqual(found.reports.map((x) => x.id).sort());
    expect(r.held).toBe(2);
  });

  it('refuses records that clash with each other, as it refuses an archive with errors', async () => {
    const env = createEnv({ archive: copyArchive('archive') });
    const [one] = (await listReports(env, { filters: { years: [2019] }, limit: 1 })).reports;
    const twin = { id: one!.id, file: path.posix.join(path.posix.dirname(one!.file), 'twin.yaml'), record: one!.record, positions: one!.positions };
    await expect(exportCatalogue(env, { format: 'json', records: [one!, twin] })).rejects.toThrow(/nothing was exported/);
  });
});
