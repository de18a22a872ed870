import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BatonProcess, REPO_ROOT, signIn, startBatonProcess } from '../support/baton-process.ts';
import { launchChromium, signInInBrowser } from '../support/browser.ts';

const SCREENSHOT = path.join(REPO_ROOT, 'test-results/training-lane.png');
const CREDIT = path.join(REPO_ROOT, 'examples/german_credit.csv');
const ADMIN_PASSWORD = 'training-lane-admin-pw';

describe('the training lane in a browser', () => {
  let home: string | undefined;
  let baton: BatonProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  const slug = 'credit-models';

  beforeAll(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-training-lane-'));
    baton = await startBatonProcess({ home, env: { BATON_ADMIN_PASSWORD: ADMIN_PASSWORD } });
    const headers = await signIn(baton.url, 'admin', ADMIN_PASSWORD);
    const created = await fetch(`${baton.url}/api/v1/projects`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ slug, name: 'Credit models' }),
    });
    expect(created.status).toBe(201);
    const up = await fetch(`${baton.url}/api/v1/projects/${slug}/datasets/credit/versions`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/csv' },
      body: fs.readFileSync(CREDIT),
    });
    expect(up.status).toBe(201);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signInInBrowser(page, baton.url, 'admin', ADMIN_PASSWORD);
  });

  afterAll(async () => {
    await browser?.close();
    await baton?.stop();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  it('trains from the form, follows the run and shows its evaluation charts', async () => {
    await page.goto(`${baton!.url}/p/${slug}/training`);
    const form = page.getByRole('form', { name: 'Train a model' });
    await form.getByLabel('Dataset').selectOption('credit');
    await form.getByLabel('Target').selectOption('Class');
    await form.getByLabel('Learner').selectOption('gbdt');
    await form.getByLabel('Param nTrees').fill('25');
    await form.getByLabel('Param maxDepth').fill('3');
    await form.getByRole('button', { name: 'Start training' }).click();
    await page.getByTestId('run-status').getByText('FINISHED').waitFor();
    await page.getByRole('img', { name: 'Loss per round' }).waitFor();
    await page.getByRole('img', { name: 'ROC curve' }).waitFor();
    await page.getByRole('img', { name: 'Precision-recall curve' }).waitFor();
    await page.getByRole('img', { name: 'Calibration curve' }).waitFor();
    expect(await page.getByRole('table', { name: 'Confusion matrix' }).textContent()).toContain('Good');
    expect(await page.getByRole('list', { name: 'Feature importance' }).textContent()).toMatch(/\w/);
    expect(await page.getByRole('table', { name: 'Test metrics' }).textContent()).toContain('test_roc_auc');
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
