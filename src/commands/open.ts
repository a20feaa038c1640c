// reports open <ref>: the record's web page in the browser, or its page in an exported site.
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { examples, type Context } from './context.js';
import { ReportsError } from '../errors.js';

interface OpenOptions {
  site?: string;
  print?: boolean;
}

export function commandOpen(program: Command, ctx: Context): void {
  program
    .command('open')
    .description("Open a report's web page (its url, http or https) in the browser; without a url, its page in an exported site.")
    .argument('<ref>', 'an id (2019-S11, any case), a Total (1639) or a record file path')
    .option('--site <dir>', 'a site made by `reports export html --out <dir>`: open the page there when the record has no url')
    .option('--print', 'print the address instead of opening it')
    .addHelpText(
      'after',
      examples('reports open 2019-S11', 'reports open 1639 --print', 'reports open 2018-R3 --site public'),
    )
    .action(async (ref: string, opts: OpenOptions, command: Command) => {
      const s = ctx.session(command);
      const { openTarget } = await import('../app/open.js');
      const { id, target } = await openTarget(s.env, { ref, site: opts.site });
      const address = target.kind === 'url' ? target.url : pathToFileURL(target.path).href;
      if (opts.print) {
        // An http(s) URL as the URL parser writes it: percent-encoded, no control character left.
        s.io.stdout(`${address}\n`);
        return;
      }
      const { findOpener, openerName } = await import('../store/opener.js');
      const opener = findOpener(s.io.env, process.platform);
      if (!opener || !s.io.launch) {
        throw new ReportsError(`cannot open a browser here: no ${openerName(process.platform)} on PATH; the address of ${id} is ${address} (or use --print)`);
      }
      // The address (or page path) is the opener's one argument; no shell sees it.
      await s.io.launch(opener.command, [target.kind === 'url' ? target.url : target.path]);
      s.say(`opened ${id}: ${address}`);
    });
}
