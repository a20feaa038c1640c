// The picker on a real terminal (node-pty): words that find several reports open a select; the arrow keys and
// Enter choose; Ctrl-C leaves with 130. And rm asks before it removes.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyArchive, tempDir } from '../helpers.js';
import { start } from '../pty.js';

describe('the picker on a terminal', () => {
  it('show towns: a select of the three reports; down, Enter shows the second', async () => {
    const archive = copyArchive('archive');
    const s = start(['--archive', archive, 'show', 'towns', '--no-pager']);
    await s.waitFor('Which report to show? 3 reports match "towns"');
    await s.waitFor('2019-S9');
    s.type('\x1b[B\r');
    await s.waitFor('2018-R3 · 2018/regular-003.yaml');
    expect(await s.exit).toBe(0);
    expect(s.output()).toContain('Chinese Small Towns with Distinctive Features');
  });

  it('Ctrl-C at the picker: exit 130, nothing shown', async () => {
    const archive = copyArchive('archive');
    const s = start(['--archive', archive, 'show', 'towns']);
    await s.waitFor('2019-S9');
    s.type('\x03');
    expect(await s.exit).toBe(130);
    expect(s.output()).not.toContain('Abstract:');
  });

  it('rm asks, naming the file and the gap; Enter (no, the default) removes nothing, y removes', async () => {
    const archive = copyArchive('archive');
    const file = path.join(archive, '2018/regular-124.yaml');
    const no = start(['--archive', archive, 'rm', 'northeast']);
    await no.waitFor('Remove 2018/regular-124.yaml (opens regular 2018: No.124)?');
    no.type('\r');
    expect(await no.exit).toBe(1);
    expect(existsSync(file)).toBe(true);
    const yes = start(['--archive', archive, 'rm', '2018-R124']);
    await yes.waitFor('Remove 2018/regular-124.yaml');
    yes.type('y\r');
    await yes.waitFor('removed 2018-R124');
    expect(await yes.exit).toBe(0);
    expect(existsSync(file)).toBe(false);
  });
});

describe('the pager on a terminal', () => {
  it('output longer than the terminal goes to $PAGER, which reads it on its stdin', async () => {
    const archive = copyArchive('archive');
    const out = path.join(tempDir(), 'paged.txt');
    const s = start(['--archive', archive, 'show', '2019-S11', '2019-S9', '2018-R3', '2018-R124', '2016-R122', '2019-R96'], { PAGER: `sh -c 'cat > "${out}"'` });
    expect(await s.exit).toBe(0);
    const paged = readFileSync(out, 'utf8');
    expect(paged.match(/^\d{4}-[RS]\d+ · /gm)).toHaveLength(6);
    expect(s.output()).not.toContain('Abstract:');
  });
});
