import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type BatonProcess, REPO_ROOT, signIn, startBatonProcess } from './baton-process.ts';

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

/** What a browser test works with: a real `baton up`, an admin's API headers, chromium signed in. */
export interface BrowserSession {
  readonly home: string;
  readonly baton: BatonProcess;
  /** The signed-in admin's cookie and CSRF headers, for set-up calls to the API. */
  readonly headers: Record<string, string>;
  readonly browser: Browser;
  readonly page: Page;
  /** Errors thrown in the page; a test ends by expecting none. */
  readonly pageErrors: string[];
  close(): Promise<void>;
}

/**
 * The set-up every browser test shares: `baton up` on a fresh home with `password` as the
 * admin's, the admin signed in over HTTP, an optional project created, and a chromium page
 * signed in through the login page. `close()` stops all of it and removes the home.
 */
export async function startBrowserSession(options: {
  name: string;
  password: string;
  project?: { slug: string; name: string };
  viewport?: { width: number; height: number };
  timeoutMs?: number;
}): Promise<BrowserSession> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), `baton-${options.name}-`));
  let baton: BatonProcess | undefined;
  let browser: Browser | undefined;
  try {
    baton = await startBatonProcess({ home, env: { BATON_ADMIN_PASSWORD: options.password } });
    const headers = await signIn(baton.url, 'admin', options.password);
    if (options.project) {
      const created = await fetch(`${baton.url}/api/v1/projects`, {
        method: 'POST',
        headers,
        body: JSON.stringify(options.project),
      });
      if (created.status !== 201)
        throw new Error(`project create: ${created.status} ${await created.text()}`);
    }
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: options.viewport ?? { width: 1400, height: 1000 } });
    page.setDefaultTimeout(options.timeoutMs ?? 20_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signInInBrowser(page, baton.url, 'admin', options.password);
    const started = { baton, browser };
    return {
      home,
      baton,
      headers,
      browser,
      page,
      pageErrors,
      async close() {
        await started.browser.close();
        await started.baton.stop();
        fs.rmSync(home, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close();
    await baton?.stop();
    fs.rmSync(home, { recursive: true, force: true });
    throw error;
  }
}
