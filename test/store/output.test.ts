// Atomic output of `reports export`: a failed export leaves the target as it was and no temp files behind.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SITE_MARKER, writeFileAtomically, writeFolderAtomically } from '../../src/store/output.js';
import { ReportsError } from '../../src/errors.js';
import { tempDir } from '../helpers.js';

let dir: string;
beforeEach(() => {
  dir = tempDir('reports-atomic-');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFolderAtomically', () => {
  it('keeps an earlier site whole when writing the new one fails half-way', async () => {
    const site = path.join(dir, 'site');
    mkdirSync(site);
    writeFileSync(path.join(site, SITE_MARKER), '');
    writeFileSync(path.join(site, 'index.html'), 'old');
    await expect(
      writeFolderAtomically(site, async (tmp) => {
        writeFileSync(path.join(tmp, 'index.html'), 'new, half');
        throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
      }),
    ).rejects.toThrow(/cannot write the site to .*site: the disk is full; nothing was written/);
    expect(readdirSync(dir)).toEqual(['site']);
    expect(readFileSync(path.join(site, 'index.html'), 'utf8')).toBe('old');
  });

  it('replaces an earlier site in one step when it succeeds', async () => {
    const site = path.join(dir, 'site');
    mkdirSync(site);
    writeFileSync(path.join(site, SITE_MARKER), '');
    writeFileSync(path.join(site, 'stale.html'), 'old');
    await writeFolderAtomically(site, async (tmp) => writeFileSync(path.join(tmp, 'index.html'), 'new'));
    expect(readdirSync(dir)).toEqual(['site']);
    expect(readdirSync(site).sort()).toEqual([SITE_MARKER, 'index.html']);
  });

  it('stops when interrupted and removes what it wrote', async () => {
    const site = path.join(dir, 'site');
    await expect(
      writeFolderAtomically(site, async (tmp) => {
        writeFileSync(path.join(tmp, 'a.html'), 'a');
        // The command line turns Ctrl-C into an aborted signal; the site writer then throws this.
        const { InterruptedError } = await import('../../src/errors.js');
        throw new InterruptedError('interrupted; the export was not written');
      }),
    ).rejects.toSatisfy((e) => e instanceof ReportsError && e.exitCode === 130);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('writeFileAtomically', () => {
  it('never leaves half a file: the old content stays until the new one is complete', () => {
    const f = path.join(dir, 'out.json');
    writeFileSync(f, 'old');
    writeFileAtomically(f, 'new');
    expect(readFileSync(f, 'utf8')).toBe('new');
    expect(() => writeFileAtomically(path.join(dir, 'out.json', 'x'), 'y')).toThrow(/a part of the path is a file/);
    expect(readdirSync(dir)).toEqual(['out.json']);
  });
});
