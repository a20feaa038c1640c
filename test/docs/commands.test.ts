// Every `console` example of docs/commands.md prints what it shows: run on the bundled archive, in-process.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers.js';

/** `$ reports args...` then the output, from each ```console block. */
function examples(markdown: string): { command: string; args: string[]; output: string }[] {
  return [...markdown.matchAll(/```console\n\$ (reports [^\n]*)\n([\s\S]*?)```/g)].map((m) => ({
    command: m[1]!,
    // Words, with "double quotes" keeping spaces: the examples use no other shell syntax.
    args: [...m[1]!.matchAll(/"([^"]*)"|(\S+)/g)].map((w) => w[1] ?? w[2]!).slice(1),
    output: m[2]!,
  }));
}

const doc = readFileSync(path.join(ROOT, 'docs', 'commands.md'), 'utf8');

describe('docs/commands.md examples', () => {
  const cases = examples(doc);
  it('has examples', () => expect(cases.length).toBeGreaterThanOrEqual(6));
  it.each(cases.map((c) => [c.command, c] as const))('%s', async (_name, c) => {
    const r = await runCli(c.args, { env: { REPORTS_ARCHIVE: path.join(ROOT, 'archive'), NO_COLOR: '1' } });
    // A successful command shows its stdout; a refused one its message.
    expect(r.code === 0 ? r.stdout : r.stderr).toBe(c.output);
  });
});
