// The add prompts as logic: the questions, their order, defaults and checks, answered by a scripted Ask.
import { render } from '@inquirer/testing';
import input from '@inquirer/input';
import { describe, expect, it } from 'vitest';
import { loadArchive } from '../../src/store/archive.js';
import { askRecord, validateDate, validateNumber, validateTitle, validateTotal } from '../../src/app/dialogue.js';
import type { Ask } from '../../src/model/questions.js';
import { scripted } from '../helpers-ask.js';
import { inquirerAsk } from '../../src/prompts/inquirer.js';
import { ROOT } from '../helpers-add.js';
import path from 'node:path';

const records = (await loadArchive(path.join(ROOT, 'test', 'fixtures', 'add', 'archive'))).records;

const env = { records, given: {}, defaults: { series: 'Research Report', organization: 'DRC' }, today: '2019-03-04', proposeToday: true };

describe('askRecord', () => {
  it('asks in the order a page reads and proposes number, Total and date', async () => {
    const s = scripted({ title: 'A New Report', authors: 'Li Wei & Wang Fang', kind: 'special', year: '2019' });
    const draft = await askRecord(s.ask, env);
    expect(s.asked.map((q) => q.name)).toEqual(['title', 'authors', 'team', 'unit', 'organization', 'series', 'kind', 'year', 'number', 'total', 'date', 'abstract', 'keywords', 'url']);
    expect(draft).toEqual({
      title: 'A New Report',
      authors: ['Li Wei', 'Wang Fang'],
      organization: 'DRC',
      series: 'Research Report',
      kind: 'special',
      year: 2019,
      number: 12,
      total: 1640,
      date: '2019-03-04',
    });
    const number = s.asked.find((q) => q.name === 'number');
    expect(number).toMatchObject({ default: '12' });
  });

  it('checks each answer as typed: a used number names its record, a Total off the offset says the right one, a date must be real', async () => {
    const s = scripted({
      title: [' ', '(No.3, 2019)', 'Title'],
      authors: [' , ', 'A B'],
      kind: 'special',
      year: ['19', '2019'],
      number: ['9', '0', '13'],
      total: ['1639', '1650', ''],
      date: ['2019-02-29', '2019-2-28'],
      abstract: 'One.\n\nTwo.',
      keywords: 'x, y ,z',
    });
    const draft = await askRecord(s.ask, env);
    expect(draft).toMatchObject({ number: 13, total: 1641, date: '2019-02-28', abstract: 'One.\n\nTwo.', keywords: ['x', 'y', 'z'] });
    const msgs = Object.fromEntries(s.rejected.map(([k, v]) => [k + ':' + v.slice(0, 12), v]));
    expect(s.rejected.map(([k]) => k)).toEqual(['title', 'title', 'authors', 'year', 'number', 'number', 'total', 'total', 'date']);
    expect(Object.values(msgs).join('\n')).toMatch(/No\.9 of Research Report special 2019 is already 2019-S9 \(2019\/special-009\.yaml\); the next free number is 12/);
    expect(Object.values(msgs).join('\n')).toMatch(/Total 1639 is already 2019-S11 \(2019\/special-011\.yaml\)/);
    expect(Object.values(msgs).join('\n')).toMatch(/Total 1650 disagrees with offset 1628 .*No\.13 is Total 1641/);
    expect(Object.values(msgs).join('\n')).toMatch(/2019-02-29 is not a real day: February 2019 has 28 days/);
  });

  it('does not ask what flags gave, and "-" leaves an optional field out', async () => {
    const s = scripted({ organization: '-', total: '-', date: '-' });
    const draft = await askRecord(s.ask, { ...env, given: { title: 'T', authors: ['A B'], kind: 'regular', year: 2019 } });
    expect(s.asked.map((q) => q.name)).toEqual(['team', 'unit', 'organization', 'series', 'number', 'total', 'date', 'abstract', 'keywords', 'url']);
    expect(draft.organization).toBeUndefined();
    expect(draft.total).toBeUndefined();
    expect(draft.date).toBeUndefined();
    expect(draft.number).toBe(97);
  });

  it('imported values are the defaults; the imported abstract is kept or replaced', async () => {
    const defaults = { ...env.defaults, title: 'Imported', authors: ['Li Na', 'Wu Gang'], abstract: 'Imported abstract.', keywords: ['k1', 'k2'], year: 2018, number: 125, total: 5400 };
    const keep = scripted({});
    expect(await askRecord(keep.ask, { ...env, defaults })).toMatchObject({ title: 'Imported', authors: ['Li Na', 'Wu Gang'], year: 2018, number: 125, total: 5400, abstract: 'Imported abstract.', keywords: ['k1', 'k2'] });
    expect(keep.asked.find((q) => q.name === 'authors')).toMatchObject({ default: 'Li Na & Wu Gang' });
    const replace = scripted({ keepAbstract: false, abstract: 'Mine.' });
    expect((await askRecord(replace.ask, { ...env, defaults })).abstract).toBe('Mine.');
  });

  it('a title typed with its suffix: the suffix is taken off and proposes kind, year and number (and their Total)', async () => {
    const s = scripted({ title: 'Trade Policy (Special Issue, No.12, 2019)', authors: 'A B' });
    const draft = await askRecord(s.ask, { ...env, today: '2026-12-07' });
    expect(draft).toMatchObject({ title: 'Trade Policy', kind: 'special', year: 2019, number: 12, total: 1640 });
    expect(s.asked.find((q) => q.name === 'kind')).toMatchObject({ default: 'special' });
    expect(s.asked.find((q) => q.name === 'year')).toMatchObject({ default: '2019' });
    expect(s.asked.find((q) => q.name === 'number')).toMatchObject({ default: '12' });
    expect(s.notes).toContain('took the numbering suffix (Special Issue, No.12, 2019) off the title: it is derived from kind, number and year, which are proposed from it');
  });

  it('a suffix that disagrees with flags: the flags stay and the difference is said', async () => {
    const s = scripted({ title: 'Trade Policy (No.12, 2019)', authors: 'A B' });
    const draft = await askRecord(s.ask, { ...env, given: { kind: 'special', year: 2019 } });
    expect(draft).toMatchObject({ title: 'Trade Policy', kind: 'special', number: 12 });
    expect(s.notes.join('\n')).toMatch(/differs from the kind given, which stay/);
  });

  it('a page\'s number refused and another typed: the Total is proposed for the new number, not the page\'s again', async () => {
    // The page is Special Issue No.11 of 2019, Total 1639: that number is taken.
    const defaults = { ...env.defaults, title: 'From a page', authors: ['Li Na'], kind: 'special' as const, year: 2019, number: 11, total: 1639 };
    const s = scripted({ number: ['', '12'] });
    const draft = await askRecord(s.ask, { ...env, defaults });
    expect(s.rejected.map(([k]) => k)).toEqual(['number']);
    expect(s.asked.find((q) => q.name === 'total')).toMatchObject({ default: '1640' });
    expect(draft).toMatchObject({ number: 12, total: 1640 });
  });

  it('where the archive knows no offset, the page\'s own Total - No gives the new number\'s Total', async () => {
    const defaults = { ...env.defaults, title: 'From a page', authors: ['Li Na'], kind: 'regular' as const, year: 2021, number: 5, total: 6070 };
    const s = scripted({ number: '6' });
    const draft = await askRecord(s.ask, { ...env, defaults });
    expect(s.asked.find((q) => q.name === 'total')).toMatchObject({ default: '6071', hint: 'offset 6065 (Total 6070 - No.5) + No.6; - for none' });
    expect(draft).toMatchObject({ number: 6, total: 6071 });
  });

  it('Ctrl-C (a rejected prompt) propagates: nothing is returned to write', async () => {
    const ask = (async () => {
      const e = new Error('User force closed the prompt with SIGINT');
      e.name = 'ExitPromptError';
      throw e;
    }) as Ask;
    await expect(askRecord(ask, env)).rejects.toMatchObject({ name: 'ExitPromptError' });
  });
});

describe('validators', () => {
  it('say what would be right', () => {
    // A title typed with its suffix is taken (the answer takes the suffix off); a suffix alone is no title.
    expect(validateTitle('Trade (Special Issue, No.11, 2019)')).toBe(true);
    expect(validateTitle('(Special Issue, No.11, 2019)')).toMatch(/the title is required before its numbering suffix/);
    expect(validateDate('2019-13-01')).toMatch(/2019-13-01 is not a real day: there is no month 13/);
    expect(validateDate('someday')).toMatch(/write YYYY-MM-DD/);
    expect(validateDate('2019-1-5')).toBe(true);
    expect(validateNumber(records, 'research report', 'regular', 2018, '124')).toMatch(/already 2018-R124/);
    expect(validateNumber(records, 'Research Report', 'regular', 2018, '125')).toBe(true);
    expect(validateTotal(records, 'Research Report', 'regular', 2018, 125, '5400')).toBe(true);
  });
});

describe('the terminal Ask (inquirer), rendered by @inquirer/testing', () => {
  it('shows the validation message of a used number and accepts the next one', async () => {
    const { answer, events, getScreen, nextRender } = await render(input, {
      message: 'Number in Research Report special 2019',
      default: '12',
      validate: (v: string) => validateNumber(records, 'Research Report', 'special', 2019, v),
    });
    expect(getScreen()).toContain('(12)');
    events.type('11');
    events.keypress('enter');
    await nextRender();
    expect(getScreen()).toContain('already 2019-S11 (2019/special-011.yaml)');
    events.keypress('backspace');
    events.keypress('backspace');
    events.keypress('enter');
    await expect(answer).resolves.toBe('12');
  });

  it('inquirerAsk reads the abstract as lines until an empty one', async () => {
    const { PassThrough } = await import('node:stream');
    const inputStream = new PassThrough();
    const output = new PassThrough();
    output.resume();
    const ask = inquirerAsk({ input: inputStream, output });
    const pending = ask({ type: 'lines', name: 'abstract', message: 'Abstract' });
    const typeLine = async (s: string) => {
      await new Promise((r) => setTimeout(r, 20));
      inputStream.write(`${s}\r`);
    };
    await typeLine('First.');
    await typeLine('Second.');
    await typeLine('');
    await expect(pending).resolves.toBe('First.\n\nSecond.');
  });
});
