import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BatonProcess, REPO_ROOT } from '../support/baton-process.ts';
import { type BrowserSession, startBrowserSession } from '../support/browser.ts';

const SCREENSHOT = path.join(REPO_ROOT, 'test-results/training-lane.png');
const CREDIT = path.join(REPO_ROOT, 'examples/german_credit.csv');
const ADMIN_PASSWORD = 'training-lane-admin-pw';

describe('the training lane in a browser', () => {
  let session: BrowserSession | undefined;
  let baton: BatonProcess;
  let page: Page;
  let pageErrors: string[] = [];
  const slug = 'credit-models';

  beforeAll(async () => {
    session = await startBrowserSession({
      name: 'training-lane',
      password: ADMIN_PASSWORD,
      project: { slug, name: 'Credit models' },
      timeoutMs: 30_000,
    });
    ({ baton, page, pageErrors } = session);
    const up = await fetch(`${baton.url}/api/v1/projects/${slug}/datasets/credit/versions`, {
      method: 'POST',
      headers: { ...session.headers, 'content-type': 'text/csv' },
      body: fs.readFileSync(CREDIT),
    });
    expect(up.status).toBe(201);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('trains from the form, follows the run and shows its evaluation charts', async () => {
    await page.goto(`${baton.url}/p/${slug}/training`);
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
