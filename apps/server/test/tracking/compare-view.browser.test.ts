import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BatonProcess, REPO_ROOT } from '../support/baton-process.ts';
import { type BrowserSession, startBrowserSession } from '../support/browser.ts';

const SCREENSHOT = path.join(REPO_ROOT, 'test-results/tracking-compare.png');
const ADMIN_PASSWORD = 'tracking-compare-admin-pw';

describe('the tracking compare view in a browser', () => {
  let session: BrowserSession | undefined;
  let baton: BatonProcess;
  let page: Page;
  let headers: Record<string, string>;
  let pageErrors: string[] = [];
  const slug = 'vision';

  beforeAll(async () => {
    session = await startBrowserSession({
      name: 'compare',
      password: ADMIN_PASSWORD,
      project: { slug, name: 'Vision' },
      viewport: { width: 1400, height: 1200 },
    });
    ({ baton, page, headers, pageErrors } = session);
    // Three runs through the MLflow API: lr differs, optimizer does not; 2,000 loss points each.
    const mlflow = async (route: string, body: unknown) => {
      const res = await fetch(`${baton.url}/projects/${slug}/api/2.0/mlflow/${route}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      });
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as { experiment_id: string; run: { info: { run_id: string } } };
    };
    const { experiment_id } = await mlflow('experiments/create', { name: 'resnet' });
    for (const [i, lr] of ['0.1', '0.01', '0.001'].entries()) {
      const { run } = await mlflow('runs/create', { experiment_id, run_name: `run-${i}` });
      const runId = run.info.run_id;
      for (let b = 0; b < 2; b++) {
        await mlflow('runs/log-batch', {
          run_id: runId,
          metrics: Array.from({ length: 1000 }, (_, k) => ({
            key: 'loss',
            value: 1 / (1 + (b * 1000 + k) * Number(lr)),
            timestamp: 1,
            step: b * 1000 + k,
          })),
        });
      }
      await mlflow('runs/log-batch', {
        run_id: runId,
        metrics: [{ key: 'acc', value: 0.7 + i / 10, timestamp: 1, step: 0 }],
        params: [
          { key: 'lr', value: lr },
          { key: 'optimizer', value: 'adam' },
        ],
      });
    }
  });

  afterAll(async () => {
    await session?.close();
  });

  it('selects runs in the table and compares their curves, params and coordinates', async () => {
    await page.goto(`${baton.url}/p/${slug}/tracking`);
    const compare = page.getByRole('button', { name: /^Compare \d+ selected runs$/ });
    await page.getByRole('checkbox', { name: 'Select run-0' }).waitFor();
    expect(await compare.isDisabled()).toBe(true);
    for (const name of ['run-0', 'run-1', 'run-2'])
      await page.getByRole('checkbox', { name: `Select ${name}` }).check();
    await page.getByRole('button', { name: 'Compare 3 selected runs' }).click();
    await page.getByRole('heading', { name: 'Comparing 3 runs' }).waitFor();

    // Overlaid curves, downsampled on the server: 400 of 2,000 points per run.
    await page.getByLabel('Metric').selectOption('loss');
    const chart = page.getByRole('img', { name: 'Chart of loss for 3 runs' });
    await chart.waitFor();
    const curves = chart.locator('path[data-run]');
    expect(await curves.count()).toBe(3);
    for (let i = 0; i < 3; i++) {
      const d = (await curves.nth(i).getAttribute('d')) ?? '';
      expect(d.split('L').length).toBe(400);
    }
    expect(await page.getByRole('figure').textContent()).toContain('run-0: 400 of 2000 points');

    // The param diff marks lr, not optimizer.
    const diff = page.getByRole('table', { name: 'Param differences' });
    expect(await diff.locator('tr', { hasText: 'lr' }).getAttribute('data-differs')).toBe('true');
    expect(await diff.locator('tr', { hasText: 'optimizer' }).getAttribute('data-differs')).toBe('false');
    await page.getByLabel(/Only params that differ/).check();
    expect(await diff.locator('tbody tr').count()).toBe(1);

    // Parallel coordinates: lr and both metrics by default, one line per run through each axis.
    const coords = page.getByRole('img', { name: 'Parallel coordinates' });
    expect(await coords.locator('[data-axis]').count()).toBe(3);
    const lines = coords.locator('path[data-run]');
    expect(await lines.count()).toBe(3);
    expect(((await lines.first().getAttribute('d')) ?? '').split('L').length).toBe(3);
    await page.getByRole('group', { name: 'Axes' }).getByLabel('optimizer (param)').check();
    expect(await coords.locator('[data-axis]').count()).toBe(4);

    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
