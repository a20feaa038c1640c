// reports fix: print the repairs the numbering rules prove (changing nothing); --apply carries them out.
import type { Command } from 'commander';
import { examples, type Context } from './context.js';
import { ReportsError, UsageError } from '../errors.js';
import { collect } from './options.js';

interface FixOptions {
  apply?: boolean;
  prefer?: string[];
  json?: boolean;
  commit?: boolean;
}


export function commandFix(program: Command, ctx: Context): void {
  program
    .command('fix')
    .description('Plan the repairs the numbering rules prove (merge conflicts, clashes, Totals, names); --apply carries them out.')
    .option('--apply', 'carry the plan out (under the archive lock, one atomic write per file), then validate again')
    .option('--prefer <ref>', 'settle a choice the plan lists: ours, theirs, both, or the file / id that keeps its number (repeatable)', collect)
    .option('--commit', 'with --apply: commit the files written, "Fix <ids>" (during a merge they are staged for the merge commit instead)')
    .option('--json', 'print the plan (and, with --apply, what was done) as JSON')
    .addHelpText(
      'after',
      examples(
        'reports fix                          # the plan: file, field, old -> new, why; changes nothing',
        'reports fix --apply                  # carry it out; conflicted files are resolved and staged',
        'reports fix --apply --prefer 2019/regular-097.yaml   # that file keeps its number',
        'reports fix --json | jq .actions',
      ) +
        '\nFixes: a git merge conflict between two added reports (ours stays, theirs is renumbered); a number or Total\n' +
        'held twice (the report added later is renumbered); a Total that disagrees with its year\'s offset; a file named\n' +
        'against its numbering; a title keeping its "(No.N, YYYY)" suffix; blank or repeated key words; unpadded dates.\n' +
        'A renumbered report gets the next free number, and a Total only when the year\'s offset is known.\n' +
        'Exit status: 0 done (or nothing to do), 1 findings the rules cannot prove are left (each listed with its next\n' +
        'step) or errors remain after --apply, 2 usage error.\n',
    )
    .action(async (opts: FixOptions, command: Command) => {
      const s = ctx.session(command);
      const { fixArchive } = await import('../app/fix.js');
      const { renderPlan, planJson } = await import('../render/fix.js');
      const render = await import('../render/findings.js');
      if (opts.commit && !opts.apply) throw new UsageError('--commit needs --apply (the plan alone changes nothing)');
      const env = s.env;
      const result = await fixArchive(env, { apply: !!opts.apply, prefer: opts.prefer, commit: opts.commit });
      const errors = result.findings.filter((f) => f.severity === 'error');
      // What is left for a person: after --apply, the errors that remain; before it, what the plan leaves.
      const open = result.plan.open;
      if (opts.json) {
        const { jsonDocument } = await import('../render/json-output.js');
        s.io.stdout(
          jsonDocument({
            ...planJson(result.plan),
            applied: result.applied,
            written: result.written,
            removed: result.removed,
            staged: result.staged,
            ...(result.commit ? { commit: result.commit.id } : {}),
            commits: result.commits,
            renumbered: result.renumbered,
            ...(result.operation ? { operation: result.operation } : {}),
            ...(result.next ? { next: result.next } : {}),
            errors: errors.length,
          }),
        );
      } else {
        s.io.stdout(renderPlan(result.plan, s.style()));
      }
      const n = result.plan.actions.length;
      const files = `${n} file${n === 1 ? '' : 's'}`;
      if (!result.applied) {
        if (n > 0) s.say(`plan: ${files} to write; nothing was changed (run reports fix --apply to carry it out)`);
        else if (errors.length === 0 && result.plan.choices.length === 0 && result.plan.notes.length === 0) s.say('nothing to fix');
        else s.say('nothing the rules prove can be fixed; see above for what needs a choice or a person');
      } else {
        s.say(`fixed: ${files} written${result.removed.length ? `, ${result.removed.length} removed` : ''}${result.staged.length ? `, ${result.staged.length} staged` : ''}`);
        // Each commit was said as it was made (the merge carried on, each renumbering, the other repairs).
      }
      if (result.next === 'git commit') s.say('the merge is ready: check it (reports validate), then commit it (git commit)');
      else if (result.next === 'git rebase --continue') s.say('the rebase can go on: check it (reports validate), then git rebase --continue');
      const choices = result.plan.choices.length;
      if (opts.apply && errors.length > 0) {
        if (!opts.json) s.io.stdout(render.renderText(errors, (await import('../checks/index.js')).summarise(result.findings, result.files, result.records, false), s.label(env.archive), s.style()));
        throw new ReportsError(`${errors.length} error${errors.length === 1 ? ' remains' : 's remain'}${result.applied ? ' after the fix' : ''} (see above; they need a person: reports validate)`);
      }
      if (!result.applied && (open.length > 0 || choices > 0)) {
        const what = [open.length ? `${open.length} error${open.length === 1 ? '' : 's'} fix cannot prove` : '', choices ? `${choices} choice${choices === 1 ? '' : 's'} to make with --prefer` : ''].filter(Boolean).join(' and ');
        throw new ReportsError(`${what} (see above for the next step of each)`);
      }
    });
}
