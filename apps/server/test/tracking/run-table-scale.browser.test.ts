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

const LONG_POINTS = 100_000;
const lossAt = (step: number) => 1 / (1 + step / 1000) + 0.01 * Math.sin(step / 7);

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const runName = (i: number) => `run-${pad(i, 5)}`;
/** A value every run has, distinct per run, so sorting by it has one right answer. */
const scoreOf = (i: number) => ((i * 7919) % RUNS) / RUNS;

describe('the run table with 10,000 runs and 300 metric and param columns, and a long metric series', () => {
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
    // One run with a long loss curve (and a NaN the chart marks rather than draws).
    const { run: long } = await mlflow('runs/create', { experiment_id, run_name: 'long-run' });
    for (let b = 0; b < LONG_POINTS / 1000; b++) {
      await mlflow('runs/log-batch', {
        run_id: long.info.run_id,
        metrics: Array.from({ length: 1000 }, (_, k) => {
          const step = b * 1000 + k;
          return { key: 'loss', value: step === 500 ? 'NaN' : lossAt(step), timestamp: 1_000 + step, step };
        }),
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
    await page.getByText(/^10000 runs shown \(more match\)/).waitFor();
    await page.getByRole('button', { name: 'Load 5000 more' }).click();
    await page.getByText(/^10001 runs shown$/).waitFor();
    // auc, loss and 150 more metrics; 150 params.
    expect(await page.getByText(/Columns \(152 metrics, 150 params\)/).count()).toBe(1);
    // 520 px of 28 px rows plus the overscan on each side, not 10,000 rows.
    expect(await renderedRows()).toBeLessThanOrEqual(40);
    // A few columns beyond the view, not all 306.
    expect(await headers().count()).toBeLessThan(40);
    expect(pageErrors).toEqual([]);
  });

  it('brings the last run and the last column into view when scrolled', async () => {
    await grid().evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    // The last row (row height 28, under the header row) is drawn, and little else.
    await grid()
      .locator(`.vgrid-row[style*="top: ${(RUNS + 1) * 28}px"]`)
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

  it("draws a 100,000-point series from the server's 400 LTTB points, with the exact value on hover", async () => {
    await page.getByLabel('Filter runs (MLflow search language)').fill("attributes.run_name = 'long-run'");
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText(/^1 runs shown$/).waitFor();
    await grid().getByRole('button', { name: 'long-run' }).click();
    const chart = page.getByRole('img', { name: 'Chart of loss' });
    await chart.waitFor();
    const figure = page.getByRole('figure').filter({ has: chart });
    expect(await figure.textContent()).toContain(`400 of ${LONG_POINTS} points (LTTB)`);
    const d = (await chart.locator('path').getAttribute('d')) ?? '';
    // 399 finite points in the line; the NaN is marked under the axis.
    expect(d.split('L').length).toBe(399);
    expect(await chart.getByText('NaN').count()).toBe(1);

    const box = await chart.boundingBox();
    if (!box) throw new Error('the chart has no box');
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height / 2);
    const readout = figure.locator('[aria-live]');
    await expect.poll(() => readout.textContent()).toMatch(/^step \d+: /);
    const [, step, value] = /^step (\d+): (\S+) at /.exec((await readout.textContent()) ?? '') ?? [];
    expect(Number(step)).toBeGreaterThan(LONG_POINTS * 0.4);
    expect(Number(step)).toBeLessThan(LONG_POINTS * 0.7);
    expect(Number(value)).toBe(lossAt(Number(step)));
    await page.getByRole('button', { name: 'Back to runs' }).click();
  });

  it('hides and shows columns with the column picker', async () => {
    await page.getByLabel('Filter runs (MLflow search language)').fill('');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText(/^5000 runs shown/).waitFor();
    const scoreHeader = grid().getByRole('button', { name: /^auc/ });
    await scoreHeader.waitFor();
    await page.getByText(/^Columns \(\d+ metrics/).click();
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
