// reports config: the settings in force and where each came from; the config file's errors, located.
import type { Command } from 'commander';
import { examples, type Context } from './context.js';
import { ReportsError } from '../errors.js';
import { visible } from '../render/safe.js';

export function commandConfig(program: Command, ctx: Context): void {
  program
    .command('config')
    .description('Show the settings in force (archive, series, organization, kind, site, offsets) and where each came from.')
    .option('--json', 'print the settings as JSON')
    .addHelpText(
      'after',
      examples('reports config', 'REPORTS_SERIES="Policy Brief" reports config   # the environment wins over the file', 'reports config --json | jq .entries') +
        '\nOrder: a flag, then the environment (REPORTS_ARCHIVE, REPORTS_SERIES, REPORTS_ORGANIZATION, REPORTS_KIND,\n' +
        'REPORTS_SITE_TITLE, REPORTS_BASE_URL, REPORTS_OFFSETS), then the config file (reports.config.yaml here or in a parent folder, or\n' +
        '--config / REPORTS_CONFIG), then the default. Exit 1 when the config has errors (each one file:line:col).\n',
    )
    .action(async (opts: { json?: boolean }, command: Command) => {
      const { showConfig, formatConfigProblem } = await import('../app/config.js');
      const { describeSource, formatOffsets } = await import('../model/config.js');
      const s = ctx.session(command);
      const g = s.globals;
      const label = (f: string) => s.label(f);
      const result = await showConfig({
        cwd: ctx.io.cwd,
        env: ctx.io.env,
        configFile: g.config,
        flags: { archive: g.archive !== undefined ? { value: g.archive, name: '--archive' } : undefined },
      });
      for (const skipped of result.skipped) s.io.stderr(`warning: skipped the config ${visible(skipped)} (name it with --config to read it)\n`);
      if (opts.json) {
        const { jsonDocument } = await import('../render/json-output.js');
        s.io.stdout(
          jsonDocument({
            file: result.file ?? null,
            entries: result.entries.map((e) => ({ key: e.key, env: e.env, value: e.value ?? null, source: e.source ?? null })),
            problems: result.problems,
          }),
        );
      } else {
        const { c } = s.style();
        const show = (v: unknown) => (v === undefined ? c.dim('(not set)') : Array.isArray(v) ? v.join(', ') : typeof v === 'object' && v !== null ? formatOffsets(v) : String(v)).replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
        const rows = result.entries.map((e) => [e.key, show(e.key === 'archive' && typeof e.value === 'string' ? label(e.value) : e.value), e.source ? describeSource(e.source, label) : '']);
        const w0 = Math.max(...rows.map((r) => r[0]!.length));
        const w1 = Math.max(...rows.map((r) => r[1]!.length));
        const lines = [`config file: ${result.file ? label(result.file) : c.dim('none found (reports init makes one)')}`];
        for (const [k, v, s] of rows) lines.push(`${k!.padEnd(w0)}  ${v!.padEnd(w1)}  ${c.dim(s!)}`.trimEnd());
        s.io.stdout(lines.join('\n') + '\n');
      }
      if (result.problems.length > 0) {
        throw new ReportsError(
          `the config has ${result.problems.length} error${result.problems.length === 1 ? '' : 's'}`,
          result.problems.map((p) => formatConfigProblem(p, label)),
        );
      }
    });
}
