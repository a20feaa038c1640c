// The use cases speak the domain: their errors and notices name the input's fields, and the command line words
// them as flags (src/errors.ts Words, src/commands/words.ts). A command hands its use case an allow-list of options.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { checkExportInput, type ExportInput } from '../../src/app/export.js';
import { RECORD_FLAGS } from '../../src/commands/add.js';
import { pickOptions } from '../../src/commands/options.js';
import { flagOf, flagWords } from '../../src/commands/words.js';
import { buildProgram } from '../../src/cli.js';
import { InputError, inputWords, ReportsError, UsageError } from '../../src/errors.js';
import { ROOT } from '../helpers.js';

describe('Words', () => {
  it.each([
    ['baseUrl', '--base-url'],
    ['singleFile', '--single-file'],
    ['authors', '--author'],
    ['keywords', '--keyword'],
    ['page', '--from-text'],
    ['textFile', '--from'],
    ['force', '--force'],
  ])('the field %s is the flag %s', (field, flag) => {
    expect(flagOf(field)).toBe(flag);
  });

  it('a use case run again: the command to type, values quoted for the shell; the library names the inputs', () => {
    expect(flagWords.again('edit', ['2019-S11'], { textFile: "/tmp/it's here.yaml" })).toBe("reports edit 2019-S11 --from '/tmp/it'\\''s here.yaml'");
    expect(flagWords.again('add', [], { page: '<file>' })).toBe('reports add --from-text <file>');
    expect(inputWords.again('edit', ['2019-S11'], { textFile: '/tmp/x' })).toBe('edit "2019-S11" textFile="/tmp/x"');
  });

  it('an error without a wording reads the same to everyone', () => {
    const e = new ReportsError('plain', ['a']);
    expect(e.worded(flagWords)).toBe('plain');
    expect(e.wordedDetails(flagWords)).toEqual(['a']);
  });
});

describe('export input: typed errors naming fields, worded as flags by the command line', () => {
  it.each<[Partial<ExportInput>, string[], string, string]>([
    [{ format: 'json', singleFile: true }, ['singleFile'], 'singleFile is for html only; drop it for json.', '--single-file is for html only; drop it for json.'],
    [{ format: 'csv', feed: true, baseUrl: 'https://e.org/' }, ['feed'], 'feed is for the html site (export html out DIR); drop it for csv.', '--feed is for the html site (export html --out DIR); drop it for csv.'],
    [{ format: 'html', feed: true, out: 'x' }, ['feed', 'baseUrl'], 'feed needs baseUrl: ', '--feed needs --base-url: '],
    [{ format: 'json', bom: true }, ['bom'], 'bom is for csv only; drop it for json.', '--bom is for csv only; drop it for json.'],
    [{ format: 'json', raw: true }, ['raw'], 'raw is for csv only', '--raw is for csv only'],
    [{ format: 'html' }, ['out'], 'pass out DIR (e.g. out site/), or singleFile', 'pass --out DIR (e.g. --out site/), or --single-file'],
    [{ format: 'atom' }, ['baseUrl'], 'atom needs baseUrl:', 'atom needs --base-url:'],
  ])('%j', (input, fields, library, cli) => {
    let err: unknown;
    try {
      checkExportInput(input as ExportInput);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const e = err as InputError;
    expect(e).toBeInstanceOf(UsageError);
    expect(e.exitCode).toBe(2);
    expect(e.fields).toEqual(fields);
    expect(e.message).toContain(library);
    expect(e.message).not.toMatch(/--[a-z]/);
    expect(e.worded(flagWords)).toContain(cli);
  });
});

/** The text of every string and template literal of a TypeScript file (comments are not literals). */
function literals(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) out.push(n.text);
    ts.forEachChild(n, visit);
  };
  visit(source);
  return out;
}

describe('src/app names no flag', () => {
  // What is not a message: the git hook a use case writes (a shell script) and git's own arguments.
  const NOT_MESSAGES: Record<string, RegExp> = { 'hook.ts': /.*/, 'init.ts': /^--version$/ };
  const dir = path.join(ROOT, 'src', 'app');
  it.each(readdirSync(dir).filter((f) => f.endsWith('.ts')))('%s', (name) => {
    const flags = literals(path.join(dir, name)).filter((t) => /(^|[\s(])--[a-z]/.test(t) && !NOT_MESSAGES[name]?.test(t));
    expect(flags).toEqual([]);
  });
});

describe('add hands its use case an allow-list of options', () => {
  it('pickOptions keeps the keys named, and only those given', () => {
    const opts = { title: 'T', json: true, commit: true, number: undefined as number | undefined };
    expect(pickOptions(opts, ['title', 'number'])).toEqual({ title: 'T' });
  });

  it('every option of add is a record field or one the command reads itself: a new flag must be placed', () => {
    const program = buildProgram({ stdout: () => undefined, stderr: () => undefined, env: {}, cwd: ROOT, stdoutIsTTY: false, stderrIsTTY: false, stdinIsTTY: false });
    const add = program.commands.find((c) => c.name() === 'add')!;
    const COMMAND_ONLY = ['author', 'keyword', 'abstract', 'abstractFile', 'fromText', 'input', 'dryRun', 'json', 'commit', 'force'];
    const names = add.options.map((o) => o.attributeName());
    expect(names.filter((n) => !(RECORD_FLAGS as readonly string[]).includes(n) && !COMMAND_ONLY.includes(n))).toEqual([]);
    expect(names).toEqual(expect.arrayContaining([...RECORD_FLAGS]));
  });
});
