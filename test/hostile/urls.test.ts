// Item 10 of the trust issue: one URL rule (absolute http or https) for records, --url, --base-url and links.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeArchive, recordYaml, tempDir } from '../helpers.js';
import { httpUrl } from '../../src/model/url.js';
import { parseRecord } from '../../src/store/parse.js';
import { reports } from './run.js';

const REFUSED = ['javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd', 'vbscript:msgbox', 'ftp://example.org/x', 'https:example.org', '//example.org/x', 'https://'];

describe('one URL rule', () => {
  it.each(REFUSED)('the rule refuses %s', (u) => {
    expect(httpUrl(u)).toBeUndefined();
  });

  it('the rule takes absolute http and https addresses', () => {
    expect(httpUrl('https://www.drc.gov.cn/a?b=1')?.hostname).toBe('www.drc.gov.cn');
    expect(httpUrl('HTTP://example.org')?.protocol).toBe('http:');
  });

  it.each(REFUSED)('a record whose url is %s does not load (both parse paths)', (u) => {
    const text = recordYaml({ url: u });
    for (const quick of [true, false]) {
      const parsed = parseRecord(text, 'r.yaml', quick);
      expect(parsed.record).toBeUndefined();
      expect(parsed.problems[0]!.message).toMatch(/url must be an absolute URL/);
    }
  });

  it('validate refuses a javascript: url in a record file, located at the value', async () => {
    const dir = makeArchive({ '2019/regular-001.yaml': recordYaml({ url: 'javascript:alert(document.cookie)' }) });
    const r = await reports(['validate', '--archive', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/regular-001\.yaml:11:6 {2}error {2}schema {2}url must be an absolute URL/);
  });

  it('add --url refuses data:', async () => {
    const dir = makeArchive({ '2019/regular-001.yaml': recordYaml() });
    const r = await reports(['add', '--archive', dir, '--no-input', '--title', 'T', '--author', 'A', '--url', 'data:text/html,x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/http:\/\/ or https:\/\//);
  });

  it('export --base-url refuses javascript:', async () => {
    const dir = makeArchive({ '2019/regular-001.yaml': recordYaml() });
    const r = await reports(['export', 'atom', '--archive', dir, '--base-url', 'javascript:alert(1)//']);
    expect(r.code).toBe(2);
  });

  it('the HTML export links only http(s) sources, even from a record loaded before the rule existed', async () => {
    const { siteModel, singleFilePage } = await import('../../src/render/export/html.js');
    const good = parseRecord(recordYaml({ url: 'https://example.org/r' }), '2019/regular-001.yaml');
    const rec = { id: '2019-R1', file: '2019/regular-001.yaml', record: { ...good.record!, url: 'javascript:alert(1)' }, positions: { keys: {}, values: {} } };
    const page = singleFilePage(siteModel([rec]));
    expect(page).not.toContain('javascript:');
    const out = path.join(tempDir(), 'site');
    const dir = makeArchive({ '2019/regular-001.yaml': recordYaml({ url: 'https://example.org/r' }) });
    expect((await reports(['export', 'html', '--archive', dir, '--out', out])).code).toBe(0);
    expect(existsSync(path.join(out, 'index.html'))).toBe(true);
    expect(readFileSync(path.join(out, 'reports', readdirSync(path.join(out, 'reports'))[0]!), 'utf8')).toContain('href="https://example.org/r"');
  });
});

