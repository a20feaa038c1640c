// Item: a multi-line abstract pasted at the Abstract prompt lands whole (every line, blank lines between
// paragraphs, a trailing "Key words:" line), in a real terminal (node-pty), and nothing typed after it is dropped.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { read, tempArchive } from '../helpers-add.js';
import { start } from '../pty.js';
import { LinesReader } from '../../src/prompts/lines.js';

const PASTE_ON = '\x1b[?2004h';
const PASTE_OFF = '\x1b[?2004l';

// Every field but the abstract and key words is given, so the abstract is the first prompt.
const FLAGS = ['--title', 'Pasted', '--author', 'X Y', '--year', '2019', '--kind', 'regular', '--date', '2019-07-01', '--team', 'T', '--unit', 'U', '--organization', 'DRC', '--series', 'Research Report', '--number', '97', '--total', '5597', '--url', '-'];

// Three paragraphs, the first wrapped at its margin as copied from a page, blank lines between them.
const PARAGRAPHS = ['The first paragraph was copied from a page and wraps at its margin.', 'The second paragraph follows a blank line.', 'The third paragraph ends it.'];
const PASTED = 'The first paragraph was copied from a page\rand wraps at its margin.\r\rThe second paragraph follows a blank line.\r\rThe third paragraph ends it.';

async function addWithPaste(paste: (typed: string) => string, opts: { keywordsLine?: boolean } = {}) {
  const a = tempArchive();
  const s = start(['add', '--archive', a, ...FLAGS]);
  await s.waitFor('Abstract');
  const text = PASTED + (opts.keywordsLine ? '\rKey words: pasted words, paste' : '');
  // The whole paste in one write: one burst, as a terminal delivers it.
  s.type(paste(text));
  await s.waitFor('The third paragraph ends it.');
  s.type('\r'); // ends the pasted last line
  await s.waitFor('continued');
  s.type('\r'); // an empty line typed: the end
  await s.waitFor('Key words');
  if (opts.keywordsLine) await s.waitFor('(pasted words, paste)'); // proposed from the pasted line
  s.type('typed after, the paste\r');
  await s.waitFor('Add this report as 2019/regular-097.yaml?');
  s.type('\r');
  await s.waitFor('created 2019/regular-097.yaml');
  expect(await s.exit).toBe(0);
  return { s, record: parse(read(path.join(a, '2019/regular-097.yaml'))) as Record<string, unknown> };
}

describe('pasting a multi-line abstract in a terminal', () => {
  it('a bracketed paste of three paragraphs with blank lines lands whole, and the key words typed after are kept', async () => {
    const { s, record } = await addWithPaste((t) => `\x1b[200~${t}\x1b[201~`, { keywordsLine: true });
    expect(record.abstract).toBe(PARAGRAPHS.join('\n\n'));
    expect(record.keywords).toEqual(['typed after', 'the paste']);
    // Bracketed paste was turned on for the abstract and off again after it.
    const raw = s.raw();
    expect(raw.indexOf(PASTE_ON)).toBeGreaterThan(-1);
    expect(raw.lastIndexOf(PASTE_OFF)).toBeGreaterThan(raw.lastIndexOf(PASTE_ON));
  });

  it('a raw paste (a terminal that does not bracket pastes) of three paragraphs in one burst lands whole', async () => {
    const { record } = await addWithPaste((t) => t);
    expect(record.abstract).toBe(PARAGRAPHS.join('\n\n'));
    expect(record.keywords).toEqual(['typed after', 'the paste']);
  });

  it('key words typed ahead in the same burst as the Ctrl-D that ends the abstract reach the next prompt', async () => {
    const a = tempArchive();
    const s = start(['add', '--archive', a, ...FLAGS]);
    await s.waitFor('Abstract');
    s.type(`\x1b[200~${PASTED}\x1b[201~\x04typed ahead\r`);
    await s.waitFor('Add this report as 2019/regular-097.yaml?');
    s.type('\r');
    await s.waitFor('created 2019/regular-097.yaml');
    expect(await s.exit).toBe(0);
    const record = parse(read(path.join(a, '2019/regular-097.yaml')));
    expect(record.abstract).toBe(PARAGRAPHS.join('\n\n'));
    expect(record.keywords).toEqual(['typed ahead']);
  });

  it('Ctrl-C at the abstract exits 130 and turns bracketed paste off', async () => {
    const a = tempArchive();
    const s = start(['add', '--archive', a, ...FLAGS]);
    await s.waitFor('Abstract');
    s.type('half a line\x03');
    expect(await s.exit).toBe(130);
    expect(s.raw().lastIndexOf(PASTE_OFF)).toBeGreaterThan(s.raw().lastIndexOf(PASTE_ON));
  });
});

describe('the end rule of the abstract (LinesReader)', () => {
  const feed = (...chunks: string[]) => {
    const r = new LinesReader('> ');
    let last;
    for (const c of chunks) last = r.feed(c);
    return { r, last: last! };
  };

  it.each([
    ['lines typed one by one, ended by an empty line', ['One.\r', 'Two.\r', '\r'], 'One.\n\nTwo.'],
    ['a bracketed paste keeps its blank lines', ['\x1b[200~A\r\rB\r\r\rC\x1b[201~', '\r', '\r'], 'A\n\nB\n\nC'],
    ['a paste marker split across two reads', ['\x1b[20', '0~A\r\rB\x1b[2', '01~', '\x04'], 'A\n\nB'],
    ['CR LF line ends count once', ['\x1b[200~A\r\nB\r\n\r\nC\x1b[201~\x04'], 'A B\n\nC'],
    ['Ctrl-D ends at once, keeping the unfinished line', ['One.\r', 'Two', '\x04'], 'One.\n\nTwo'],
    ['backspace and arrows edit the typed line', ['Tw\x7fwo\x1b[D.\r', '\r'], 'Two.'],
  ])('%s', (_name, chunks, expected) => {
    const { r } = feed(...chunks);
    expect(r.text()).toBe(expected);
  });

  it('a pasted page (asLines) keeps its lines and blank lines as they came: the page reader needs them', () => {
    const { r } = feed('\x1b[200~Title (No.5, 2019)\r\rBy A B, DRC\rResearch Report, No.5, 2019\r\r\rAbstract: x\x1b[201~\x04');
    expect(r.text(true)).toBe('Title (No.5, 2019)\n\nBy A B, DRC\nResearch Report, No.5, 2019\n\n\nAbstract: x');
    // As an abstract, the same lines become paragraphs.
    expect(r.text()).toBe('Title (No.5, 2019)\n\nBy A B, DRC Research Report, No.5, 2019\n\nAbstract: x');
  });

  it('after a bracketed paste, an empty line typed ends the abstract and what follows it is handed back', () => {
    const { last } = feed('\x1b[200~A\r\rB\x1b[201~\r', '\rnext answer\r');
    expect(last).toMatchObject({ done: true, rest: 'next answer\r' });
  });
});
