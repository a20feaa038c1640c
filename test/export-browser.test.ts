// The exported site in a real browser: Debian's Chromium (never a downloaded one), driven by playwright-core.
// Without a browser these tests skip with a message, except under CI=true, where a missing browser fails the run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { reports, workspace } from './export-helpers.js';

const BROWSER = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const HAVE_BROWSER = existsSync(BROWSER);
const CI = process.env.CI === 'true';
export const BROWSER_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

if (!HAVE_BROWSER && !CI)
  console.warn(`export-browser: skipped: no Chromium at ${BROWSER}. Install it with scripts/install-chromium.sh (as root: apt-get install chromium) or set CHROMIUM_PATH.`);

describe.skipIf(!HAVE_BROWSER && !CI)('export html in Chromium', () => {
  let ws: ReturnType<typeof workspace>;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  const dialogs: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    if (!HAVE_BROWSER) throw new Error(`CI=true but there is no Chromium at ${BROWSER}: .ci/run must run scripts/install-chromium.sh first.`);
    ws = workspace();
    const r = reports(['export', 'html', '--out', 'site'], { cwd: ws.dir });
    expect(r.code, r.stderr).toBe(0);
    profile = mkdtempSync(path.join(tmpdir(), 'reports-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: BROWSER, headless: true, args: BROWSER_ARGS });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    context.on('request', (req) => {
      if (!req.url().startsWith('file:')) requests.push(req.url());
    });
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    ws?.cleanup();
  });

  const siteUrl = (p: string) => pathToFileURL(path.join(ws.dir, 'site', p)).href;

  it('narrows the catalogue as one types in the filter box', async () => {
    await page.goto(siteUrl('index.html'));
    const rows = page.locator('table.reports tbody tr');
    const visible = () => page.locator('table.reports tbody tr:visible').count();
    expect(await rows.count()).toBe(9);
    expect(await visible()).toBe(9);
    const box = page.getByLabel('Filter');
    await expect.poll(() => box.isVisible()).toBe(true); // shown by the script
    await box.pressSequentially('small towns');
    await expect.poll(visible).toBe(3);
    await box.pressSequentially(' special');
    await expect.poll(visible).toBe(2);
    expect(await page.locator('#shown').textContent()).toBe('2 of 9 shown');
    // Sections without a matching row are hidden: no 2018 heading is left over.
    expect(await page.locator('section.year#y2018').isVisible()).toBe(false);
    expect(await page.locator('section.year#y2019').isVisible()).toBe(true);
    await box.fill('张三');
    await expect.poll(visible).toBe(1);
    await box.fill('');
    await expect.poll(visible).toBe(9);
  });

  it('follows a link to a report page and shows its title and abstract', async () => {
    await page.goto(siteUrl('index.html'));
    await page.getByRole('link', { name: /^The Development of Small Towns/ }).click();
    await page.waitForURL(/reports\/2019-S11\.html$/);
    expect(await page.locator('h1').innerText()).toBe(
      'The Development of Small Towns with Distinctive Local Features in China in the New Era: Progress and Challenges (Special Issue, No.11, 2019)',
    );
    expect(await page.locator('.abstract').innerText()).toMatch(/^Abstract: Small towns with distinctive local features are a new type/);
    expect(await page.title()).toMatch(/\(Special Issue, No\.11, 2019\)$/);
    await page.getByRole('link', { name: 'challenges', exact: true }).click();
    await page.waitForURL(/keywords\/challenges\.html$/);
    expect(await page.locator('table.reports tbody tr').count()).toBe(2);
  });

  it('shows a hostile record literally and runs none of it', async () => {
    await page.goto(siteUrl('index.html'));
    await page.locator('#q').fill('evil');
    await page.getByRole('link', { name: /^Evil/ }).click();
    await page.waitForURL(/2019-S15\.html$/);
    expect(await page.locator('h1').innerText()).toBe(
      'Evil <script>alert(1)</script> <img src=x onerror=alert(2)> "><svg onload=alert(3)> (Special Issue, No.15, 2019)',
    );
    expect(await page.locator('.abstract').innerText()).toBe('Abstract: Abstract <script>alert(5)</script> <img src=x onerror=alert(6)> "><svg onload=alert(7)> & more');
    expect(await page.locator('.keywords').innerText()).toBe('Key words: <script>alert(8)</script>, <img src=x onerror=alert(9)>, "><svg onload=alert(10)>');
    expect(await page.locator('.byline').innerText()).toBe('By Mallory <script>alert(4)</script>, DRC');
    // Every key word page of the hostile record opens without running anything either.
    for (const link of await page.locator('.keywords a').all()) {
      const href = await link.getAttribute('href');
      await page.goto(new URL(href!, page.url()).href);
      expect(await page.locator('h1').innerText()).toMatch(/^Key word: /);
      await page.goBack();
    }
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
    expect(await page.locator('img, svg, iframe').count()).toBe(0);
  });

  it('asks nothing of the network', () => {
    expect(requests).toEqual([]);
  });
});
