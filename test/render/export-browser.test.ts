/// <reference lib="dom" />
// The exported site in a real browser: Debian's Chromium (never a downloaded one), driven by playwright-core.
// Without a browser these tests skip with a message, except under CI=true, where a missing browser fails the run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { reports, workspace } from '../export-helpers.js';
import { loadArchive } from '../../src/store/archive.js';
import { writeSiteFiles } from '../../src/store/site.js';
import { singleFilePage, siteFiles, siteModel } from '../../src/render/export/html.js';
import { sortRecords } from '../../src/query.js';
import { tempDir } from '../helpers.js';
import { BROWSER, BROWSER_ARGS, CI, HAVE_BROWSER } from '../browser.js';


if (!HAVE_BROWSER && !CI)
  console.warn(`export-browser: skipped: no Chromium at ${BROWSER}. Install it with scripts/install-chromium.sh (as root: apt-get install chromium) or set CHROMIUM_PATH.`);

describe.skipIf(!HAVE_BROWSER && !CI)('export html in Chromium', () => {
  let ws: ReturnType<typeof workspace>;
  let hostile: ReturnType<typeof workspace>;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  const dialogs: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    if (!HAVE_BROWSER) throw new Error(`CI=true but there is no Chromium at ${BROWSER}: .ci/run must run scripts/install-chromium.sh first.`);
    ws = workspace();
    const r = await reports(['export', 'html', '--out', 'site'], { cwd: ws.dir });
    expect(r.code, r.stderr).toBe(0);
    const mail = await reports(['export', 'html', '--single-file', '--base-url', 'https://example.org/cat/', '--out', 'alert.html'], { cwd: ws.dir });
    expect(mail.code, mail.stderr).toBe(0);
    // The hostile records hold control characters, which validate (and so export) refuses: the pages are made
    // from the records as they load, by the renderers and the site writer, to see what a browser does with them.
    hostile = workspace('hostile');
    const rows = sortRecords((await loadArchive(hostile.archive, { cache: false })).records, 'date');
    expect(rows.length).toBe(4);
    mkdirSync(path.join(hostile.dir, 'site'));
    await writeSiteFiles(path.join(hostile.dir, 'site'), siteFiles(siteModel(rows, {})));
    writeFileSync(path.join(hostile.dir, 'alert.html'), singleFilePage(siteModel(rows, {})));
    profile = tempDir('reports-chromium-');
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
    hostile?.cleanup();
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

  it('finds Chinese text by any part in the filter box, the same reports as list --search', async () => {
    await page.goto(siteUrl('index.html'));
    const box = page.getByLabel('Filter');
    await expect.poll(() => box.isVisible()).toBe(true);
    // 2019-R97's title holds 中国农村发展报告 and 乡村振兴, 2019-R96's key words 乡村振兴 and 农村价值: parts of them,
    // not whole runs of characters, are looked for.
    for (const [part, count] of [['农村发展', 1], ['振兴', 2], ['村振', 2], ['农村', 2]] as const) {
      await box.fill(part);
      await expect.poll(() => page.locator('table.reports tbody tr:visible').count(), { message: part }).toBe(count);
      const shown = await page.locator('table.reports tbody tr:visible td.id').allTextContents();
      const listed = await reports(['list', '--search', part, '--json'], { cwd: ws.dir });
      expect(listed.code, listed.stderr).toBe(0);
      expect((JSON.parse(listed.stdout) as { reports: Array<{ id: string }> }).reports.map((r) => r.id).sort(), part).toEqual(shown.sort());
    }
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

  const PHONE = { width: 375, height: 740 };
  const DESKTOP = { width: 1280, height: 860 };
  const pagesToCheck = () => [
    ...['index.html', 'years/2019.html', 'keywords/challenges.html', 'reports/2019-S11.html', 'reports/2019-S15.html', 'reports/2019-R97.html'].map((p) => siteUrl(p)),
    pathToFileURL(path.join(ws.dir, 'alert.html')).href,
    ...['index.html', 'years/2021.html', 'reports/2021-R1.html', 'reports/2021-R2.html', 'reports/2021-R3.html', 'reports/2021-S1.html'].map((p) => pathToFileURL(path.join(hostile.dir, 'site', p)).href),
    pathToFileURL(path.join(hostile.dir, 'alert.html')).href,
  ];

  it.each([
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ])('never scrolls sideways at %s width, and keeps each "(Total N)" on one line', async (_name, size) => {
    await page.setViewportSize(size);
    try {
      for (const url of pagesToCheck()) {
        await page.goto(url);
        const { scroll, width, wide } = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          width: window.innerWidth,
          // What sticks out, to name it in the message.
          wide: Array.from(document.querySelectorAll('body *'))
            .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 || e.scrollWidth > window.innerWidth + 1)
            .slice(0, 3)
            .map((e) => `<${e.tagName.toLowerCase()}> ${(e.textContent ?? '').slice(0, 40)}`),
        }));
        expect(scroll, `${url} is ${scroll}px wide in a ${width}px window: ${wide.join('; ')}`).toBeLessThanOrEqual(width);
        const lines = await page.locator('.total').evaluateAll((els) => els.map((el) => el.getClientRects().length));
        expect(lines.every((n) => n === 1), `${url}: ${JSON.stringify(lines)}`).toBe(true);
      }
    } finally {
      await page.setViewportSize(DESKTOP);
    }
  });

  it('filters at phone width too', async () => {
    await page.setViewportSize(PHONE);
    try {
      await page.goto(siteUrl('index.html'));
      const visible = () => page.locator('table.reports tbody tr:visible').count();
      const box = page.getByLabel('Filter');
      await expect.poll(() => box.isVisible()).toBe(true);
      const b = (await box.boundingBox())!;
      expect(b.x + b.width).toBeLessThanOrEqual(PHONE.width);
      await box.fill('2019-S9');
      await expect.poll(visible).toBe(1);
      expect(await page.locator('#shown').textContent()).toBe('1 of 9 shown');
    } finally {
      await page.setViewportSize(DESKTOP);
    }
  });

  it('lines up the columns of the per-sequence tables on a desktop', async () => {
    await page.setViewportSize(DESKTOP);
    await page.goto(siteUrl('index.html'));
    const columns = await page.locator('table.reports').evaluateAll((tables) =>
      tables.map((t) => Array.from(t.querySelectorAll('thead th')).map((th) => Math.round(th.getBoundingClientRect().left))),
    );
    expect(columns.length).toBeGreaterThan(2);
    for (const c of columns) expect(c).toEqual(columns[0]);
  });

  it('marks Chinese, Japanese and Korean text with its language', async () => {
    await page.goto(pathToFileURL(path.join(hostile.dir, 'site', 'reports', '2021-R3.html')).href);
    expect(await page.locator('h1 [lang="zh"]').innerText()).toBe('乡村振兴战略的实施路径研究');
    expect(await page.locator('.abstract [lang="ja"]').innerText()).toBe('地方創生のための政策');
    expect(await page.locator('.abstract [lang="ko"]').innerText()).toBe('농촌 활성화');
  });

  it('asks nothing of the network', () => {
    expect(requests).toEqual([]);
  });
});
