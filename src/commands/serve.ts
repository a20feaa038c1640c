// reports serve: the archive in a browser (catalogue, search, reports, stats, validation; with --write the add,
// edit, import and fix forms), a JSON API under /api/ and OAI-PMH at /oai. Binds 127.0.0.1 by default; every
// request outside /oai needs the token printed at the start.
import { randomBytes } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { InvalidArgumentError, type Command } from 'commander';
import { examples, type Context } from './context.js';
import { InterruptedError, ReportsError } from '../errors.js';

interface ServeOptions {
  port: number;
  host: string;
  write?: boolean;
  open?: boolean;
  adminEmail?: string;
  repositoryId?: string;
}

function parsePort(v: string): number {
  if (!/^\d+$/.test(v.trim()) || Number(v) > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535 (0 picks a free one).');
  return Number(v);
}

function parseDomain(v: string): string {
  if (!/^[a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z][a-zA-Z0-9-]*)+$/.test(v.trim())) throw new InvalidArgumentError('an OAI repository identifier is a domain name, e.g. reports.example.org.');
  return v.trim();
}

/** An address as a Host header names it: IPv6 in brackets. */
const hostPart = (a: string) => (a.includes(':') ? `[${a}]` : a);

/** The `host:port` values the server answers to: the address bound (all of the machine's for 0.0.0.0 or ::), and localhost. */
export function allowedHosts(host: string, port: number): string[] {
  const any = host === '0.0.0.0' || host === '::';
  const addresses = any ? Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address)) : [host];
  const loop = any || host === '127.0.0.1' || host === '::1' || host === 'localhost';
  const names = [...addresses.map(hostPart), ...(loop ? ['localhost', '127.0.0.1'] : [])];
  // On port 80 a browser names the host alone.
  return [...new Set(names.flatMap((n) => (port === 80 ? [`${n}:${port}`, n] : [`${n}:${port}`])))].map((h) => h.toLowerCase());
}

export function commandServe(program: Command, ctx: Context): void {
  program
    .command('serve')
    .description('Serve the archive in a browser, with a JSON API and OAI-PMH for harvesters (read-only unless --write).')
    .option('-p, --port <n>', 'the port (0 picks a free one)', parsePort, 8737)
    .option('--host <address>', 'the address to bind (0.0.0.0: every network; the token is then the only guard)', '127.0.0.1')
    .option('--write', 'allow adding, editing, importing and fixing reports from the browser and the API')
    .option('--open', 'open the catalogue in the browser once the server runs')
    .option('--admin-email <address>', "the adminEmail OAI-PMH Identify gives harvesters (default: the config's crossref email)")
    .option('--repository-id <domain>', 'the namespace of the OAI identifiers (oai:<domain>:2019-S11)', parseDomain)
    .addHelpText(
      'after',
      examples(
        'reports serve                       # read-only, at http://127.0.0.1:8737/?token=...',
        'reports serve --write --open        # add and edit reports in the browser',
        'reports serve --port 0              # any free port (printed)',
        'curl -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:8737/api/reports?q=rural&limit=5"',
        'curl "http://127.0.0.1:8737/oai?verb=ListRecords&metadataPrefix=oai_dc"',
      ) +
        '\nPrints one line on stdout: "Serving <archive> at http://127.0.0.1:<port>/?token=<token>". Every request but\n' +
        '/oai needs the token (the first visit turns it into a cookie; scripts send Authorization: Bearer <token>).\n' +
        'Ctrl-C or SIGTERM stops it once a write in progress is done. API and routes: docs/serve.md.\n',
    )
    .action(async (opts: ServeOptions, command: Command) => {
      const s = ctx.session(command);
      const [{ createServer }, { createAdaptorServer }] = await Promise.all([import('../serve/app.js'), import('@hono/node-server')]);
      const token = randomBytes(24).toString('base64url');
      const { settings } = s;
      const configured = { series: settings.series?.value[0], organization: settings.organization?.value, kind: settings.kind?.value };
      for (const k of Object.keys(configured) as Array<keyof typeof configured>) if (configured[k] === undefined) delete configured[k];
      const title = settings.siteTitle?.value;
      const hosts: string[] = [];
      const server = createServer(s.env, {
        token,
        write: !!opts.write,
        hosts,
        title,
        nameStyle: settings.names?.value,
        configured,
        oai: {
          // The archive's contact when the command line names none: the e-mail its Crossref deposits give.
          adminEmail: opts.adminEmail ?? settings.crossrefEmail?.value,
          repositoryId: opts.repositoryId,
          dc: { baseUrl: settings.baseUrl?.value, organization: settings.organization?.value },
        },
      });
      const http = createAdaptorServer({ fetch: server.app.fetch });
      const port = await new Promise<number>((resolve, reject) => {
        http.once('error', (e: NodeJS.ErrnoException) =>
          reject(
            new ReportsError(
              e.code === 'EADDRINUSE'
                ? `port ${opts.port} of ${opts.host} is in use: give another (--port 0 picks a free one)`
                : `cannot listen on ${opts.host}:${opts.port}: ${e.code ?? e.message}`,
            ),
          ),
        );
        http.listen(opts.port, opts.host, () => {
          const a = http.address();
          resolve(typeof a === 'object' && a ? a.port : opts.port);
        });
      });
      // Runs until Ctrl-C or SIGTERM; then takes no new request, lets a write in progress finish, and stops. The
      // signals are taken before the address is printed: whoever reads it may stop the server at once.
      const stopped = new Promise<'interrupt' | 'terminate'>((resolve) => {
        const offInt = s.io.onInterrupt?.(() => resolve('interrupt'));
        const offTerm = s.io.onTerminate?.(() => resolve('terminate'));
        http.once('close', () => {
          offInt?.();
          offTerm?.();
        });
      });
      hosts.push(...allowedHosts(opts.host, port));
      const shown = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : hostPart(opts.host);
      const url = `http://${shown}:${port}/?token=${token}`;
      s.io.stdout(`Serving ${s.label(s.env.archive)} at ${url}\n`);
      if (opts.host === '0.0.0.0' || opts.host === '::') s.io.stderr(`warning: listening on every network (${opts.host}): the token is the only guard; anyone who sees it can read${opts.write ? ' and write' : ''}; /oai (every report's catalogue entry, for harvesters) needs no token and is open to the network\n`);
      if (opts.write) s.say('writing is on: the forms and POST /api/reports add to the archive');
      if (opts.open) {
        const { findOpener } = await import('../store/opener.js');
        const opener = findOpener(s.io.env, process.platform);
        if (opener && s.io.launch) await s.io.launch(opener.command, [url]).catch(() => s.say(`could not open a browser; open ${url}`));
        else s.say(`no browser opener here; open ${url}`);
      }
      // The archive is read now, not on the first request: whoever opens the address finds it read (10,000 records,
      // the page asked a second after the address was printed: 17-81 ms against 266-741 ms, 6 pairs, loaded machine).
      // A Ctrl-C during the read stops the server once it is done.
      void server.prepare();
      const how = await stopped;
      http.close();
      (http as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      await server.idle();
      server.close();
      s.say('stopped');
      if (how === 'interrupt') throw new InterruptedError('interrupted; the server stopped (no write was cut short)');
    });
}
