// Debian's Chromium for the browser tests (never a downloaded browser): where it is, and how it is started.
import { existsSync } from 'node:fs';

export const BROWSER = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const HAVE_BROWSER = existsSync(BROWSER);
export const CI = process.env.CI === 'true';
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
