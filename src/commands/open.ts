// reports open <ref>: the record's web page in the browser, or its page in an exported site.
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { examples, type Context } from './context.js';
import { ReportsError } from '../errors.js';

interface OpenOptions {
  site?: string;
  print?: boolean;
  file?: boolean;
}

export function commandOpen(program: Command, ctx: Context): void {
  program
    .command('open')
    .description("Open a report's web page (its url, http or https) in the browser; without a url, its page in an exported site.")
    .argument('<ref...>', 'ids (2019-S11, any case), Totals (1639), record file paths or words to search for')
    .option('--site <dir>', 'a site made by `reports export html --out <dir>`: open the page there when the record has no url')
    .option('--file', 'open the attached file (reports attach) instead')
    .option('--print', 'print the address instead of opening it')
    .addHelpText(
      'after',
      examples('reports open 2019-S11', 'reports open 1639 --print', 'reports open 2018-R3 --site public', 'reports open 2019-S11 --file         # its PDF', 'reports open 2018-R3 2018-R124'),
    )
    .action(async (refs: string[], opts: OpenOptions, command: Command) => {
      const s = ctx.session(command);
      const { askingEnv } = await import('./ask.js');
      const env = await askingEnv(s, { toStderr: true });
      const targets: Array<{ id: string; address: string; arg: string }> = [];
      if (opts.file) {
        const { attachmentOf } = await import('../app/attach.js');
        for (const ref of refs) {
          const a = await attachmentOf(env, ref);
          targets.push({ id: a.id, address: pathToFileURL(a.path).href, arg: a.path });
        }
      } else {
        const { openTarget } = await import('../app/open.js');
        for (const ref of refs) {
          const { id, target } = await openTarget(env, { ref, site: opts.site });
          targets.push({ id, address: target.kind === 'url' ? target.url : pathToFileURL(target.path).href, arg: target.kind === 'url' ? target.url : target.path });
        }
      }
      if (opts.print) {
        // An http(s) URL as the URL parser writes it: percent-encoded, no control character left.
        for (const t of targets) s.io.stdout(`${t.address}\n`);
        return;
      }
      const { findOpener, openerName } = await import('../store/opener.js');
      const opener = findOpener(s.io.env, process.platform);
      for (const t of targets) {
        if (!opener || !s.io.launch) {
          throw new ReportsError(`cannot open a browser here: no ${openerName(process.platform)} on PATH; the address of ${t.id} is ${t.address} (or use --print)`);
        }
        // The address (or file path) is the opener's one argument; no shell sees it.
        await s.io.launch(opener.command, [t.arg]);
        s.say(`opened ${t.id}: ${t.address}`);
      }
    });
}
