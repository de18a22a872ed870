import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { systemContext } from '../../src/context.ts';
import type { Database } from '../../src/db/database.ts';
import {
  createWorker,
  defineJobKind,
  enqueueJob,
  JobCatalogue,
  queueDepth,
  type Worker,
} from '../../src/jobs/index.ts';
import { openTestDatabase, type TestDatabase } from '../support/databases.ts';
import { openSchemaPool } from '../support/schema-pool.ts';
import { createProject, testServices, uniqueKind, waitFor } from './factories.ts';

const JOBS = 300;
const WORKERS = 3;

// Several `baton worker` processes on one PostgreSQL queue: each has a pool of its own.
describe.runIf(process.env.BATON_TEST_DATABASE_URL)('job workers side by side on postgres', () => {
  let database: TestDatabase;
  const pools: Database[] = [];

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
  });
  afterAll(async () => {
    for (const pool of pools) await pool.close();
    await database.dispose();
  });

  it(`drains ${JOBS} jobs with ${WORKERS} workers, running each exactly once`, async () => {
    const kindName = uniqueKind('drain');
    const executions = new Map<string, number>();
    const byWorker = new Map<string, number>();
    const catalogueFor = (workerName: string) =>
      new JobCatalogue([
        defineJobKind({
          kind: kindName,
          description: 'counts its runs',
          payload: z.object({ i: z.number() }),
          timeoutMs: 10_000,
          maxAttempts: 1,
          backoffMs: 0,
          startable: false,
          handler: async ({ i }, job) => {
            executions.set(job.jobId, (executions.get(job.jobId) ?? 0) + 1);
            byWorker.set(workerName, (byWorker.get(workerName) ?? 0) + 1);
            // A little work, so that no single worker drains the queue alone.
            await new Promise((resolve) => setTimeout(resolve, 2));
            return i;
          },
        }),
      ]);

    const project = await createProject(database.db);
    const ctx = systemContext(testServices(database), 'test');
    const enqueueCatalogue = catalogueFor('enqueuer');
    const ids = new Set<string>();
    for (let i = 0; i < JOBS; i++) {
      const job = await enqueueJob({
        ctx,
        catalogue: enqueueCatalogue,
        input: { kind: kindName, payload: { i }, projectId: project.id },
      });
      ids.add(job.id);
    }

    const workers: Worker[] = [];
    for (let w = 0; w < WORKERS; w++) {
      const pool = openSchemaPool(database, 4);
      pools.push(pool);
      const name = `worker-${w}`;
      workers.push(
        createWorker({
          services: testServices(pool),
          catalogue: catalogueFor(name),
          id: name,
          concurrency: 4,
          pollIntervalMs: 50,
        }),
      );
    }
    for (const worker of workers) worker.start();
    try {
      const depth = await waitFor(
        async () => {
          const d = await queueDepth(database.db);
          return d.queued === 0 && d.running === 0 ? d : undefined;
        },
        { timeoutMs: 40_000, intervalMs: 50, what: 'the queue to drain' },
      );
      expect(depth).toMatchObject({ succeeded: JOBS, failed: 0, cancelled: 0 });
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }

    expect(executions.size).toBe(JOBS);
    expect([...executions.keys()].every((id) => ids.has(id))).toBe(true);
    expect([...executions.values()].every((n) => n === 1)).toBe(true);
    const rows = await database.db
      .selectFrom('jobs')
      .select(['status', 'attempts', 'result'])
      .where('kind', '=', kindName)
      .execute();
    expect(rows.every((r) => r.status === 'succeeded' && r.attempts === 1)).toBe(true);
    expect([...byWorker.values()].filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
    const starts = await database.db
      .selectFrom('job_logs')
      .select(['job_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('message', 'like', 'attempt % started on %')
      .groupBy('job_id')
      .execute();
    expect(starts).toHaveLength(JOBS);
    expect(starts.every((s) => Number(s.n) === 1)).toBe(true);
  });
});
