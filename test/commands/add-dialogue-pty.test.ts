// The add dialogue never traps (in a real terminal, node-pty): a title typed with its suffix, a page's Total that
// follows a changed number, "write it anyway" after a refusal, and a page pasted for `--from-text -`.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PAGES, read, tempArchive } from '../helpers-add.js';
import { keepProposals, start } from '../pty.js';

const DOWN = '\x1b[B';
const BACKSPACE = '\x7f';
// Every field but the ones a case is about, so that each case asks only what it tests.
const REST = ['--author', 'X Y', '--abstract', 'A.', '--keyword', 'k', '--team', 'T', '--unit', 'U', '--organization', 'DRC', '--series', 'Research Report', '--url', '-'];

describe('the add dialogue never traps', () => {
  it('a title typed with its "(Special Issue, No.12, 2019)" suffix: taken off, and kind, year and number proposed from it', async () => {
    const a = tempArchive();
    const s = start(['add', '--archive', a, ...REST, '--date', '2019-02-01']);
    await s.waitFor('Title');
    s.type('Trade Policy (Special Issue, No.12, 2019)\r');
    await s.waitFor('took the numbering suffix (Special Issue, No.12, 2019) off the title');
    await s.waitFor('Kind');
    s.type('\r'); // special, as the suffix said
    await s.waitFor('(2019)');
    s.type('\r');
    await s.waitFor('(12)');
    s.type('\r');
    await s.waitFor('(1640)'); // offset 1628 + 12
    s.type('\r');
    await s.waitFor('Add this report as 2019/special-012.yaml?');
    s.type('\r');
    await s.waitFor('created 2019/special-012.yaml (2019-S12, Total 1640)');
    expect(await s.exit).toBe(0);
    expect(parse(read(path.join(a, '2019/special-012.yaml')))).toMatchObject({ title: 'Trade Policy', kind: 'special', number: 12, year: 2019, total: 1640 });
  });

  it("a page whose number is taken: the number typed instead gets the Total its offset proves, not the page's again", async () => {
    const a = tempArchive();
    // The seed page is Special Issue No.11 of 2019 (Total 1639), which the archive has.
    const s = start(['add', '--archive', a, '--from-text', path.join(PAGES, 'seed.txt'), ...REST, '--title', 'Another Report']);
    await s.waitFor('Kind');
    s.type('\r');
    await s.waitFor('Year');
    s.type('\r');
    await s.waitFor('(11)');
    s.type('\r');
    await s.waitFor('is already 2019-S11 (2019/special-011.yaml)');
    s.type(`${BACKSPACE.repeat(2)}12\r`);
    await s.waitFor('(1640)');
    s.type('\r');
    await s.waitFor('Date');
    s.type('\r');
    await s.waitFor('Add this report as 2019/special-012.yaml?');
    s.type('\r');
    await s.waitFor('created 2019/special-012.yaml (2019-S12, Total 1640)');
    expect(await s.exit).toBe(0);
  });

  it('refused at the end (a date out of order), "Write it anyway" writes it, as --force would', async () => {
    const a = tempArchive();
    const s = start(['add', '--archive', a, ...REST, '--title', 'Late Report', '--year', '2019', '--kind', 'regular', '--number', '97', '--total', '5597', '--date', '2019-01-01']);
    await s.waitFor('2019-R97 may be dated on or after 2019-06-20 [date-order]');
    await s.waitFor('Not written. Change an answer?');
    await s.waitFor('Write it anyway');
    s.type(`${DOWN}\r`);
    await s.waitFor('created 2019/regular-097.yaml (2019-R97, Total 5597)');
    expect(await s.exit).toBe(0);
    expect(s.output()).toMatch(/written despite: .*\[date-order\]/);
    expect(parse(read(path.join(a, '2019/regular-097.yaml'))).date).toBe('2019-01-01');
  });

  it('"Change an answer" after a refusal starts at the refused answer', async () => {
    const a = tempArchive();
    const s = start(['add', '--archive', a, ...REST, '--title', 'Late Report', '--year', '2019', '--kind', 'regular', '--number', '97', '--total', '5597', '--date', '2019-01-01']);
    await s.waitFor('Not written. Change an answer?');
    s.type('\r');
    await s.waitFor('Which answer?');
    s.type('\r'); // the cursor is on the Date already
    await s.waitFor('(2019-01-01)');
    s.type(`${BACKSPACE.repeat(12)}2019-7-1\r`);
    await s.waitFor('Add this report as 2019/regular-097.yaml?');
    s.type('\r');
    await s.waitFor('created 2019/regular-097.yaml');
    expect(await s.exit).toBe(0);
    expect(parse(read(path.join(a, '2019/regular-097.yaml'))).date).toBe('2019-07-01');
  });

  it('`--from-text -` at a terminal: the pasted page is reviewed like a page file, nothing is written before the review', async () => {
    const a = tempArchive();
    const target = path.join(a, '2019/special-005.yaml');
    const s = start(['add', '--archive', a, '--from-text', '-']);
    await s.waitFor('Paste the report page');
    const pageText = readFileSync(path.join(PAGES, 'straight-quotes-and.txt'), 'utf8').replace(/\n/g, '\r');
    s.type(`\x1b[200~${pageText}\x1b[201~\x04`);
    await s.waitFor('Values read from the page are proposed');
    await s.waitFor('(Rural Land Reform)');
    expect(existsSync(target)).toBe(false);
    await keepProposals(s);
    await s.waitFor('Add this report as 2019/special-005.yaml?');
    expect(existsSync(target)).toBe(false);
    s.type('\r');
    await s.waitFor('created 2019/special-005.yaml (2019-S5, Total 1633)');
    expect(await s.exit).toBe(0);
    expect(parse(read(target))).toMatchObject({ title: 'Rural Land Reform', authors: ['Zhang Liang', 'Zhang He'], number: 5, total: 1633, date: '2019-01-10', keywords: ['land reform', 'rural areas'] });
  });
});
