// What a user typed is never lost, and no write goes where it must not: an edit whose write fails keeps the
// edited text and says how to take it up; a linked record is edited through its link; an export never lands on
// a record; leftovers of killed runs are cleaned, a live process's never.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEnv, editReport, exportCatalogue, addReport, ReportsError } from '../../src/index.js';
import { interruptedEdits } from '../../src/store/scratch.js';
import { copyArchive, tempDir } from '../helpers.js';
import { flagWords } from '../../src/commands/words.js';

const SEED = '2019/special-011.yaml';

/** A pid no process has: that of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

async function rejection(p: Promise<unknown>): Promise<ReportsError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ReportsError) return e;
    throw e;
  }
  throw new Error('expected a ReportsError');
}

describe('edit keeps the user\'s text when the write fails', () => {
  it('a record changed by someone else during the edit: not replaced, the edited copy kept and named with the retry command', async () => {
    const dir = copyArchive('archive');
    const file = path.join(dir, SEED);
    const theirs = readFileSync(file, 'utf8').replace('date: 2019-01-25', 'date: 2019-01-26');
    const env = createEnv({ archive: dir });
    const e = await rejection(
      editReport(env, {
        ref: '2019-S11',
        openEditor: async (copy) => {
          writeFileSync(copy, readFileSync(copy, 'utf8').replace('innovation of models', 'models of innovation'));
          writeFileSync(file, theirs); // another archivist's edit lands meanwhile
        },
      }),
    );
    expect(e.message).toMatch(/changed by someone else/);
    const kept = /kept at (\S+) \(to try again: reports edit 2019-S11 --from \1\)/.exec((e as ReportsError).worded(flagWords))?.[1];
    expect(kept).toBeDefined();
    expect(readFileSync(kept!, 'utf8')).toContain('models of innovation');
    expect(readFileSync(file, 'utf8')).toBe(theirs);
    // The retry takes the kept copy up (the other change is then the one to keep or overwrite knowingly).
    writeFileSync(file, readFileSync(path.join(copyArchive('archive'), SEED), 'utf8'));
    const r = await editReport(env, { ref: '2019-S11', text: readFileSync(kept!, 'utf8') });
    expect(r.status).toBe('updated');
    expect(readFileSync(file, 'utf8')).toContain('models of innovation');
  });

  it('a record file gone at write time (an I/O error): the edited copy is kept and named', async () => {
    const dir = copyArchive('archive');
    const env = createEnv({ archive: dir });
    const e = await rejection(
      editReport(env, {
        ref: '2019-S11',
        openEditor: async (copy) => {
          writeFileSync(copy, readFileSync(copy, 'utf8').replace('challenges', 'open questions'));
          renameSync(path.join(dir, SEED), path.join(dir, 'moved-away.txt'));
        },
      }),
    );
    expect(e.message).toMatch(/was not replaced: ENOENT/);
    const kept = /kept at (\S+) /.exec(e.message)![1]!;
    expect(readFileSync(kept, 'utf8')).toContain('open questions');
  });

  it('an invalid edit without a terminal keeps the copy, outside any folder a later run sweeps', async () => {
    const dir = copyArchive('archive');
    const e = await rejection(editReport(createEnv({ archive: dir }), { ref: '2019-S11', text: 'title: [unclosed\n' }));
    const kept = /kept at (\S+) /.exec(e.message)![1]!;
    expect(path.basename(path.dirname(kept))).toMatch(/^reports-edit-kept-/);
    expect(readFileSync(kept, 'utf8')).toBe('title: [unclosed\n');
  });
});

describe('a record file that is a link', () => {
  it('is edited through the link: the target changes, the link stays a link', async () => {
    const dir = copyArchive('archive');
    const elsewhere = path.join(tempDir(), 'special-011.yaml');
    renameSync(path.join(dir, SEED), elsewhere);
    symlinkSync(elsewhere, path.join(dir, SEED));
    const text = readFileSync(elsewhere, 'utf8').replace('challenges', 'open questions');
    const r = await editReport(createEnv({ archive: dir }), { ref: '2019-S11', text });
    expect(r.status).toBe('updated');
    expect(lstatSync(path.join(dir, SEED)).isSymbolicLink()).toBe(true);
    expect(readFileSync(elsewhere, 'utf8')).toBe(text);
  });
});

describe('export --out inside the archive', () => {
  it('is refused where it would replace a record, which stays byte-identical', async () => {
    const dir = copyArchive('archive');
    const before = readFileSync(path.join(dir, SEED), 'utf8');
    const e = await rejection(exportCatalogue(createEnv({ archive: dir }), { format: 'json', out: path.join(dir, SEED) }));
    expect(e.message).toMatch(/inside the archive/);
    expect(readFileSync(path.join(dir, SEED), 'utf8')).toBe(before);
  });

  it('is refused for a new file or a site folder among the records, allowed in a hidden folder', async () => {
    const dir = copyArchive('archive');
    const env = createEnv({ archive: dir });
    await expect(exportCatalogue(env, { format: 'json', out: path.join(dir, '2019', 'all.yaml') })).rejects.toThrow(/inside the archive/);
    await expect(exportCatalogue(env, { format: 'html', out: path.join(dir, 'site') })).rejects.toThrow(/inside the archive/);
    mkdirSync(path.join(dir, '.exports'));
    const r = await exportCatalogue(env, { format: 'json', out: path.join(dir, '.exports', 'all.json') });
    expect(r.reports).toBe(6);
  });
});

describe('leftovers of killed runs', () => {
  it('temp record files of a dead process are removed by the next add; a live process\'s stay', async () => {
    const dir = copyArchive('archive');
    const dead = path.join(dir, '2019', `.special-012.yaml.tmp-${deadPid()}-abc-0`);
    const live = path.join(dir, '2019', `.special-013.yaml.tmp-${process.pid}-abc-0`);
    writeFileSync(dead, 'half a rec');
    writeFileSync(live, 'being written');
    const r = await addReport(createEnv({ archive: dir }), { given: { title: 'T', authors: ['A B'], kind: 'special', year: 2019, date: '2019-02-01' } });
    expect(r.status).toBe('created');
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });

  it('an edit copy of a dead process: removed when untouched, kept and reported when it holds changes', () => {
    const tmp = tempDir('reports-scratch-');
    const pid = deadPid();
    const untouched = path.join(tmp, `reports-edit-${pid}-aaaaaa`);
    const changed = path.join(tmp, `reports-edit-${pid}-bbbbbb`);
    for (const [folder, text] of [
      [untouched, 'title: T\n'],
      [changed, 'title: T (edited)\n'],
    ] as const) {
      mkdirSync(folder);
      writeFileSync(path.join(folder, '.original'), 'title: T\n');
      writeFileSync(path.join(folder, 'special-011.yaml'), text);
    }
    expect(interruptedEdits(tmp)).toEqual([path.join(changed, 'special-011.yaml')]);
    expect(existsSync(untouched)).toBe(false);
    expect(existsSync(changed)).toBe(true);
  });

  it('temp folders of a dead export beside the site are removed by the next export', async () => {
    const dir = copyArchive('archive');
    const out = path.join(tempDir(), 'site');
    const env = createEnv({ archive: dir });
    await exportCatalogue(env, { format: 'html', out });
    const stale = path.join(path.dirname(out), `.site.tmp-${deadPid()}-XYZ123`);
    mkdirSync(stale);
    writeFileSync(path.join(stale, 'index.html'), '<half');
    await exportCatalogue(env, { format: 'html', out });
    expect(existsSync(stale)).toBe(false);
  });
});

describe('a record larger than the loader reads', () => {
  it('is never written by add (it would be refused on every later read)', async () => {
    const dir = copyArchive('archive');
    const abstract = 'word '.repeat(300_000); // 1.5 MB, under the 10 MB a pasted page may hold
    const e = await rejection(addReport(createEnv({ archive: dir }), { given: { title: 'Huge', authors: ['A B'], kind: 'special', year: 2019, abstract } }));
    expect(e.message).toMatch(/not valid; nothing was written/);
    expect(e.details.join('\n')).toMatch(/larger than 1048576 bytes are refused/);
    expect(existsSync(path.join(dir, '2019/special-012.yaml'))).toBe(false);
  });
});
