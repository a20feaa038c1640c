// Items 2 and 13 (its --from-text part) of the trust issue: a page or an abstract given as "-" is read from a
// terminal until Ctrl-D, and what add reads is capped and comes from a regular file or stdin only.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cli, inProcess, PAGES, read, tempArchive } from '../helpers-add.js';
import { keepProposals, start } from '../pty.js';
import { MAX_SOURCE_BYTES, readSource } from '../../src/store/source.js';
import { spawnSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { tempDir } from '../helpers.js';

const CTRL_D = '\x04';

describe('add reads "-" from a terminal', () => {
  it('--from-text - at a terminal asks for the page (a paste in one burst, then Ctrl-D), then reviews it before writing', async () => {
    const a = tempArchive();
    const target = path.join(a, '2019/special-005.yaml');
    const s = start(['add', '--archive', a, '--from-text', '-']);
    await s.waitFor('Paste the report page');
    // One burst, as a paste arrives from a terminal that does not bracket pastes; a terminal's Enter is a carriage return.
    s.type(read(path.join(PAGES, 'straight-quotes-and.txt')).replace(/\n/g, '\r'));
    s.type(CTRL_D);
    await s.waitFor('(Rural Land Reform)'); // the Title, proposed from the page
    await keepProposals(s);
    await s.waitFor('Add this report as 2019/special-005.yaml?');
    expect(existsSync(target)).toBe(false); // nothing is written before the review
    s.type('\r');
    await s.waitFor('created 2019/special-005.yaml (2019-S5, Total 1633)');
    expect(await s.exit).toBe(0);
    expect(parse(read(target))).toMatchObject({ title: 'Rural Land Reform', authors: ['Zhang Liang', 'Zhang He'] });
  });

  it('--from-text - --no-input at a terminal waits for a pasted page and Ctrl-D, then adds it', async () => {
    const a = tempArchive();
    const s = start(['add', '--archive', a, '--from-text', '-', '--no-input']);
    await s.waitFor('Paste the report page, then press Ctrl-D');
    s.type(read(path.join(PAGES, 'straight-quotes-and.txt')).replace(/\n/g, '\r'));
    s.type(CTRL_D);
    await s.waitFor('created 2019/special-005.yaml (2019-S5, Total 1633)');
    expect(await s.exit).toBe(0);
    expect(parse(read(path.join(a, '2019/special-005.yaml')))).toMatchObject({ title: 'Rural Land Reform', authors: ['Zhang Liang', 'Zhang He'] });
  });

  it('--abstract-file - keeps every paragraph of a pasted three-paragraph abstract', async () => {
    const a = tempArchive();
    const s = start(['add', '--archive', a, '--no-input', '--title', 'Pasted Abstract', '--author', 'Li Na', '--abstract-file', '-']);
    await s.waitFor('Paste the abstract, then press Ctrl-D');
    s.type('First paragraph, line one\rline two.\r\rSecond paragraph.\r\rThird paragraph.\r');
    s.type(CTRL_D);
    await s.waitFor(/created (\S+\.yaml)/);
    expect(await s.exit).toBe(0);
    const file = /created (\S+\.yaml)/.exec(s.output())![1]!;
    expect(parse(read(path.join(a, file))).abstract).toBe('First paragraph, line one\nline two.\n\nSecond paragraph.\n\nThird paragraph.');
  });
});

describe('what add reads is capped and never blocks', () => {
  // A FIFO or a device read by mistake would block for ever: those two cases run in a process of their own, which
  // the runner kills after 20 s; the others run in-process.
  it('--from-text refuses a FIFO at once, naming -', async () => {
    const fifo = path.join(tempDir(), 'page.txt');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const r = await cli(['add', '--archive', tempArchive(), '--from-text', fifo, '--no-input']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/page\.txt: it is not a regular file \(a pipe or a device\); to read standard input, give - instead/);
  });

  it('--from-text refuses a device such as /dev/zero instead of reading without end', async () => {
    const r = await cli(['add', '--archive', tempArchive(), '--from-text', '/dev/zero', '--no-input']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/not a regular file/);
  });

  it('--abstract-file refuses a file over 10 MB, and nothing is written', async () => {
    const big = path.join(tempDir(), 'abstract.txt');
    writeFileSync(big, Buffer.alloc(MAX_SOURCE_BYTES + 1, 'a'));
    const a = tempArchive();
    const r = await inProcess(['add', '--archive', a, '--no-input', '--title', 'T', '--author', 'A', '--abstract-file', big]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/at most 10485760 bytes \(10 MB\) are read; nothing was written/);
  });

  it('stdin past 10 MB is refused without reading on', async () => {
    let pushed = 0;
    const endless = new Readable({
      read() {
        pushed += 1 << 20;
        this.push(Buffer.alloc(1 << 20, 'x'));
      },
    });
    await expect(readSource('-', { what: 'the page', cwd: '/', stdin: endless })).rejects.toThrow(/larger than 10485760 bytes \(10 MB\); stopped reading/);
    expect(pushed).toBeLessThanOrEqual(MAX_SOURCE_BYTES + (3 << 20));
  });

  it('both --from-text - and --abstract-file - is a usage error (stdin is read once)', async () => {
    const r = await inProcess(['add', '--archive', tempArchive(), '--from-text', '-', '--abstract-file', '-', '--no-input'], { input: 'x' });
    expect(r.status).toBe(2);
  });
});
