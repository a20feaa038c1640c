// reports edit <ref>: open a record in $VISUAL / $EDITOR, check it on close, replace the original only when valid.
import type { Command } from 'commander';
import { examples, terminalOf, type Context } from './context.js';
import { ReportsError, UsageError } from '../errors.js';
import { visible } from '../render/safe.js';
import type { Session } from './context.js';
import type { FieldChange } from '../app/set.js';
import { askingEnv } from './ask.js';

/** $VISUAL, then $EDITOR, then vi; "code --wait" style values are split into a command and its arguments. */
export function editorCommand(env: NodeJS.ProcessEnv): string[] {
  const raw = (env.VISUAL || env.EDITOR || 'vi').trim();
  const parts = raw.match(/"[^"]*"|'[^']*'|\S+/g) ?? ['vi'];
  return parts.map((p) => p.replace(/^["']|["']$/g, ''));
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

interface EditOptions {
  from?: string;
  commit?: boolean;
  set?: string[];
  unset?: string[];
  addKeyword?: string[];
  removeKeyword?: string[];
  dryRun?: boolean;
  json?: boolean;
}

/** "field=value" as a change; without "=" it is a usage error. */
function setChange(v: string): { op: 'set'; field: string; value: string } {
  const i = v.indexOf('=');
  if (i <= 0) throw new UsageError(`--set takes field=value, e.g. --set total=1640 (not ${JSON.stringify(v)})`);
  return { op: 'set', field: v.slice(0, i), value: v.slice(i + 1) };
}

export function commandEdit(program: Command, ctx: Context): void {
  program
    .command('edit')
    .description('Edit a report in $VISUAL or $EDITOR (else vi), or set fields with --set; the file is replaced only by a valid version.')
    .argument('<ref...>', 'an id (2019-S11), a Total (1639), a record file path or words to search for; several with --set and the like')
    .option('--from <file>', 'take the new text from this file (- for stdin) instead of opening an editor (e.g. a copy an earlier edit kept)')
    .option('--set <field=value>', 'set a field without an editor (repeatable): --set total=1640 --set "team=Research Team on ..."', collect)
    .option('--unset <field>', 'remove a field (repeatable)', collect)
    .option('--add-keyword <words>', 'add key words (repeatable, or comma-separated)', collect)
    .option('--remove-keyword <words>', 'remove key words (repeatable, or comma-separated)', collect)
    .option('--dry-run', 'with --set and the like: show the changes, write nothing')
    .option('--json', 'with --set and the like: print the changes as JSON')
    .option('--commit', 'commit the changed record files in git (just those, and the old name when moved), "Edit <id>: <title>"')
    .addHelpText(
      'after',
      examples(
        'reports edit 2019-S11',
        'EDITOR=nano reports edit 1639',
        'VISUAL="code --wait" reports edit archive/2018/regular-124.yaml',
        'reports edit 2019-S11 --from /tmp/reports-edit-kept-Ab12Cd/special-011.yaml',
        'reports edit 2019-S11 --set total=1639 --set date=2019-1-25 --dry-run',
        'reports edit 2018-R3 2018-R124 --add-keyword "urban planning" --commit',
        'reports edit 2019-S11 --set number=12 --set total=1640   # moves it to 2019/special-012.yaml',
      ) +
        '\nThe record is edited in a temporary copy. On close it is checked as validate checks it (YAML, fields, numbering\n' +
        'against the other records). When invalid: on a terminal you choose to reopen it or keep the original; otherwise\n' +
        'exit 1 with the original untouched. Whenever the edit is not written (invalid, locked, disk full), the edited\n' +
        'copy is kept and its path printed, with the command that takes it up again (--from).\n' +
        'With --set, --unset, --add-keyword or --remove-keyword no editor opens: the changes are checked the same way,\n' +
        'every record before the first is written, and a refused change leaves every record as it was.\n',
    )
    .action(async (refs: string[], opts: EditOptions, command: Command) => {
      const s = ctx.session(command);
      const changes: FieldChange[] = [
        ...(opts.set ?? []).map(setChange),
        ...(opts.unset ?? []).map((field) => ({ op: 'unset' as const, field })),
        ...(opts.addKeyword ?? []).map((value) => ({ op: 'add-keyword' as const, value })),
        ...(opts.removeKeyword ?? []).map((value) => ({ op: 'remove-keyword' as const, value })),
      ];
      if (changes.length > 0) {
        if (opts.from !== undefined) throw new UsageError('--from replaces the whole text; it does not go with --set, --unset, --add-keyword or --remove-keyword');
        return setAction(s, refs, changes, opts);
      }
      if (opts.dryRun || opts.json) throw new UsageError('--dry-run and --json go with --set, --unset, --add-keyword or --remove-keyword');
      if (refs.length > 1) throw new UsageError(`the editor edits one report at a time (${refs.length} given); to change several, use --set and the like`);
      const ref = refs[0]!;
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

/** A value as one line of a message: JSON for text and lists (quoted, control characters escaped), "-" for none. */
const shown = (v: unknown) => (v === undefined ? '-' : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));

async function setAction(s: Session, refs: string[], changes: FieldChange[], opts: EditOptions): Promise<void> {
  const { setFields } = await import('../app/set.js');
  const r = await setFields(await askingEnv(s, { toStderr: !!opts.json }), { refs, changes, dryRun: opts.dryRun, commit: opts.commit });
  if (opts.json) {
    const out = { ...r, changes: r.changes.map(({ text: _t, ...c }) => c) };
    const { jsonDocument } = await import('../render/json-output.js');
    s.io.stdout(jsonDocument(out));
    return;
  }
  const { visible } = await import('../render/safe.js');
  // A dry run's report is what was asked for: stdout. What a real run did is a message: stderr.
  const tell = (line: string) => (r.dryRun ? s.io.stdout(`${line}\n`) : s.say(line));
  for (const c of r.changes) {
    if (c.status === 'unchanged') {
      tell(`${c.id}: no change (${c.file})`);
      continue;
    }
    const what = c.fields.map((f) => {
      // A list (key words, authors) as what it gains and loses.
      if (Array.isArray(f.before) && Array.isArray(f.after)) {
        const before = f.before as unknown[];
        const after = f.after as unknown[];
        const gained = after.filter((x) => !before.includes(x)).map((x) => `+${shown(x)}`);
        const lost = before.filter((x) => !after.includes(x)).map((x) => `-${shown(x)}`);
        if (gained.length + lost.length > 0) return `${f.field} ${[...gained, ...lost].join(' ')}`;
      }
      return `${f.field} ${shown(f.before)} -> ${shown(f.after)}`;
    });
    const where = c.status === 'moved' ? `${c.file} -> ${c.dest}` : c.file;
    const id = c.was === c.id ? c.id : `${c.was} (now ${c.id})`;
    tell(visible(`${r.dryRun ? 'would change' : 'changed'} ${id} (${where}): ${what.join('; ')}`));
  }
  if (r.commit) s.say(`committed ${r.commit.id}: ${r.commit.message}`);
}
