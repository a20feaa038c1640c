// CSV export: RFC 4180 with a header row, one row per report; lists joined with "; ".
import { stringify } from 'csv-stringify/sync';
import { FIELD_ORDER, reportId } from '../../model/ids.js';
import type { LoadedRecord } from '../../model/record.js';

/** The record's id, its fields in page order, and its file. */
export const CSV_COLUMNS = ['id', ...FIELD_ORDER, 'file'] as const;

export interface CsvOptions {
  /** Start with a UTF-8 byte order mark, so that Excel reads the file as UTF-8. */
  bom?: boolean;
  /** Write every cell as it is: no leading ' before a cell a spreadsheet would run as a formula. */
  raw?: boolean;
}

/**
 * A cell a spreadsheet would read as a formula (it starts with =, +, -, @, a tab or a carriage return) gets a
 * leading ', as OWASP advises against CSV injection: "=HYPERLINK(...)" in a title stays text in Excel and Calc.
 * The ' is then part of the cell for programs that read the CSV as data; --raw leaves it out.
 */
export function guardCell(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

export function exportCsv(records: readonly LoadedRecord[], opts: CsvOptions = {}): string {
  const rows = records.map((r) => {
    const rec = r.record;
    const row = [
      reportId(rec),
      rec.title,
      rec.authors.join('; '),
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
      r.file,
    ];
    return opts.raw ? row : row.map(guardCell);
  });
  // RFC 4180: CRLF line ends, fields with commas, quotes or line breaks quoted, quotes doubled.
  return stringify(rows, { header: true, columns: [...CSV_COLUMNS], record_delimiter: 'windows', bom: !!opts.bom });
}
