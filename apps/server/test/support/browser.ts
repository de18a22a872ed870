import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { REPO_ROOT } from './baton-process.ts';

/** Debian's chromium; CI installs it (`.ci/run`). */
export const CHROMIUM = '/usr/bin/chromium';
const WEB_INDEX = path.join(REPO_ROOT, 'apps/web/dist/index.html');

// Headless, and quiet on the network: this machine refuses outside connections, and
// chromium's background services would otherwise try them at every start.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts chromium for a browser test; fails (never skips) when it or the built UI is missing. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(WEB_INDEX))
    throw new Error('apps/web/dist/index.html is missing: run `npm run build` first');
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: install chromium to run the browser tests`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Signs in through the login page and waits for the project picker. */
export async function signInInBrowser(page: Page, baseUrl: string, username: string, password: string) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Your projects' }).waitFor();
}
