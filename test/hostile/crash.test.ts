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

/** Every record's attachment is there, whole, as its record says; validate finds no error. */
async function agreeing(dir: string): Promise<void> {
  const v = JSON.parse((await runCli(['validate', '--archive', dir, '--json'])).stdout) as { errors: unknown[] };
  expect(v.errors).toEqual([]);
  const list = (JSON.parse((await runCli(['list', '--archive', dir, '--json', '--withdrawn'])).stdout) as { reports: Array<{ attachment?: { file: string; sha256: string } }> }).reports;
  for (const r of list) {
    if (!r.attachment) continue;
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(readFileSync(path.join(dir, r.attachment.file))).digest('hex')).toBe(r.attachment.sha256);
  }
}

describe('a killed attach', () => {
  const PDF = '%PDF-1.4\n% killed attach\n%%EOF\n';
  const PDF2 = '%PDF-1.4\n% the corrected file\n%%EOF\n';

  it.each([
    ['attach:after-copy', false],
    ['attach:after-record', true],
  ])('killed at %s: the record and the file it names agree (attached: %s); the next attach finishes the work', async (step, attached) => {
    const dir = copyArchive('archive');
    const pdf = path.join(tempDir(), 'r.pdf');
    writeFileSync(pdf, PDF);
    const r = await cliAsync(['attach', '2019-S11', pdf, '--archive', dir], { env: { REPORTS_CRASH_AT: step } });
    expect(r.code).toBeNull();
    await agreeing(dir);
    expect(readFileSync(path.join(dir, '2019/special-011.yaml'), 'utf8').includes('attachment:')).toBe(attached);
    // Attached again: the file left by the killed run is taken up, not copied beside it under another name.
    expect((await runCli(['attach', '2019-S11', pdf, '--archive', dir])).code).toBe(0);
    expect(records(dir).filter((f) => f.startsWith('2019/special-011'))).toEqual(['2019/special-011.pdf', '2019/special-011.yaml']);
    expect(hidden(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    await agreeing(dir);
  });

  it('killed replacing an attachment, after the record: the record names the new file, the old one is left unnamed', async () => {
    const dir = copyArchive('archive');
    const pdf = path.join(tempDir(), 'r.pdf');
    writeFileSync(pdf, PDF);
    expect((await runCli(['attach', '2019-S11', pdf, '--archive', dir])).code).toBe(0);
    writeFileSync(pdf, PDF2);
    const r = await cliAsync(['attach', '2019-S11', pdf, '--archive', dir], { env: { REPORTS_CRASH_AT: 'attach:after-record' } });
    expect(r.code).toBeNull();
    await agreeing(dir);
    expect(readFileSync(path.join(dir, '2019/special-011.yaml'), 'utf8')).toContain('file: 2019/special-011-2.pdf');
    expect(readFileSync(path.join(dir, '2019/special-011-2.pdf'), 'utf8')).toBe(PDF2);
  });
});

describe('a killed edit --set', () => {
  it('killed after writing the new text beside the record: the old record whole, the temp file swept by the next run', async () => {
    const dir = copyArchive('archive');
    const before = readFileSync(path.join(dir, '2019/special-011.yaml'), 'utf8');
    const r = await cliAsync(['edit', '2019-S11', '--set', 'date=2019-01-26', '--archive', dir], { env: { REPORTS_CRASH_AT: 'edit:after-temp' } });
    expect(r.code).toBeNull();
    expect(readFileSync(path.join(dir, '2019/special-011.yaml'), 'utf8')).toBe(before);
    expect(hidden(dir).some((f) => f.includes('.special-011.yaml.tmp-'))).toBe(true);
    expect((await runCli(['edit', '2019-S11', '--set', 'date=2019-01-26', '--archive', dir])).code).toBe(0);
    expect(readFileSync(path.join(dir, '2019/special-011.yaml'), 'utf8')).toBe(before.replace('date: 2019-01-25', 'date: 2019-01-26'));
    expect(hidden(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it.each([
    ['edit-move:after-replace', '2019/special-011.yaml'],
    ['edit-move:after-rename', '2019/special-012.yaml'],
  ])('--set number= killed at %s: one record of the report, with the new text (at %s)', async (step, where) => {
    const dir = copyArchive('archive');
    const title = 'The Development of Small Towns with Distinctive Local Features in China in the New Era: Progress and Challenges';
    const r = await cliAsync(['edit', '2019-S11', '--set', 'number=12', '--set', 'total=1640', '--archive', dir], { env: { REPORTS_CRASH_AT: step } });
    expect(r.code).toBeNull();
    expect(await idsWithTitle(dir, title)).toEqual(['2019-S12']);
    expect(records(dir).filter((f) => f.startsWith('2019/special-01'))).toEqual([where]);
    expect(readFileSync(path.join(dir, where), 'utf8')).toMatch(/number: 12\n[\s\S]*total: 1640\n/);
  });
});

describe('a killed rm', () => {
  it('killed after removing the record: the record is gone; its attachment is left unnamed, never a record naming a missing file', async () => {
    const dir = copyArchive('archive');
    const pdf = path.join(tempDir(), 'r.pdf');
    writeFileSync(pdf, '%PDF-1.4\n%%EOF\n');
    expect((await runCli(['attach', '2019-S11', pdf, '--archive', dir])).code).toBe(0);
    const r = await cliAsync(['rm', '2019-S11', '--yes', '--archive', dir], { env: { REPORTS_CRASH_AT: 'rm:after-record' } });
    expect(r.code).toBeNull();
    expect(existsSync(path.join(dir, '2019/special-011.yaml'))).toBe(false);
    await agreeing(dir);
  });
});
