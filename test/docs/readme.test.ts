// Every `console` example of README.md (and of docs/validate.md) prints what it shows.
//
// A block is tested when it is fenced as ```console and its first line is `$ reports ...`. The convention:
// - the command runs in-process (runCli) on a fresh temp copy of the bundled archive/, as `./archive` of a temp
//   working folder, so the paths it prints read `archive/2019/...`; a trailing comment `# on test/fixtures/NAME`
//   runs it on a copy of that fixture folder instead (any other trailing `# comment` is only a comment);
// - it runs as at a terminal 100 columns wide with colour off (stdout a terminal, `NO_COLOR=1`, `COLUMNS=100`;
//   stdin and stderr are not terminals, so nothing is asked and no progress is drawn);
// - the lines under the command are what it prints: its stdout, then its stderr (messages such as the count of
//   `list` come after the data, as they do on screen); trailing spaces and blank lines at the end are ignored;
// - the command must exit 0, unless the block goes on with `$ echo $?` and the exit status on the next line;
// - words in "double" or 'single' quotes keep their spaces; no other shell syntax is used.
//
// After a change of output: `UPDATE_DOC_EXAMPLES=1 npx vitest run test/docs/readme.test.ts` rewrites the shown
// output from what the commands print (then read the diff before committing it).
import { cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, runCli, tempDir } from '../helpers.js';

const UPDATE = process.env.UPDATE_DOC_EXAMPLES === '1';
const FILES = ['README.md', 'docs/validate.md'];

interface Example {
  file: string;
  /** The `$ reports ...` line without the `$ `. */
  command: string;
  args: string[];
  fixture?: string;
  shown: string;
  status: number;
  /** Offsets of the shown output in the file (for the update mode). */
  start: number;
  end: number;
}

/** Split a command line into words: quotes keep spaces; a `#` after a space starts a comment. */
export function words(line: string): { args: string[]; comment: string } {
  const args: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ') i++;
    if (i >= line.length) break;
    if (line[i] === '#') return { args, comment: line.slice(i + 1).trim() };
    let word = '';
    while (i < line.length && line[i] !== ' ') {
      const q = line[i];
      if (q === '"' || q === "'") {
        const close = line.indexOf(q, i + 1);
        if (close < 0) throw new Error(`unclosed quote in: ${line}`);
        word += line.slice(i + 1, close);
        i = close + 1;
      } else word += line[i++];
    }
    args.push(word);
  }
  return { args, comment: '' };
}

export function examples(file: string, markdown: string): Example[] {
  const out: Example[] = [];
  for (const m of markdown.matchAll(/^```console\n\$ (reports[^\n]*)\n([\s\S]*?)^```$/gm)) {
    const command = m[1]!;
    const body = m[2]!;
    const { args, comment } = words(command);
    const fixture = /^on test\/fixtures\/(\S+)$/.exec(comment)?.[1];
    const echo = /^\$ echo \$\?\n(\d+)\n$/m.exec(body);
    const shownEnd = echo ? echo.index : body.length;
    // The shown output starts after the `$ reports ...` line.
    const start = m.index! + '```console\n$ '.length + command.length + 1;
    out.push({
      file,
      command,
      args: args.slice(1),
      fixture,
      shown: body.slice(0, shownEnd),
      status: echo ? Number(echo[1]) : 0,
      start,
      end: start + shownEnd,
    });
  }
  return out;
}

const tidy = (s: string): string => s.split('\n').map((l) => l.trimEnd()).join('\n').replace(/\n+$/, '') + '\n';

async function runExample(e: Example): Promise<{ code: number | null; printed: string }> {
  const cwd = tempDir('reports-doc-');
  const src = e.fixture ? path.join(FIXTURES, e.fixture) : path.join(ROOT, 'archive');
  if (!existsSync(src)) throw new Error(`${e.file}: no fixture ${src}`);
  mkdirSync(path.join(cwd, 'archive'));
  cpSync(src, path.join(cwd, 'archive'), { recursive: true });
  const r = await runCli(e.args, { cwd, env: { NO_COLOR: '1', COLUMNS: '100' }, stdoutIsTTY: true, columns: 100 });
  return { code: r.code, printed: r.stdout + r.stderr };
}

for (const file of FILES) {
  describe(`${file} examples`, () => {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    const cases = examples(file, text);
    it('has examples', () => expect(cases.length).toBeGreaterThanOrEqual(file === 'README.md' ? 5 : 1));
    it.each(cases.map((c) => [c.command, c] as const))('%s', async (_name, c) => {
      const { code, printed } = await runExample(c);
      if (UPDATE) {
        const now = readFileSync(path.join(ROOT, file), 'utf8');
        const fresh = examples(file, now).find((x) => x.command === c.command && x.shown === c.shown);
        if (fresh) writeFileSync(path.join(ROOT, file), now.slice(0, fresh.start) + tidy(printed) + now.slice(fresh.end));
      }
      expect(tidy(printed)).toBe(tidy(c.shown));
      expect(code).toBe(c.status);
    });
  });
}

describe('README.md as a guide', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  // What a reader reads: the text without the links' addresses (absolute, so that they work from the registry's page).
  it('stays short', () => expect(Buffer.byteLength(readme.replace(/\]\([^)]*\)/g, ']()'))).toBeLessThan(10_100));
  it('holds the set-up and test commands CI runs', () => {
    for (const cmd of ['npm install', 'npx reports list', 'npm test']) expect(readme).toContain(cmd);
  });
  it('links only to files that exist and ship in the package, by addresses that work from the registry\'s page', () => {
    // No relative link: the registry's page has no folder to resolve it against.
    expect([...readme.matchAll(/\]\(((?!https?:)[^)\s]+)\)/g)].map((m) => m[1])).toEqual([]);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; files: string[] };
    const base = `https://unpkg.com/${pkg.name}/`;
    const links = [...readme.matchAll(/\]\((https:\/\/unpkg\.com\/[^)#\s]+)(#[^)]*)?\)/g)].map((m) => m[1]!);
    expect(links).toContain(`${base}docs/screenshots/index-desktop.png`);
    for (const link of links) {
      expect(link.startsWith(base), link).toBe(true);
      const file = link.slice(base.length);
      expect(existsSync(path.join(ROOT, file)) && statSync(path.join(ROOT, file)).size > 0, file).toBe(true);
      expect(pkg.files.some((f) => file === f || file.startsWith(`${f}/`)), `${file} is in package.json's files`).toBe(true);
    }
  });
  it('parses command lines as a shell would for the words it uses', () => {
    expect(words(`reports list --search "small towns" --limit 2   # on test/fixtures/x`)).toEqual({
      args: ['reports', 'list', '--search', 'small towns', '--limit', '2'],
      comment: 'on test/fixtures/x',
    });
    expect(words(`reports list --keyword 'rural revitalization'`).args).toEqual(['reports', 'list', '--keyword', 'rural revitalization']);
  });
});
