// Every exported page passes html-validate (its recommended rules), for the bundled archive, the export fixture
// and a hostile fixture (markup, script breakers, control characters, CJK text, records with the least fields).
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { HtmlValidate, type ConfigData } from 'html-validate';
import { singleFilePage, siteFiles, siteFileText, siteModel } from '../../src/render/export/html.js';
import { exportAtom } from '../../src/render/export/atom.js';
import { loadArchive } from '../../src/store/archive.js';
import { sortRecords } from '../../src/query.js';
import { FIXTURES, ROOT } from '../helpers.js';

const SITE: ConfigData = {
  extends: ['html-validate:recommended'],
  rules: {
    // A report page's <title> is the report's full title as it is cited ("... (Special Issue, No.11, 2019)"):
    // cutting it at 70 characters for search-result snippets would lose what identifies the report.
    'long-title': 'off',
  },
};
// The e-mail file carries its styles on its elements: mail clients drop <style> and style sheets.
const MAIL: ConfigData = { ...SITE, rules: { ...SITE.rules, 'no-inline-style': 'off' } };

const site = new HtmlValidate(SITE);
const mail = new HtmlValidate(MAIL);

async function problems(validator: HtmlValidate, name: string, html: string): Promise<string[]> {
  const report = await validator.validateString(html, name);
  return report.results.flatMap((r) => r.messages.map((m) => `${name}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
}

const ARCHIVES = [
  ['the bundled archive', path.join(ROOT, 'archive')],
  ['the export fixture', path.join(FIXTURES, 'export', 'archive')],
  ['the hostile fixture', path.join(FIXTURES, 'export', 'hostile')],
] as const;

describe.each(ARCHIVES)('html-validate on every page exported from %s', (_name, dir) => {
  const load = async () => {
    const archive = await loadArchive(dir, { cache: false });
    expect(archive.records.length).toBeGreaterThan(0);
    return sortRecords(archive.records, 'date');
  };
  const base = 'https://example.org/reports/';
  const generated = new Date('2025-11-29T00:00:00Z');

  it('the site, with its feed and base URL and without', async () => {
    const rows = await load();
    const found: string[] = [];
    let pages = 0;
    // Every report with an attached file (linked, and its citation_pdf_url) in the second run.
    const files = new Map(rows.map((r, i) => [r, `files/report-${i}.pdf`]));
    for (const opts of [{ generated }, { generated, baseUrl: base, feed: exportAtom(rows, { baseUrl: base, generated }), files }]) {
      for (const f of siteFiles(siteModel(rows, opts))) {
        if (!f.path.endsWith('.html')) continue;
        pages++;
        found.push(...(await problems(site, f.path, siteFileText(f))));
      }
    }
    expect(pages).toBeGreaterThanOrEqual(2 * (rows.length + 2));
    expect(found).toEqual([]);
  });

  it('the e-mail file, with a base URL and without', async () => {
    const rows = await load();
    expect(await problems(mail, 'alert.html', singleFilePage(siteModel(rows, { generated, baseUrl: base })))).toEqual([]);
    expect(await problems(mail, 'alert.html', singleFilePage(siteModel(rows, { generated })))).toEqual([]);
  });
});

it('the validator finds what it is meant to find (so that a pass means something)', async () => {
  const bad = '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><h1>a</h1><p><div>b</div></p><img src="x.png"></body></html>';
  expect((await problems(site, 'bad.html', bad)).length).toBeGreaterThan(0);
  expect(await problems(site, 'inline.html', '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><p style="color:red">b</p></body></html>')).toEqual([
    'inline.html:1:70 no-inline-style: Inline style is not allowed',
  ]);
});
