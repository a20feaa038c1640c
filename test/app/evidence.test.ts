// Ties settled by git, in a real repository: special 2019 No.9 and No.11 disagree on the offset (1638 and 1639), and
// git tells which changed: in the index, in the work tree, or in the later commit. Outside git: a tie.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/record.js';
import { recordYaml } from '../helpers.js';
import { git, identify, reports, tempFolder } from '../team-helpers.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const S9 = '2019/special-009.yaml';
const S11 = '2019/special-011.yaml';
const s9 = (total: number) => recordYaml({ title: 'Nine', kind: 'special', number: 9, total, date: '2019-01-25' });
const s11 = (total: number) => recordYaml({ title: 'Eleven', kind: 'special', number: 11, total, date: '2019-01-25' });

/** A repository holding S9 and S11 as `setup` leaves them. */
function repo(setup: (write: (file: string, text: string) => void, dir: string) => void): string {
  const dir = tempFolder('reports-evidence-');
  made.push(dir);
  git(dir, 'init', '--quiet', '-b', 'main');
  identify(dir);
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, 'archive', file)), { recursive: true });
    writeFileSync(path.join(dir, 'archive', file), text);
  };
  setup(write, dir);
  return dir;
}

const commitAll = (dir: string, message: string) => {
  git(dir, 'add', '.');
  git(dir, 'commit', '--quiet', '-m', message);
};

/** [file, unsettled or decidedBy] of each total-offset error. */
async function blame(dir: string): Promise<Array<[string, string]>> {
  const r = await reports(dir, ['validate', '--json']);
  return (JSON.parse(r.stdout) as { errors: Array<Finding & { unsettled?: boolean; decidedBy?: string }> }).errors
    .filter((f) => f.code === 'total-offset')
    .map((f) => [f.file, f.unsettled ? 'tie' : (f.decidedBy ?? 'majority')]);
}

describe('a tie of two records, settled by git', () => {
  it.each<[string, (write: (file: string, text: string) => void, dir: string) => void, Array<[string, string]>]>([
    [
      'S9 changed in the index',
      (write, dir) => {
        write(S9, s9(1637));
        write(S11, s11(1639));
        commitAll(dir, 'start');
        write(S9, s9(1638));
        git(dir, 'add', 'archive');
      },
      [[S9, `git: ${S9} is changed in the index`]],
    ],
    [
      'S9 changed in the work tree',
      (write, dir) => {
        write(S9, s9(1637));
        write(S11, s11(1639));
        commitAll(dir, 'start');
        write(S9, s9(1638));
      },
      [[S9, `git: ${S9} is changed in the work tree`]],
    ],
    [
      'S11 new and untracked',
      (write, dir) => {
        write(S9, s9(1638));
        commitAll(dir, 'start');
        write(S11, s11(1639));
      },
      [[S11, `git: ${S11} is changed in the work tree`]],
    ],
    [
      'S9 in the later commit',
      (write, dir) => {
        write(S9, s9(1637));
        write(S11, s11(1639));
        commitAll(dir, 'start');
        write(S9, s9(1638));
        commitAll(dir, 'S9 changed');
      },
      [[S9, `git: ${S9} was committed later`]],
    ],
    [
      'both in one commit: a tie',
      (write, dir) => {
        write(S9, s9(1638));
        write(S11, s11(1639));
        commitAll(dir, 'start');
      },
      [
        [S9, 'tie'],
        [S11, 'tie'],
      ],
    ],
  ])('%s', async (_name, setup, expected) => {
    expect(await blame(repo(setup))).toEqual(expected);
  });
});
