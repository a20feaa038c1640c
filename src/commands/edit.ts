// reports edit <ref>: open a record in $VISUAL / $EDITOR, check it on close, replace the original only when valid.
import type { Command } from 'commander';
import { examples, terminalOf, type Context } from './context.js';
import { ReportsError } from '../errors.js';
import { visible } from '../render/safe.js';

/** $VISUAL, then $EDITOR, then vi; "code --wait" style values are split into a command and its arguments. */
export function editorCommand(env: NodeJS.ProcessEnv): string[] {
  const raw = (env.VISUAL || env.EDITOR || 'vi').trim();
  const parts = raw.match(/"[^"]*"|'[^']*'|\S+/g) ?? ['vi'];
  return parts.map((p) => p.replace(/^["']|["']$/g, ''));
}

export function commandEdit(program: Command, ctx: Context): void {
  program
    .command('edit')
    .description('Edit a report in $VISUAL or $EDITOR (else vi); the file is replaced only by a valid version.')
    .argument('<ref>', 'an id (2019-S11), a Total (1639) or a record file path')
    .option('--from <file>', 'take the new text from this file (- for stdin) instead of opening an editor (e.g. a copy an earlier edit kept)')
    .option('--commit', 'commit the changed record file in git (just that file, and the old name when moved), "Edit <id>: <title>"')
    .addHelpText(
      'after',
      examples(
        'reports edit 2019-S11',
        'EDITOR=nano reports edit 1639',
        'VISUAL="code --wait" reports edit archive/2018/regular-124.yaml',
        'reports edit 2019-S11 --from /tmp/reports-edit-kept-Ab12Cd/special-011.yaml',
      ) +
        '\nThe record is edited in a temporary copy. On close it is checked as validate checks it (YAML, fields, numbering\n' +
        'against the other records). When invalid: on a terminal you choose to reopen it or keep the original; otherwise\n' +
        'exit 1 with the original untouched. Whenever the edit is not written (invalid, locked, disk full), the edited\n' +
        'copy is kept and its path printed, with the command that takes it up again (--from).\n',
    )
    .action(async (ref: string, opts: { from?: string; commit?: boolean }, command: Command) => {
      const s = ctx.session(command);
      const { io } = s;
      const { editReport } = await import('../app/edit.js');
      const env = { ...s.env };
      let text: string | undefined;
      if (opts.from !== undefined) {
        // A regular file (or - for standard input), opened without blocking, at most a record's size: a FIFO or
        // /dev/zero named by mistake is refused at once, never waited on or read without end.
        const [{ readSource }, { MAX_FILE_BYTES }] = await Promise.all([import('../store/source.js'), import('../store/archive.js')]);
        text = await readSource(opts.from, { what: 'the new text', cwd: io.cwd, stdin: io.stdin, max: MAX_FILE_BYTES });
      } else if (io.stdinIsTTY && io.stdoutIsTTY) {
        const { terminalAsk } = await import('../prompts/index.js');
        env.ask = await terminalAsk(terminalOf(io));
      }
      const openEditor = async (file: string) => {
        const [cmd, ...args] = editorCommand(io.env);
        if (!io.runEditor) throw new ReportsError('no editor can be started here; pass the new text with --from FILE');
        const r = io.runEditor(cmd!, [...args, file], io.env);
        if (r.error) throw new ReportsError(`cannot start the editor ${cmd}: ${(r.error as NodeJS.ErrnoException).code ?? r.error.message} (set $VISUAL or $EDITOR)`);
        if (r.status !== 0) throw new ReportsError(`the editor ${cmd} exited with ${r.signal ?? `status ${r.status}`}; the record is unchanged`);
      };
      const r = await editReport(env, { ref, text, openEditor, commit: opts.commit });
      // File names are data (a teammate may commit any name): shown as record text is, never sent raw.
      const [file, dest] = [visible(r.file), visible(r.dest)];
      if (r.status === 'unchanged') s.say(`no changes; ${file} is unchanged`);
      else if (r.status === 'kept') s.say(`${file} is unchanged`);
      else if (r.status === 'updated') s.say(`updated ${file} (${r.id})`);
      else s.say(`updated ${r.id} and moved it from ${file} to ${dest}`);
      if (r.commit) s.say(`committed ${r.commit.id}: ${r.commit.message}`);
    });
}
