// Item 7 of the trust issue: a record's text never drives the terminal it is shown on.
import { describe, expect, it } from 'vitest';
import { makeArchive, recordYaml } from '../helpers.js';
import { visible } from '../../src/render/safe.js';
import { RAW_CONTROL, reports } from './run.js';

// A fake link (OSC 8), a window title (OSC 0), a screen clear, a bell, a C1 CSI, a right-to-left override.
const FAKE_LINK = '\u001b]8;;https://evil.example/\u0007Click\u001b]8;;\u0007';
const HOSTILE = `Rural Finance ${FAKE_LINK}\u001b]0;owned\u0007\u001b[2J\u009b31m\u202egnp.exe`;

const archive = () =>
  makeArchive({
    '2019/regular-001.yaml': recordYaml({ title: HOSTILE, authors: ['Li\u001b[8m Na'], abstract: `First.\u001b[2J\n\nSecond.`, keywords: ['k\u0007w'] }),
    '2019/regular-002.yaml': recordYaml({ number: 2, total: 5502, title: 'Plain' }),
  });

describe('terminal escapes in records', () => {
  it('visible() writes every C0, DEL, C1 and bidi control out as an escape, keeping line feeds only when asked', () => {
    const all = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)).join('') + '\u007f\u0085\u009b\u202a\u202e\u2066\u2069\u2028';
    expect(visible(all)).not.toMatch(RAW_CONTROL);
    expect(visible(all)).not.toContain('\n');
    expect(visible('a\u001bb')).toBe('a\\x1bb');
    expect(visible('a\u202eb')).toBe('a\\u202eb');
    expect(visible('line\nnext', true)).toBe('line\nnext');
    expect(visible('Plain title, 中文')).toBe('Plain title, 中文');
  });

  it('list prints titles and authors with their control characters written out', async () => {
    const r = await reports(['list', '--archive', archive()], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    expect(r.stdout).toContain('\\x1b');
  });

  it('show prints title, authors, abstract and key words with their control characters written out', async () => {
    const r = await reports(['show', '2019-R1', '--archive', archive()], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    expect(r.stdout).toContain('First.\\x1b[2J');
  });

  it('a problem line on stderr names a file whose name holds an escape without sending it', async () => {
    const dir = makeArchive({ '2019/regular-001.yaml': recordYaml(), '2019/\u001b]0;owned\u0007.yaml': 'title: [unclosed\n' });
    const r = await reports(['list', '--archive', dir], { tty: true });
    expect(r.stderr).toContain('\\x1b]0;owned\\x07.yaml');
    expect(r.stderr).not.toMatch(RAW_CONTROL);
  });

  it('validate reports a control character in any field as an error located at the value', async () => {
    const r = await reports(['validate', '--archive', archive()], { tty: true });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/2019\/regular-001\.yaml:1:8 {2}error {2}control-character {2}2019-R1: title holds the control character \\x1b/);
    expect(r.stdout).toMatch(/control-character {2}2019-R1: authors holds/);
    expect(r.stdout).toMatch(/control-character {2}2019-R1: keywords holds/);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
  });

  it('validate accepts line breaks, carriage returns and tabs in an abstract', async () => {
    const dir = makeArchive({ '2019/regular-001.yaml': recordYaml({ abstract: 'One.\r\n\r\n\tTwo.' }) });
    const r = await reports(['validate', '--archive', dir, '--json']);
    expect(JSON.parse(r.stdout).errors).toEqual([]);
  });

  it('validate --format github writes control characters out (a CI log is a terminal)', async () => {
    const r = await reports(['validate', '--archive', archive(), '--format', 'github']);
    expect(r.stdout).toContain('::error');
    expect(r.stdout).not.toMatch(RAW_CONTROL);
  });

  it('an error message that quotes a record title shows its control characters', async () => {
    const dir = archive();
    const r = await reports(['add', '--archive', dir, '--no-input', '--title', 'X', '--author', 'Y', '--year', '2019', '--number', '1', '--series', 'Research Report']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is already 2019-R1');
    expect(r.stderr).not.toMatch(RAW_CONTROL);
  });
});
