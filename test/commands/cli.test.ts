import { beforeAll, describe, expect, it } from 'vitest';
import { copyArchive, makeArchive, recordYaml, runCli } from '../helpers.js';

let archive: string;
beforeAll(() => {
  archive = copyArchive('archive');
});

describe('bare reports', () => {
  it.each([[[]], [['--no-color']], [['-q', '--archive', 'somewhere']]])('%j prints the help on stdout and exits 0', async (argv) => {
    const r = await runCli(argv);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: reports \[options\] \[command\]\n/);
    expect(r.stdout).toContain('Commands:');
    expect(r.stderr).toBe('');
  });

  it('keeps --version, --help and unknown commands as they were', async () => {
    expect((await runCli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect((await runCli(['--help'])).code).toBe(0);
    const typo = await runCli(['lst']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/unknown command 'lst'/);
  });
});

describe('messages', () => {
  it('a sentence after a full stop starts with a capital letter', async () => {
    const cases = [
      [['list', '--year', '19'], "argument '19' is invalid. A year is four digits, e.g. 2019."],
      [['list', '--kind', 'weekly'], 'is invalid. Kind is regular or special.'],
      [['list', '--since', '2019-02-30'], 'is invalid. 2019-02-30 is not a real day: February 2019 has 28 days.'],
    ] as const;
    for (const [argv, text] of cases) {
      const r = await runCli([...argv]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(text);
      expect(r.stderr).not.toMatch(/\. [a-z]/);
    }
  });

  it.each([
    [['--title', 'A Title'], 'missing --author; pass it, or run in a terminal to be asked'],
    [[], 'missing --title, --author; pass them, or run in a terminal to be asked'],
  ])('add %j: "%s"', async (args, message) => {
    const r = await runCli(['add', '--archive', archive, '--no-input', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('validate --json --strict does not point at findings "above" (they are in the JSON on stdout)', async () => {
    const dir = makeArchive({ '2019/regular-001.yaml': recordYaml() + 'colour: red\n' });
    const json = await runCli(['validate', '--archive', dir, '--json', '--strict']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).warnings.length).toBeGreaterThan(0);
    expect(json.stderr).not.toMatch(/above/);
    expect(json.stderr).toMatch(/the archive is not valid: 1 warning with --strict \(the findings are in the JSON output\)/);
    const text = await runCli(['validate', '--archive', dir, '--strict']);
    expect(text.stderr).toMatch(/fix the findings above/);
  });
});
