import fs from 'node:fs';
import path from 'node:path';
import { type DB, openArtifactStore, openDatabase, type Services } from '@baton/core';
import type { Kysely } from 'kysely';
import pino from 'pino';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addVersion,
  moveAlias,
  record,
  registerModel,
  trainFixture,
} from '../serving/support/registry-fixtures.ts';
import { type BatonProcess, REPO_ROOT } from '../support/baton-process.ts';
import { type BrowserSession, startBrowserSession } from '../support/browser.ts';

const SCREENSHOT = path.join(REPO_ROOT, 'test-results/serving-lane.png');
const ADMIN_PASSWORD = 'serving-lane-admin-pw';

describe('the serving lane in a browser', () => {
  let session: BrowserSession | undefined;
  let baton: BatonProcess;
  let page: Page;
  let headers: Record<string, string>;
  let close: (() => Promise<void>) | undefined;
  let db: Kysely<DB>;
  let modelId: string;
  let v1Id: string;
  let pageErrors: string[] = [];
  const slug = 'scoring';

  beforeAll(async () => {
    session = await startBrowserSession({
      name: 'serving-lane',
      password: ADMIN_PASSWORD,
      project: { slug, name: 'Scoring' },
    });
    ({ baton, page, headers, pageErrors } = session);
    const home = session.home;
    const project = await fetch(`${baton.url}/api/v1/projects/${slug}`, { headers });
    expect(project.status).toBe(200);
    const projectId = ((await project.json()) as { id: string }).id;
    // The registry rows go straight into the server's store (another lane registers models).
    const database = openDatabase({ sqlitePath: path.join(home, 'baton.db') });
    db = database.db;
    close = () => database.close();
    const services: Services = {
      db,
      dialect: 'sqlite',
      artifacts: await openArtifactStore(path.join(home, 'artifacts')),
      logger: pino({ level: 'silent' }),
    };
    modelId = await registerModel(services, projectId, 'scorer');
    const v1 = await addVersion(services, projectId, modelId, trainFixture());
    const v2 = await addVersion(services, projectId, modelId, trainFixture({ flip: true }));
    v1Id = v1.id;
    await moveAlias(services, modelId, 'production', v1.id);
    await moveAlias(services, modelId, 'production', v2.id);
    await moveAlias(services, modelId, 'challenger', v1.id);
    const deployed = await fetch(`${baton.url}/api/v1/projects/${slug}/deployments`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        name: 'scorer-live',
        model: 'scorer',
        alias: 'production',
        challengerAlias: 'challenger',
        mode: 'canary',
        canaryPercent: 20,
      }),
    });
    expect(deployed.status).toBe(201);
    for (let i = 0; i < 30; i++) {
      const res = await fetch(`${baton.url}/serve/scorer-live/predict`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ records: [record(3)] }),
      });
      expect(res.status).toBe(200);
    }
  });

  afterAll(async () => {
    await close?.();
    await session?.close();
  });

  it('shows the deployment live, changes the canary split and rolls the alias back', async () => {
    await page.goto(`${baton.url}/p/${slug}/serving`);
    await page
      .getByRole('table', { name: 'Deployments' })
      .getByRole('button', { name: 'scorer-live' })
      .click();
    await page.getByTestId('current-version').getByText('scorer@production: version 2').waitFor();
    expect(await page.getByTestId('challenger').textContent()).toContain('canary 20%');
    await page.getByRole('img', { name: 'Requests over the last minute' }).waitFor();
    await page.getByRole('img', { name: 'Latency p99 over the last minute' }).waitFor();
    await page.getByTestId('Requests-now').filter({ hasText: 'req/s' }).waitFor();
    await page.getByLabel('Canary percent').fill('35');
    await page.getByRole('button', { name: 'Apply split' }).click();
    await page.getByRole('status').filter({ hasText: '35%' }).waitFor();
    const row = await db
      .selectFrom('deployments')
      .select('canary_percent')
      .where('name', '=', 'scorer-live')
      .executeTakeFirstOrThrow();
    expect(Number(row.canary_percent)).toBe(35);
    await page.getByRole('button', { name: 'Roll back production' }).click();
    await page.getByTestId('current-version').getByText('scorer@production: version 1').waitFor();
    const alias = await db
      .selectFrom('model_aliases')
      .select('version_id')
      .where('model_id', '=', modelId)
      .where('alias', '=', 'production')
      .executeTakeFirstOrThrow();
    expect(alias.version_id).toBe(v1Id);
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
