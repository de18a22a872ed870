import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createWorker, type Dialect, type Worker } from '@baton/core';
import type { LightMyRequestResponse } from 'fastify';
import { createTestProject, startTestApp, type TestApp, type TestUser } from '../support/test-app.ts';

export const FIXTURES = path.join(import.meta.dirname, '../../../../packages/core/test/fixtures/data');
export const fixture = (name: string): Buffer => readFileSync(path.join(FIXTURES, name));

export interface DataApp {
  t: TestApp;
  project: { id: string; slug: string; ownerToken: string };
  engineer: TestUser;
  scientist: TestUser;
  viewer: TestUser;
  worker: Worker;
  base: string;
  upload(
    dataset: string,
    body: Buffer | string,
    options?: { contentType?: string; query?: Record<string, string>; token?: string },
  ): Promise<LightMyRequestResponse>;
  /** Waits (polling with a deadline) until the project has no queued or running job. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** A test app with a project, a data engineer, a data scientist, a viewer and a running worker. */
export async function startDataApp(dialect: Dialect = 'sqlite'): Promise<DataApp> {
  const t = await startTestApp(dialect);
  const project = await createTestProject(t);
  const engineer = await t.userWithRoles(project, ['data-engineer']);
  const scientist = await t.userWithRoles(project, ['data-scientist']);
  const viewer = await t.userWithRoles(project, ['viewer']);
  const worker = createWorker({
    services: t.services,
    catalogue: t.runtime.catalogue,
    pollIntervalMs: 20,
    concurrency: 2,
  });
  worker.start();
  const base = `/api/v1/projects/${project.slug}`;
  return {
    t,
    project,
    engineer,
    scientist,
    viewer,
    worker,
    base,
    upload(dataset, body, options = {}) {
      const query = new URLSearchParams(options.query ?? {}).toString();
      return t.app.inject({
        method: 'POST',
        url: `${base}/datasets/${dataset}/versions${query ? `?${query}` : ''}`,
        headers: {
          authorization: `Bearer ${options.token ?? engineer.token}`,
          'content-type': options.contentType ?? 'text/csv',
        },
        payload: body,
      });
    },
    async settle() {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const busy = await t.services.db
          .selectFrom('jobs')
          .select('id')
          .where('project_id', '=', project.id)
          .where('status', 'in', ['queued', 'running'])
          .where('run_after', '<=', new Date().toISOString())
          .limit(1)
          .execute();
        if (busy.length === 0 && worker.active === 0) return;
        if (Date.now() > deadline) throw new Error('jobs did not settle within 60 s');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async close() {
      await worker.stop();
      await t.close();
    },
  };
}
