// Trust, second round: injection through a bare CR in CSV, through file names and JSON on a terminal, and through
// a config file in a folder someone else owns.
import { parse as parseCsv } from 'csv-parse/sync';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeArchive, recordYaml } from '../helpers.js';
import type { LoadedRecord } from '../../src/model/record.js';
import { exportCsv } from '../../src/render/export/csv.js';
import { reports } from './run.js';

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});
const archive = (files: Record<string, string>) => {
  const a = makeArchive(files);
  made.push(path.dirname(a));
  return a;
};

const PAYLOAD = "=cmd|' /C calc'!A0";
const record = (fields: Partial<LoadedRecord['record']>): LoadedRecord => ({
  id: '2019-R1',
  file: '2019/regular-001.yaml',
  record: { title: 'T', authors: ['Li Na'], series: 'Research Report', kind: 'regular', number: 1, year: 2019, total: 5501, ...fields },
  positions: { keys: {}, values: {} },
});

describe('CSV: a line break inside a cell', () => {
  it.each([
    ['a bare CR', `Summary.\r${PAYLOAD}`],
    ['a bare LF', `Summary.\n${PAYLOAD}`],
    ['a CRLF', `Summary.\r\n${PAYLOAD}`],
    ['a CR then a tab', `Summary.\r\t${PAYLOAD}`],
  ])('%s: the cell is quoted and no line of the file starts a formula', (_what, abstract) => {
    const csv = exportCsv([record({ abstract })]);
    // A reader that splits rows at every line break (as some spreadsheets do with a bare CR) never starts a row
    // with a formula.
    for (const line of csv.split(/\r\n|\r|\n/)) expect(line).not.toMatch(/^[=+\-@\t]/);
    const rows = parseCsv(csv, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.abstract).toBe(abstract.replace(/(\r\n?|\n)/, "$1'"));
    expect(rows[0]!.file).toBe('2019/regular-001.yaml');
  });

  it('--raw still quotes the cell (the row stays one row), and leaves the text as it is', () => {
    const abstract = `Summary.\r${PAYLOAD}`;
    const csv = exportCsv([record({ abstract })], { raw: true });
    expect(csv).toContain(`"Summary.\r${PAYLOAD}"`);
    const rows = parseCsv(csv, { columns: true }) as Record<string, string>[];
    expect(rows[0]!.abstract).toBe(abstract);
  });

  it('validate flags a line break in a one-line field (the abstract alone may span lines)', async () => {
    const a = archive({ '2019/regular-001.yaml': recordYaml({ title: `A title\r${PAYLOAD}`, abstract: `Summary.\r\nMore.` }) });
    const r = await reports(['validate', '--archive', a]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/title holds a line break \(\\x0d\); only the abstract may span lines/);
    expect(r.stdout).not.toMatch(/abstract holds/);
  });
});
