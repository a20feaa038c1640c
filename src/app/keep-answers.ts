// When an add cannot write its record, the answers the user typed are kept in a file with the command that
// retries the add from them; when even that cannot be written, they are shown in the error itself.
import { ReportsError, type Words } from '../errors.js';
import type { Report } from '../model/report.js';
import { pageText } from '../render/page.js';
import { keepFolders, keepText } from '../store/keep.js';
import { showControls } from '../model/text.js';

/**
 * Fields an add fills by itself when a page lacks them (a Total from the year's offset, an organization from the
 * config or the archive, a date): left out of the answers, the retry must say "none" for them, or it would make
 * another record than the one answered.
 */
const FILLED = ['organization', 'total', 'date'] as const;

/** The error to show instead of `e`: the same message, then where the answers are and how to retry. */
export function keepAnswers(e: ReportsError, answers: Partial<Report>, archive: string, folders = keepFolders(archive)): ReportsError {
  const text = pageText(answers);
  const file = keepText(text, 'report-page.txt', folders);
  // "-" is add's word for none: a field it would fill in is named so, and the retry makes the record answered.
  const none = Object.fromEntries(FILLED.filter((f) => answers[f] === undefined || answers[f] === null || answers[f] === '').map((f) => [f, '-']));
  const details = (w: Words) =>
    file
      ? [`your answers are kept in ${showControls(file)}`, `retry with: ${showControls(w.again('add', [], { archive, page: file, ...none }))}`]
      : [`your answers could not be saved to a file either; here they are (copy them, then retry with ${w.again('add', [], { page: '<file>' })}):`, ...text.trimEnd().split('\n')];
  return new ReportsError((w) => e.worded(w), (w) => [...e.wordedDetails(w), ...details(w)], { cause: e });
}
