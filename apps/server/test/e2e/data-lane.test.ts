import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BatonProcess, REPO_ROOT } from '../support/baton-process.ts';
import { type BrowserSession, startBrowserSession } from '../support/browser.ts';

const SCREENSHOT = path.join(REPO_ROOT, 'test-results/data-lane.png');
const FIXTURE = path.join(REPO_ROOT, 'packages/core/test/fixtures/data/credit_data.csv');
const ADMIN_PASSWORD = 'data-lane-admin-pw';

describe('the data lane in a browser', () => {
  let session: BrowserSession | undefined;
  let baton: BatonProcess;
  let page: Page;
  let headers: Record<string, string>;
  let pageErrors: string[] = [];
  const slug = 'loan-data';

  beforeAll(async () => {
    session = await startBrowserSession({
      name: 'data-lane',
      password: ADMIN_PASSWORD,
      project: { slug, name: 'Loan data' },
    });
    ({ baton, page, headers, pageErrors } = session);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('uploads a CSV with progress and lists the dataset and its version', async () => {
    await page.goto(`${baton.url}/p/${slug}/data`);
    const form = page.getByRole('form', { name: 'Ingest a file' });
    await form.getByLabel('Dataset name').fill('loans');
    await form.getByLabel('File').setInputFiles(FIXTURE);
    await form.getByRole('button', { name: 'Upload' }).click();
    const datasets = page.getByRole('table', { name: 'Datasets' });
    await datasets.getByRole('button', { name: 'loans' }).waitFor();
    expect(await datasets.textContent()).toContain('4454');
    await page.getByRole('table', { name: 'Versions of loans' }).getByText('first version').waitFor();
  });

  it('shows the profile with histograms and a correlation heatmap', async () => {
    await page.getByRole('img', { name: 'Histogram of Income' }).waitFor();
    await page.getByRole('img', { name: 'Correlation heatmap' }).waitFor();
    expect(await page.getByRole('list', { name: 'Top values of Status' }).textContent()).toContain(
      'good3200',
    );
  });

  it('shows a second version with its schema diff, and quality results', async () => {
    const text = fs.readFileSync(FIXTURE, 'utf8');
    const dropped = text
      .split('\n')
      .map((line) => line.split(',').slice(0, -1).join(','))
      .join('\n');
    const up = await fetch(`${baton.url}/api/v1/projects/${slug}/datasets/loans/versions`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/csv' },
      body: dropped,
    });
    expect(up.status).toBe(201);
    const suite = await fetch(`${baton.url}/api/v1/projects/${slug}/datasets/loans/suites/basic`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({
        source:
          'checks:\n  - { type: not_null, column: Income }\n  - { type: row_count_between, min: 1000 }\n',
      }),
    });
    expect(suite.status).toBe(200);
    await page.reload();
    const history = page.getByRole('table', { name: 'Versions of loans' });
    await history.getByText('- Price').waitFor();
    await history.getByRole('button', { name: 'loans@2' }).click();
    await page.getByRole('tab', { name: 'Quality' }).click();
    await page.getByText('Suite basic: failed').waitFor();
    expect(await page.getByRole('region', { name: 'Version loans@2' }).textContent()).toContain(
      'not_null(Income)',
    );
  });

  it('runs SQL and shows the result', async () => {
    await page
      .getByRole('textbox', { name: 'SQL', exact: true })
      .fill('select Status, count(*) as n from "loans@1" group by 1 order by 1');
    await page.getByRole('button', { name: 'Run query' }).click();
    const result = page.getByRole('table', { name: 'Query result' });
    await result.waitFor();
    expect(await result.textContent()).toContain('good3200');
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
