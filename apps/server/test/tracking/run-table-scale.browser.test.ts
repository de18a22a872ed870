import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/baton-process.ts';
import { launchChromium, signInInBrowser } from '../support/browser.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const SCREENSHOT = path.join(REPO_ROOT, 'test-results/tracking-run-table-scale.png');
const RUNS = 10_000;
/** Each run logs a few metrics and params out of these pools: the table has 300 such columns. */
const METRIC_KEYS = 150;
const PARAM_KEYS = 150;
const PER_RUN = 4;

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const runName = (i: number) => `run-${pad(i, 5)}`;
/** A value every run has, distinct per run, so sorting by it has one right answer. */
const scoreOf = (i: number) => ((i * 7919) % RUNS) / RUNS;

describe('the run table with 10,000 runs and 300 metric and param columns', () => {
  let t: TestApp;
  let url: string;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    const owner = await t.user();
    const slug = 'sweeps';
    const created = await t.call('POST', '/api/v1/projects', {
      token: owner.token,
      body: { slug, name: 'Sweeps' },
    });
    expect(created.statusCode).toBe(201);
    const project = { slug };
    const token = owner.token;
    const mlflow = async (route: string, body: unknown) => {
      const res = await t.call('POST', `/projects/${project.slug}/api/2.0/mlflow/${route}`, { token, body });
      if (res.statusCode !== 200) throw new Error(`${route}: ${res.statusCode} ${res.body}`);
      return res.json() as { experiment_id: string; run: { info: { run_id: string } } };
    };
    const { experiment_id } = await mlflow('experiments/create', { name: 'sweep' });
    for (let i = 0; i < RUNS; i++) {
      const { run } = await mlflow('runs/create', { experiment_id, run_name: runName(i) });
      const keys = Array.from({ length: PER_RUN }, (_, k) => (i * PER_RUN + k) % METRIC_KEYS);
      await mlflow('runs/log-batch', {
        run_id: run.info.run_id,
        metrics: [
          { key: 'auc', value: scoreOf(i), timestamp: 1, step: 0 },
          ...keys.map((k) => ({ key: `m_${pad(k, 3)}`, value: (i % 97) / 97, timestamp: 1, step: 0 })),
        ],
        params: keys.map((k) => ({ key: `p_${pad(k % PARAM_KEYS, 3)}`, value: String(i % 13) })),
      });
    }
    url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(45_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signInInBrowser(page, url, owner.username, owner.password);
    await page.goto(`${url}/p/${project.slug}/tracking`);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const grid = () => page.getByRole('region', { name: 'Runs' });
  const renderedRows = () => grid().locator('.vgrid-row').count();
  const headers = () => grid().locator('.vgrid-head');

  it('loads every run page by page but keeps only the rows and columns in view in the page', async () => {
    await page.getByText(/^5000 runs shown \(more match\)/).waitFor();
    await page.getByRole('button', { name: 'Load 5000 more' }).click();
    await page.getByText(/^10000 runs shown/).waitFor();
    expect(await page.getByText(/Columns \(151 metrics, 150 params\)/).count()).toBe(1);
    // 520 px of 28 px rows plus the overscan on each side, not 10,000 rows.
    expect(await renderedRows()).toBeLessThanOrEqual(40);
    // A few columns beyond the view, not all 305.
    expect(await headers().count()).toBeLessThan(40);
    expect(pageErrors).toEqual([]);
  });

  it('brings the last run and the last column into view when scrolled', async () => {
    await grid().evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    // The 10,000th row (row height 28, under the header row) is drawn, and little else.
    await grid()
      .locator(`.vgrid-row[style*="top: ${RUNS * 28}px"]`)
      .waitFor();
    expect(await renderedRows()).toBeLessThanOrEqual(40);
    await grid().evaluate((el) => {
      el.scrollLeft = el.scrollWidth;
    });
    await grid()
      .getByRole('button', { name: /^p_149 \(param\)/ })
      .waitFor();
    expect(await headers().count()).toBeLessThan(40);
  });

  it('sorts on a metric column (auc) on the server and filters with the search language', async () => {
    await grid().evaluate((el) => {
      el.scrollTop = 0;
      el.scrollLeft = 0;
    });
    await grid().getByRole('button', { name: /^auc/ }).click();
    // Descending first: the best score leads.
    const best = Array.from({ length: RUNS }, (_, i) => i).sort((a, b) => scoreOf(b) - scoreOf(a))[0] ?? 0;
    const firstRow = grid().locator('.vgrid-row').first();
    await expect.poll(() => firstRow.textContent()).toContain(runName(best));
    expect(await page.getByText(/^5000 runs shown \(more match\)/).count()).toBe(1);

    await page.getByLabel('Filter runs (MLflow search language)').fill('metrics.auc >= 0.999');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText(/^10 runs shown$/).waitFor();
    expect(await renderedRows()).toBe(10);

    await page.getByLabel('Filter runs (MLflow search language)').fill('metrics.auc >>> 1');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('The search failed.').waitFor();
  });

  it('hides and shows columns with the column picker', async () => {
    await page.getByLabel('Filter runs (MLflow search language)').fill('');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText(/^5000 runs shown/).waitFor();
    const scoreHeader = grid().getByRole('button', { name: /^auc/ });
    await scoreHeader.waitFor();
    await page.getByText(/Columns \(151 metrics/).click();
    const picker = page.getByRole('checkbox', { name: /^auc metric$/ });
    await picker.uncheck();
    expect(await scoreHeader.count()).toBe(0);
    await picker.check();
    await scoreHeader.waitFor();
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    expect(pageErrors).toEqual([]);
  });
});
