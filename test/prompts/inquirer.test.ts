// What the terminal shows for a question: a short label, the hint on the help line under it (replaced by the
// message of a rejected answer), nothing wider than 80 columns.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { render } from '@inquirer/testing';
import { describe, expect, it } from 'vitest';
import { hintedInput, linesPrompt } from '../../src/prompts/inquirer.js';
import { columns } from '../../src/model/clip.js';
import { askRecord, fieldQuestion, reviewQuestion, validateNumber } from '../../src/app/dialogue.js';
import { parsePage } from '../../src/model/page/read.js';
import { loadArchive } from '../../src/store/archive.js';
import { FIXTURES } from '../helpers.js';
import { PAGES } from '../helpers-add.js';
import { scripted } from '../helpers-ask.js';

const records = (await loadArchive(path.join(FIXTURES, 'add', 'archive'))).records;

describe('an input question on the terminal', () => {
  it('shows the label and its proposal on one line, the hint on the help line under it', async () => {
    const { answer, events, getScreen, nextRender } = await render(hintedInput, {
      message: 'Number',
      hint: 'in Research Report special 2019; the next free one is proposed',
      default: '12',
      validate: (v: string) => validateNumber(records, 'Research Report', 'special', 2019, v),
    });
    expect(getScreen()).toBe('? Number (12)\nin Research Report special 2019; the next free one is proposed');
    events.type('11');
    events.keypress('enter');
    await nextRender();
    // A rejected answer: the message takes the help line, the answer stays to be corrected.
    expect(getScreen()).toBe('? Number 11\n> No.11 of Research Report special 2019 is already 2019-S11 (2019/special-011.yaml); the next free number is 12');
    events.keypress('backspace');
    events.keypress('backspace');
    expect(getScreen()).toBe('? Number (12)\nin Research Report special 2019; the next free one is proposed');
    events.keypress('enter');
    await expect(answer).resolves.toBe('12');
    expect(getScreen()).toBe('✔ Number 12');
  });

  it('a long proposal is shown cut to the line and taken whole', async () => {
    const title = 'The Development of Small Towns with Distinctive Local Features in China in the New Era: Progress and Challenges';
    const { answer, events, getScreen } = await render(hintedInput, { message: 'Title', hint: 'without its "(No.N, YYYY)" suffix', default: title });
    expect(getScreen().split('\n')[0]).toBe('? Title (The Development of Small Towns with Distinctive Local Features in...)');
    events.keypress('enter');
    await expect(answer).resolves.toBe(title);
  });

  it('every question of an add from the seed page fits 80 columns', async () => {
    const page = parsePage(readFileSync(path.join(PAGES, 'seed.txt'), 'utf8'));
    const s = scripted({ number: '12', total: '1640', keepAbstract: true });
    const draft = await askRecord(s.ask, { records, given: {}, defaults: { ...page.fields, url: 'https://www.drc.gov.cn/en/report/2019/special-012.html' }, today: '2026-11-29' });
    const widths: Array<[string, number]> = [];
    for (const q of s.asked) {
      if (q.type === 'input') {
        const { answer, events, getScreen } = await render(hintedInput, { message: q.message, hint: q.hint, default: q.default });
        for (const line of getScreen().split('\n')) widths.push([line, columns(line)]);
        // Answered, so that no prompt is left open: an open one is force-closed when the test process exits, and
        // its rejection was reported as an unhandled error of the run.
        events.keypress('enter');
        await answer;
      } else widths.push([q.message, columns(`? ${q.message} (Y/n)`)]);
    }
    // The abstract, when it is asked for (here it was kept): its hint and question, as the terminal shows them.
    const lines = scripted({ number: '12', total: '1640', keepAbstract: false, abstract: 'Text.' });
    await askRecord(lines.ask, { records, given: {}, defaults: { ...page.fields }, today: '2026-11-29' });
    const q = lines.asked.find((x) => x.type === 'lines')!;
    for (const line of linesPrompt(q.message, q.hint).split('\n')) widths.push([line, columns(line)]);
    for (const q of [reviewQuestion('2019/special-012.yaml', false), fieldQuestion(draft)]) {
      widths.push([q.message, columns(`? ${q.message}`)]);
      for (const c of q.choices) widths.push([c.name!, columns(`❯ ${c.name}`)]);
    }
    expect(widths.filter(([, w]) => w >= 80)).toEqual([]);
    expect(widths.length).toBeGreaterThan(30);
  });
});
