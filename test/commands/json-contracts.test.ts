// Contracts for scripts: every --json output carries schemaVersion and is valid against the schema `reports schema
// <name>` prints (ajv, JSON Schema 2020-12), on real outputs: a clean archive, one with errors, a fix plan, an import.
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { copyArchive, FIXTURES, makeArchive, recordYaml, ROOT, runCli } from '../helpers.js';

const archive = copyArchive('archive');
const broken = makeArchive({
  '2019/regular-001.yaml': recordYaml({ title: 'One', number: 1, total: 5501 }),
  '2019/regular-002.yaml': recordYaml({ title: 'Two', number: 2, total: 5502 }),
  '2019/second-two.yaml': recordYaml({ title: 'Also two', number: 2, total: 5502, date: '2019-01-03' }),
  'bad.yaml': 'title: [unclosed\n',
});
const page = path.join(FIXTURES, 'pages', 'extra-spaces.txt');
// The same clash, for fix --apply to change.
const clash = makeArchive({
  '2019/regular-001.yaml': recordYaml({ title: 'One', number: 1, total: 5501 }),
  '2019/regular-002.yaml': recordYaml({ title: 'Two', number: 2, total: 5502 }),
  '2019/second-two.yaml': recordYaml({ title: 'Also two', number: 2, total: 5502, date: '2019-01-03' }),
});
// Two records that disagree on the offset with nothing to tell which is wrong (no git): a tie, left for a person.
const tie = makeArchive({
  '2019/special-009.yaml': recordYaml({ title: 'Nine', kind: 'special', number: 9, total: 1638 }),
  '2019/special-011.yaml': recordYaml({ title: 'Eleven', kind: 'special', number: 11, total: 1639 }),
});

async function schemaOf(name: string): Promise<object> {
  const r = await runCli(['schema', name]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as object;
}

const cases: Array<[string, string, string[]]> = [
  ['list', 'list', ['--archive', archive, 'list', '--json']],
  ['list, nothing found', 'list', ['--archive', archive, 'list', '--json', '--year', '1999']],
  ['list --columns', 'list', ['--archive', archive, 'list', '--json', '--columns', 'id,date,title']],
  ['list, an archive with errors', 'list', ['--archive', broken, 'list', '--json']],
  ['show', 'show', ['--archive', archive, 'show', '2019-S11', '--json']],
  ['show, several refs', 'show', ['--archive', archive, 'show', '2019-S11', 'northeast', '--json']],
  ['add --dry-run', 'show', ['--archive', archive, 'add', '--no-input', '--title', 'T', '--author', 'A', '--year', '2019', '--dry-run', '--json']],
  ['validate', 'validate', ['--archive', archive, 'validate', '--json']],
  ['validate, errors', 'validate', ['--archive', broken, 'validate', '--json']],
  ['stats', 'stats', ['--archive', archive, 'stats', '--json']],
  ['fix, a plan', 'fix', ['--archive', broken, 'fix', '--json']],
  ['fix, nothing to do', 'fix', ['--archive', archive, 'fix', '--json']],
  ['validate, a tie', 'validate', ['--archive', tie, 'validate', '--json']],
  ['fix, what needs a person', 'fix', ['--archive', tie, 'fix', '--json']],
  ['fix --apply, renumbered', 'fix', ['--archive', clash, 'fix', '--apply', '--json']],
  ['import --dry-run', 'import', ['--archive', archive, 'import', '--dry-run', '--json', page, path.join(FIXTURES, 'pages', 'chinese.txt')]],
  ['config', 'config', ['--archive', archive, 'config', '--json']],
  ['export json', 'export', ['--archive', archive, 'export', 'json']],
  ['rm --dry-run', 'rm', ['--archive', archive, 'rm', '2018-R124', 'northeast', '2019-S11', '--dry-run', '--json']],
  ['rm --withdraw --dry-run', 'rm', ['--archive', archive, 'rm', '2018-R124', '--withdraw', '--dry-run', '--json']],
  ['edit --set --dry-run', 'edit', ['--archive', archive, 'edit', '2019-S11', '2018-R3', '--add-keyword', 'towns', '--unset', 'url', '--dry-run', '--json']],
  ['edit --set, a renumbering', 'edit', ['--archive', archive, 'edit', '2019-S11', '--set', 'number=12', '--set', 'total=1640', '--dry-run', '--json']],
  ['attach --dry-run', 'attach', ['--archive', archive, 'attach', '2019-S11', path.join(ROOT, 'docs', 'examples', 'sample-report.pdf'), '--dry-run', '--json']],
];

describe('every --json output is valid against its schema', () => {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  ajv.addFormat('uri', { validate: (u: string) => URL.canParse(u) });
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
  const validatorOf = async (name: string) => {
    if (!compiled.has(name)) compiled.set(name, ajv.compile(await schemaOf(name)));
    return compiled.get(name)!;
  };

  it.each(cases)('%s (schema %s)', async (_name, schema, argv) => {
    const r = await runCli(argv);
    expect(r.stdout.length, r.stderr).toBeGreaterThan(0);
    const out = JSON.parse(r.stdout) as { schemaVersion?: unknown };
    expect(out.schemaVersion).toBe(1);
    const validate = await validatorOf(schema);
    expect(validate(out) ? [] : validate.errors).toEqual([]);
  });

  it('a changed shape fails its schema: the schemas are strict where they can be', async () => {
    const validate = await validatorOf('validate');
    const out = JSON.parse((await runCli(['--archive', archive, 'validate', '--json'])).stdout) as Record<string, unknown>;
    expect(validate({ ...out, extra: 1 })).toBe(false);
    expect(validate({ ...out, schemaVersion: 2 })).toBe(false);
    const { summary: _s, ...noSummary } = out;
    expect(validate(noSummary)).toBe(false);
  });

  it('list --json and export json agree: the same reports, export adds when it was made', async () => {
    const list = JSON.parse((await runCli(['--archive', archive, 'list', '--json'])).stdout) as Record<string, unknown>;
    const exported = JSON.parse((await runCli(['--archive', archive, 'export', 'json'])).stdout) as Record<string, unknown>;
    const { generated, ...rest } = exported;
    expect(typeof generated).toBe('string');
    expect(rest).toEqual(list);
  });

  it('reports schema lists its names in its help, and refuses another', async () => {
    const help = await runCli(['schema', '--help']);
    for (const name of ['record', 'list', 'show', 'validate', 'stats', 'fix', 'import', 'config', 'export', 'rm', 'edit', 'attach']) expect(help.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    expect((await runCli(['schema', 'nope'])).code).toBe(2);
    expect((await runCli(['schema', '--export'])).stdout).toBe((await runCli(['schema', 'export'])).stdout);
  });
});
