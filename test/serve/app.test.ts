// reports serve, in process: every route and every refusal, its status, and that a refused write wrote nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { allFiles, copyArchive, FIXTURES, runCli } from '../helpers.js';
import { HOST, ORIGIN, TOKEN, served, type Served } from './helpers.js';

let s: Served | undefined;
afterEach(() => {
  s?.close();
  s = undefined;
});

const NEW = {
  title: 'Rural Finance Reform in the New Era',
  authors: 'Li Wei & Wang Fang',
  kind: 'special',
  year: '2019',
  date: '2019-02-01',
  keywords: 'rural finance, reform',
};

describe('the token', () => {
  it.each([
    ['/', 'text/plain'],
    ['/stats', 'text/plain'],
    ['/api/reports', 'application/json'],
    ['/reports/2019-S11.html', 'text/plain'],
  ])('%s without a token is 401', async (p, type) => {
    s = served();
    const r = await s.req(p, { auth: 'none' });
    expect(r.status).toBe(401);
    expect(r.headers.get('content-type')).toContain(type);
  });

  it('a wrong token is 401, in the query, a cookie or a Bearer', async () => {
    s = served();
    expect((await s.req('/?token=nope', { auth: 'none' })).status).toBe(401);
    expect((await s.req('/', { auth: 'none', headers: { cookie: 'reports_token_8737=nope' } })).status).toBe(401);
    expect((await s.req('/api/reports', { auth: 'none', headers: { authorization: 'Bearer nope' } })).status).toBe(401);
  });

  it('the first visit turns the token into an HttpOnly SameSite cookie and takes it out of the address', async () => {
    s = served();
    const r = await s.req(`/?q=towns&token=${TOKEN}`, { auth: 'none', redirect: 'manual' });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/?q=towns');
    const cookie = r.headers.get('set-cookie')!;
    expect(cookie).toContain(`reports_token_8737=${TOKEN}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await s.req('/?q=towns', { auth: 'cookie' });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('2019-S11');
  });

  it('/oai needs no token', async () => {
    s = served();
    const r = await s.req('/oai?verb=Identify', { auth: 'none' });
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('<protocolVersion>2.0</protocolVersion>');
  });
});

describe('the Host header (DNS rebinding)', () => {
  it.each(['/', '/oai?verb=Identify', '/api/reports'])('%s from a foreign Host is 403', async (p) => {
    s = served();
    const r = await s.req(p, { host: 'evil.example:8737' });
    expect(r.status).toBe(403);
  });

  it('the addresses served are answered', async () => {
    s = served();
    expect((await s.req('/api/reports', { host: 'localhost:8737' })).status).toBe(200);
    expect((await s.req('/api/reports', { host: HOST })).status).toBe(200);
  });
});

describe('headers', () => {
  it('every page has a Content-Security-Policy that allows only its own scripts and styles', async () => {
    s = served();
    for (const p of ['/', '/reports/2019-S11.html', '/stats', '/validate', '/api/reports']) {
      const r = await s.req(p);
      expect(r.status, p).toBe(200);
      const csp = r.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('referrer-policy')).toBe('same-origin');
    }
  });
});

describe('reading', () => {
  it('the catalogue lists every report, and links each to its page', async () => {
    s = served();
    const html = await (await s.req('/')).text();
    for (const id of ['2019-S11', '2019-S9', '2019-R96', '2018-R124', '2018-R3', '2016-R122']) expect(html).toContain(`>${id}<`);
    expect(html).toContain('href="reports/2019-S11.html"');
    expect(html).toContain('<form class="search"');
  });

  it('a search ranks as list --search does, and the filters narrow it', async () => {
    s = served();
    const api = (await (await s.req('/api/reports?q=small+towns')).json()) as { reports: { id: string }[] };
    const cli = await runCli(['--archive', s.archive, 'list', '--search', 'small towns', '--json']);
    expect(api.reports.map((r) => r.id)).toEqual((JSON.parse(cli.stdout) as { reports: { id: string }[] }).reports.map((r) => r.id));
    const special = (await (await s.req('/api/reports?q=small+towns&kind=special&year=2019&limit=1')).json()) as { matched: number; reports: { id: string }[] };
    expect(special.matched).toBe(2);
    expect(special.reports.length).toBe(1);
    const html = await (await s.req('/?q=small+towns&kind=special')).text();
    expect(html).toContain('2 reports of 6 match');
  });

  it('Chinese text is found by any part, as list --search finds it', async () => {
    s = served({ write: true });
    const r = await s.json('/api/reports', { ...NEW, title: '特色小镇的发展：进展与挑战' });
    expect(r.status).toBe(201);
    const api = (await (await s.req(`/api/reports?q=${encodeURIComponent('小镇')}`)).json()) as { reports: { id: string }[] };
    const cli = await runCli(['--archive', s.archive, 'list', '--search', '小镇', '--json']);
    expect(api.reports.map((x) => x.id)).toEqual(['2019-S12']);
    expect(api.reports.map((x) => x.id)).toEqual((JSON.parse(cli.stdout) as { reports: { id: string }[] }).reports.map((x) => x.id));
    const html = await (await s.req(`/?q=${encodeURIComponent('小镇')}`)).text();
    expect(html).toContain('特色小镇');
  });

  it('/api/reports items are what list --json prints; /api/reports/<id> is show --json', async () => {
    s = served();
    const { matched, held, ...api } = (await (await s.req('/api/reports?year=2018')).json()) as { matched: number; held: number };
    const cli = await runCli(['--archive', s.archive, 'list', '--year', '2018', '--json']);
    expect(api).toEqual(JSON.parse(cli.stdout));
    expect([matched, held]).toEqual([2, 6]);
    const one = await (await s.req('/api/reports/2019-S11')).json();
    const show = await runCli(['--archive', s.archive, 'show', '2019-S11', '--json']);
    expect(one).toEqual(JSON.parse(show.stdout));
    const missing = await s.req('/api/reports/2019-S99');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toContain('2019-S99');
  });

  it('/api/validate is validate --json', async () => {
    s = served();
    const api = await (await s.req('/api/validate')).json();
    const cli = await runCli(['--archive', s.archive, 'validate', '--json']);
    expect(api).toEqual(JSON.parse(cli.stdout));
  });

  it('bad query values are 400 with the reason', async () => {
    s = served();
    for (const q of ['year=19', 'kind=weekly', 'limit=0', 'limit=x']) {
      const r = await s.req(`/api/reports?${q}`);
      expect(r.status, q).toBe(400);
      expect(((await r.json()) as { error: string }).error).toBeTruthy();
    }
  });

  it('a report reads like its page; stats and validation are pages too', async () => {
    s = served();
    const report = await (await s.req('/reports/2019-S11.html')).text();
    expect(report).toContain('Research Report, Special Issue, No.11, 2019');
    expect(report).toContain('Abstract:');
    const stats = await (await s.req('/stats')).text();
    expect(stats).toContain('<table class="stats">');
    const validate = await (await s.req('/validate')).text();
    expect(validate).toContain('number-gap');
    expect(validate).toMatch(/href="reports\/2019-S9\.html"/);
    expect((await s.req('/reports/2019-S99.html')).status).toBe(404);
    expect((await s.req('/years/2019.html')).status).toBe(200);
    expect((await s.req('/nothing-here')).status).toBe(404);
  });

  it('a change made on disk shows on the next request, without a restart', async () => {
    s = served();
    expect(((await (await s.req('/api/reports')).json()) as { held: number }).held).toBe(6);
    // Another process adds a report (a file created by rename, as every write of this tool and git's checkout).
    const text = readFileSync(path.join(s.archive, '2019/special-011.yaml'), 'utf8').replace('number: 11', 'number: 15').replace('total: 1639', 'total: 1643');
    writeFileSync(path.join(s.archive, '2019/.tmp'), text);
    renameSync(path.join(s.archive, '2019/.tmp'), path.join(s.archive, '2019/special-015.yaml'));
    const after = (await (await s.req('/api/reports?year=2019&kind=special')).json()) as { held: number; reports: { id: string }[] };
    expect(after.held).toBe(7);
    expect(after.reports.map((r) => r.id)).toContain('2019-S15');
  });
});

describe('a record rewritten in place (the folder unchanged)', () => {
  it('shows as soon as the folder watch reports it', async () => {
    s = served();
    expect(((await (await s.req('/api/reports/2019-S11')).json()) as { report: { title: string } }).report.title).toContain('The Development');
    const file = path.join(s.archive, '2019/special-011.yaml');
    // Same inode, same folder: only the watch can tell. Bounded wait for the watch's event.
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: "Rewritten in place"'));
    let title = '';
    for (let i = 0; i < 100 && title !== 'Rewritten in place'; i++) {
      title = ((await (await s.req('/api/reports/2019-S11')).json()) as { report: { title: string } }).report.title;
      if (title !== 'Rewritten in place') await new Promise((r) => setTimeout(r, 50));
    }
    expect(title).toBe('Rewritten in place');
  });
});

describe('writing', () => {
  it('POST /api/reports without --write is 403 and writes nothing', async () => {
    s = served();
    const before = allFiles(s.archive);
    const r = await s.json('/api/reports', NEW);
    expect(r.status).toBe(403);
    expect(((await r.json()) as { error: string }).error).toContain('--write');
    expect(allFiles(s.archive)).toEqual(before);
    expect((await s.req('/add')).status).toBe(403);
  });

  it('a cross-origin POST is 403, with a cookie or a token', async () => {
    s = served({ write: true });
    const before = allFiles(s.archive);
    for (const auth of ['cookie', 'bearer'] as const) {
      const r = await s.json('/api/reports', NEW, { auth, headers: { origin: 'http://evil.example' } });
      expect(r.status, auth).toBe(403);
    }
    const form = await s.req('/add', { method: 'POST', auth: 'cookie', headers: { origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(NEW).toString() });
    expect(form.status).toBe(403);
    expect(allFiles(s.archive)).toEqual(before);
  });

  it('a POST with the cookie alone and no Origin is refused (a browser says where it comes from)', async () => {
    s = served({ write: true });
    const before = allFiles(s.archive);
    expect((await s.json('/api/reports', NEW, { auth: 'cookie' })).status).toBe(403);
    expect(allFiles(s.archive)).toEqual(before);
    const same = await s.json('/api/reports', NEW, { auth: 'cookie', headers: { 'sec-fetch-site': 'same-origin' } });
    expect(same.status).toBe(201);
  });

  it('POST /api/reports writes what add writes for the same values: 201 with the record', async () => {
    s = served({ write: true });
    const r = await s.json('/api/reports', NEW, { headers: { origin: ORIGIN } });
    expect(r.status).toBe(201);
    const body = (await r.json()) as { id: string; file: string; record: { total: number } };
    expect(body.id).toBe('2019-S12');
    expect(body.record.total).toBe(1640);
    const other = copyArchive('archive');
    const cli = await runCli(['--archive', other, 'add', '--no-input', '--title', NEW.title, '--author', NEW.authors, '--kind', 'special', '--year', '2019', '--date', NEW.date, '--keyword', NEW.keywords]);
    expect(cli.code, cli.stderr).toBe(0);
    expect(readFileSync(path.join(s.archive, body.file), 'utf8')).toBe(readFileSync(path.join(other, body.file), 'utf8'));
  });

  it('a refusal is 422 with the findings; a clash 409; nothing is written; force writes what may be forced', async () => {
    s = served({ write: true });
    const before = allFiles(s.archive);
    const wrong = await s.json('/api/reports', { ...NEW, total: '1700' });
    expect(wrong.status).toBe(422);
    const w = (await wrong.json()) as { error: string; findings: string[]; forcible: boolean };
    expect(w.findings.join('\n')).toMatch(/offset/);
    expect(w.forcible).toBe(true);
    const clash = await s.json('/api/reports', { ...NEW, number: '11' });
    expect(clash.status).toBe(409);
    expect(((await clash.json()) as { forcible: boolean }).forcible).toBe(false);
    expect(allFiles(s.archive)).toEqual(before);
    const forced = await s.json('/api/reports', { ...NEW, total: '1700', force: true });
    expect(forced.status).toBe(201);
    const forcedClash = await s.json('/api/reports', { ...NEW, number: '11', force: true });
    expect(forcedClash.status).toBe(409);
  });

  it('a dry run checks and writes nothing', async () => {
    s = served({ write: true });
    const before = allFiles(s.archive);
    const r = await s.json('/api/reports', { ...NEW, dryRun: true });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { status: string }).status).toBe('planned');
    expect(allFiles(s.archive)).toEqual(before);
  });

  it.each([
    ['malformed JSON', '{"title": ', 400],
    ['an array', '[]', 400],
    ['an unknown field', { ...NEW, __proto__x: 1, evil: 'x' }, 422],
    ['a bad date', { ...NEW, date: '2019-02-30' }, 422],
    ['a bad kind', { ...NEW, kind: 'weekly' }, 422],
    ['a javascript: URL', { ...NEW, url: 'javascript:alert(1)' }, 422],
    ['no title', { authors: 'Li Wei' }, 422],
  ])('%s is refused (%s) and writes nothing', async (_what, body, status) => {
    s = served({ write: true });
    const before = allFiles(s.archive);
    const r = await s.json('/api/reports', body);
    expect(r.status).toBe(status);
    expect(((await r.json()) as { error: string }).error).toBeTruthy();
    expect(allFiles(s.archive)).toEqual(before);
  });

  it('a body of 10 MB is 413 and writes nothing', async () => {
    s = served({ write: true });
    const before = allFiles(s.archive);
    const r = await s.json('/api/reports', { ...NEW, abstract: 'x'.repeat(10 * 1024 * 1024) });
    expect(r.status).toBe(413);
    expect(allFiles(s.archive)).toEqual(before);
  });

  it('hostile values stay data: markup is escaped on every page, control characters are refused', async () => {
    s = served({ write: true });
    const r = await s.json('/api/reports', { ...NEW, title: '<script>alert(1)</script> & "quotes"', keywords: '<img src=x onerror=alert(1)>' });
    expect(r.status).toBe(201);
    const { id } = (await r.json()) as { id: string };
    for (const p of [`/reports/${id}.html`, '/', '/?q=script']) {
      const html = await (await s.req(p)).text();
      expect(html, p).not.toContain('<script>alert(1)');
      expect(html, p).not.toContain('<img src=x');
    }
    const esc = await s.json('/api/reports', { ...NEW, title: 'Bad \u001b]0;owned\u0007 title' });
    expect(esc.status).toBe(422);
  });

  it('the add form: proposals shown, a refusal keeps every answer and offers "write anyway", a correction writes', async () => {
    s = served({ write: true });
    const form = await (await s.req('/add?kind=special&year=2019', { auth: 'cookie' })).text();
    expect(form).toContain('placeholder="12"');
    expect(form).toContain('placeholder="1640"');
    expect(form).toContain('the Totals allow on or after 2019-01-25');
    const post = (values: Record<string, string>) =>
      s!.req('/add', { method: 'POST', auth: 'cookie', headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(values).toString() });
    const refused = await post({ ...NEW, number: '12', total: '1700', abstract: 'Typed with care.' });
    expect(refused.status).toBe(200);
    const page = await refused.text();
    expect(page).toContain('role="alert"');
    expect(page).toContain('value="1700"');
    expect(page).toContain('Typed with care.');
    expect(page).toContain('name="force"');
    expect(existsSync(path.join(s.archive, '2019/special-012.yaml'))).toBe(false);
    const ok = await post({ ...NEW, number: '12', total: '1640', abstract: 'Typed with care.' });
    expect(ok.status).toBe(201);
    expect(await ok.text()).toContain('2019-S12');
    expect(readFileSync(path.join(s.archive, '2019/special-012.yaml'), 'utf8')).toMatch(/abstract: >-\n {2}Typed with care\./);
  });

  it('edit through the form: an invalid version is refused with the text kept, a valid one replaces the record', async () => {
    s = served({ write: true });
    const file = path.join(s.archive, '2019/special-011.yaml');
    const before = readFileSync(file, 'utf8');
    const form = await (await s.req('/edit/2019-S11', { auth: 'cookie' })).text();
    expect(form).toContain('series: Research Report');
    const post = (text: string) =>
      s!.req('/edit/2019-S11', { method: 'POST', auth: 'cookie', headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ text }).toString() });
    const bad = await post(before.replace('number: 11', 'number: eleven'));
    expect(bad.status).toBe(200);
    expect(await bad.clone().text()).toContain('role="alert"');
    expect(await bad.text()).toContain('number: eleven');
    expect(readFileSync(file, 'utf8')).toBe(before);
    const good = await post(before.replace('- challenges', '- challenges\n  - new towns'));
    expect(good.status).toBe(200);
    expect(readFileSync(file, 'utf8')).toContain('- new towns');
  });

  it('import: a pasted page is reviewed as reports import reviews it, and written only on confirmation', async () => {
    s = served({ write: true });
    // The seed page (2019-S11, in the archive already) and the same page renumbered as No.12 (new).
    const seed = readFileSync(path.join(FIXTURES, 'pages', 'seed.txt'), 'utf8');
    const twelve = seed.replace(/No\.11, 2019/g, 'No.12, 2019').replace('Total 1639', 'Total 1640').replace('The Development', 'The Later Development');
    const before = allFiles(s.archive);
    const post = (body: FormData) => s!.req('/import', { method: 'POST', auth: 'cookie', headers: { origin: ORIGIN }, body });
    const review = await post(formData({ text: twelve }));
    const html = await review.text();
    expect(review.status, html).toBe(200);
    expect(html).toContain('<tr class="new">');
    expect(html).toContain('2019-S12');
    expect(allFiles(s.archive)).toEqual(before);
    const pages = /name="pages" value="([^"]*)"/.exec(html)![1]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const done = await post(formData({ pages, confirm: 'yes' }));
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('(written)');
    expect(readFileSync(path.join(s.archive, '2019/special-012.yaml'), 'utf8')).toContain('title: "The Later Development');
    const again = await (await post(formData({ text: seed }))).text();
    expect(again).toContain('<tr class="existing">');
  });

  it('the fix page shows the plan; applying needs a POST', async () => {
    s = served({ write: true });
    const r = await s.req('/fix', { auth: 'cookie' });
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('<h1>Fix</h1>');
  });
});

function formData(values: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.append(k, v);
  return f;
}

