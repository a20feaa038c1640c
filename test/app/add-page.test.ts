// add with a report page: saved HTML (its URL, a GBK page), and a page already in the archive said before the
// first prompt.
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { addReport } from '../../src/app/add.js';
import type { AppEnv, Notice } from '../../src/app/env.js';
import type { Ask, Question } from '../../src/model/questions.js';
import { FIXTURES, runCli, tempDir } from '../helpers.js';

const HTML = path.join(FIXTURES, 'pages', 'html');
const FORMS = path.join(FIXTURES, 'pages', 'forms');

function env(): { env: AppEnv; events: string[] } {
  const root = tempDir('reports-add-page-');
  cpSync(path.join(FIXTURES, 'add', 'archive'), path.join(root, 'archive'), { recursive: true });
  const events: string[] = [];
  return {
    events,
    env: { archive: path.join(root, 'archive'), cache: false, now: () => new Date('2026-01-02T03:04:05Z'), cwd: root, vars: process.env, notify: (n: Notice) => events.push(`${n.level}: ${n.message}`) },
  };
}

/** An Ask that records each question and stops at the first one (the test is about what came before it). */
function stopAtFirst(events: string[]): Ask {
  return (async (q: Question) => {
    events.push(`asked: ${q.name}`);
    throw Object.assign(new Error('stop'), { name: 'ExitPromptError' });
  }) as Ask;
}

describe('add --from-text: a page already in the archive is said before the first prompt', () => {
  it('the same report: "already in the archive as 2018-R124" comes before any question', async () => {
    const { env: e, events } = env();
    e.ask = stopAtFirst(events);
    await expect(addReport(e, { page: { bytes: readFileSync(path.join(FORMS, 'seed-r124-2018.txt')), name: 'r124.txt', source: 'r124.txt' }, interactive: true })).rejects.toThrow('stop');
    const warn = events.findIndex((m) => /^warning: this page is already in the archive as 2018-R124 \(2018\/regular-124\.yaml\)/.test(m));
    const firstAsk = events.findIndex((m) => m.startsWith('asked:'));
    expect(warn).toBeGreaterThanOrEqual(0);
    expect(firstAsk).toBeGreaterThan(warn);
  });

  it('another report holding its number: said as a clash, before any question', async () => {
    const { env: e, events } = env();
    e.ask = stopAtFirst(events);
    const text = 'Another Title (No.96, 2019)\nBy Li Wei, DRC\nResearch Report, No.96, 2019 (Total 5596) 2019-6-20\n';
    await expect(addReport(e, { page: { text, source: 'the page' }, interactive: true })).rejects.toThrow('stop');
    expect(events[events.findIndex((m) => m.startsWith('asked:')) - 1]).toMatch(/^warning: this page clashes with the archive: No\.96, 2019 is already 2019-R96/);
  });

  it('a new page says nothing of the kind', async () => {
    const { env: e, events } = env();
    e.ask = stopAtFirst(events);
    await expect(addReport(e, { page: { text: 'Fresh Report (No.97, 2019)\nBy Li Wei, DRC\nResearch Report, No.97, 2019 (Total 5597) 2019-7-1\n', source: 'p' }, interactive: true })).rejects.toThrow('stop');
    expect(events.join('\n')).not.toMatch(/already in the archive|clashes/);
  });
});

describe('add --from-text: saved HTML', () => {
  it('reads a saved HTML page and keeps its canonical URL', async () => {
    const { env: e } = env();
    const r = await addReport(e, { page: { bytes: readFileSync(path.join(HTML, 'chrome-in-content.html')), name: 'p.html', source: 'p.html' }, dryRun: true });
    expect(r.record.record).toMatchObject({ title: 'Talent Policies of Medium-sized Cities', number: 12, year: 2018, total: 5287 });
    const withUrl = await addReport(e, { page: { bytes: readFileSync(path.join(HTML, 'gbk.html')), name: 'gbk.html', source: 'gbk.html' } });
    expect(withUrl.status).toBe('created');
    const written = parse(readFileSync(path.join(e.archive, withUrl.file), 'utf8'));
    expect(written).toMatchObject({ title: '特色小镇的发展与挑战', authors: ['张晓欢', '杨晓东'], url: 'http://www.drc.gov.cn/fixture/gbk.htm', total: 1648 });
  });

  it('reads HTML on stdin, told by its content (the CLI, in-process)', async () => {
    const { env: e } = env();
    const html = readFileSync(path.join(HTML, 'chrome-in-content.html'), 'utf8').replace('javascript:alert(1)', 'https://example.org/r12');
    const r = await runCli(['--archive', e.archive, 'add', '--from-text', '-', '--no-input', '--dry-run', '--json'], { input: html });
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).report).toMatchObject({ id: '2018-R12', title: 'Talent Policies of Medium-sized Cities', url: 'https://example.org/r12' });
  });

  it('reads a .htm file given by name, and refuses a page already in the archive (exit 1), saying so first', async () => {
    const { env: e } = env();
    const root = path.dirname(e.archive);
    cpSync(path.join(HTML, 'drc-style.html'), path.join(root, 'r124.htm'));
    const r = await runCli(['--archive', e.archive, 'add', '--from-text', 'r124.htm', '--no-input'], { cwd: root });
    expect(r.stderr).toMatch(/warning: this page is already in the archive as 2018-R124/);
    expect(r.code).toBe(1);
  });
});
