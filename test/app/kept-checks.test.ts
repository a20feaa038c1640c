// The per-record checks' results kept between runs: served only for the same record content, rules and config;
// the checks across records run every time, on the facts kept with each result (never on a changed record's).
import { readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keptRecordChecks, recordRules, RECORD_RULES, rulesKey, type RecordRules } from '../../src/app/kept-checks.js';
import { validateArchive } from '../../src/app/read.js';
import { checkArchive } from '../../src/checks/index.js';
import { normaliseTitle } from '../../src/checks/numbering.js';
import { checkRecord } from '../../src/checks/record.js';
import type { LoadedRecord, RecordData, RecordFacts } from '../../src/model/record.js';
import { loadArchive } from '../../src/store/archive.js';
import { makeArchive, recordYaml, runCli, tempDir } from '../helpers.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function setUp() {
  const files: Record<string, string> = {};
  for (let n = 1; n <= 12; n++) files[`2019/regular-${String(n).padStart(3, '0')}.yaml`] = recordYaml({ number: n, total: 5500 + n, date: `2019-02-${String(n).padStart(2, '0')}`, title: `Report ${n}` });
  // One with a warning of its own (an unknown field), one misfiled.
  files['2019/regular-013.yaml'] = recordYaml({ number: 13, total: 5513, date: '2019-03-01', title: 'Report 13', keyword: ['x'] });
  files['2018/regular-014.yaml'] = recordYaml({ number: 14, total: 5514, date: '2019-03-02', title: 'Report 14' });
  const dir = makeArchive(files);
  const cache = tempDir('reports-kept-');
  made.push(path.dirname(dir), cache);
  return { dir, cache };
}

/** One validate of `dir` as the use case runs it, with `rules`: its findings and how many records were checked. */
async function run(dir: string, cache: string | false, rules: RecordRules = RECORD_RULES) {
  const archive = await loadArchive(dir, { cache });
  const kept = keptRecordChecks(archive, rules);
  const findings = checkArchive(archive, { perRecord: kept.check, facts: kept.facts });
  kept.keep();
  return { findings, checked: kept.checked(), records: archive.records.length, archive, kept };
}

const fresh = async (dir: string) => (await run(dir, false)).findings;

/** The fields of a record the checks across records read, as the record has them (RecordFacts, title apart). */
function factsOf(record: RecordData): RecordFacts {
  const { series, kind, year, number, total, date, attachment } = record;
  return Object.fromEntries(Object.entries({ series, kind, year, number, total, date, attachment }).filter(([, v]) => v !== undefined)) as RecordFacts;
}

describe('kept results of the per-record checks', () => {
  it('are served on a warm run, with the same findings as checking every record', async () => {
    const { dir, cache } = setUp();
    const first = await run(dir, cache);
    expect(first.checked).toBe(first.records);
    const warm = await run(dir, cache);
    expect(warm.checked).toBe(0);
    expect(warm.findings).toEqual(await fresh(dir));
    expect(warm.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['unknown-field', 'filename']));
  });

  it('are dropped for a record that changed, and only for it', async () => {
    const { dir, cache } = setUp();
    await run(dir, cache);
    await run(dir, cache);
    const file = path.join(dir, '2019/regular-005.yaml');
    writeFileSync(file, readFileSync(file, 'utf8') + 'colour: "blue"\n');
    const after = await run(dir, cache);
    expect(after.checked).toBe(1);
    expect(after.findings).toEqual(await fresh(dir));
    expect(after.findings.some((f) => f.code === 'unknown-field' && f.file === '2019/regular-005.yaml')).toBe(true);
    // The warning goes when the field does, though the file is as long as it was (same size, new content).
    writeFileSync(file, readFileSync(file, 'utf8').replace('colour: "blue"', 'title2: "blue"'));
    const again = await run(dir, cache);
    expect(again.findings).toEqual(await fresh(dir));
    expect((await run(dir, cache)).checked).toBe(0);
  });

  it('stay for a file touched but unchanged: the key is the content, not the time', async () => {
    const { dir, cache } = setUp();
    await run(dir, cache);
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(dir, '2019/regular-013.yaml'), later, later);
    const after = await run(dir, cache);
    expect(after.checked).toBe(0);
    expect(after.findings).toEqual(await fresh(dir));
  });

  it('are dropped when the rules change', async () => {
    const { dir, cache } = setUp();
    await run(dir, cache);
    // Another rule: every record gets a finding. Its text differs, so its key does.
    const stricter: RecordRules = {
      ...RECORD_RULES,
      check: (r: LoadedRecord) => [...checkRecord(r), { severity: 'warning', code: 'new-rule', message: `${r.id}: a new rule`, file: r.file, line: 1, column: 1, id: r.id }],
      text: () => RECORD_RULES.text() + '\nnew-rule',
    };
    expect(rulesKey(stricter)).not.toBe(rulesKey(RECORD_RULES));
    const after = await run(dir, cache, stricter);
    expect(after.checked).toBe(after.records);
    expect(after.findings.filter((f) => f.code === 'new-rule')).toHaveLength(after.records);
    // Back to the first rules: their own results (kept under their key, or checked again), never the new rule's.
    const back = await run(dir, cache);
    expect(back.findings).toEqual(await fresh(dir));
  });

  it('are dropped when the archive writes names another way (the name-split rule reads it)', async () => {
    const { dir, cache } = setUp();
    await run(dir, cache, recordRules({ nameStyle: 'family-first' }));
    expect((await run(dir, cache, recordRules({ nameStyle: 'family-first' }))).checked).toBe(0);
    const other = await run(dir, cache, recordRules({ nameStyle: 'given-first' }));
    expect(other.checked).toBe(other.records);
  });

  it('are dropped when the config the rules are given changes', async () => {
    const { dir, cache } = setUp();
    const one = { ...RECORD_RULES, config: { series: ['Research Report'] } };
    const two = { ...RECORD_RULES, config: { series: ['Research Report', 'Policy Brief'] } };
    await run(dir, cache, one);
    expect((await run(dir, cache, one)).checked).toBe(0);
    const other = await run(dir, cache, two);
    expect(other.checked).toBe(other.records);
  });

  it('are never served from a damaged file', async () => {
    const { dir, cache } = setUp();
    await run(dir, cache);
    const kept = readdirSync(cache).find((f) => f.endsWith('.kept'))!;
    const file = path.join(cache, kept);
    const bytes = readFileSync(file);
    // Change a finding's message in place: the CRC-32 no longer matches.
    writeFileSync(file, Buffer.from(bytes.toString('latin1').replace('unknown field', 'unknown fielt'), 'latin1'));
    const after = await run(dir, cache);
    expect(after.checked).toBe(after.records);
    expect(after.findings).toEqual(await fresh(dir));
  });

  it('never hold the checks across records: a new record conflicting with a kept one is found', async () => {
    const { dir, cache } = setUp();
    await run(dir, cache);
    // A second report with Total 5503: 2019-R3, unchanged and kept, is now in a conflict.
    writeFileSync(path.join(dir, '2019/regular-020.yaml'), recordYaml({ number: 20, total: 5503, date: '2019-04-01', title: 'Report 20' }));
    const after = await run(dir, cache);
    expect(after.checked).toBe(1);
    expect(after.findings).toEqual(await fresh(dir));
    expect(after.findings.some((f) => f.file === '2019/regular-003.yaml' || f.related?.includes('2019/regular-003.yaml'))).toBe(true);
  });

  it('validate serves them, with what checking every record finds', async () => {
    const { dir, cache } = setUp();
    const env = { archive: dir, cache, now: () => new Date(), cwd: dir, vars: {} };
    const cold = await validateArchive(env);
    const warm = await validateArchive(env);
    const none = await validateArchive({ ...env, cache: false });
    expect(warm.findings).toEqual(none.findings);
    expect(cold.findings).toEqual(none.findings);
    expect(readdirSync(cache).some((f) => f.endsWith('.kept'))).toBe(true);
  });

  it('serve each record its own facts: the fields the checks across records read, and its title as compared', async () => {
    const { dir, cache } = setUp();
    await run(dir, cache);
    const warm = await run(dir, cache);
    expect(warm.checked).toBe(0);
    for (const r of warm.archive.records) {
      const seen = warm.kept.facts(r);
      expect(seen).not.toBe(r);
      expect({ id: seen.id, file: seen.file, record: seen.record, titleKey: seen.titleKey, positions: seen.positions }).toEqual({
        id: r.id,
        file: r.file,
        record: factsOf(r.record),
        titleKey: normaliseTitle(r.record.title),
        positions: r.positions,
      });
    }
  });

  // Each edit keeps the file's size: the content decides, not the size (nor the time alone, see above).
  const edits: Array<{ field: string; from: string; to: string; code: string }> = [
    { field: 'total', from: 'total: 5505', to: 'total: 5503', code: 'duplicate-total' },
    { field: 'number', from: 'number: 5', to: 'number: 3', code: 'duplicate-number' },
    { field: 'date', from: 'date: "2019-02-05"', to: 'date: "2019-09-05"', code: 'date-order' },
    { field: 'title', from: 'title: "Report 5"', to: 'title: "Report 3"', code: 'duplicate-title' },
    { field: 'series', from: 'series: "Research Report"', to: 'series: "Research Rep0rt"', code: 'number-gap' },
    { field: 'kind', from: 'kind: "regular"', to: 'kind: "special"', code: 'number-gap' },
    { field: 'year', from: 'year: 2019', to: 'year: 2018', code: 'number-gap' },
    { field: 'a dropped Total', from: 'total: 5505', to: 'ntotl: 5505', code: 'unknown-field' },
  ];
  it.each(edits)('are never served as facts for a record whose $field changed', async ({ from, to, code }) => {
    const { dir, cache } = setUp();
    await run(dir, cache);
    const before = await run(dir, cache);
    expect(before.checked).toBe(0);
    expect(before.findings.some((f) => f.code === code && f.code !== 'unknown-field' && (f.file === '2019/regular-005.yaml' || f.related?.includes('2019/regular-005.yaml')))).toBe(false);
    const file = path.join(dir, '2019/regular-005.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(from);
    writeFileSync(file, text.replace(from, to));
    const after = await run(dir, cache);
    expect(after.checked).toBe(1);
    expect(after.findings).toEqual(await fresh(dir));
    expect(after.findings.some((f) => f.code === code)).toBe(true);
    // And the run after it serves the new facts: still the findings of checking every record.
    const again = await run(dir, cache);
    expect(again.checked).toBe(0);
    expect(again.findings).toEqual(await fresh(dir));
  });

  it('an attachment added to a kept record is checked against the disk', async () => {
    const { dir, cache } = setUp();
    const env = { archive: dir, cache, now: () => new Date(), cwd: dir, vars: {} };
    await validateArchive(env);
    const file = path.join(dir, '2019/regular-005.yaml');
    writeFileSync(file, readFileSync(file, 'utf8') + `attachment: {file: "2019/regular-005.pdf", size: 3, sha256: "${'a'.repeat(64)}"}\n`);
    const after = await validateArchive(env);
    expect(after.findings.map((f) => f.code)).toContain('attachment-missing');
    expect(after.findings).toEqual((await validateArchive({ ...env, cache: false })).findings);
    writeFileSync(path.join(dir, '2019/regular-005.pdf'), 'pdf');
    const warm = await validateArchive(env);
    expect(warm.findings.map((f) => f.code)).toContain('attachment-changed');
    expect(warm.findings).toEqual((await validateArchive({ ...env, cache: false })).findings);
  });

  it('the offsets the config declares are weighed on every run, kept facts or not', async () => {
    const { dir, cache } = setUp();
    const env = { archive: dir, cache, now: () => new Date(), cwd: dir, vars: {} };
    await validateArchive(env);
    const declared = { ...env, offsets: { value: { regular: { 2019: 5400 } }, from: 'reports.config.yaml' } };
    const warm = await validateArchive(declared);
    expect(warm.findings.filter((f) => f.code === 'total-offset').length).toBeGreaterThan(0);
    expect(warm.findings).toEqual((await validateArchive({ ...declared, cache: false })).findings);
    expect((await validateArchive(env)).findings).toEqual((await validateArchive({ ...env, cache: false })).findings);
  });
});

describe('validate with kept results and facts', () => {
  /** Every kind of bad file and numbering disagreement the checks know, in one archive. */
  function badArchive(): string {
    const files: Record<string, string> = {};
    for (let n = 1; n <= 9; n++) files[`2019/regular-00${n}.yaml`] = recordYaml({ number: n, total: 5500 + n, date: `2019-02-0${n}`, title: `Report ${n}` });
    Object.assign(files, {
      '2019/regular-010.yaml': recordYaml({ number: 10, total: 5503, date: '2019-01-01', title: 'report 2!' }), // Total held twice, date back, title twice
      '2019/regular-012.yaml': recordYaml({ number: 12, total: 5512, date: '2019-03-01', title: 'Report 12', attachment: { file: '2019/regular-012.pdf', size: 1, sha256: 'b'.repeat(64) } }),
      '2019/regular-013.yaml': 'title: [unclosed\n',
      '2019/regular-014.yaml': recordYaml({ number: 14, total: undefined, title: undefined }),
      '2019/regular-015.yaml': recordYaml({ number: 15, total: 5515, date: '2019-03-03', title: 'Report 15', colour: 'blue' }),
      '2018/regular-016.yaml': recordYaml({ number: 16, total: 5516, date: '2019-03-04', title: 'Report 16' }),
      '2020/special-001.yaml': recordYaml({ kind: 'special', year: 2020, number: 1, total: 90, date: '2020-01-05', title: 'Special 1' }),
      '2020/special-002.yaml': recordYaml({ kind: 'special', year: 2020, number: 2, total: 95, date: '2020-01-06', title: 'Special 2' }),
      '2019/notes.yaml': '- just\n- a list\n',
      '2019/empty.yaml': '',
    });
    const dir = makeArchive(files);
    made.push(path.dirname(dir));
    return dir;
  }

  it.each([['--json'], ['--format', 'github'], []])('prints what a run without a cache prints, cold, warm and after a change (%s)', async (...format) => {
    const dir = badArchive();
    const cache = tempDir('reports-kept-cli-');
    made.push(cache);
    const validate = (env: NodeJS.ProcessEnv) => runCli(['validate', ...format, '--archive', dir], { env });
    const none = await validate({ REPORTS_NO_CACHE: '1' });
    expect(none.code).toBe(1);
    expect(none.stdout).toMatch(/duplicate-total|duplicate total/);
    const first = await validate({ REPORTS_CACHE_DIR: cache });
    const warm = await validate({ REPORTS_CACHE_DIR: cache });
    expect(readdirSync(cache).some((f) => f.endsWith('.kept'))).toBe(true);
    for (const r of [first, warm]) expect(r).toEqual(none);
    // A change to one record, then a warm run again.
    const file = path.join(dir, '2019/regular-010.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('total: 5503', 'total: 5510'));
    const changedNone = await validate({ REPORTS_NO_CACHE: '1' });
    expect(changedNone).not.toEqual(none);
    expect(await validate({ REPORTS_CACHE_DIR: cache })).toEqual(changedNone);
    expect(await validate({ REPORTS_CACHE_DIR: cache })).toEqual(changedNone);
  });
});
