// reports validate: every record check and numbering check, as text, JSON or GitHub annotations.
import { Option, type Command } from 'commander';
import { examples, type Context } from './context.js';
import { ReportsError } from '../errors.js';
import { phase } from '../timing.js';

type Format = 'text' | 'json' | 'github';

interface ValidateOptions {
  json?: boolean;
  format?: Format;
  strict?: boolean;
  changed?: string | boolean;
  staged?: boolean;
}

export function commandValidate(program: Command, ctx: Context): void {
  program
    .command('validate')
    .description('Check every record and the numbering of the archive; exit 1 when there are errors.')
    .option('--json', 'print {schemaVersion, errors, warnings, summary} as JSON (same as --format json)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'github']).default('text'))
    .option('--strict', 'warnings fail too (exit 1)')
    .option('--changed [git-ref]', 'only findings involving record files changed since the ref (default: the index and work tree against HEAD); numbering is still checked against the whole archive')
    .option('--staged', 'with --changed: only the files staged for the next commit (what the pre-commit hook checks)')
    .addHelpText(
      'after',
      examples(
        'reports validate',
        'reports validate --strict             # warnings fail too',
        'reports validate --json | jq .summary',
        'reports validate --format github      # annotations for GitHub Actions',
        'reports --archive ~/drc validate',
        'reports validate --changed            # only what your uncommitted changes touch',
        'reports validate --changed origin/main',
      ) + '\nExit status: 0 no errors (and no warnings with --strict), 1 errors found, 2 usage error.\n',
    )
    .action(async (opts: ValidateOptions, command: Command) => {
      const s = ctx.session(command);
      const { validateArchive } = await import('../app/read.js');
      const render = await import('../render/findings.js');
      const format: Format = opts.json ? 'json' : (opts.format ?? 'text');
      const changed = opts.changed !== undefined || opts.staged ? { ref: typeof opts.changed === 'string' ? opts.changed : undefined, staged: opts.staged } : undefined;
      const r = await validateArchive(s.env, { strict: opts.strict, changed, nameStyle: s.settings.names?.value });
      if (r.changedFiles !== undefined) s.say(`${r.changedFiles} changed record file${r.changedFiles === 1 ? '' : 's'}; findings involving them:`);
      phase('findings gathered');
      const label = s.label(r.dir);
      if (format === 'json') s.io.stdout(render.renderJson(r.findings, r.summary));
      else if (format === 'github') {
        s.io.stdout(render.renderGithub(r.findings, label));
        s.say(render.summaryLine(r.summary));
      } else await s.printPaged(render.renderText(r.findings, r.summary, label, s.style()));
      if (!r.summary.ok) {
        const { summary } = r;
        const what = summary.errors > 0 ? `${summary.errors} error${summary.errors === 1 ? '' : 's'}` : `${summary.warnings} warning${summary.warnings === 1 ? '' : 's'} with --strict`;
        // With --json the findings went to stdout as data, perhaps into a file or a pipe: nothing is "above".
        const where = format === 'json' ? 'the findings are in the JSON output' : 'fix the findings above, then run reports validate again';
        throw new ReportsError(`the archive is not valid: ${what} (${where})`);
      }
    });
}
