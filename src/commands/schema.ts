// reports schema [name]: the JSON Schema of a record file, or of a --json output, for editors and scripts.
import { Argument, type Command } from 'commander';
import { examples, type Context } from './context.js';
import { SCHEMA_NAMES } from '../render/schema-names.js';

export function commandSchema(program: Command, ctx: Context): void {
  program
    .command('schema')
    .description('Print a JSON Schema: of a record file (for editors running the YAML language server), or of a --json output.')
    .addArgument(new Argument('[name]', 'what to describe').choices(SCHEMA_NAMES.map((s) => s.name)).default('record'))
    .option('--export', 'the same as: reports schema export')
    .addHelpText(
      'after',
      examples(
        'reports schema > report.schema.json',
        '# then, first line of a record:  # yaml-language-server: $schema=../report.schema.json',
        'reports schema list > list.schema.json   # what list --json prints',
        'reports schema export > export.schema.json',
      ) +
        '\nSchemas:\n' +
        SCHEMA_NAMES.map((s) => `  ${s.name.padEnd(9)} ${s.about}`).join('\n') +
        '\nEvery --json output starts with "schemaVersion": 1; the number goes up when a field is removed or changes meaning.\n',
    )
    .action(async (name: string, opts: { export?: boolean }) => {
      const { jsonSchema } = await import('../render/schemas.js');
      ctx.io.stdout(JSON.stringify(jsonSchema(opts.export ? 'export' : name), null, 2) + '\n');
    });
}
