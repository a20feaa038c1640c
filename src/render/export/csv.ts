// CSV export: RFC 4180 with a header row, one row per report; lists joined with "; ".
import { stringify } from 'csv-stringify/sync';
import { RECORD_FIELDS, reportId } from '../../model/ids.js';
import type { LoadedRecord } from '../../model/record.js';
import { authorTexts } from '../../model/names.js';
import { BATCH } from '../batches.js';

/** The record's id, its fields in page order, and its file. */
export const CSV_COLUMNS = ['id', ...RECORD_FIELDS, 'file'] as const;

export interface CsvOptions {
  /** Start with a UTF-8 byte order mark, so that Excel reads the file as UTF-8. */
  bom?: boolean;
  /** Write every cell as it is: no leading ' before a cell a spreadsheet would run as a formula. */
  raw?: boolean;
}

/**
 * A cell a spreadsheet would read as a formula (it starts with =, +, -, @, a tab or a carriage return) gets a
 * leading ', as OWASP advises against CSV injection: "=HYPERLINK(...)" in a title stays text in Excel and Calc.
 * So does every line within a cell (after a CR, an LF or a CRLF): a reader that splits rows at a line break, as
 * some spreadsheets do with a bare CR, would otherwise start a row with a live formula.
 * The ' is then part of the cell for programs that read the CSV as data; --raw leaves it out.
 */
export function guardCell(s: string): string {
  const lines = /[\r\n]/.test(s) ? s.replace(/(\r\n?|\n)(?=[=+\-@\t])/g, "$1'") : s;
  return /^[=+\-@\t\r]/.test(lines) ? `'${lines}` : lines;
}

/**
 * Cells quoted whatever they hold: any holding a CR or an LF. csv-stringify quotes a cell holding the row
 * delimiter (CRLF) but neither a bare CR nor a bare LF, at which readers split the row.
 */
const QUOTED = /[\r\n]/;

export function exportCsv(records: readonly LoadedRecord[], opts: CsvOptions = {}): string {
  return [...exportCsvChunks(records, opts)].join('');
}

function csvRow(r: LoadedRecord, raw: boolean | undefined): string[] {
  const rec = r.record;
  const row = [
    reportId(rec),
    rec.title,
    authorTexts(rec.authors).join('; '),
    rec.team ?? '',
    rec.unit ?? '',
    rec.organization ?? '',
    rec.series,
    rec.kind,
    String(rec.number),
    String(rec.year),
    rec.total === undefined ? '' : String(rec.total),
    rec.date ?? '',
    rec.abstract ?? '',
    (rec.keywords ?? []).join('; '),
    rec.url ?? '',
    rec.doi ?? '',
    rec.attachment?.file ?? '',
    rec.withdrawn ? 'true' : '',
    r.file,
  ];
  return raw ? row : row.map(guardCell);
}

/**
 * The same text as one CSV of every report, a batch of rows at a time, so that a large archive's CSV is written
 * without ever being held whole in memory (100,000 reports: about 150 MB; made whole, the export peaked at 881 MiB).
 */
export function* exportCsvChunks(records: readonly LoadedRecord[], opts: CsvOptions = {}): Generator<string> {
  // RFC 4180: CRLF line ends, fields with commas, quotes or line breaks quoted, quotes doubled. Every row ends with
  // CRLF, so batches join into the text of one.
  for (let start = 0; start === 0 || start < records.length; start += BATCH) {
    const rows = records.slice(start, start + BATCH).map((r) => csvRow(r, opts.raw));
    yield stringify(rows, { header: start === 0, columns: [...CSV_COLUMNS], record_delimiter: 'windows', bom: start === 0 && !!opts.bom, quoted_match: QUOTED });
  }
}
