// The layers of src/ (scripts/check-layers.mjs): the real tree has no forbidden import, and each rule catches
// what it forbids in a tree made for the test.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers.js';
// @ts-expect-error: a plain script of the repository, without types
import { violations } from '../../scripts/check-layers.mjs';

type Violation = { file: string; line: number; spec: string; rule: string };

function tree(files: Record<string, string>): string {
  const src = path.join(tempDir('reports-layers-'), 'src');
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(src, rel)), { recursive: true });
    writeFileSync(path.join(src, rel), text);
  }
  return src;
}

describe('the layers of src/', () => {
  it('the project has no forbidden import', () => {
    expect((violations(path.join(ROOT, 'src')) as Violation[]).map((v) => `${v.file}:${v.line} ${v.rule}`)).toEqual([]);
  });

  it.each([
    ['checks/a.ts', "import { loadArchive } from '../store/archive.js';", 'checks/ may not import store/'],
    ['model/a.ts', "import type { Archive } from '../store/archive.js';", 'model/ may not import store/'],
    ['render/a.ts', "export { x } from '../store/cache.js';", 'render/ may not import store/'],
    ['prompts/a.ts', "const m = await import('../store/lock.js');", 'prompts/ may not import store/'],
    ['store/a.ts', "import { run } from '../cli.js';", 'store/ may not import cli/'],
    ['app/a.ts', "import { commandList } from '../commands/list.js';", 'app/ may not import commands/'],
    ['app/a.ts', "import { terminalAsk } from '../prompts/index.js';", 'app/ may not import prompts/'],
    ['model/a.ts', "import { x } from '../app/add.js';", 'model/ may not import app/'],
    ['app/a.ts', "import { Command } from 'commander';", 'commander is imported only in commands, cli'],
    ['render/a.ts', "import { select } from '@inquirer/prompts';", '@inquirer/prompts is imported only in prompts'],
    ['app/a.ts', 'export const cwd = () => process.cwd();', 'app/ uses no process.*: take it from the AppEnv'],
  ])('%s: %s is refused', (file, text, rule) => {
    const found = violations(tree({ [file]: `${text}\n` })) as Violation[];
    expect(found.map((v) => v.rule)).toEqual([rule]);
    expect(found[0]!.line).toBe(1);
  });

  it.each([
    ['app/a.ts', "import { loadArchive } from '../store/archive.js';"],
    ['commands/a.ts', "import { listReports } from '../app/read.js';"],
    ['render/a.ts', "import type { LoadedRecord } from '../model/record.js';"],
    ['checks/a.ts', "import { fold } from '../model/text.js';"],
    ['cli.ts', "import { commandList } from './commands/list.js';"],
  ])('%s: %s is allowed', (file, text) => {
    expect(violations(tree({ [file]: `${text}\n` }))).toEqual([]);
  });
});
