// reports add: a new record, from prompts, flags or a pasted page. Never overwrites, never loses a record.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { examples, terminalOf, type Context, type Session } from './context.js';
import { UsageError } from '../errors.js';
import type { LoadedRecord } from '../model/record.js';
import { KINDS } from '../model/ids.js';
import { collect, dateOption, orNone, parseKind, parsePositiveInt, parseYear, pickOptions } from './options.js';
import { httpUrl, URL_RULE } from '../model/url.js';
import { DOI_RE } from '../model/ids.js';
import { commandEdit } from './edit.js';
import { visible } from '../render/safe.js';

export interface AddOptions {
  title?: string;
  author?: string[];
  team?: string | null;
  unit?: string | null;
  organization?: string | null;
  series?: string;
  kind?: 'regular' | 'special';
  year?: number;
  number?: number;
  total?: number | null;
  date?: string | null;
  abstract?: string;
  abstractFile?: string;
  keyword?: string[];
  url?: string | null;
  doi?: string;
  fromText?: string;
  input: boolean;
  dryRun?: boolean;
  json?: boolean;
  force?: boolean;
  commit?: boolean;
}


/** The flags that are record fields as they are (author, keyword and abstract are read apart). */
export const RECORD_FLAGS = ['title', 'team', 'unit', 'organization', 'series', 'kind', 'year', 'number', 'total', 'date', 'url', 'doi'] as const satisfies ReadonlyArray<keyof AddOptions>;

function parseUrl(v: string): string {
  if (httpUrl(v)) return v;
  throw new InvalidArgumentError(`the URL must be ${URL_RULE}.`);
}

/** A DOI as a record holds it: "https://doi.org/10.5555/x" and "doi:10.5555/x" give 10.5555/x. */
function parseDoi(v: string): string {
  const doi = v.trim().replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:)/i, '');
  if (DOI_RE.test(doi)) return doi;
  throw new InvalidArgumentError('the DOI must look like 10.5555/drc.2019-s11 (10., four to nine digits, a slash, the suffix).');
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
    .option('--author <names>', 'an author; repeat the flag, or write "A, B & C" (- for none: the --team or --organization signs)', collect)
    .option('--team <text>', 'the research team, e.g. Research Team on “...” (- for none)', orNone(nonEmpty('--team')))
    .option('--unit <text>', 'the department or institute (- for none)', orNone(nonEmpty('--unit')))
    .option('--organization <text>', 'the organization (default: the config\'s, else as last used in the archive; - for none)', orNone(nonEmpty('--organization')))
    .option('--series <name>', 'the series (default: the config\'s first, else as last used in the archive)', nonEmpty('--series'))
    .addOption(new Option('--kind <kind>', 'regular or special (default: the config\'s, else regular)').choices(KINDS).argParser(parseKind))
    .option('--year <yyyy>', 'the numbering year (default: this year)', parseYear)
    .option('--number <n>', 'the number (default: the next free one)', parsePositiveInt('--number'))
    .option('--total <n>', "the Total (default: the page's, else offset + number when the year's offset is known; - for none)", orNone(parsePositiveInt('--total')))
    .option('--date <date>', "the date, YYYY-MM-DD or as pages write it: 2019/1/25, \"Jan 25, 2019\" (default: the page's, else none; - for none)", orNone(dateOption))
    .option('--abstract <text>', 'the abstract')
    .option('--abstract-file <file>', 'read the abstract from a file (- for stdin)')
    .option('--keyword <words>', 'a key word; repeat the flag, or comma-separate them', collect)
    .option('--url <url>', 'the report\'s page, http(s)://... (- for none)', orNone(parseUrl))
    .option('--doi <doi>', 'the report\'s DOI, e.g. 10.5555/drc.2019-s11 (https://doi.org/ before it is dropped)', parseDoi)
    .option('--from-text <file>', 'import a report page: pasted text or a saved .html/.htm page (- for stdin); flags override what it reads')
    .option('--no-input', 'never prompt; fail with exit 2 when a required value is missing')
    .option('--dry-run', 'print the YAML that would be written, write nothing')
    .option('--json', 'print {schemaVersion, report} as JSON (as show --json does) instead of a message')
    .option('--commit', 'commit the new record file in git (just that file), with the message "Add <id>: <title>"')
    .option('--force', 'write even when the checks refuse (duplicate number or Total, offset, probable duplicate)')
    .addHelpText(
      'after',
      examples(
        'reports add                                  # asks for each field, proposes number, Total, date',
        'reports add --from-text page.txt             # a copied report page: its values become the answers',
        'reports add --from-text saved.html           # a page saved from the browser (its canonical URL becomes url)',
        'pbpaste | reports add --from-text - --no-input',
        'reports add --no-input --title "Rural Finance" --author "Li Wei & Wang Fang" \\',
        '    --kind special --year 2019 --keyword finance --keyword "rural areas"',
        'reports add --no-input --title T --author A --dry-run   # show the YAML, write nothing',
        'reports add --no-input --title T --author A --year 2014 --total - --date -   # an old report: no Total, no date',
      ) +
        '\nRequired: --title and --author (or a page giving them; --author - when a team or organization signs).\n' +
        'At a terminal, number, Total and date are proposed and every answer can be changed before the record is\n' +
        'written; a refusal offers to change the refused answer or to write anyway. With --no-input nothing is\n' +
        "guessed: the next free number, a Total only from the year's offset, no date unless given or read from the\n" +
        'page. - means none.\n' +
        'Refused (exit 1, nothing written) unless --force: a number or Total already used, a Total that disagrees\n' +
        'with the year\'s offset, a probable duplicate title (with --no-input). Exit 2: a missing or bad value.\n',
    )
    .action(async (opts: AddOptions, command: Command) => {
      const s = ctx.session(command);
      const { io } = s;
      const { addReport, draftFromValues } = await import('../app/add.js');
      // A page pasted at a terminal (--from-text -) is asked for like the abstract, then reviewed as a page file is.
      const interactive = opts.input !== false && io.stdinIsTTY && io.stdoutIsTTY && opts.abstractFile !== '-';
      if (opts.abstract !== undefined && opts.abstractFile !== undefined) throw new UsageError('give --abstract or --abstract-file, not both');
      if (opts.abstractFile === '-' && opts.fromText === '-') throw new UsageError('only one of --from-text and --abstract-file can read stdin (-); give the other a file');
      if (opts.abstractFile === '-' && io.stdinIsTTY) io.stderr('Paste the abstract, then press Ctrl-D on a line of its own.\n');
      const abstract = opts.abstractFile !== undefined ? await readSource(s, opts.abstractFile, 'the abstract') : opts.abstract;
      const { fromText } = opts;
      // The record's fields, by name: the other flags (--json, --commit, ...) are the command's, never a field.
      const fields = pickOptions(opts, RECORD_FLAGS);
      const given = draftFromValues({ ...fields, abstract, authors: opts.author, keywords: opts.keyword });
      const env = { ...s.env };
      if (interactive) {
        const { terminalAsk } = await import('../prompts/index.js');
        env.ask = await terminalAsk(terminalOf(io), { toStderr: !!opts.json });
      }
      let page: { bytes?: Uint8Array; text?: string; name?: string; source: string } | undefined;
      if (fromText === '-' && interactive) {
        const { PAGE_QUESTION } = await import('../app/dialogue.js');
        page = { text: await env.ask!(PAGE_QUESTION), source: 'the page' };
      } else if (fromText !== undefined) {
        if (fromText === '-' && io.stdinIsTTY) io.stderr('Paste the report page, then press Ctrl-D on a line of its own.\n');
        // Bytes, not text: a saved HTML page may declare another character set (GBK); stdin's HTML is told by content.
        page = { bytes: await readSourceBytes(s, fromText, 'the page'), ...(fromText === '-' ? {} : { name: fromText }), source: fromText === '-' ? 'the page' : fromText };
      }
      // The record is shown before the review only at a terminal: the table renderer is loaded only then.
      const detail = interactive ? (await import('../render/terminal.js')).renderDetail : undefined;
      const preview = (candidate: LoadedRecord) => env.ask!.note?.('\n' + detail!(candidate, s.width(), s.style()));
      // The config's (or the environment's) series, organization and kind come before what the archive last used.
      const { series, organization, kind } = s.settings;
      const configured = { series: series?.value[0], organization: organization?.value, kind: kind?.value };
      for (const k of Object.keys(configured) as Array<keyof typeof configured>) if (configured[k] === undefined) delete configured[k];
      const r = await addReport(env, { given, page, configured, interactive, dryRun: opts.dryRun, force: opts.force, commit: opts.commit, preview, unsaved: fromText === '-' || opts.abstractFile === '-' });
      if (r.status === 'declined') {
        s.say('not added: the answers were discarded; nothing was written');
        return;
      }
      if (opts.json) {
        const { reportDocument } = await import('../render/record-json.js');
        io.stdout(reportDocument(r.record));
      } else if (r.status === 'planned') io.stdout(r.text);
      const what = `${r.id}${r.record.record.total !== undefined ? `, Total ${r.record.record.total}` : ''}`;
      if (r.status === 'planned') s.say(`dry run: would create ${visible(r.file)} (${what}) in ${s.label(s.env.archive)}; nothing was written`);
      else s.say(`created ${visible(r.file)} (${what})`);
      if (r.commit) s.say(`committed ${r.commit.id}: ${r.commit.message}`);
    });
  commandEdit(program, ctx);
}

/** The bytes of a page file, or of stdin for "-" (store/source.ts: regular files only, at most 10 MB, stdin waited for). */
async function readSourceBytes(s: Session, file: string, what: string): Promise<Uint8Array> {
  const { readSourceBytes: read } = await import('../store/source.js');
  return read(file, { what, cwd: s.io.cwd, stdin: s.io.stdin });
}

/** The text of a file, or of stdin for "-": regular files only, at most 10 MB, stdin waited for (store/source.ts). */
async function readSource(s: Session, file: string, what: string): Promise<string> {
  const { readSource: read } = await import('../store/source.js');
  return read(file, { what, cwd: s.io.cwd, stdin: s.io.stdin });
}
