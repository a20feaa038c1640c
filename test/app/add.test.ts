// addReport in-process: what is written (and what is never guessed), what the archivist is asked and shown, the
// review before writing (change an answer, discard only when confirmed), key words, the URL prompt.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { addReport, type AddInput } from '../../src/app/add.js';
import type { AppEnv, Notice } from '../../src/app/env.js';
import type { LoadedRecord } from '../../src/model/record.js';
import type { ReportsError } from '../../src/errors.js';
import { flagWords } from '../../src/commands/words.js';
import { PAGES, tempArchive } from '../helpers-add.js';
import { scripted, type Script } from '../helpers-ask.js';

const NOW = new Date(2026, 10, 29, 10, 0, 0); // 2026-11-29, local time

function setup(answers?: Parameters<typeof scripted>[0]) {
  const archive = tempArchive();
  const notices: Notice[] = [];
  const script: Script | undefined = answers ? scripted(answers) : undefined;
  const env: AppEnv = { archive, cache: false, now: () => NOW, cwd: archive, vars: process.env, ask: script?.ask, notify: (n) => void notices.push(n) };
  const shown: string[] = [];
  const preview = (r: LoadedRecord, file: string) => void shown.push(`${file} ${r.record.date ?? 'no date'} ${r.record.total ?? 'no total'}`);
  const add = (input: AddInput) => addReport(env, { interactive: !!answers, preview, ...input });
  const read = (file: string) => parse(readFileSync(path.join(archive, file), 'utf8'));
  const said = () => notices.map((n) => `${n.level}: ${n.message}`);
  return { archive, env, notices, said, script, shown, add, read };
}

const page = (name: string) => ({ text: readFileSync(path.join(PAGES, name), 'utf8'), source: name });
const TA = { title: 'Rural Finance Reform', authors: ['Li Wei', 'Wang Fang'] };

describe('reports without a person as author', () => {
  it('a page signed "By Research Team on ..., DRC" alone imports with the team, and no author is made up', async () => {
    const t = setup();
    const r = await t.add({ page: page('team-alone.txt') });
    const rec = t.read(r.file);
    expect(rec).toMatchObject({ team: 'Research Team on “Rural Land Transfer”', organization: 'DRC', number: 88 });
    expect(rec).not.toHaveProperty('authors');
    expect(r.record.record.authors).toEqual([]);
  });

  it('--author - means none when a team or organization is given', async () => {
    const t = setup();
    const r = await t.add({ given: { title: 'Team Work', authors: null, team: 'Research Team on “Work”', year: 2019 } });
    expect(t.read(r.file)).not.toHaveProperty('authors');
    expect(t.read(r.file)).toMatchObject({ team: 'Research Team on “Work”' });
  });

  it.each([
    ['--author - with neither team nor organization', { title: 'T', authors: null, organization: null }, /no person as author \(authors -\) needs a team or organization that signs the report/],
    ['no author, no team, no organization', { title: 'T', organization: null }, /missing authors/],
  ])('%s is refused (exit 2)', async (_what, given, message) => {
    const t = setup();
    await expect(t.add({ given: given as never })).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(message) });
  });

  it('draftFromValues reads "-" as none for --author', async () => {
    const { draftFromValues } = await import('../../src/app/add.js');
    expect(draftFromValues({ authors: ['-'] }).authors).toBeNull();
    expect(draftFromValues({ authors: ['A B & C D'] }).authors).toEqual(['A B', 'C D']);
  });
});

describe('without prompts nothing is guessed', () => {
  it('a year whose offset is not known gets no Total, and no date is written unless given; both are said', async () => {
    const t = setup();
    const r = await t.add({ given: { ...TA, kind: 'special', year: 2020 } });
    expect(r).toMatchObject({ status: 'created', file: '2020/special-001.yaml' });
    const rec = t.read('2020/special-001.yaml');
    expect(rec).not.toHaveProperty('total');
    expect(rec).not.toHaveProperty('date');
    // In the library's words (the input's keys); the command line words them as flags.
    expect(t.said()).toContain(
      'notice: no Total written: the offset of Research Report special 2020 is not known yet (no report of that year has a Total); give total when the page shows it',
    );
    expect(t.said()).toContain('notice: no date written: none was given (date YYYY-MM-DD, or a page with one)');
    expect(t.notices.map((n) => n.wording?.(flagWords)).filter(Boolean)).toContain('no date written: none was given (--date YYYY-MM-DD, or a page with one)');
    // The next report of 2019 still takes its Total from the offset: the missing Total blocks nothing.
    await t.add({ given: { ...TA, title: 'Another', kind: 'special', year: 2019, date: '2019-02-01' } });
    expect(t.read('2019/special-012.yaml')).toMatchObject({ total: 1640, date: '2019-02-01' });
  });

  it('today is never written for a report of another year (nor of this one)', async () => {
    for (const year of [2019, 2026]) {
      const t = setup();
      const r = await t.add({ given: { ...TA, year } });
      expect(t.read(r.file)).not.toHaveProperty('date');
    }
  });

  it('null ("-") leaves out what a page or the archive would give: team, unit, organization, Total, date', async () => {
    const t = setup();
    const none = { team: null, unit: null, organization: null, total: null, date: null };
    const r = await t.add({ page: page('straight-quotes-and.txt'), given: none });
    const rec = t.read(r.file);
    expect(rec).toMatchObject({ title: 'Rural Land Reform', number: 5 });
    for (const k of Object.keys(none)) expect(rec).not.toHaveProperty(k);
    // Without the nulls the page's values are written.
    const u = setup();
    expect(u.read((await u.add({ page: page('straight-quotes-and.txt') })).file)).toMatchObject({ team: 'Research Team on “Rural Land Reform”', total: 1633, date: '2019-01-10' });
  });

  it('a date out of order is refused naming the new record and the dates it may take', async () => {
    const t = setup();
    const e = await t.add({ given: { ...TA, year: 2019, date: '2019-01-01' } }).then(
      () => expect.fail('refused'),
      (x: unknown) => x as ReportsError,
    );
    expect(e.message).toBe('refused to add 2019/regular-097.yaml (2019-R97); nothing was written (force writes it anyway)');
    expect(e.worded(flagWords)).toBe('refused to add 2019/regular-097.yaml (2019-R97); nothing was written (--force writes it anyway)');
    expect(e.details).toEqual([
      '2019-R97 (Total 5597) is dated 2019-01-01, but 2019-R96 has a lower Total (5596) and is dated 2019-06-20; a higher Total is never dated earlier: 2019-R97 may be dated on or after 2019-06-20 [date-order]',
    ]);
    expect(existsSync(path.join(t.archive, '2019/regular-097.yaml'))).toBe(false);
  });

  it('key words: blanks dropped, repeats (any case) dropped with a warning', async () => {
    const t = setup();
    const r = await t.add({ given: { ...TA, year: 2019, keywords: ['Finance', ' ', 'rural areas', 'finance', 'Rural Areas'] } });
    expect(t.read(r.file).keywords).toEqual(['Finance', 'rural areas']);
    expect(t.said()).toEqual(expect.arrayContaining(['warning: the key word "finance" repeats "Finance"; kept "Finance"', 'warning: the key word "Rural Areas" repeats "rural areas"; kept "rural areas"']));
  });

  it('an imported page\'s repeated key words are dropped and said', async () => {
    const t = setup();
    const text = page('straight-quotes-and.txt').text.replace(/Key words: .*/, 'Key words: land reform, , Land Reform, rural areas');
    const r = await t.add({ page: { text, source: 'p.txt' } });
    expect(t.read(r.file).keywords).toEqual(['land reform', 'rural areas']);
    expect(t.said()).toContain('notice: the key word "Land Reform" repeats "land reform"; kept "land reform"');
  });
});

describe('at the prompts', () => {
  const ALL = { title: 'Pty Report', authors: 'Li Wei', team: '', unit: '', organization: '', series: '', kind: 'special', year: '2019', number: '', total: '', date: '2019-02-01', abstract: '', keywords: '', url: '' };

  it('an imported page without a date proposes no date (not today)', async () => {
    const t = setup({ number: '125', total: '5400', date: '' });
    const r = await t.add({ page: page('series-no-date.txt') });
    const date = t.script!.asked.find((q) => q.name === 'date')!;
    expect(date).toMatchObject({ type: 'input', default: undefined });
    expect(r.status).toBe('created');
    expect(t.read(r.file)).not.toHaveProperty('date');
  });

  it('today is proposed only for a report of this year', async () => {
    const old = setup({ ...ALL, date: '' });
    await old.add({});
    expect(old.script!.asked.find((q) => q.name === 'date')).toMatchObject({ default: undefined, hint: 'YYYY-MM-DD; the Totals allow on or after 2019-01-25; empty for none' });
    const now = setup({ ...ALL, year: '2026', date: '' });
    const r = await now.add({});
    expect(now.script!.asked.find((q) => q.name === 'date')).toMatchObject({ default: '2026-11-29' });
    expect(now.read(r.file).date).toBe('2026-11-29');
  });

  it('the Total is proposed only from the year\'s offset; the guess is a hint, not an answer', async () => {
    const t = setup({ ...ALL, year: '2020' });
    const r = await t.add({});
    expect(t.script!.asked.find((q) => q.name === 'total')).toMatchObject({ default: undefined, hint: "2020's offset is not known (highest Total so far: 1639); empty for none" });
    expect(t.read(r.file)).not.toHaveProperty('total');
    const u = setup(ALL);
    await u.add({});
    expect(u.script!.asked.find((q) => q.name === 'total')).toMatchObject({ default: '1640', hint: 'offset 1628 + No.12; - for none' });
  });

  it('the Date prompt takes every form the date reader takes, and says what is wrong with an unreal day', async () => {
    const t = setup({ ...ALL, date: ['2019-02-29', 'Feb 28, 2019'] });
    const r = await t.add({});
    expect(t.script!.rejected).toEqual([['date', '2019-02-29 is not a real day: February 2019 has 28 days (- for no date)']]);
    expect(t.read(r.file).date).toBe('2019-02-28');
  });

  it('key words typed twice are dropped with a note; blanks are dropped', async () => {
    const t = setup({ ...ALL, keywords: 'finance, , Finance, reform,' });
    const r = await t.add({});
    expect(t.read(r.file).keywords).toEqual(['finance', 'reform']);
    expect(t.script!.notes).toContain('the key word "Finance" repeats "finance"; kept "finance"');
  });

  it('asks for a URL (http or https only; empty for none)', async () => {
    const t = setup({ ...ALL, url: ['ftp://example.org/r', 'javascript:alert(1)', 'https://example.org/r'] });
    const r = await t.add({});
    expect(t.script!.rejected.map(([k]) => k)).toEqual(['url', 'url']);
    expect(t.script!.rejected[0]![1]).toBe('a URL is an absolute http:// or https:// address, e.g. https://example.org/report (empty for none)');
    expect(t.read(r.file).url).toBe('https://example.org/r');
    const none = setup(ALL);
    expect(none.read((await none.add({})).file)).not.toHaveProperty('url');
  });

  it('labels are short: the hints are apart from them', async () => {
    const t = setup({ ...ALL, abstract: 'A.' });
    await t.add({ page: page('seed.txt'), given: { number: 12, total: 1640 } });
    for (const q of t.script!.asked) {
      expect(q.message.length, q.message).toBeLessThanOrEqual(q.type === 'input' ? 13 : 76);
      const hint = ('hint' in q && q.hint) || '';
      expect(hint.length, hint).toBeLessThanOrEqual(76);
    }
  });
});

describe('the review before writing', () => {
  const ALL = { title: 'Pty Report', authors: 'Li Wei', team: '', unit: '', organization: '', series: '', kind: 'special', year: '2019', number: '', total: '', date: '2019-02-01', abstract: 'My abstract.', keywords: 'k', url: '' };

  it('changes one answer (a select of fields, then that prompt, then the record again), then writes', async () => {
    const t = setup({ ...ALL, review: ['revise', 'write'], field: 'date', date: ['2019-02-01', '2019-3-4'] });
    const r = await t.add({});
    const names = t.script!.asked.map((q) => q.name);
    expect(names.slice(names.indexOf('review'))).toEqual(['review', 'field', 'date', 'review']);
    expect(t.shown).toEqual(['2019/special-012.yaml 2019-02-01 1640', '2019/special-012.yaml 2019-03-04 1640']);
    // The revised prompt proposes the current answer.
    expect(t.script!.asked.filter((q) => q.name === 'date')[1]).toMatchObject({ default: '2019-02-01' });
    expect(t.read(r.file)).toMatchObject({ date: '2019-03-04', abstract: 'My abstract.', keywords: ['k'] });
  });

  it('the select of fields shows each answer; a field given as a flag can be changed too', async () => {
    const t = setup({ ...ALL, review: ['revise', 'write'], field: 'title', title: 'Better Title' });
    const r = await t.add({ given: { title: 'Flag Title' } });
    const field = t.script!.asked.find((q) => q.name === 'field')!;
    expect(field.type === 'select' && field.choices.map((c) => c.name)).toEqual([
      'Title         Flag Title',
      'Authors       Li Wei',
      'Research team (none)',
      'Unit          (none)',
      'Organization  DRC',
      'Series        Research Report',
      'Kind          special',
      'Year          2019',
      'Number        12',
      'Total         1640',
      'Date          2019-02-01',
      'Abstract      My abstract.',
      'Key words     k',
      'URL           (none)',
    ]);
    expect(t.read(r.file).title).toBe('Better Title');
  });

  it('changing the year asks the number (kept while free), Total and date again, with the new year\'s proposals', async () => {
    const t = setup({ ...ALL, kind: 'regular', review: ['revise', 'write'], field: 'year', year: ['2019', '2018'], date: ['2019-07-01', '2018-05-01'] });
    const r = await t.add({});
    const after = t.script!.asked.slice(t.script!.asked.findIndex((q) => q.name === 'field') + 1).map((q) => [q.name, (q as { default?: string }).default]);
    // No.97 is free in 2018 too: the answer is kept; the Total follows 2018's offset (5275), the date its window.
    expect(after).toEqual([['year', '2019'], ['number', '97'], ['total', '5372'], ['date', '2019-07-01'], ['review', 'write']]);
    expect(t.script!.asked.filter((q) => q.name === 'date')[1]).toMatchObject({ hint: 'YYYY-MM-DD; the Totals allow from 2018-01-05 to 2018-08-08; - for none' });
    expect(r.file).toBe('2018/regular-097.yaml');
    expect(t.read(r.file)).toMatchObject({ number: 97, total: 5372, year: 2018, date: '2018-05-01' });
  });

  it('"No" discards only when confirmed; otherwise the answers stay', async () => {
    const keep = setup({ ...ALL, review: ['discard', 'write'], discard: false });
    const r = await keep.add({});
    expect(r.status).toBe('created');
    expect(keep.read(r.file).abstract).toBe('My abstract.');
    const drop = setup({ ...ALL, review: 'discard', discard: true });
    const d = await drop.add({});
    expect(d.status).toBe('declined');
    expect(existsSync(path.join(drop.archive, d.file))).toBe(false);
    expect(drop.script!.asked.find((q) => q.name === 'discard')).toMatchObject({ type: 'confirm', default: false });
  });

  it('a refusal at the end (a date out of order) offers to change an answer, starting at the refused one, or to write anyway', async () => {
    const t = setup({ ...ALL, kind: 'regular', date: ['2019-01-01', '2019-07-01'], review: ['revise', 'write'] });
    const r = await t.add({});
    const first = t.script!.asked.find((q) => q.name === 'review')!;
    expect(first.type === 'select' && first.choices.map((c) => c.value)).toEqual(['revise', 'force', 'discard']);
    expect(t.said().join('\n')).toMatch(/2019-R97 \(Total 5597\) is dated 2019-01-01, .* 2019-R97 may be dated on or after 2019-06-20 \[date-order\]/);
    // The select of fields starts at the date (no answer given for it: the default is taken).
    expect(t.script!.asked.find((q) => q.name === 'field')).toMatchObject({ default: 'date' });
    expect(t.read(r.file).date).toBe('2019-07-01');
  });

  it('"Change an answer" after a refused Total (given as a flag, so not checked as typed) starts at the Total', async () => {
    const t = setup({ ...ALL, kind: 'regular', date: '2019-07-01', review: ['revise', 'write'], total: '' });
    const r = await t.add({ given: { total: 5600 } });
    expect(t.said().join('\n')).toMatch(/total 5600 disagrees with offset 5500 .*\[total-offset\]/);
    expect(t.script!.asked.find((q) => q.name === 'field')).toMatchObject({ default: 'total' });
    // Asked again, the refused Total is not proposed again: the one the offset proves is.
    expect(t.script!.asked.find((q) => q.name === 'total')).toMatchObject({ default: '5597', hint: 'offset 5500 + No.97, not 5600; - for none' });
    expect(t.read(r.file)).toMatchObject({ number: 97, total: 5597 });
  });

  it('no author and nothing that signs: refused as not valid, no "write anyway", and the change starts at the authors', async () => {
    const t = setup({ ...ALL, authors: ['-', 'Li Na'], organization: '-', review: ['revise', 'write'] });
    const r = await t.add({});
    const review = t.script!.asked.find((q) => q.name === 'review')!;
    expect(review.type === 'select' && review.choices.map((c) => c.value)).toEqual(['revise', 'discard']);
    expect(t.script!.asked.find((q) => q.name === 'field')).toMatchObject({ default: 'authors' });
    expect(t.read(r.file)).toMatchObject({ authors: ['Li Na'] });
  });

  it('"Write it anyway" writes the refused record, as --force does, and says what it was written despite', async () => {
    const t = setup({ ...ALL, kind: 'regular', date: '2019-01-01', review: 'force' });
    const r = await t.add({});
    expect(r.status).toBe('created');
    expect(t.read(r.file)).toMatchObject({ number: 97, date: '2019-01-01' });
    expect(t.said().join('\n')).toMatch(/written despite: .*\[date-order\]/);
  });

  it('a record that would take another record\'s file is never offered "write anyway"', async () => {
    const t = setup({ ...ALL, kind: 'special', review: ['revise', 'discard'], discard: true });
    // No.11 is taken: the number prompt refuses it, so it is given as a flag (flags are checked only at the review).
    const s = await t.add({ given: { number: 11 } });
    const review = t.script!.asked.find((q) => q.name === 'review')!;
    expect(review.type === 'select' && review.choices.map((c) => c.value)).toEqual(['revise', 'discard']);
    expect(t.script!.asked.find((q) => q.name === 'field')).toMatchObject({ default: 'number' });
    // Asked again, the taken number is not proposed again, and the Total follows the new number.
    expect(t.script!.asked.find((q) => q.name === 'number')).toMatchObject({ default: '12' });
    expect(t.script!.asked.filter((q) => q.name === 'total').at(-1)).toMatchObject({ default: '1640' });
    expect(s).toMatchObject({ status: 'declined' });
  });
});
