// Names end to end: the archive's style (config `names`), overrides, and what the terminal shows.
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeArchive, recordYaml } from '../helpers.js';
import { reports } from '../export-helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function project(style: string | undefined, record: string): string {
  const archive = makeArchive({ '2019/regular-001.yaml': record });
  const dir = path.dirname(archive);
  dirs.push(dir);
  if (style) writeFileSync(path.join(dir, 'reports.config.yaml'), `names: ${style}\n`);
  return dir;
}

const RECORD = `${recordYaml({ authors: undefined, doi: '10.5555/drc.2019-r1' })}authors:\n  - John Smith\n  - {family: Evans, given: Mary Ann}\n  - "Li, Na"\n`;

describe('the archive says how its names are written', () => {
  it('given-first: BibTeX, RIS and CSL-JSON split "John Smith" as Smith, John; the terminal keeps the page form', async () => {
    const dir = project('given-first', RECORD);
    const run = (...a: string[]) => reports(a, { cwd: dir });
    expect((await run('export', 'bibtex')).stdout).toMatch(/author\s+= \{Smith, John and Evans, Mary Ann and Li, Na\}/);
    expect((await run('export', 'ris')).stdout).toContain('AU  - Smith, John\r\nAU  - Evans, Mary Ann\r\nAU  - Li, Na\r\n');
    const show = await run('show', '2019-R1');
    expect(show.stdout).toContain('By John Smith, Mary Ann Evans & Li, Na, DRC');
    expect(show.stdout).toContain('DOI 10.5555/drc.2019-r1');
    expect((await run('list', '--author', 'mary ann', '--columns', 'id')).stdout).toContain('2019-R1');
    const v = await run('validate', '--json');
    expect(JSON.parse(v.stdout).warnings.filter((w: { code: string }) => w.code === 'name-split')).toEqual([]);
  });

  it('family-first (the default): the same page names are read the other way, and validate says so where it cannot', async () => {
    const dir = project(undefined, recordYaml({ authors: ['Zhang Xiaohuan', 'Ouyang Xiu Ming', 'Madonna'] }));
    const run = (...a: string[]) => reports(a, { cwd: dir });
    expect((await run('export', 'bibtex')).stdout).toMatch(/author\s+= \{Zhang, Xiaohuan and \{Ouyang Xiu Ming\} and \{Madonna\}\}/);
    const v = await run('validate');
    expect(v.stdout).toMatch(/warning {2}name-split {2}2019-R1: author 2: "Ouyang Xiu Ming" has 3 words: a family-first name is read as two \(Family Given\); write it as "Family, Given"/);
    expect(v.stdout).toMatch(/author 3: "Madonna" is one word/);
    expect(v.code).toBe(0); // a warning
    const given = project('given-first', recordYaml({ authors: ['Zhang Xiaohuan'] }));
    expect((await reports(['export', 'csl-json'], { cwd: given })).stdout).toContain('"family": "Xiaohuan"');
  });

  it('a record may hold an author as an override; a wrong one is a schema error that says what is allowed', async () => {
    const dir = project(undefined, `${recordYaml({ authors: undefined })}authors:\n  - {surname: Li}\n`);
    const v = await reports(['validate'], { cwd: dir });
    expect(v.code).toBe(1);
    expect(v.stdout + v.stderr).toMatch(/an author is a name/);
    const bad = project(undefined, recordYaml({ doi: 'https://doi.org/10.5555/x' }));
    expect((await reports(['validate'], { cwd: bad })).stdout).toMatch(/doi must be a DOI such as 10\.5555\/drc\.2019-s11, without https:\/\/doi\.org\//);
  });

  it('a bad names value in the config is located', async () => {
    const dir = project('surname-first', recordYaml());
    const r = await reports(['list'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/reports\.config\.yaml:1:8: names must be family-first or given-first/);
  });
});
