// When an add cannot write its record, the answers the user typed are kept in a file with the command that
// retries the add from them; when even that cannot be written, they are shown in the error itself.
import { ReportsError } from '../errors.js';
import type { Report } from '../model/report.js';
import { pageText } from '../render/page.js';
import { keepFolders, keepText } from '../store/keep.js';

/** The error to show instead of `e`: the same message, then where the answers are and how to retry. */
export function keepAnswers(e: ReportsError, answers: Partial<Report>, archive: string, folders = keepFolders(archive)): ReportsError {
  const text = pageText(answers);
  const file = keepText(text, 'report-page.txt', folders);
  const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const details = file
    ? [
        `your answers are kept in ${file}`,
        `retry with: reports add --archive ${quote(archive)} --from-text ${quote(file)}`,
      ]
    : ['your answers could not be saved to a file either; here they are (copy them, then retry with reports add --from-text <file>):', ...text.trimEnd().split('\n')];
  return new ReportsError(e.message, [...e.details, ...details], { cause: e });
}
