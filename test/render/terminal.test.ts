import { describe, expect, it } from 'vitest';
import { columnNamed } from '../../src/render/columns.js';
import { makeStyle } from '../../src/render/style.js';
import { renderDetail, renderTable, renderTsv, tsvField } from '../../src/render/terminal.js';
import { displayWidth } from '../../src/render/width.js';
import type { LoadedRecord, RecordData } from '../../src/model/record.js';
import { reportId } from '../../src/model/ids.js';

const plain = makeStyle(0);
let n = 0;
function rec(fields: Partial<RecordData> = {}): LoadedRecord {
  const record = { title: 'A Report', authors: ['Li Na'], organization: 'DRC', series: 'Research Report', kind: 'regular', number: ++n, year: 2019, total: 5500 + n, date: '2019-01-02', ...fields } as RecordData;
  return { id: reportId(record), file: `${record.year}/${record.kind}-${String(record.number).padStart(3, '0')}.yaml`, record, positions: { keys: {}, values: {} } };
}
const cols = (...names: string[]) => names.map((x) => columnNamed(x)!);
const CHINESE = '新时代中国特色小镇发展的进展与挑战：一项关于城乡融合的研究报告';

describe('renderTable (list)', () => {
  it.each([80, 100, 120])('wraps a Chinese title at %i columns: every line the same width, no character lost', (width) => {
    const out = renderTable([rec({ title: CHINESE, authors: ['张晓欢'] }), rec({ title: 'An English Title' })], { width, style: plain });
    const lines = out.split('\n');
    const widths = new Set(lines.map(displayWidth));
    expect(widths.size).toBe(1);
    expect([...widths][0]).toBeLessThanOrEqual(width);
    const titleColumn = lines.filter((l) => l.startsWith('│')).map((l) => l.split('│')[4]!.trim()).join('');
    expect(titleColumn).toContain(CHINESE);
  });

  it.each([30, 40, 60])('at %i columns, too narrow for the table, shows a block per record, nothing cut', (width) => {
    const records = [rec({ title: CHINESE, authors: ['张晓欢'] }), rec({ title: 'An English Title', kind: 'special', total: 1639 })];
    const lines = renderTable(records, { width, style: plain }).split('\n');
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(width);
    const head = lines.slice(0, lines.findIndex((l) => l.startsWith('  '))).join('  ');
    expect(head).toBe(`${records[0]!.id}  regular  ${records[0]!.record.total}  2019-01-02`);
    expect(lines.filter((l) => l.startsWith('  ')).map((l) => l.trim()).join('')).toContain(CHINESE);
    expect(lines).toContain('  An English Title');
  });

  it('draws no rule between rows, one between years when rows come year by year', () => {
    const records = [rec({ year: 2019 }), rec({ year: 2019 }), rec({ year: 2018 }), rec({ year: 2018 })];
    const lines = renderTable(records, { width: 100, style: plain }).split('\n');
    expect(lines.filter((l) => l.startsWith('├'))).toHaveLength(2); // under the heading, and 2019 | 2018
    expect(lines).toHaveLength(3 + 4 + 1 + 1); // top, heading, rule; 4 rows; the year rule; bottom
  });

  it('draws no year rules when the years are mixed (sorted by title)', () => {
    const records = [rec({ year: 2019 }), rec({ year: 2018 }), rec({ year: 2019 })];
    expect(renderTable(records, { width: 100, style: plain }).split('\n').filter((l) => l.startsWith('├'))).toHaveLength(1);
  });

  it('shows a Total column, and a sequence column only when both sequences are shown', () => {
    const head = (records: LoadedRecord[]) => renderTable(records, { width: 120, style: plain }).split('\n')[1]!.split('│').map((s) => s.trim()).filter(Boolean);
    expect(head([rec(), rec()])).toEqual(['id', 'total', 'date', 'title', 'authors']);
    expect(head([rec(), rec({ kind: 'special', total: 1639 })])).toEqual(['id', 'sequence', 'total', 'date', 'title', 'authors']);
    const out = renderTable([rec({ total: 5599 }), rec({ kind: 'special', total: 1639 })], { width: 120, style: plain });
    expect(out).toMatch(/│ regular +│ +5599 │/);
    expect(out).toMatch(/│ special +│ +1639 │/);
  });

  it('shows the chosen columns, record text with its control characters written out', () => {
    const out = renderTable([rec({ title: 'Evil\u001b]8;;http://x\u0007 title' })], { width: 80, style: plain, columns: cols('id', 'title') });
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(out).toContain('Evil\\x1b]8;;http://x\\x07 title');
  });
});

describe('renderTsv (list --format tsv)', () => {
  it.each([
    ['tab', 'a\tb', 'a\\tb'],
    ['line feed', 'a\nb', 'a\\nb'],
    ['carriage return', 'a\rb', 'a\\rb'],
    ['backslash', 'a\\tb', 'a\\\\tb'],
    ['escape', 'a\u001b[2Jb', 'a\\x1b[2Jb'],
    ['bidi override', 'a\u202eb', 'a\\u202eb'],
    ['C1 CSI', 'a\u009bb', 'a\\x9bb'],
  ])('writes a %s as an escape', (_what, raw, shown) => {
    expect(tsvField(raw)).toBe(shown);
  });

  it('one heading line, then one line per record with one field per column, whatever the title holds', () => {
    const hostile = rec({ title: 'one\ttwo\nthree\u001b[31m', authors: ['A', 'B'] });
    const out = renderTsv([hostile, rec()], { columns: cols('id', 'title', 'authors', 'total') });
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('id\ttitle\tauthors\ttotal');
    expect(lines.map((l) => l.split('\t').length)).toEqual([4, 4, 4]);
    expect(lines[1]).toBe(`${hostile.id}\tone\\ttwo\\nthree\\x1b[31m\tA; B\t${hostile.record.total}`);
  });

  it('leaves the heading out on request', () => {
    expect(renderTsv([rec()], { columns: cols('id'), header: false }).split('\n')[0]).toMatch(/^2019-R\d+$/);
  });
});

describe('renderDetail (show)', () => {
  const long = rec({ abstract: 'word '.repeat(60).trim() });
  it('wraps at the width given', () => {
    for (const l of renderDetail(long, 50, plain).split('\n')) expect(l.length).toBeLessThanOrEqual(50);
  });
  it('measures Chinese text by display width: no line wider than the width, no character lost', () => {
    const out = renderDetail(rec({ title: CHINESE, abstract: CHINESE.repeat(3) }), 30, plain);
    // Every line but the footer (an id and a file path, kept whole to be copied).
    for (const l of out.trimEnd().split('\n').slice(0, -1)) expect(displayWidth(l)).toBeLessThanOrEqual(30);
    expect(out.replace(/\n/g, '')).toContain(CHINESE.repeat(3));
  });

  it('without a width, keeps each paragraph on one line', () => {
    const abstract = renderDetail(long, undefined, plain).split('\n').find((l) => l.startsWith('Abstract:'))!;
    expect(abstract).toBe(`Abstract: ${'word '.repeat(60).trim()}`);
  });
});
