import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BatonProcess, REPO_ROOT } from '../support/baton-process.ts';
import { type BrowserSession, startBrowserSession } from '../support/browser.ts';

const FIXTURE = path.join(REPO_ROOT, 'packages/core/test/fixtures/data/credit_data.csv');
const ADMIN_PASSWORD = 'data-url-admin-pw';

describe('the data lane in a browser: state in the URL, reading options on upload', () => {
  let session: BrowserSession | undefined;
  let baton: BatonProcess;
  let page: Page;
  let headers: Record<string, string>;
  let pageErrors: string[] = [];
  const slug = 'url-data';
  const api = (route: string, init: RequestInit = {}) =>
    fetch(`${baton.url}/api/v1/projects/${slug}${route}`, {
      ...init,
      headers: { ...headers, ...init.headers },
    });

  beforeAll(async () => {
    session = await startBrowserSession({
      name: 'data-url',
      password: ADMIN_PASSWORD,
      project: { slug, name: 'URL data' },
    });
    ({ baton, page, headers, pageErrors } = session);
    const csv = fs.readFileSync(FIXTURE, 'utf8');
    for (const body of [csv, csv.split('\n').slice(0, 500).join('\n')]) {
      const up = await api('/datasets/loans/versions', {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body,
      });
      expect(up.status).toBe(201);
    }
  });

  afterAll(async () => {
    await session?.close();
  });

  it('keeps the selected dataset, version and tab in the URL, so reload and back show them again', async () => {
    await page.goto(`${baton.url}/p/${slug}/data`);
    const history = page.getByRole('table', { name: 'Versions of loans' });
    await history.getByRole('button', { name: 'loans@1' }).click();
    await page.getByRole('region', { name: 'Version loans@1' }).waitFor();
    await page.getByRole('tab', { name: 'Schema' }).click();
    const url = new URL(page.url());
    expect(url.pathname).toBe(`/p/${slug}/data`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ dataset: 'loans', version: '1', tab: 'schema' });
    await page.reload();
    await page.getByRole('table', { name: 'Schema' }).waitFor();
    expect(await page.getByRole('tab', { name: 'Schema' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('region', { name: 'Version loans@1' }).waitFor();
    await page.goBack();
    await page.getByRole('tab', { name: 'Profile', selected: true }).waitFor();
    await page.getByRole('region', { name: 'Version loans@1' }).waitFor();
    await page.goBack();
    // Without a version in the URL the latest one shows.
    await page.getByRole('region', { name: 'Version loans@2' }).waitFor();
    expect(new URL(page.url()).searchParams.get('version')).toBeNull();
    await page.goForward();
    await page.goForward();
    await page.getByRole('table', { name: 'Schema' }).waitFor();
  });

  it('uploads with reading options given: format, delimiter, no header row, encoding', async () => {
    const form = page.getByRole('form', { name: 'Ingest a file' });
    await form.getByLabel('Dataset name').fill('plain');
    await form.getByLabel('File').setInputFiles({
      name: 'plain.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('1;caf\xe9;2.5\n2;th\xe9;3.5\n3;bar;4.5\n', 'latin1'),
    });
    await form.getByText('Reading options').click();
    await form.getByLabel('Format').selectOption('csv');
    await form.getByLabel('Delimiter').selectOption(';');
    await form.getByLabel('Header row').selectOption('false');
    await form.getByLabel('Encoding').selectOption('latin-1');
    await form.getByRole('button', { name: 'Upload' }).click();
    await page.getByRole('table', { name: 'Versions of plain' }).waitFor();
    expect(new URL(page.url()).searchParams.get('dataset')).toBe('plain');
    const version = await (await api('/datasets/plain/versions/1')).json();
    expect(version.rowCount).toBe(3);
    expect(version.columns.map((c: { type: string }) => c.type)).toEqual(['BIGINT', 'VARCHAR', 'DOUBLE']);
    expect(version.source.options).toMatchObject({ delimiter: ';', header: false, encoding: 'latin-1' });
    const rows = await api('/data/query', {
      method: 'POST',
      body: JSON.stringify({ sql: 'select * from plain order by 1' }),
    });
    expect(rows.status).toBe(200);
    expect(JSON.stringify(await rows.json())).toContain('café');
    expect(pageErrors).toEqual([]);
  });
});
