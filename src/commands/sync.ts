// reports sync: pull, fix under "what others already have stays", validate, summarise; push only with --push.
import type { Command } from 'commander';
import { examples, type Context } from './context.js';
import { ReportsError } from '../errors.js';

interface SyncOptions {
  push?: boolean;
  prefer?: string[];
  json?: boolean;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function commandSync(program: Command, ctx: Context): void {
  program
    .command('sync')
    .description('git pull (merge or rebase, as the repository is set), then fix: the report others already have keeps its number, yours is renumbered and committed; then validate.')
    .option('--push', 'push when the archive is valid after the sync')
    .option('--prefer <ref>', 'settle a choice the pull brings (see reports fix --prefer; repeatable)', collect)
    .option('--json', 'print what arrived, what was renumbered and the commits made, as JSON (reports schema sync)')
    .addHelpText(
      'after',
      examples('reports sync                 # pull, fix, validate', 'reports sync --push          # and push when all is valid', 'reports sync --json | jq .renumbered') +
        '\nRefuses to start with uncommitted record files (commit them, or git stash -u). When the fix cannot finish, the\n' +
        'merge or rebase is aborted and the branch is back where it was; a pull git cannot finish is left as git left it.\n' +
        'Exit status: 0 synced and valid, 1 refused, failed, or errors in the archive after the sync, 2 usage error.\n',
    )
    .action(async (opts: SyncOptions, command: Command) => {
      const s = ctx.session(command);
      const { syncArchive } = await import('../app/sync.js');
      const render = await import('../render/findings.js');
      const r = await syncArchive(s.env, { push: opts.push, prefer: opts.prefer });
      if (opts.json) {
        const { jsonDocument } = await import('../render/json-output.js');
        s.io.stdout(jsonDocument({ mode: r.mode, upstream: r.upstream, before: r.before, after: r.after, arrived: r.arrived, renumbered: r.renumbered, commits: r.commits, errors: r.findings.length, pushed: r.pushed }));
      } else {
        const lines = [`pulled from ${r.upstream} (${r.mode}): ${r.before === r.after ? 'nothing new' : `${r.before} -> ${r.after}`}`];
        for (const a of r.arrived) lines.push(`arrived  ${a.status.padEnd(7)}  ${a.file}`);
        for (const n of r.renumbered) lines.push(`renumbered  ${n.from} -> ${n.to}  ${n.file}  (the upstream already has ${n.from}; yours is renumbered)`);
        for (const c of r.commits) lines.push(`committed  ${c.id}  ${c.message}`);
        s.io.stdout(lines.join('\n') + '\n');
      }
      if (r.findings.length > 0) {
        if (!opts.json) s.io.stdout(render.renderText(r.findings, (await import('../checks/index.js')).summarise(r.findings, r.files, r.records, false), s.label(s.env.archive), s.style()));
        throw new ReportsError(`synced, but the archive has ${r.findings.length} error${r.findings.length === 1 ? '' : 's'} (see above; reports fix says what to do)${opts.push ? '; not pushed' : ''}`);
      }
      s.say(r.pushed ? 'synced and pushed' : opts.push ? 'synced' : 'synced; push with git push (or reports sync --push)');
    });
}
