// The per-record checks' results kept between runs: served only for the same record content, rules and config;
// the checks across records run every time.
import { readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keptRecordChecks, recordRules, RECORD_RULES, rulesKey, type RecordRules } from '../../src/app/kept-checks.js';
import { validateArchive } from '../../src/app/read.js';
import { checkArchive } from '../../src/checks/index.js';
import { checkRecord } from '../../src/checks/record.js';
import type { LoadedRecord } from '../../src/model/record.js';
import { loadArchive } from '../../src/store/archive.js';
import { makeArchive, recordYaml, tempDir } from '../helpers.js';

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
  const findings = checkArchive(archive, { perRecord: kept.check });
  kept.keep();
  return { findings, checked: kept.checked(), records: archive.records.length };
}

const fresh = async (dir: string) => (await run(dir, false)).findings;

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
});
