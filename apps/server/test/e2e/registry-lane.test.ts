import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallModelFiles } from '../registry/registry-fixtures.ts';
import { type BatonProcess, REPO_ROOT } from '../support/baton-process.ts';
import { type BrowserSession, signInInBrowser, startBrowserSession } from '../support/browser.ts';

const SCREENSHOT = path.join(REPO_ROOT, 'test-results/registry-lane.png');
const ADMIN_PASSWORD = 'registry-lane-admin-pw';

describe('the registry lane in a browser', () => {
  let session: BrowserSession | undefined;
  let baton: BatonProcess;
  let page: Page;
  let pageErrors: string[] = [];
  let headers: Record<string, string>;
  const slug = 'credit-models';

  beforeAll(async () => {
    session = await startBrowserSession({
      name: 'registry-lane',
      password: ADMIN_PASSWORD,
      project: { slug, name: 'Credit models' },
      viewport: { width: 1400, height: 1100 },
    });
    ({ baton, page, headers, pageErrors } = session);
    const api = async (method: string, url: string, body?: unknown, status = 200) => {
      const res = await fetch(`${baton.url}/api/v1/projects${url}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      expect(res.status, `${method} ${url}: ${await res.clone().text()}`).toBe(status);
      return res.json();
    };
    const exp = await api('POST', `/${slug}/experiments`, { name: 'scoring' }, 201);
    const run = await api('POST', `/${slug}/experiments/${exp.id}/runs`, {}, 201);
    const files = smallModelFiles();
    for (const [name, body] of [
      ['model.onnx', files.onnx],
      ['signature.json', Buffer.from(files.signature)],
    ] as const) {
      const res = await fetch(
        `${baton.url}/api/v1/projects/${slug}/runs/${run.info.id}/artifacts?path=${name}`,
        {
          method: 'PUT',
          headers: { ...headers, 'content-type': 'application/octet-stream' },
          body: new Uint8Array(body),
        },
      );
      expect(res.status).toBe(201);
    }
    await api('POST', `/${slug}/models`, { name: 'scorer' }, 201);
    await api('POST', `/${slug}/models/scorer/versions`, { runId: run.info.id }, 201);
    await api(
      'POST',
      `/${slug}/models/scorer/versions`,
      { runId: run.info.id, description: 'retrained' },
      201,
    );
    await api('POST', `/${slug}/models/scorer/aliases/champion/promote`, { version: 1, reason: 'first' });
    await api('POST', `/${slug}/models/scorer/aliases/champion/promote`, { version: 2, reason: 'retrained' });
    await api('PUT', `/${slug}/promotion-policies/production`, {
      metrics: [{ metric: 'roc_auc', op: '>=', value: 0.8 }],
      approvals: [{ role: 'ai-ethicist', count: 1 }],
    });
  });

  afterAll(async () => {
    await session?.close();
  });

  it('shows a model with versions, lineage, gates and history, and rolls an alias back', async () => {
    await page.goto(`${baton.url}/p/${slug}/registry`);
    await page
      .getByRole('table', { name: 'Registered models' })
      .getByRole('button', { name: 'scorer' })
      .click();
    await page.getByRole('table', { name: 'Versions' }).getByRole('button', { name: 'v2' }).waitFor();
    expect(await page.getByRole('list', { name: 'Lineage' }).textContent()).toContain('scorer v2');
    const gates = page.getByRole('list', { name: 'Gate status' });
    await gates.waitFor();
    expect(await gates.textContent()).toContain('metric:roc_auc>=0.8');
    const summary = page.getByRole('table', { name: 'Gates per alias for v2' });
    await summary.getByText('2 of 2 failing').waitFor();
    expect(await summary.textContent()).toContain('@champion');
    expect(await page.getByRole('list', { name: 'Alias history' }).textContent()).toContain('retrained');
    await page.getByRole('button', { name: 'Roll back @champion' }).click();
    await page.getByText('@champion rolled back to v1.').waitFor();
    await page.getByRole('list', { name: 'Alias history' }).getByText('rollback', { exact: true }).waitFor();
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('shows approve buttons only to a role the policy names, and no move buttons to a viewer', async () => {
    const users: Record<string, string> = { ethicist: 'ai-ethicist', watcher: 'viewer' };
    for (const [username, role] of Object.entries(users)) {
      const created = await fetch(`${baton.url}/api/v1/users`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ username, password: 'registry-user-pw', displayName: username }),
      });
      expect(created.status, await created.clone().text()).toBe(201);
      const member = await fetch(`${baton.url}/api/v1/projects/${slug}/members/${username}`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({ roles: [role] }),
      });
      expect(member.status).toBe(200);
    }
    const context = await session!.browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const other = await context.newPage();
    other.setDefaultTimeout(20_000);
    const open = async (username: string) => {
      await context.clearCookies();
      await signInInBrowser(other, baton.url, username, 'registry-user-pw');
      await other.goto(`${baton.url}/p/${slug}/registry`);
      await other
        .getByRole('table', { name: 'Registered models' })
        .getByRole('button', { name: 'scorer' })
        .click();
      await other.getByRole('list', { name: 'Gate status' }).waitFor();
    };
    await open('ethicist');
    await other.getByRole('button', { name: 'Approve as ai-ethicist' }).click();
    await other.getByText('Approved.').waitFor();
    expect(await other.getByRole('list', { name: 'Approvals' }).textContent()).toContain(
      'Approved by ethicist',
    );
    expect(await other.getByRole('button', { name: /Roll back/ }).count()).toBe(0);
    await open('watcher');
    expect(await other.getByRole('button', { name: /Approve|Reject|Promote|Roll back|Revoke/ }).count()).toBe(
      0,
    );
    await context.close();
  });
});
