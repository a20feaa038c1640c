// reports schema: the JSON Schema of a record file, for editors and other tools.
import type { Command } from 'commander';
import { examples, type Context } from './context.js';

export function commandSchema(program: Command, ctx: Context): void {
  program
    .command('schema')
    .description('Print the JSON Schema of a record file (for editors running the YAML language server).')
    .option('--export', 'print instead the schema of `reports export json` output ({generated, count, reports})')
    .addHelpText(
      'after',
      examples(
        'reports schema > report.schema.json',
        '# then, first line of a record:  # yaml-language-server: $schema=../report.schema.json',
        'reports schema --export > export.schema.json',
      ),
    )
    .action(async (opts: { export?: boolean }) => {
      if (opts.export) {
        const { exportEnvelopeSchema } = await import('../render/export/json.js');
        ctx.io.stdout(JSON.stringify(exportEnvelopeSchema(), null, 2) + '\n');
        return;
      }
      const { reportJsonSchema } = await import('../model/report.js');
      ctx.io.stdout(JSON.stringify(reportJsonSchema(), null, 2) + '\n');
    });
}
