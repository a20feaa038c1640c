// reports edit: $EDITOR on a temp copy, checked on close, the original replaced only by a valid version.
// Without a terminal in-process (runCli; the editor is still a program of its own); on a terminal through a pty.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { allFiles, inProcess, read, ROOT, tempArchive } from '../helpers-add.js';
import { start } from '../pty.js';

const EDITOR = `${process.execPath} ${path.join(ROOT, 'test', 'fixtures', 'add', 'editors', 'edit.mjs')}`;
const edit = (a: string, ref: string, mode: string, extra: NodeJS.ProcessEnv = {}) => inProcess(['edit', '--archive', a, ref], { env: { EDITOR, EDIT_MODE: mode, ...extra } });

describe.concurrent('reports edit (no terminal)', () => {
  it('a valid edit replaces the file with exactly what was saved, comments included', async () => {
    const a = tempArchive();
    const r = await edit(a, '2019-S11', 'title');
    expect(r.stderr).toBe('updated 2019/special-011.yaml (2019-S11)\n');
    expect(r.status).toBe(0);
    const text = read(path.join(a, '2019/special-011.yaml'));
    expect(text.startsWith('# checked against the printed page\ntitle: An Edited Title # was longer\n')).toBe(true);
    expect(parse(text).title).toBe('An Edited Title');
    expect(allFiles(a).filter((f) => f.includes('.tmp') || f.includes('.lock'))).toEqual([]);
  });

  it('$VISUAL wins over $EDITOR', async () => {
    const a = tempArchive();
    const r = await inProcess(['edit', '--archive', a, '1639'], { env: { VISUAL: EDITOR, EDITOR: 'false', EDIT_MODE: 'title' } });
    expect(r.status).toBe(0);
  });

  it.each([
    ['broken-yaml', /2019\/special-011\.yaml:\d+:\d+: /],
    ['clash-total', /total 1637 .*2019-S9 \(2019\/special-009\.yaml\)/],
    ['bad-date', /real date/],
  ])('an invalid edit (%s) exits 1, shows the problem and leaves the original byte-identical', async (mode, problem) => {
    const a = tempArchive();
    const file = path.join(a, '2019/special-011.yaml');
    const before = readFileSync(file);
    const r = await edit(a, '2019-S11', mode);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/is not valid/);
    expect(r.stderr).toMatch(problem);
    expect(readFileSync(file).equals(before)).toBe(true);
    // The edited version is not lost: its path is printed.
    const kept = /kept at (\S+)/.exec(r.stderr)?.[1];
    expect(kept && kept.startsWith(os.tmpdir())).toBe(true);
    expect(read(kept!)).not.toBe(before.toString());
  });

  it('a new number moves the file to where it belongs, byte for byte as saved', async () => {
    const a = tempArchive();
    const r = await edit(a, '2019-S11', 'renumber');
    expect(r.stderr).toMatch(/updated 2019-S12 and moved it from 2019\/special-011\.yaml to 2019\/special-012\.yaml/);
    expect(r.status).toBe(0);
    expect(existsSync(path.join(a, '2019/special-011.yaml'))).toBe(false);
    expect(parse(read(path.join(a, '2019/special-012.yaml')))).toMatchObject({ number: 12, total: 1640 });
  });

  it('a number another record has is refused, and both files stay as they were', async () => {
    const a = tempArchive();
    const s9 = readFileSync(path.join(a, '2019/special-009.yaml'));
    const s11 = readFileSync(path.join(a, '2019/special-011.yaml'));
    const r = await edit(a, '2019-S11', 'renumber-taken');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/\[duplicate-number\]/);
    expect(readFileSync(path.join(a, '2019/special-009.yaml')).equals(s9)).toBe(true);
    expect(readFileSync(path.join(a, '2019/special-011.yaml')).equals(s11)).toBe(true);
  });

  it('no change: says so and leaves the file alone', async () => {
    const a = tempArchive();
    const r = await edit(a, '2018-R3', 'same');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/no changes/);
  });

  it('an editor that fails leaves the file unchanged (exit 1)', async () => {
    const a = tempArchive();
    const before = readFileSync(path.join(a, '2018/regular-003.yaml'));
    const r = await edit(a, '2018-R3', 'fail');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/exited with status 3/);
    expect(readFileSync(path.join(a, '2018/regular-003.yaml')).equals(before)).toBe(true);
  });

  it('a record file that does not load is opened by its path, and its repair replaces it', async () => {
    const a = tempArchive();
    const file = path.join(a, '2019/special-011.yaml');
    writeFileSync(file, read(file).replace(/^authors:/m, 'authors: [unclosed'));
    // By id, the report is not found: the message names the file that does not load and how to repair it.
    const byId = await edit(a, '2019-S11', 'fix');
    expect(byId.status).toBe(1);
    expect(byId.stderr).toMatch(/2019-S11 is in \S*2019\/special-011\.yaml, which does not load: line \d+: .*\(repair it with: reports edit \S*2019\/special-011\.yaml\)/);
    const r = await edit(a, file, 'fix');
    expect(r.stderr).toBe('updated 2019/special-011.yaml (2019-S11)\n');
    expect(r.status).toBe(0);
    expect(parse(read(file)).title).toBe('An Edited Title');
    expect((await inProcess(['validate', '--archive', a])).status).toBe(0);
  });

  it('a broken file edited into another broken version stays as it was', async () => {
    const a = tempArchive();
    const file = path.join(a, '2019/special-011.yaml');
    writeFileSync(file, read(file).replace(/^authors:/m, 'authors: [unclosed'));
    const before = read(file);
    const r = await edit(a, file, 'title');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/2019\/special-011\.yaml is not valid/);
    expect(read(file)).toBe(before);
  });

  it('an unknown ref exits 1 with a hint', async () => {
    const a = tempArchive();
    const r = await edit(a, '2019-S99', 'title');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no report 2019-S99/);
  });
});

describe.concurrent('reports edit on a terminal', () => {
  it('when invalid, offers to reopen; the fixed version replaces the original', async () => {
    const a = tempArchive();
    const counter = path.join(path.dirname(a), 'count');
    const s = start(['edit', '--archive', a, '2019-S11'], { EDITOR, EDIT_MODE: 'broken-yaml|fix', EDIT_COUNTER: counter });
    await s.waitFor('is not valid');
    await s.waitFor('What now?');
    s.type('\r'); // Reopen (the default): the edited copy, still broken, is opened again
    await s.waitFor('updated 2019/special-011.yaml');
    expect(await s.exit).toBe(0);
    expect(parse(read(path.join(a, '2019/special-011.yaml'))).title).toBe('An Edited Title');
  });

  it('when invalid, keeping the original leaves it byte-identical', async () => {
    const a = tempArchive();
    const file = path.join(a, '2019/special-011.yaml');
    const before = readFileSync(file);
    const s = start(['edit', '--archive', a, '2019-S11'], { EDITOR, EDIT_MODE: 'clash-total' });
    await s.waitFor('What now?');
    s.type('\x1b[B\r');
    await s.waitFor('is unchanged');
    expect(await s.exit).toBe(0);
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});
