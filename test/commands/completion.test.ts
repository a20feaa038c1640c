import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.js';
import { describeProgram } from '../../src/commands/completion.js';
import { completionScript } from '../../src/render/completion.js';
import { BIN, CACHE_DIR, copyArchive, makeArchive, recordYaml, runCli, tempDir } from '../helpers.js';

let archive: string;
let bashScript: string;
let binDir: string;
beforeAll(async () => {
  archive = copyArchive('archive');
  const r = await runCli(['completion', 'bash']);
  expect(r.code).toBe(0);
  bashScript = path.join(tempDir(), 'reports.bash');
  writeFileSync(bashScript, r.stdout);
  // `reports` on PATH, as an installed program would be: the built CLI.
  binDir = path.join(tempDir(), 'bin');
  mkdirSync(binDir);
  writeFileSync(path.join(binDir, 'reports'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(path.join(binDir, 'reports'), 0o755);
});

/** What bash offers for the command line `words` (the last word being completed), through the generated script. */
function complete(words: string[], env: NodeJS.ProcessEnv = {}): string[] {
  const script = `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMPREPLY=(); _reports; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', script, 'bash', bashScript, ...words], {
    encoding: 'utf8',
    env: { PATH: `${binDir}${path.delimiter}${process.env.PATH}`, REPORTS_ARCHIVE: archive, REPORTS_CACHE_DIR: CACHE_DIR, HOME: tempDir() , ...env },
    cwd: tempDir(),
    timeout: 20_000,
  });
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter(Boolean);
}

describe('reports completion bash, run by bash', () => {
  it('is valid bash', () => {
    expect(spawnSync('bash', ['-n', bashScript]).status).toBe(0);
  });

  it.each([
    [['reports', 'li'], ['list']],
    [['reports', 'va'], ['validate']],
    [['reports', 'show', '2019-S'], ['2019-S9', '2019-S11']],
    [['reports', 'show', '2019-s1'], ['2019-S11']],
    [['reports', 'open', '2018-'], ['2018-R3', '2018-R124']],
    [['reports', 'edit', '2016'], ['2016-R122']],
    [['reports', 'list', '--ye'], ['--year']],
    [['reports', 'list', '--year', ''], ['2019', '2018', '2016']],
    [['reports', 'list', '-k', 's'], ['special']],
    [['reports', 'list', '--format', ''], ['table', 'line', 'tsv', 'json']],
    // The values of --columns, each after the last comma.
    [['reports', 'list', '--columns', 'ti'], ['title']],
    [['reports', 'list', '--columns', 'id,da'], ['id,date']],
    [['reports', 'list', '--columns', 'id,t'], ['id,total', 'id,title', 'id,team']],
    // Several refs, and attach's second argument is a file.
    [['reports', 'rm', '2018-R3', '2018-R1'], ['2018-R124']],
    [['reports', 'attach', '2019-S1'], ['2019-S11']],
    [['reports', 'list', '--arch'], ['--archive']],
    [['reports', 'completion', ''], ['bash', 'zsh', 'fish']],
    [['reports', 'help', 'st'], ['stats']],
    [['reports', '--qu'], ['--quiet']],
  ])('%j -> %j', (words, expected) => {
    expect(complete(words)).toEqual(expected);
  });

  it('completes files and folders where a command takes them: import, init, export --out, attach <file>', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'pages'));
    writeFileSync(path.join(dir, 'page one.txt'), 'x');
    writeFileSync(path.join(dir, 'paper.pdf'), 'x');
    const inDir = (words: string[]) => {
      const script = `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMPREPLY=(); _reports; printf '%s\\n' "\${COMPREPLY[@]}"`;
      const r = spawnSync('bash', ['--norc', '--noprofile', '-c', script, 'bash', bashScript, ...words], {
        encoding: 'utf8',
        env: { PATH: `${binDir}${path.delimiter}${process.env.PATH}`, REPORTS_ARCHIVE: archive, REPORTS_CACHE_DIR: CACHE_DIR, HOME: tempDir() },
        cwd: dir,
        timeout: 20_000,
      });
      return r.stdout.split('\n').filter(Boolean).sort();
    };
    expect(inDir(['reports', 'import', 'pa'])).toEqual(['page one.txt', 'pages', 'paper.pdf']);
    expect(inDir(['reports', 'init', 'pa'])).toEqual(['pages']);
    expect(inDir(['reports', 'export', 'html', '--out', 'pa'])).toEqual(['page one.txt', 'pages', 'paper.pdf']);
    expect(inDir(['reports', 'attach', '2019-S11', 'pap'])).toEqual(['paper.pdf']);
    expect(inDir(['reports', 'open', '2019-S11', '--site', 'pa'])).toEqual(['pages']);
  });

  it('completes ids from the archive the command line names', () => {
    const other = makeArchive({ '2017/regular-007.yaml': recordYaml({ year: 2017, number: 7, total: 5107, date: '2017-03-01' }) });
    expect(complete(['reports', '--archive', other, 'show', '20'])).toEqual(['2017-R7']);
    // After the command too, as commander reads a global option anywhere on the line.
    expect(complete(['reports', 'show', '-a', other, '20'])).toEqual(['2017-R7']);
  });
});

describe('the scripts come from the program itself', () => {
  const program = buildProgram({ stdout: () => {}, stderr: () => {}, env: {}, cwd: '/', stdoutIsTTY: false, stderrIsTTY: false, stdinIsTTY: false });
  const spec = describeProgram(program);

  it('every visible command and option is in every script; the hidden command is not', () => {
    for (const shell of ['bash', 'zsh', 'fish'] as const) {
      const script = completionScript(spec, shell);
      for (const cmd of program.commands.filter((c) => c.name() !== '__complete')) {
        expect(script, `${shell}: ${cmd.name()}`).toContain(cmd.name());
        for (const o of cmd.options) {
          if (shell === 'fish') expect(script).toContain(`-l ${o.long!.slice(2)}`);
          else expect(script).toContain(o.long!);
        }
      }
      expect(script).not.toMatch(/__complete(?! (ids|years))/); // only run for ids and years, never offered
      expect(spec.commands.map((c) => c.names[0])).not.toContain('__complete');
    }
  });

  it('a new option shows up without touching the script writer', () => {
    program.commands.find((c) => c.name() === 'stats')!.option('--brand-new <kind>', 'a test option');
    expect(completionScript(describeProgram(program), 'bash')).toMatch(/stats\)[\s\S]*--brand-new/);
    expect(completionScript(describeProgram(program), 'fish')).toContain("-n '__fish_seen_subcommand_from stats' -l brand-new -x -d 'a test option'");
  });

  it('zsh and fish ask the archive for ids and years, and register themselves', () => {
    const zsh = completionScript(spec, 'zsh');
    expect(zsh).toContain('compdef _reports reports');
    expect(zsh).toContain('__complete ids "$cur"');
    const fish = completionScript(spec, 'fish');
    expect(fish).toContain("complete -c reports -n '__fish_seen_subcommand_from show' -x -a '(__reports_run __complete ids)'");
    expect(fish).toContain("-l year -x -a '(__reports_run __complete years)'");
  });
});

describe('reports __complete', () => {
  it('prints ids starting with a prefix in any case, newest year first, and the years', async () => {
    expect((await runCli(['__complete', 'ids', '2019-s', '--archive', archive])).stdout).toBe('2019-S9\n2019-S11\n');
    expect((await runCli(['__complete', 'ids', '--archive', archive])).stdout.split('\n')[0]).toBe('2019-R96');
    expect((await runCli(['__complete', 'years', '--archive', archive])).stdout).toBe('2019\n2018\n2016\n');
  });

  it('is not in the help; an unknown question is a usage error', async () => {
    expect((await runCli(['--help'])).stdout).not.toContain('__complete');
    expect((await runCli(['__complete', 'titles', '--archive', archive])).code).toBe(2);
  });
});

describe('reports completion', () => {
  it('refuses an unknown shell with the list of shells (exit 2)', async () => {
    const r = await runCli(['completion', 'powershell']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bash, zsh, fish/);
  });
});
