// Killed at the worst moment (SIGKILL at a named step: REPORTS_CRASH_AT, see src/store/crash.ts), a write leaves
// one whole version: a record is there whole or not at all, a renumbered record is one record, a site is the old
// one or the new one. What the killed run left behind is cleaned by the next run.
// The runs that are killed are processes of their own (cliAsync); the runs before and after them run in-process.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allFiles, cliAsync, copyArchive, runCli, tempDir } from '../helpers.js';
import { recoverSite } from '../../src/store/output.js';

const records = (dir: string) => allFiles(dir).filter((f) => !path.basename(f).startsWith('.'));
const hidden = (dir: string) => allFiles(dir).filter((f) => path.basename(f).startsWith('.'));

/** The ids of the records of an archive that carry this title (each report once, whatever its file). */
async function idsWithTitle(dir: string, title: string): Promise<string[]> {
  const r = await runCli(['list', '--archive', dir, '--json']);
  return (JSON.parse(r.stdout).reports as { id: string; title: string }[]).filter((x) => x.title === title).map((x) => x.id);
}

describe('a killed add', () => {
  it('killed after writing its temp file leaves no record and no partial file; the next add cleans up', async () => {
    const dir = copyArchive('archive');
    const before = records(dir);
    const add = ['add', '--archive', dir, '--no-input', '--title', 'Killed Mid-Write', '--author', 'A B', '--kind', 'special', '--year', '2019', '--date', '2019-02-01'];
    const r = await cliAsync(add, { env: { REPORTS_CRASH_AT: 'add:after-temp' } });
    expect(r.code).toBeNull(); // killed by a signal
    expect(records(dir)).toEqual(before);
    expect(hidden(dir).some((f) => /\.special-012\.yaml\.tmp-\d+-/.test(f))).toBe(true);
    const again = await runCli(add);
    expect(again.code).toBe(0);
    expect(records(dir)).toEqual([...before, '2019/special-012.yaml'].sort());
    expect(hidden(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});

describe('a killed edit that renumbers', () => {
  const moved = (text: string) => text.replace('number: 11', 'number: 12').replace('total: 1639', 'total: 1640');
  const title = 'The Development of Small Towns with Distinctive Local Features in China in the New Era: Progress and Challenges';

  it.each([
    ['edit-move:after-replace', '2019/special-011.yaml'],
    ['edit-move:after-rename', '2019/special-012.yaml'],
  ])('killed at %s leaves one record of the report, with the new text (at %s)', async (step, where) => {
    const dir = copyArchive('archive');
    const file = path.join(dir, '2019/special-011.yaml');
    const copy = path.join(tempDir(), 'edited.yaml');
    writeFileSync(copy, moved(readFileSync(file, 'utf8')));
    const r = await cliAsync(['edit', '2019-S11', '--archive', dir, '--from', copy], { env: { REPORTS_CRASH_AT: step } });
    expect(r.code).toBeNull();
    expect(await idsWithTitle(dir, title)).toEqual(['2019-S12']);
    expect(readFileSync(path.join(dir, where), 'utf8')).toBe(readFileSync(copy, 'utf8'));
    expect(records(dir).filter((f) => f.startsWith('2019/special-01'))).toEqual([where]);
  });
});

describe('a killed export html', () => {
  it.each([
    ['export-site:after-build', 'the old'],
    ['export-site:between-renames', 'the new'],
    ['export-site:after-renames', 'the new'],
  ])(
    'killed at %s: %s site is put in place by the next run, and no temp folder stays',
    async (step, which) => {
      const dir = copyArchive('archive');
      const out = path.join(tempDir(), 'site');
      expect((await runCli(['export', 'html', '--archive', dir, '--out', out])).code).toBe(0);
      const oldIndex = readFileSync(path.join(out, 'index.html'), 'utf8');
      const r = await cliAsync(['export', 'html', '--archive', dir, '--out', out, '--title', 'New Catalogue'], { env: { REPORTS_CRASH_AT: step } });
      expect(r.code).toBeNull();
      // Whatever the moment, one whole version is on disk: in place, or (between the renames) beside it.
      const parent = path.dirname(out);
      const sites = [out, ...readdirSync(parent).filter((n) => n.startsWith('.site.tmp-')).map((n) => path.join(parent, n))].filter((d) =>
        existsSync(path.join(d, '.reports-export')),
      );
      expect(sites.length).toBeGreaterThan(0);
      for (const s of sites) expect(readFileSync(path.join(s, 'index.html'), 'utf8')).toMatch(/<\/html>\s*$/);
      // The next export first puts the newest whole site in place (here in-process, to see that state).
      recoverSite(out);
      const index = readFileSync(path.join(out, 'index.html'), 'utf8');
      if (which === 'the old') expect(index).toBe(oldIndex);
      else expect(index).toContain('New Catalogue');
      const next = await runCli(['export', 'html', '--archive', dir, '--out', out]);
      expect(next.code).toBe(0);
      expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toBe(oldIndex);
      expect(readdirSync(parent)).toEqual(['site']);
    },
  );
});
