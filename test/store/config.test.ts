// The config file: found by walking up, values settled flag > environment > file > default, errors located.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfigText, searchUp } from '../../src/store/config.js';
import { describeSource } from '../../src/model/config.js';
import { reports, tempFolder } from '../team-helpers.js';

function project(config: string): string {
  const dir = tempFolder('reports-config-');
  writeFileSync(path.join(dir, 'reports.config.yaml'), config);
  mkdirSync(path.join(dir, 'records', 'deep'), { recursive: true });
  return dir;
}

const CONFIG = ['archive: records', 'series: [Research Report, Policy Brief]', 'organization: DRC', 'kind: special', 'site:', '  title: DRC Reports', '  baseUrl: https://example.org/r/', ''].join('\n');

describe('settings in force', () => {
  it('reads the file found by walking up from a sub-folder; the archive is relative to the file', async () => {
    const dir = project(CONFIG);
    const { settings, problems } = await loadConfig({ cwd: path.join(dir, 'records', 'deep'), env: {} });
    expect(problems).toEqual([]);
    expect(settings.file).toBe(path.join(dir, 'reports.config.yaml'));
    expect(settings.archive.value).toBe(path.join(dir, 'records'));
    expect(settings.series?.value).toEqual(['Research Report', 'Policy Brief']);
    expect(settings.kind?.value).toBe('special');
    expect(settings.baseUrl?.value).toBe('https://example.org/r/');
    expect(describeSource(settings.organization!.source, (f) => path.basename(f))).toBe('reports.config.yaml:3:15');
  });

  it.each([
    { name: 'flag over environment over file', flags: { archive: { value: 'x', name: '--archive' } }, env: { REPORTS_ARCHIVE: 'y' }, value: 'x', source: 'flag --archive' },
    { name: 'environment over file', flags: {}, env: { REPORTS_ARCHIVE: 'y' }, value: 'y', source: 'environment REPORTS_ARCHIVE' },
    { name: 'file when nothing else', flags: {}, env: {}, value: 'records', source: 'reports.config.yaml:1:10' },
  ])('archive: $name', async ({ flags, env, value, source }) => {
    const dir = project(CONFIG);
    const { settings } = await loadConfig({ cwd: dir, env, flags });
    expect(settings.archive.value).toBe(path.join(dir, value));
    expect(describeSource(settings.archive.source, (f) => path.basename(f))).toBe(source);
  });

  it('environment variables win for every setting', async () => {
    const dir = project(CONFIG);
    const env = { REPORTS_SERIES: 'Working Paper', REPORTS_ORGANIZATION: 'IDS', REPORTS_KIND: 'regular', REPORTS_SITE_TITLE: 'T', REPORTS_BASE_URL: 'https://e.org/' };
    const { settings } = await loadConfig({ cwd: dir, env });
    expect([settings.series?.value, settings.organization?.value, settings.kind?.value, settings.siteTitle?.value, settings.baseUrl?.value]).toEqual([['Working Paper'], 'IDS', 'regular', 'T', 'https://e.org/']);
  });

  it('the search stops after the home folder', () => {
    const dir = project(CONFIG);
    const deep = path.join(dir, 'records', 'deep');
    expect(searchUp(deep, path.join(dir, 'records'))).toBeUndefined();
    expect(searchUp(deep, dir)).toBe(path.join(dir, 'reports.config.yaml'));
    expect(searchUp(deep, undefined)).toBe(path.join(dir, 'reports.config.yaml'));
  });

  it('with no file: ./archive by default, nothing else set', async () => {
    const dir = tempFolder();
    const { settings, problems } = await loadConfig({ cwd: dir, env: {} });
    expect(problems).toEqual([]);
    expect(settings.file).toBeUndefined();
    expect(settings.archive).toEqual({ value: path.join(dir, 'archive'), source: { kind: 'default', note: './archive' } });
    expect(settings.series).toBeUndefined();
  });

  it('an empty config file sets nothing and is no error', async () => {
    const dir = project('# nothing yet\n');
    const { settings, problems } = await loadConfig({ cwd: dir, env: {} });
    expect(problems).toEqual([]);
    expect(settings.archive.value).toBe(path.join(dir, 'archive'));
  });
});

describe('config errors are located', () => {
  it.each([
    { text: 'serie: Research Report\n', error: '1:1: unknown key "serie"; did you mean "series"?' },
    { text: 'site:\n  baseurl: https://e.org/\n', error: '2:3: unknown key "site.baseurl"; did you mean "site.baseUrl"?' },
    { text: 'colour: red\n', error: '1:1: unknown key "colour" (known keys: archive, series, organization, kind, site, names, crossref, offsets, pager)' },
    { text: 'kind: monthly\n', error: '1:7: kind must be regular or special, not string "monthly"' },
    { text: 'series: []\n', error: '1:9: series must name at least one series' },
    { text: 'site:\n  baseUrl: ftp://e.org/\n', error: '2:12: site.baseUrl must be an absolute http(s) URL' },
    { text: 'organization:\n  name: DRC\n', error: '2:3: organization must be a line of text, not a mapping' },
    { text: 'site: yes\n', error: '1:7: "site" must be a mapping of keys' },
    { text: 'archive: a\narchive: b\n', error: '2:1: key "archive" appears twice; a config sets each key once' },
    { text: 'archive: [unclosed\n', error: 'cannot read the config' },
  ])('$text', async ({ text, error }) => {
    const { problems } = await parseConfigText(text, 'reports.config.yaml');
    expect(problems.length).toBeGreaterThan(0);
    const p = problems[0]!;
    expect(`${p.line}:${p.column}: ${p.message}`).toContain(error);
  });

  it('a bad environment value is named', async () => {
    const { problems } = await loadConfig({ cwd: tempFolder(), env: { REPORTS_KIND: 'weekly' } });
    expect(problems.map((p) => p.message)).toEqual(['REPORTS_KIND: kind must be regular or special, not string "weekly"']);
  });

  it('stops every command with file:line:col, while reports config still shows the rest', async () => {
    const dir = project('archive: records\nkind: monthly\nserie: X\n');
    const list = await reports(path.join(dir, 'records'), ['list']);
    expect(list.code).toBe(1);
    expect(list.stderr).toContain('error: the config has 2 errors');
    const file = path.join(dir, 'reports.config.yaml');
    expect(list.stderr).toContain(`${file}:2:7: kind must be regular or special`);
    expect(list.stderr).toContain(`${file}:3:1: unknown key "serie"; did you mean "series"?`);
    const shown = await reports(dir, ['config']);
    expect(shown.code).toBe(1);
    expect(shown.stdout).toMatch(/^archive +records +reports\.config\.yaml:1:10$/m);
    expect(shown.stderr).toContain('reports.config.yaml:2:7: kind must be regular or special');
  });
});

describe('reports config', () => {
  it('prints each value and where it came from', async () => {
    const dir = project(CONFIG);
    const r = await reports(dir, ['config'], { REPORTS_ORGANIZATION: 'IDS' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'config file: reports.config.yaml',
      expect.stringMatching(/^archive +records +reports\.config\.yaml:1:10$/),
      expect.stringMatching(/^series +Research Report, Policy Brief +reports\.config\.yaml:2:9$/),
      expect.stringMatching(/^organization +IDS +environment REPORTS_ORGANIZATION$/),
      expect.stringMatching(/^kind +special +reports\.config\.yaml:4:7$/),
      expect.stringMatching(/^site\.title +DRC Reports +reports\.config\.yaml:6:10$/),
      expect.stringMatching(/^site\.baseUrl +https:\/\/example\.org\/r\/ +reports\.config\.yaml:7:12$/),
      expect.stringMatching(/^names +family-first +default \(as the DRC writes names\)$/),
      expect.stringMatching(/^crossref\.depositor +\(not set\)$/),
      expect.stringMatching(/^crossref\.email +\(not set\)$/),
      expect.stringMatching(/^crossref\.registrant +\(not set\)$/),
      expect.stringMatching(/^crossref\.doiPrefix +\(not set\)$/),
      expect.stringMatching(/^crossref\.issn +\(not set\)$/),
      expect.stringMatching(/^offsets +\(not set\)$/),
      expect.stringMatching(/^pager +\(not set\)$/),
      '',
    ]);
  });

  it.each([
    ['file', 'offsets:\n  regular: {2019: 5500}\n  special: {2019: 1628}\n', {}, 'regular 2019=5500, special 2019=1628'],
    ['environment', '', { REPORTS_OFFSETS: 'special 2019=1628' }, 'special 2019=1628'],
  ])('offsets declared in the %s', async (_where, text, env, shown) => {
    const dir = project(text);
    const r = await reports(dir, ['config'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^offsets +${shown} `, 'm'));
  });

  it.each([
    ['offsets:\n  monthly: {2019: 1}\n', 'offsets: unknown kind "monthly"'],
    ['offsets:\n  regular: {19: 5500}\n', 'offsets.regular: "19" is not a year'],
    ['offsets:\n  regular: {2019: -3}\n', 'offsets.regular.2019 must be a whole number'],
    ['offsets: 5500\n', 'offsets must be a mapping of kind to years'],
  ])('a bad offsets value is located: %j', async (text, error) => {
    const { problems } = await parseConfigText(text, 'reports.config.yaml');
    expect(problems.map((p) => p.message).join('\n')).toContain(error);
  });

  it('--json, and --archive given as a flag', async () => {
    const dir = project(CONFIG);
    const r = await reports(dir, ['--archive', 'other', 'config', '--json']);
    const out = JSON.parse(r.stdout) as { file: string; entries: Array<{ key: string; value: unknown; source: { kind: string } }> };
    expect(out.file).toBe(path.join(dir, 'reports.config.yaml'));
    expect(out.entries[0]).toMatchObject({ key: 'archive', value: path.join(dir, 'other'), source: { kind: 'flag', name: '--archive' } });
  });

  it('--config names a file elsewhere; REPORTS_CONFIG too', async () => {
    const dir = project(CONFIG);
    const elsewhere = tempFolder();
    const viaFlag = await reports(elsewhere, ['--config', path.join(dir, 'reports.config.yaml'), 'config', '--json']);
    expect(JSON.parse(viaFlag.stdout).entries[0].value).toBe(path.join(dir, 'records'));
    const viaEnv = await reports(elsewhere, ['config', '--json'], { REPORTS_CONFIG: path.join(dir, 'reports.config.yaml') });
    expect(JSON.parse(viaEnv.stdout).entries[0].value).toBe(path.join(dir, 'records'));
    const missing = await reports(elsewhere, ['--config', 'nope.yaml', 'list']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('config file not found');
  });

  it('add takes series, organization and kind from the config; flags win', async () => {
    const dir = project(CONFIG);
    const a = await reports(dir, ['add', '--no-input', '--title', 'T', '--author', 'A', '--year', '2019', '--json']);
    expect(a.code, a.stderr).toBe(0);
    expect(JSON.parse(a.stdout).report).toMatchObject({ series: 'Research Report', organization: 'DRC', kind: 'special', number: 1 });
    const b = await reports(dir, ['add', '--no-input', '--title', 'U', '--author', 'A', '--year', '2019', '--kind', 'regular', '--series', 'Policy Brief', '--json']);
    expect(JSON.parse(b.stdout).report).toMatchObject({ series: 'Policy Brief', kind: 'regular', number: 1 });
  });

  it('export takes the site title and base URL from the config; flags win', async () => {
    const dir = project(CONFIG);
    expect((await reports(dir, ['add', '--no-input', '--title', 'T', '--author', 'A', '--year', '2019', '--date', '2019-01-02'])).code).toBe(0);
    const feed = await reports(dir, ['export', 'atom']);
    expect(feed.code, feed.stderr).toBe(0);
    expect(feed.stdout).toContain('<title>DRC Reports</title>');
    expect(feed.stdout).toContain('https://example.org/r/');
    const flagged = await reports(dir, ['export', 'atom', '--title', 'Other', '--base-url', 'https://other.org/']);
    expect(flagged.stdout).toContain('<title>Other</title>');
    expect(flagged.stdout).not.toContain('https://example.org/r/');
  });
});
