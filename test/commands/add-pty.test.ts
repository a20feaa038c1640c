// reports add in a real terminal (node-pty): typing answers, validation as typed, Ctrl-C, an imported page.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { allFiles, PAGES, read, tempArchive } from '../helpers-add.js';
import { keepProposals, start } from '../pty.js';

const DOWN = '\x1b[B';
const BACKSPACE = '\x7f';

describe('reports add on a terminal', () => {
  it('asks in page order, proposes number and Total, rejects a used number and an unreal date, shows the record, writes it', async () => {
    const a = tempArchive();
    const s = start(['add', '--archive', a]);
    await s.waitFor('Title');
    s.type('Pty Report\r');
    await s.waitFor('Authors');
    s.type('Li Wei, Wang Fang & Zhao Min\r');
    await s.waitFor('Research team');
    s.type('\r');
    await s.waitFor('Unit');
    s.type('Research Department of Rural Economy\r');
    await s.waitFor('Organization');
    await s.waitFor('(DRC)'); // as last used in the archive
    s.type('\r');
    await s.waitFor('Series');
    s.type('\r');
    await s.waitFor('Kind');
    s.type(`${DOWN}\r`);
    await s.waitFor('Year');
    s.type('2019\r');
    await s.waitFor('(12)'); // the next free Special Issue number of 2019
    s.type('11\r');
    await s.waitFor('is already 2019-S11 (2019/special-011.yaml)');
    s.type(`${BACKSPACE}${BACKSPACE}12\r`);
    await s.waitFor('(1640)'); // offset 1628 + 12
    s.type('\r');
    await s.waitFor('Date');
    s.type('2019-2-30\r');
    await s.waitFor('not a real day');
    s.type(`${BACKSPACE.repeat(9)}2019-2-3\r`);
    await s.waitFor('Abstract');
    s.type('First paragraph.\r');
    await s.waitFor('continued');
    s.type('Second paragraph.\r');
    await s.waitFor('continued');
    s.type('\r');
    await s.waitFor('Key words');
    s.type('rural finance, reform\r');
    await s.waitFor('URL');
    s.type('\r');
    await s.waitFor('Research Report, Special Issue, No.12, 2019 (Total 1640) 2019-2-3'); // as show prints it
    await s.waitFor('Add this report as 2019/special-012.yaml?');
    s.type('\r');
    await s.waitFor('created 2019/special-012.yaml (2019-S12, Total 1640)');
    expect(await s.exit).toBe(0);
    expect(parse(read(path.join(a, '2019/special-012.yaml')))).toEqual({
      title: 'Pty Report',
      authors: ['Li Wei', 'Wang Fang', 'Zhao Min'],
      unit: 'Research Department of Rural Economy',
      organization: 'DRC',
      series: 'Research Report',
      kind: 'special',
      number: 12,
      year: 2019,
      total: 1640,
      date: '2019-02-03',
      abstract: 'First paragraph.\n\nSecond paragraph.',
      keywords: ['rural finance', 'reform'],
    });
  });

  it('Ctrl-C at a prompt writes nothing and exits 130', async () => {
    const a = tempArchive();
    const before = allFiles(a);
    const s = start(['add', '--archive', a], { NO_COLOR: '' }); // in colour, as most terminals are
    await s.waitFor('Title');
    s.type('Half typed\r');
    await s.waitFor('Authors');
    s.type('\x03');
    expect(await s.exit).toBe(130);
    expect(s.output()).toMatch(/nothing was written/);
    expect(allFiles(a)).toEqual(before);
  });

  it('answering no at the confirmation, then confirming the discard, writes nothing', async () => {
    const a = tempArchive();
    const before = allFiles(a);
    const s = start(['add', '--archive', a, '--title', 'Declined', '--author', 'X Y', '--year', '2019', '--kind', 'regular', '--date', '2019-07-01', '--abstract', 'A.', '--keyword', 'k', '--team', 'T', '--unit', 'U', '--organization', 'DRC', '--series', 'Research Report', '--number', '97', '--total', '5597', '--url', '-']);
    await s.waitFor('Add this report as 2019/regular-097.yaml?');
    s.type('n');
    await s.waitFor('No: discard these answers');
    s.type('\r');
    await s.waitFor('Discard all these answers? Nothing is written');
    s.type('y\r');
    expect(await s.exit).toBe(0);
    expect(s.output()).toMatch(/not added: the answers were discarded; nothing was written/);
    expect(allFiles(a)).toEqual(before);
  });

  it('before writing, an answer can be changed, and "no" keeps the answers unless the discard is confirmed', async () => {
    const a = tempArchive();
    const s = start(['add', '--archive', a, '--author', 'X Y', '--year', '2019', '--kind', 'regular', '--date', '2019-07-01', '--abstract', 'My abstract.', '--keyword', 'k', '--team', 'T', '--unit', 'U', '--organization', 'DRC', '--series', 'Research Report', '--number', '97', '--total', '5597']);
    await s.waitFor('Title');
    s.type('First Tilte\r');
    await s.waitFor('URL');
    await s.waitFor('http(s)://'); // the hint, on the help line
    s.type('https://example.org/r97\r');
    await s.waitFor('First Tilte (No.97, 2019)'); // the record, as show prints it
    await s.waitFor('Add this report as 2019/regular-097.yaml?');
    s.type(`${DOWN}\r`); // Change an answer
    await s.waitFor('Which answer?');
    await s.waitFor('First Tilte');
    s.type('\r'); // Title, the first field
    await s.waitFor('(First Tilte)'); // the current answer is proposed
    s.type('First Title\r');
    await s.waitFor('First Title (No.97, 2019)'); // shown again, changed
    await s.waitFor('Add this report as 2019/regular-097.yaml?');
    s.type('n\r'); // No ...
    await s.waitFor('Discard all these answers? Nothing is written');
    s.type('n\r'); // ... but keep them
    await s.waitFor('Add this report as 2019/regular-097.yaml?');
    s.type('\r');
    await s.waitFor('created 2019/regular-097.yaml (2019-R97, Total 5597)');
    expect(await s.exit).toBe(0);
    expect(parse(read(path.join(a, '2019/regular-097.yaml')))).toMatchObject({ title: 'First Title', abstract: 'My abstract.', url: 'https://example.org/r97' });
  });

  it('a probable duplicate title is a warning at a terminal, and the archivist decides', async () => {
    const a = tempArchive();
    const s = start(['add', '--archive', a, '--title', 'Analysis on the changes of economic pattern in Northeast China', '--author', 'X Y', '--year', '2019', '--kind', 'regular', '--date', '2019-07-01', '--abstract', 'A.', '--keyword', 'k', '--team', 'T', '--unit', 'U', '--organization', 'DRC', '--series', 'Research Report', '--number', '97', '--total', '5597', '--url', '-'], { NO_COLOR: '' });
    await s.waitFor("warning: 2019-R97: the title is the same as 2018-R124's (2018/regular-124.yaml)");
    await s.waitFor('Add this report as 2019/regular-097.yaml?');
    s.type('y\r');
    await s.waitFor('created 2019/regular-097.yaml (2019-R97, Total 5597)');
    expect(await s.exit).toBe(0);
  });

  it('refused at the end (a date out of order), the answer is changed rather than lost', async () => {
    const a = tempArchive();
    const s = start(['add', '--archive', a, '--title', 'Late Report', '--author', 'X Y', '--year', '2019', '--kind', 'regular', '--abstract', 'A.', '--keyword', 'k', '--team', 'T', '--unit', 'U', '--organization', 'DRC', '--series', 'Research Report', '--number', '97', '--total', '5597', '--url', '-']);
    await s.waitFor('Date');
    await s.waitFor('the Totals allow on or after 2019-06-20'); // the hint
    s.type(`${BACKSPACE.repeat(12)}2019-1-1\r`); // before 2019-R96 (Total 5596, 2019-06-20)
    await s.waitFor('2019-R97 may be dated on or after 2019-06-20 [date-order]');
    await s.waitFor('Not written. Change an answer?');
    s.type('\r');
    await s.waitFor('Which answer?');
    s.type('d\r'); // Date
    await s.waitFor('(2019-01-01)'); // the previous answer is proposed
    s.type('2019-7-1\r');
    await s.waitFor('Add this report as 2019/regular-097.yaml?');
    s.type('\r');
    await s.waitFor('created 2019/regular-097.yaml');
    expect(await s.exit).toBe(0);
    expect(parse(read(path.join(a, '2019/regular-097.yaml'))).date).toBe('2019-07-01');
  });

  it('an imported page proposes its values: Enter keeps each one', async () => {
    const a = tempArchive();
    const s = start(['add', '--archive', a, '--from-text', path.join(PAGES, 'straight-quotes-and.txt')]);
    await s.waitFor('Title');
    await s.waitFor('(Rural Land Reform)');
    await keepProposals(s);
    await s.waitFor('Add this report as 2019/special-005.yaml?');
    s.type('\r');
    expect(await s.exit).toBe(0);
    expect(parse(read(path.join(a, '2019/special-005.yaml')))).toMatchObject({
      title: 'Rural Land Reform',
      authors: ['Zhang Liang', 'Zhang He'],
      team: 'Research Team on “Rural Land Reform”',
      kind: 'special',
      number: 5,
      total: 1633,
      date: '2019-01-10',
      abstract: 'Land reform matters.',
      keywords: ['land reform', 'rural areas'],
    });
    expect(existsSync(path.join(a, '.reports.lock'))).toBe(false);
  });
});
