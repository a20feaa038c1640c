// reports attach <ref> <file>: copy a report's file (its PDF) into the archive beside its record.
import type { Command } from 'commander';
import { examples, type Context } from './context.js';
import { askingEnv } from './ask.js';

export function commandAttach(program: Command, ctx: Context): void {
  program
    .command('attach')
    .description("Attach a file (the report's PDF) to a report: copied into the archive beside its record, with its size and SHA-256.")
    .argument('<ref>', 'an id (2019-S11), a Total (1639), a record file path, or words to search for')
    .argument('<file>', 'the file to attach (a copy is kept; the file itself is left where it is)')
    .option('--dry-run', 'say what would be attached and under which name; copy nothing')
    .option('--commit', 'commit the record and the attached file in git, "Attach <id>: <name>"')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      examples('reports attach 2019-S11 ~/Downloads/special-11.pdf', 'reports attach 1639 report.pdf --commit', 'reports open 2019-S11 --file          # opens it'),
    )
    .action(async (ref: string, file: string, opts: { dryRun?: boolean; commit?: boolean; json?: boolean }, command: Command) => {
      const s = ctx.session(command);
      const { attachFile } = await import('../app/attach.js');
      const r = await attachFile(await askingEnv(s, { toStderr: !!opts.json }), { ref, file, dryRun: opts.dryRun, commit: opts.commit });
      if (opts.json) {
        const { jsonDocument } = await import('../render/json-output.js');
        s.io.stdout(jsonDocument(r));
        return;
      }
      const { visible } = await import('../render/safe.js');
      const say = (line: string) => s.say(visible(line));
      const size = `${r.attachment.size} bytes, SHA-256 ${r.attachment.sha256.slice(0, 12)}...`;
      if (r.status === 'unchanged') say(`${r.id} has this file attached already: ${r.attachment.file}`);
      else if (r.dryRun) s.io.stdout(visible(`would attach ${r.attachment.file} to ${r.id} (${size})${r.previous ? `, replacing ${r.previous}` : ''}`) + '\n');
      else say(`attached ${r.attachment.file} to ${r.id} (${size})${r.previous ? `, replacing ${r.previous}` : ''}`);
      if (r.commit) s.say(`committed ${r.commit.id}: ${r.commit.message}`);
    });
}
