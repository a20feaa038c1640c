#!/usr/bin/env node
// Screenshots of the exported catalogue for docs/screenshots/: the index, a report page and the e-mail file, at
// desktop (1280 px) and phone (375 px) widths, made from the bundled archive with Debian's Chromium; and of
// `reports serve --write` on a copy of it: a search, the add form after a refusal, and the validation page.
// Usage: npm run build && node scripts/screenshots.mjs [report id, default 2019-S11]
// Reproducible: SOURCE_DATE_EPOCH fixes the footer's date; each PNG shows the first screen of its page.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'docs', 'screenshots');
const BROWSER = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const BASE = 'https://example.org/reports/';
const id = process.argv[2] ?? '2019-S11';

const tmp = mkdtempSync(path.join(tmpdir(), 'reports-shots-'));

async function shot(page, name) {
  const png = path.join(OUT, name);
  await page.screenshot({ path: png });
  console.log(`${path.relative(ROOT, png)} ${Math.round(statSync(png).size / 1024)} KB`);
}
try {
  const env = { ...process.env, NO_COLOR: '1', SOURCE_DATE_EPOCH: '1764403200' }; // 2025-11-29
  const cli = (...args) => execFileSync(process.execPath, [path.join(ROOT, 'bin', 'reports.js'), '--archive', path.join(ROOT, 'archive'), ...args], { cwd: tmp, env, encoding: 'utf8' });
  cli('export', 'html', '--feed', '--base-url', BASE, '--out', 'site', '-q');
  cli('export', 'html', '--single-file', '--base-url', BASE, '--out', 'alert.html', '-q');

  const pages = [
    ['index', 'site/index.html'],
    ['report', `site/reports/${id}.html`],
    ['email', 'alert.html'],
  ];
  const sizes = [
    ['desktop', { width: 1280, height: 860 }],
    ['phone', { width: 375, height: 740 }],
  ];
  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({ executablePath: BROWSER, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    for (const [size, viewport] of sizes) {
      const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
      for (const [name, file] of pages) {
        await page.goto(pathToFileURL(path.join(tmp, file)).href);
        const png = path.join(OUT, `${name}-${size}.png`);
        await page.screenshot({ path: png });
        console.log(`${path.relative(ROOT, png)} ${Math.round(statSync(png).size / 1024)} KB`);
      }
      await page.close();
    }
    // The server, on a copy of the archive (the form's refusal writes nothing, but a copy is never the original).
    cpSync(path.join(ROOT, 'archive'), path.join(tmp, 'archive'), { recursive: true });
    const server = spawn(process.execPath, [path.join(ROOT, 'bin', 'reports.js'), '--archive', path.join(tmp, 'archive'), 'serve', '--port', '0', '--write'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const url = await new Promise((resolve, reject) => {
        let out = '';
        server.stdout.setEncoding('utf8').on('data', (d) => {
          out += d;
          const m = / at (http:\S+)\n/.exec(out);
          if (m) resolve(m[1]);
        });
        server.once('exit', () => reject(new Error('reports serve stopped before it served')));
      });
      for (const [size, viewport] of sizes) {
        const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
        await page.goto(url);
        const origin = new URL(url).origin;
        await page.goto(`${origin}/?q=small+towns`);
        await shot(page, `serve-search-${size}.png`);
        await page.goto(`${origin}/add?kind=special&year=2019`);
        await page.fill('#f-title', 'Rural Finance Reform in the New Era');
        await page.fill('#f-authors', 'Li Wei & Wang Fang');
        await page.fill('#f-total', '1700');
        await page.click('button[type=submit]');
        await page.waitForSelector('.refusal');
        await shot(page, `serve-add-${size}.png`);
        await page.goto(`${origin}/validate`);
        await shot(page, `serve-validate-${size}.png`);
        await page.close();
      }
    } finally {
      server.kill('SIGTERM');
    }
  } finally {
    await browser.close();
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
