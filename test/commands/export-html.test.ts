// reports export html: the static site and the single-file catalogue, end to end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { reports, workspace } from '../export-helpers.js';
import { CACHE_DIR } from '../helpers.js';

let ws: ReturnType<typeof workspace>;
let site: string;
const run = (...args: string[]) => reports(args, { cwd: ws.dir });

function walk(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(dir, `${rel}${e.name}/`) : [`${rel}${e.name}`],
  );
}

beforeAll(async () => {
  ws = workspace();
  const r = await run('export', 'html', '--out', 'site');
  expect(r.code, r.stderr).toBe(0);
  site = path.join(ws.dir, 'site');
});
afterAll(() => ws.cleanup());

describe('export html: the site', () => {
  it('has an index, a style sheet, a script, and a page per report, year and key word', () => {
    const files = walk(site);
    expect(files).toContain('index.html');
    expect(files).toContain('style.css');
    expect(files).toContain('filter.js');
    expect(files.filter((f) => f.startsWith('reports/'))).toHaveLength(9);
    expect(files.filter((f) => f.startsWith('years/')).sort()).toEqual(['years/2018.html', 'years/2019.html', 'years/2020.html']);
    expect(files).toContain('keywords/rural-revitalization.html');
    expect(files.some((f) => /^keywords\/kw--[0-9a-f]{10}\.html$/.test(f))).toBe(true); // 乡村振兴
    expect(files).toContain('reports/2019-S11.html');
    expect(files).toContain('reports/china-development-review-2019-S11.html');
    // All file names are safe slugs.
    for (const f of files) expect(f).toMatch(/^[.A-Za-z0-9/_-]+$/);
    expect(statSync(site).mode & 0o755).toBe(0o755); // readable by a web server
  });

  it('merges key words that differ only in case into one page', () => {
    const page = readFileSync(path.join(site, 'keywords/rural-revitalization.html'), 'utf8');
    expect(page).toContain('2019-R96');
    expect(page).toContain('2019-R97');
    expect(page).toContain('2018-R3'); // "Rural Revitalization"
  });

  it('uses only relative links to files that exist, and loads nothing from other hosts', () => {
    for (const f of walk(site).filter((x) => x.endsWith('.html'))) {
      const html = readFileSync(path.join(site, f), 'utf8');
      expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)="(https?:)?\/\//);
      for (const m of html.matchAll(/href="([^"]+)"/g)) {
        const href = m[1]!;
        if (/^https?:/.test(href)) continue; // a report's source page, a plain link
        const target = path.join(site, path.dirname(f), decodeURIComponent(href));
        expect(existsSync(target), `${f} links to ${href}`).toBe(true);
      }
    }
  });

  it('is HTML5 with lang, charset and viewport on every page', () => {
    for (const f of walk(site).filter((x) => x.endsWith('.html'))) {
      const html = readFileSync(path.join(site, f), 'utf8');
      expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
      expect(html).toContain('<meta charset="utf-8">');
      expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    }
    expect(readFileSync(path.join(site, 'style.css'), 'utf8')).toContain('@media print');
  });

  it('renders a report page like the DRC page', () => {
    const html = readFileSync(path.join(site, 'reports/2019-S11.html'), 'utf8');
    expect(html).toContain('You are here: <a href="../index.html">Home</a> &gt; <a href="../years/2019.html">2019</a>');
    expect(html).toContain('Progress and Challenges <span class="suffix">(Special Issue, No.11, 2019)</span></h1>');
    expect(html).toContain('By Zhang Xiaohuan &amp; Yang Xiaodong, Research Team on “The Innovative');
    expect(html).toContain('Research Report, Special Issue, No.11, 2019 <span class="total">(Total 1639)</span> <time datetime="2019-01-25">2019-1-25</time>');
    expect(html).toContain('<strong>Abstract:</strong> Small towns');
    expect(html).toContain('<a href="../keywords/challenges.html">challenges</a>');
    // Previous / next in its own sequence (2019 special issues 9, 11, 15), not the other series' No.11.
    expect(html).toContain('<a rel="prev" href="../reports/2019-S9.html">');
    expect(html).toContain('<a rel="next" href="../reports/2019-S15.html">');
    const r3 = readFileSync(path.join(site, 'reports/2018-R3.html'), 'utf8');
    expect(r3).not.toContain('rel="prev"');
    expect(r3).toContain('<a rel="next" href="../reports/2018-R124.html">');
  });

  it('escapes a hostile record everywhere', () => {
    for (const f of walk(site).filter((x) => x.endsWith('.html'))) {
      const html = readFileSync(path.join(site, f), 'utf8');
      expect(html, f).not.toMatch(/<script>alert|<img src=x|<svg onload|onerror=alert\(\d\)>|javascript:/);
    }
    const evil = readFileSync(path.join(site, 'reports/2019-S15.html'), 'utf8');
    expect(evil).toContain('Evil &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt; &quot;&gt;&lt;svg onload=alert(3)&gt;');
    // A javascript: URL no longer loads (see test/hostile/urls.test.ts); an http URL holding markup is linked
    // percent-encoded, never as markup.
    expect(evil).toContain('<p class="source">Source: <a href="https://example.org/%22%3E%3Cscript%3Ealert(11)%3C/script%3E" rel="noopener noreferrer">');
  });

  it('replaces an earlier export, refuses a folder that is not one, and leaves nothing when it fails', async () => {
    const again = await run('export', 'html', '--year', '2018', '--out', 'site');
    expect(again.code, again.stderr).toBe(0);
    expect(readdirSync(path.join(site, 'reports')).sort()).toEqual(['2018-R124.html', '2018-R3.html']);

    mkdirSync(path.join(ws.dir, 'mine'));
    writeFileSync(path.join(ws.dir, 'mine', 'notes.txt'), 'keep me');
    const refused = await run('export', 'html', '--out', 'mine');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/will not replace .*mine: it is not empty and not an earlier export/);
    expect(readdirSync(path.join(ws.dir, 'mine'))).toEqual(['notes.txt']);

    writeFileSync(path.join(ws.dir, 'afile'), 'x');
    const before = readdirSync(ws.dir).sort();
    const failed = await run('export', 'html', '--out', 'afile/site');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/cannot write the site to .*afile\/site: a part of the path is a file, not a folder; nothing was written/);
    expect(readdirSync(ws.dir).sort()).toEqual(before);
    expect(readFileSync(path.join(ws.dir, 'afile'), 'utf8')).toBe('x');

    const onFile = await run('export', 'html', '--out', 'afile');
    expect(onFile.code).toBe(1);
    expect(readdirSync(ws.dir).sort()).toEqual(before);
  });

  it('prints no progress when stderr is not a terminal', async () => {
    const r = await run('export', 'html', '--out', 'site2');
    expect(r.stderr).not.toContain('\r');
    expect(r.stderr).toMatch(/^exported 9 reports to site2 \(\d+ files\); open site2\/index\.html\n$/);
  });
});

describe('export html --single-file', () => {
  it('is one page with inline CSS and no scripts, for an e-mail alert', async () => {
    const r = await run('export', 'html', '--single-file', '--since', '2019-01-01');
    expect(r.code, r.stderr).toBe(0);
    const html = r.stdout;
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    // Styles on the elements: mail clients drop <style>.
    expect(html).not.toContain('<style');
    expect(html).toContain('<h1 style="');
    expect(html).not.toMatch(/<script|<link /);
    expect(html).toContain('Evil &lt;script&gt;');
    // Without --base-url rows link to the report's source page when it has one.
    expect(html).toContain('<a href="https://example.org/drc/2019-s11" style="');
    expect(html).not.toContain('2018-R3');
    const linked = (await run('export', 'html', '--single-file', '--base-url', 'https://example.org/cat/')).stdout;
    expect(linked).toContain('<a href="https://example.org/cat/reports/2019-S11.html" style="');
    expect(linked).toMatch(/<header style="[^"]*"><h1 style="[^"]*"><a href="https:\/\/example\.org\/cat\/index\.html" style="[^"]*">/);
  });

  it('warns on stderr without --base-url (its links cannot reach the site), and not with it', async () => {
    const bare = await run('export', 'html', '--single-file');
    expect(bare.code).toBe(0);
    expect(bare.stderr).toMatch(/^warning: --single-file without --base-url: .*pass --base-url https:\/\/example\.org\/reports\/ .*for working links in an e-mail\n$/);
    // No relative link, which would be broken in a mail: only the source pages' own addresses.
    for (const m of bare.stdout.matchAll(/href="([^"]*)"/g)) expect(m[1]).toMatch(/^https:\/\//);
    const linked = await run('export', 'html', '--single-file', '--base-url', 'https://example.org/cat/', '--out', 'alert.html');
    expect(linked.code).toBe(0);
    expect(linked.stderr).not.toContain('warning');
    const html = readFileSync(path.join(ws.dir, 'alert.html'), 'utf8');
    expect(html).toContain('Abstract &lt;script&gt;alert(5)&lt;/script&gt;'); // abstracts are in it
    for (const m of html.matchAll(/href="([^"]*)"/g)) expect(m[1]).toMatch(/^https:\/\/example\.org\/cat\//);
  });
});

describe('export html --feed', () => {
  const env = { SOURCE_DATE_EPOCH: '1764403200' }; // 2025-11-29
  const exportWithFeed = (out: string) => reports(['export', 'html', '--feed', '--base-url', 'https://example.org/cat/', '--out', out], { cwd: ws.dir, env });

  it('writes feed.atom into the site and links it from every page; the footer has the date of SOURCE_DATE_EPOCH', async () => {
    const r = await exportWithFeed('with-feed');
    expect(r.code, r.stderr).toBe(0);
    const dir = path.join(ws.dir, 'with-feed');
    const feed = readFileSync(path.join(dir, 'feed.atom'), 'utf8');
    expect(feed).toContain('<link rel="self" href="https://example.org/cat/feed.atom"/>');
    expect(feed.match(/<entry>/g)).toHaveLength(9);
    for (const f of walk(dir).filter((x) => x.endsWith('.html'))) {
      const html = readFileSync(path.join(dir, f), 'utf8');
      const root = f.includes('/') ? '../' : '';
      expect(html, f).toContain(`<link rel="alternate" type="application/atom+xml" title="Research Reports" href="${root}feed.atom">`);
      expect(html, f).toContain(`generated <time datetime="2025-11-29">2025-11-29</time> · <a href="${root}feed.atom" type="application/atom+xml">Atom feed</a>`);
    }
    expect(readFileSync(path.join(dir, 'reports/2019-S11.html'), 'utf8')).toContain('<link rel="canonical" href="https://example.org/cat/reports/2019-S11.html">');
  });

  it('is reproducible: the same archive and SOURCE_DATE_EPOCH give the same files, byte for byte', async () => {
    expect((await exportWithFeed('again-1')).code).toBe(0);
    expect((await exportWithFeed('again-2')).code).toBe(0);
    const a = path.join(ws.dir, 'again-1');
    const b = path.join(ws.dir, 'again-2');
    expect(walk(b)).toEqual(walk(a));
    for (const f of walk(a)) expect(readFileSync(path.join(b, f), 'utf8'), f).toBe(readFileSync(path.join(a, f), 'utf8'));
  });

  it.each([
    [['export', 'html', '--feed', '--out', 'x'], /--feed needs --base-url: .*--base-url https:\/\/example\.org\/reports\//],
    [['export', 'html', '--feed', '--single-file', '--base-url', 'https://example.org/'], /--feed is for the html site \(export html --out DIR\); drop it with --single-file/],
    [['export', 'json', '--feed', '--base-url', 'https://example.org/'], /--feed is for the html site .*drop it for json/],
  ])('refuses %j as a usage error (exit 2), writing nothing', async (args, message) => {
    const before = readdirSync(ws.dir).sort();
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(readdirSync(ws.dir).sort()).toEqual(before);
  });
});

describe('export html on a terminal', () => {
  it('shows progress on stderr when it is a terminal', async () => {
    const pty = (await import('node-pty')).default;
    const { BIN } = await import('../export-helpers.js');
    const env = { ...process.env, REPORTS_CACHE_DIR: CACHE_DIR, NO_COLOR: '1' } as Record<string, string>;
    delete env.REPORTS_ARCHIVE;
    const term = pty.spawn(process.execPath, [BIN, 'export', 'html', '--out', 'site-tty'], { cwd: ws.dir, env, cols: 100, rows: 10 });
    let out = '';
    term.onData((d) => (out += d));
    const code = await new Promise<number>((resolve) => term.onExit((e) => resolve(e.exitCode)));
    expect(code).toBe(0);
    expect(out).toMatch(/writing pages \d+\/\d+/);
    expect(out).toMatch(/exported 9 reports to site-tty/);
  });
});
