// reports import: report pages in bulk (text or saved HTML, files or folders), reviewed before anything is written.
// Thin: flags -> importPages (src/app/import.ts) -> the review rendered -> exit status.
import type { Command } from 'commander';
import { examples, terminalOf, type Context } from './context.js';
import { ReportsError, UsageError } from '../errors.js';
import type { ImportReview } from '../model/import-review.js';

interface ImportOptions {
  dryRun?: boolean;
  skipRefused?: boolean;
  commit?: boolean;
  yes?: boolean;
  json?: boolean;
}

/** A progress line is shown once a batch has taken this long. */
const PROGRESS_AFTER_MS = 1000;

export function commandImport(program: Command, ctx: Context): void {
  program
    .command('import')
    .description('Import report pages in bulk (pasted text or saved HTML; files or folders): review them, then write the new ones.')
    .argument('<pages...>', 'page files, or folders searched recursively for .txt, .html and .htm')
    .option('--dry-run', 'show the review; write nothing')
    .option('--commit', 'commit the record files written in git (just those), "Import <id>: <title>" or "Import <ids>"')
    .option('-y, --yes', 'write the new reports without asking (needed without a terminal)')
    .option('--skip-refused', 'clashing and unreadable pages are a warning, not a failure: exit 0 (a page that cannot be read from disk, or a record not written, still exits 1)')
    .option('--json', 'print the review as JSON: {schemaVersion, counts, items}, one item per page (file, verdict, id, record, notices, ...)')
    .addHelpText(
      'after',
      examples(
        'reports import pages/                 # review every page below pages/, then asked once to write the new ones',
        'reports import --dry-run a.txt b.html # the review only',
        'reports import --yes saved-pages/     # in a script: write the new ones without asking',
        'reports import --yes --skip-refused inbox/   # a nightly job: refused pages warn, the job still succeeds',
        'reports import --json --dry-run pages/ | jq \'.items[] | select(.verdict != "new")\'',
      ) +
        '\nVerdicts: new (would be written), existing (already in the archive: skipped), clashing (a different report\n' +
        'holds its number or Total, or the numbering checks refuse it), unreadable (a page that cannot be read or lacks\n' +
        'title, author or numbering).\n' +
        'Each refused page says what to do next. Exit status: 0 written or nothing to do, 1 pages refused (clashing,\n' +
        'unreadable, failed to write; with --skip-refused only a file that cannot be read or a record not written),\n' +
        '2 usage error (also: no terminal to ask and no --yes: nothing is written).\n',
    )
    .action(async (pages: string[], opts: ImportOptions, command: Command) => {
      const s = ctx.session(command);
      const [{ importPages }, render] = await Promise.all([import('../app/import.js'), import('../render/import.js')]);
      const { io } = s;
      const quiet = !!s.globals.quiet;
      const errStyle = s.style('stderr');
      const canAsk = io.stdinIsTTY && io.stderrIsTTY;
      const showReview = (review: ImportReview) => {
        if (opts.json) io.stdout(render.reviewJson(review));
        else io.stdout(render.renderReview(review, s.width(), s.style()));
      };

      // A progress line on stderr, on a terminal only, once the batch has taken more than a second.
      const started = Date.now();
      let shown = false;
      const onProgress = io.stderrIsTTY && !quiet
        ? (done: number, total: number, phase: 'read' | 'write') => {
            if (Date.now() - started < PROGRESS_AFTER_MS && !shown) return;
            shown = true;
            io.stderr(`\r\x1b[K${phase === 'read' ? 'reading' : 'writing'} ${done}/${total} pages`);
          }
        : undefined;
      const endProgress = () => {
        if (shown) io.stderr('\r\x1b[K');
        shown = false;
      };

      let printed = false;
      let summarised = false;
      const ask = async (review: ImportReview): Promise<boolean> => {
        endProgress();
        // The review the question is about; with --json it goes to stderr, so stdout holds one JSON document.
        if (opts.json) io.stderr(render.renderReview(review, s.width(), s.style('stderr')));
        else showReview(review);
        printed = true;
        // The counts before the question: a long review has scrolled its first pages away.
        s.say(render.summaryLine(review));
        summarised = true;
        if (opts.yes) return true;
        if (!canAsk) return false;
        const { terminalAsk } = await import('../prompts/index.js');
        const a = await terminalAsk(terminalOf(io), { toStderr: true });
        return a({ type: 'confirm', name: 'write', message: `Write the ${review.counts.new} new report${review.counts.new === 1 ? '' : 's'}?`, default: true });
      };

      // Ctrl-C stops the reading and the writing between two pages (exit 130), as it stops add.
      const controller = new AbortController();
      const stop = io.onInterrupt?.(() => controller.abort());
      let review: ImportReview;
      try {
        review = await importPages(s.env, { paths: pages, write: opts.dryRun ? false : opts.yes ? true : ask, onProgress, commit: opts.commit, signal: controller.signal });
      } finally {
        stop?.();
        endProgress();
      }
      if (opts.json || !printed) showReview(review);
      else if (review.wrote) {
        // The table was shown before the question: only what went wrong while writing is added.
        for (const i of review.items) if (i.error) io.stderr(errStyle.c.red(`not written: ${render.visible(i.file)}: ${render.visible(i.error)}`) + '\n');
      }

      if (review.archiveProblems > 0 && !quiet) {
        io.stderr(errStyle.c.yellow(`warning: ${review.archiveProblems} file${review.archiveProblems === 1 ? '' : 's'} of the archive do not load and are not counted (see: reports validate)`) + '\n');
      }
      if (!summarised) s.say(render.summaryLine(review));
      if (review.wrote) s.say(`wrote ${review.written.length} record file${review.written.length === 1 ? '' : 's'}`);
      else if (review.counts.new > 0) {
        if (opts.dryRun) s.say('dry run: nothing was written');
        else if (!canAsk && !opts.yes) {
          throw new UsageError(`nothing was written: no terminal to ask; pass --yes to write the ${review.counts.new} new report${review.counts.new === 1 ? '' : 's'} (or --dry-run to review only)`);
        } else s.say('answered no: nothing was written');
      } else if (review.counts.existing > 0 && review.refused === 0) s.say('nothing to do');
      if (review.commit) s.say(`committed ${review.commit.id}: ${review.commit.message}`);
      const nPages = (n: number) => `${n} page${n === 1 ? '' : 's'}`;
      if (opts.skipRefused && review.refused > 0) {
        // A nightly job: pages the review refused are a warning; a page that could not be read or written is not.
        if (review.failed > 0) throw new ReportsError(`${nPages(review.failed)} could not be read or written; see the review above`);
        if (!quiet) io.stderr(errStyle.c.yellow(`warning: ${nPages(review.refused)} refused (clashing or unreadable) and skipped; see the review above`) + '\n');
      } else if (review.refused > 0) {
        throw new ReportsError(`${nPages(review.refused)} refused (clashing, unreadable or not written); see the review above`);
      }
    });
}
