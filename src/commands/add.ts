// reports add: a new record, from prompts, flags or a pasted page. Never overwrites, never loses a record.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { examples, type Context, type Session } from './context.js';
import { ReportsError, UsageError } from '../errors.js';
import type { LoadedRecord } from '../model/record.js';
import { KINDS } from '../model/ids.js';
import { parseDate, parseKind, parsePositiveInt, parseYear } from './options.js';
import { commandEdit } from './edit.js';

export interface AddOptions {
  title?: string;
  author?: string[];
  team?: string;
  unit?: string;
  organization?: string;
  series?: string;
  kind?: 'regular' | 'special';
  year?: number;
  number?: number;
  total?: number;
  date?: string;
  abstract?: string;
  abstractFile?: string;
  keyword?: string[];
  url?: string;
  fromText?: string;
  input: boolean;
  dryRun?: boolean;
  json?: boolean;
  force?: boolean;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

function parseUrl(v: string): string {
  try {
    const u = new URL(v);
    if (u.protocol === 'http:' || u.protocol === 'https:') return v;
  } catch {
    // fall through
  }
  throw new InvalidArgumentError('a URL is absolute, e.g. https://www.drc.gov.cn/...');
}

function nonEmpty(what: string) {
  return (v: string) => {
    if (!v.trim()) throw new InvalidArgumentError(`${what} must not be empty.`);
    return v.trim();
  };
}

/** Registers `add` and its companion `edit` (one registration in cli.ts for both). */
export function commandAdd(program: Command, ctx: Context): void {
  program
    .command('add')
    .description('Add a report: asks for each field on a terminal; takes flags or a pasted page (--from-text) in scripts.')
    .option('--title <text>', 'the title, without its "(No.N, YYYY)" suffix', nonEmpty('--title'))
    .option('--author <names>', 'an author; repeat the flag, or write "A, B & C"', collect)
    .option('--team <text>', 'the research team, e.g. Research Team on “...”', nonEmpty('--team'))
    .option('--unit <text>', 'the department or institute', nonEmpty('--unit'))
    .option('--organization <text>', 'the organization (default: as last used in the archive)', nonEmpty('--organization'))
    .option('--series <name>', 'the series (default: as last used in the archive)', nonEmpty('--series'))
    .addOption(new Option('--kind <kind>', 'regular or special (default: regular)').choices(KINDS).argParser(parseKind))
    .option('--year <yyyy>', 'the numbering year (default: this year)', parseYear)
    .option('--number <n>', 'the number (default: the next free one)', parsePositiveInt('--number'))
    .option('--total <n>', 'the Total (default: offset + number, else the highest Total + 1)', parsePositiveInt('--total'))
    .option('--date <yyyy-mm-dd>', 'the date (default: today, unless imported)', parseDate)
    .option('--abstract <text>', 'the abstract')
    .option('--abstract-file <file>', 'read the abstract from a file (- for stdin)')
    .option('--keyword <words>', 'a key word; repeat the flag, or comma-separate them', collect)
    .option('--url <url>', 'the source page', parseUrl)
    .option('--from-text <file>', 'import a pasted report page (- for stdin); flags override what it reads')
    .option('--no-input', 'never prompt; fail with exit 2 when a required value is missing')
    .option('--dry-run', 'print the YAML that would be written, write nothing')
    .option('--json', 'print the record as JSON (as show --json does) instead of a message')
    .option('--force', 'write even when the checks refuse (duplicate number or Total, offset, probable duplicate)')
    .addHelpText(
      'after',
      examples(
        'reports add                                  # asks for each field, proposes number, Total, date',
        'reports add --from-text page.txt             # a copied report page: its values become the answers',
        'pbpaste | reports add --from-text - --no-input',
        'reports add --no-input --title "Rural Finance" --author "Li Wei & Wang Fang" \\',
        '    --kind special --year 2019 --keyword finance --keyword "rural areas"',
        'reports add --no-input --title T --author A --dry-run   # show the YAML, write nothing',
      ) +
        '\nRequired: --title and --author (or a page giving them). Number, Total and date are proposed.\n' +
        'Refused (exit 1, nothing written) unless --force: a number or Total already used, a Total that disagrees\n' +
        'with the year\'s offset, a probable duplicate title (with --no-input). Exit 2: a missing or bad value.\n',
    )
    .action(async (opts: AddOptions, command: Command) => {
      const s = ctx.session(command);
      const { io } = s;
      const { addReport, draftFromValues } = await import('../app/add.js');
      const interactive = opts.input !== false && io.stdinIsTTY && io.stdoutIsTTY && opts.fromText !== '-' && opts.abstractFile !== '-';
      if (opts.abstract !== undefined && opts.abstractFile !== undefined) throw new UsageError('give --abstract or --abstract-file, not both');
      const abstract = opts.abstractFile !== undefined ? await readSource(s, opts.abstractFile, 'the abstract') : opts.abstract;
      const { author, keyword, input: _input, dryRun: _d, json: _j, force: _f, fromText, abstractFile: _a, ...fields } = opts;
      const given = draftFromValues({ ...fields, abstract, authors: author, keywords: keyword });
      let page: { text: string; source: string } | undefined;
      if (fromText !== undefined) {
        if (fromText === '-' && io.stdinIsTTY) io.stderr('Paste the report page, then press Ctrl-D on a line of its own.\n');
        page = { text: await readSource(s, fromText, 'the page'), source: fromText === '-' ? 'the page' : fromText };
      }
      const env = { ...s.env };
      if (interactive) {
        const { terminalAsk } = await import('../prompts/index.js');
        env.ask = await terminalAsk({ toStderr: !!opts.json });
      }
      const confirm = async (candidate: LoadedRecord, file: string) => {
        const { renderDetail } = await import('../render/terminal.js');
        env.ask!.note?.('\n' + renderDetail(candidate, s.width(), s.style()));
        return env.ask!({ type: 'confirm', name: 'confirm', message: `Add this report as ${file}?`, default: true });
      };
      const r = await addReport(env, { given, page, interactive, dryRun: opts.dryRun, force: opts.force, confirm, unsaved: fromText === '-' || opts.abstractFile === '-' });
      if (r.status === 'declined') {
        s.say('not added; nothing was written');
        return;
      }
      if (opts.json) {
        const { recordJson } = await import('../render/record-json.js');
        io.stdout(JSON.stringify(recordJson(r.record), null, 2) + '\n');
      } else if (r.status === 'planned') io.stdout(r.text);
      const what = `${r.id}${r.record.record.total !== undefined ? `, Total ${r.record.record.total}` : ''}`;
      if (r.status === 'planned') s.say(`dry run: would create ${r.file} (${what}) in ${s.label(s.env.archive)}; nothing was written`);
      else s.say(`created ${r.file} (${what})`);
    });
  commandEdit(program, ctx);
}

/** The text of a file, or of stdin for "-". */
async function readSource(s: Session, file: string, what: string): Promise<string> {
  const { readFileSync } = await import('node:fs');
  const path = await import('node:path');
  if (file === '-') {
    const stdin = s.io.stdin as (NodeJS.ReadableStream & { fd?: number }) | undefined;
    try {
      return readFileSync(stdin && typeof stdin.fd === 'number' ? stdin.fd : 0, 'utf8');
    } catch (e) {
      throw new ReportsError(`cannot read ${what} from stdin: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  try {
    return readFileSync(path.resolve(s.io.cwd, file), 'utf8');
  } catch (e) {
    throw new ReportsError(`cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}
