// reports serve in a real browser: Debian's Chromium driven by playwright-core, against the server on 127.0.0.1.
// Search as you type, the add form with a refusal and a correction, the phone width, and no console errors.
// Without a browser these tests skip with a message, except under CI=true, where a missing browser fails the run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createEnv } from '../../src/index.js';
import { createServer, type Server } from '../../src/serve/app.js';
import { copyArchive, runCli } from '../helpers.js';
import { BROWSER, BROWSER_ARGS, CI, HAVE_BROWSER } from '../browser.js';

const TOKEN = 'browser-test-token';

if (!HAVE_BROWSER && !CI) console.warn(`serve-browser: skipped: no Chromium at ${BROWSER}. Install it with scripts/install-chromium.sh or set CHROMIUM_PATH.`);

describe.skipIf(!HAVE_BROWSER && !CI)('reports serve in Chromium', () => {
  let archive: string;
  let server: Server;
  let http: ReturnType<typeof createAdaptorServer>;
  let base: string;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const outside: string[] = [];

  beforeAll(async () => {
    if (!HAVE_BROWSER) throw new Error(`CI=true but there is no Chromium at ${BROWSER}: .ci/run must run scripts/install-chromium.sh first.`);
    archive = copyArchive('archive');
    const hosts: string[] = [];
    server = createServer(createEnv({ archive, cache: false }), { token: TOKEN, write: true, hosts });
    http = createAdaptorServer({ fetch: server.app.fetch });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const port = (http.address() as AddressInfo).port;
    hosts.push(`127.0.0.1:${port}`);
    base = `http://127.0.0.1:${port}`;
    profile = mkdtempSync(path.join(tmpdir(), 'reports-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: BROWSER, headless: true, args: BROWSER_ARGS, viewport: { width: 1280, height: 900 } });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    context.on('request', (r) => {
      if (!r.url().startsWith(base)) outside.push(r.url());
    });
    await page.goto(`${base}/?token=${TOKEN}`);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await new Promise((r) => http?.close(r));
    server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    if (archive) rmSync(path.dirname(archive), { recursive: true, force: true });
  });

  it('the first visit leaves the token out of the address and shows the catalogue', async () => {
    expect(page.url()).toBe(`${base}/`);
    await expect(page.locator('#shown').textContent()).resolves.toContain('6 reports');
  });

  it('search as you type: the list narrows with each key, ranked as list --search', async () => {
    await page.locator('#q').pressSequentially('rural revital', { delay: 20 });
    await page.waitForFunction(() => document.querySelector('#shown')?.textContent?.startsWith('1 report of 6'));
    const ids = await page.locator('#results td.id').allTextContents();
    const cli = await runCli(['--archive', archive, 'list', '--search', 'rural revital', '--json']);
    expect(ids).toEqual((JSON.parse(cli.stdout) as { reports: { id: string }[] }).reports.map((r) => r.id));
    expect(page.url()).toBe(`${base}/?q=rural+revital`);
    await page.locator('#q').fill('');
    await page.locator('#q').dispatchEvent('input');
    await page.waitForFunction(() => document.querySelector('#shown')?.textContent?.startsWith('6 reports'));
  });

  it('the add form: a refusal first, every answer kept, then a correction; the file is what add writes', async () => {
    await page.goto(`${base}/add?kind=special&year=2019`);
    await expect(page.locator('#f-number').getAttribute('placeholder')).resolves.toBe('12');
    await expect(page.locator('#f-total').getAttribute('placeholder')).resolves.toBe('1640');
    await page.locator('#f-title').fill('Rural Finance Reform in the New Era');
    await page.locator('#f-authors').fill('Li Wei & Wang Fang');
    await page.locator('#f-date').fill('2019-02-01');
    await page.locator('#f-total').fill('1700');
    await page.locator('#f-keywords').fill('rural finance, reform');
    // The checks as you type say it would be refused, before anything is sent.
    await page.waitForFunction(() => /offset/.test(document.querySelector('#checks')?.textContent ?? ''));
    await page.locator('button[type=submit]').click();
    await page.waitForSelector('.refusal');
    expect(await page.locator('.refusal').textContent()).toMatch(/refused to add 2019\/special-012\.yaml/);
    expect(await page.locator('#f-title').inputValue()).toBe('Rural Finance Reform in the New Era');
    expect(existsSync(path.join(archive, '2019/special-012.yaml'))).toBe(false);
    await page.locator('#f-total').fill('1640');
    await page.waitForFunction(() => /Checks pass/.test(document.querySelector('#checks')?.textContent ?? ''));
    await page.locator('button[type=submit]').click();
    await page.waitForSelector('h1:has-text("Added 2019-S12")');
    const other = copyArchive('archive');
    const cli = await runCli(['--archive', other, 'add', '--no-input', '--title', 'Rural Finance Reform in the New Era', '--author', 'Li Wei & Wang Fang', '--kind', 'special', '--year', '2019', '--date', '2019-02-01', '--keyword', 'rural finance, reform']);
    expect(cli.code, cli.stderr).toBe(0);
    expect(readFileSync(path.join(archive, '2019/special-012.yaml'), 'utf8')).toBe(readFileSync(path.join(other, '2019/special-012.yaml'), 'utf8'));
    rmSync(path.dirname(other), { recursive: true, force: true });
  });

  it('at 375 px the catalogue, a report and the form fit the screen', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    for (const p of ['/', '/reports/2019-S11.html', '/add', '/stats', '/validate']) {
      await page.goto(base + p);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(wide, p).toBeLessThanOrEqual(375);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('no console errors or CSP reports on any page, and no request leaves the server', () => {
    expect(problems).toEqual([]);
    expect(outside).toEqual([]);
  });
});
