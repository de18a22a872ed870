import { jobSchema } from '@baton/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ServiceContext, Services } from '../../src/context.ts';
import { ServiceError } from '../../src/errors.ts';
import {
  cancelJob,
  createWorker,
  defineJobKind,
  enqueueJob,
  getJob,
  getJobLogs,
  JobCatalogue,
  listJobs,
  queueDepth,
} from '../../src/jobs/index.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../support/databases.ts';
import { createProject, testServices, uniqueKind, userContext, waitFor } from './factories.ts';

const rejectsWith = async (promise: Promise<unknown>, code: ServiceError['code']) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServiceError);
  expect((error as ServiceError).code).toBe(code);
  return error as ServiceError;
};

// No worker serves these kinds unless a test starts one, so their jobs stay queued.
const train = defineJobKind({
  kind: uniqueKind('train'),
  description: 'trains a model',
  payload: z.object({ epochs: z.number().int().min(1), note: z.string().optional() }),
  timeoutMs: 60_000,
  maxAttempts: 2,
  backoffMs: 1_000,
  startable: true,
  handler: async ({ epochs }) => ({ epochs }),
});
const reindex = defineJobKind({
  kind: uniqueKind('reindex'),
  description: 'internal upkeep',
  payload: z.object({}),
  timeoutMs: 60_000,
  maxAttempts: 1,
  backoffMs: 0,
  startable: false,
  handler: async () => null,
});
const catalogue = new JobCatalogue([train, reindex]);

for (const dialect of DIALECTS) {
  describe(`job verbs on ${dialect}`, () => {
    let database: TestDatabase;
    let services: Services;
    let ctx: ServiceContext;

    beforeAll(async () => {
      database = await openTestDatabase(dialect);
      services = testServices(database);
      ctx = userContext(services);
    });
    afterAll(() => database.dispose());

    const start = (projectId: string, kind: string, payload: unknown, source: 'api' | 'internal' = 'api') =>
      enqueueJob({ ctx, catalogue, input: { projectId, kind, payload, source } });

    it('queues a job in the shape of the API contract', async () => {
      const project = await createProject(database.db);
      const job = await start(project.id, train.kind, { epochs: 3 });
      expect(jobSchema.parse(job)).toEqual(job);
      expect(job).toMatchObject({
        kind: train.kind,
        projectId: project.id,
        status: 'queued',
        payload: { epochs: 3 },
        result: null,
        attempts: 0,
        maxAttempts: 2,
        progress: 0,
        createdBy: 'alice',
      });
      expect(await getJob({ ctx, input: { projectId: project.id, jobId: job.id } })).toEqual(job);
      const audit = await database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('target_id', '=', job.id)
        .execute();
      expect(audit).toEqual([
        expect.objectContaining({ action: 'job.enqueue', actor_name: 'alice', project_id: project.id }),
      ]);
    });

    it('refuses a payload that does not match the schema, listing the issues', async () => {
      const project = await createProject(database.db);
      const error = await rejectsWith(start(project.id, train.kind, { epochs: 0, note: 5 }), 'bad_request');
      expect(error.errors?.map((e) => e.path).sort()).toEqual(['payload.epochs', 'payload.note']);
      expect(error.message).toMatch(/payload\.epochs/);
      expect((await listJobs({ ctx, input: { projectId: project.id } })).items).toEqual([]);
    });

    it('refuses an unknown kind, and a kind that may not be started by hand', async () => {
      const project = await createProject(database.db);
      await rejectsWith(start(project.id, 'no.such-kind', {}), 'bad_request');
      await rejectsWith(start(project.id, reindex.kind, {}), 'forbidden');
      // Verbs of Baton itself may start internal kinds.
      expect((await start(project.id, reindex.kind, {}, 'internal')).status).toBe('queued');
    });

    it('still runs a job queued before an optional payload field was added', async () => {
      const project = await createProject(database.db);
      const v1 = defineJobKind({
        ...train,
        kind: uniqueKind('evolving'),
        payload: z.object({ epochs: z.number() }),
      });
      const job = await enqueueJob({
        ctx,
        catalogue: new JobCatalogue([v1]),
        input: { projectId: project.id, kind: v1.kind, payload: { epochs: 2 } },
      });
      const v2 = defineJobKind({
        ...v1,
        payload: z.object({ epochs: z.number(), seed: z.number().optional() }),
        handler: async ({ epochs, seed }) => ({ epochs, seed: seed ?? null }),
      });
      const worker = createWorker({ services, catalogue: new JobCatalogue([v2]), pollIntervalMs: 50 });
      worker.start();
      try {
        const done = await waitFor(async () => {
          const j = await getJob({ ctx, input: { projectId: project.id, jobId: job.id } });
          return j.status === 'succeeded' ? j : undefined;
        });
        expect(done.result).toEqual({ epochs: 2, seed: null });
      } finally {
        await worker.stop();
      }
    });

    it('fails at once, without retrying, a queued job whose payload no longer parses', async () => {
      const project = await createProject(database.db);
      const v1 = defineJobKind({
        ...train,
        kind: uniqueKind('breaking'),
        payload: z.object({ epochs: z.number() }),
      });
      const job = await enqueueJob({
        ctx,
        catalogue: new JobCatalogue([v1]),
        input: { projectId: project.id, kind: v1.kind, payload: { epochs: 2 } },
      });
      // A release that made a new field required: what the style guide forbids, handled anyway.
      const v2 = defineJobKind({
        ...v1,
        maxAttempts: 3,
        payload: z.object({ epochs: z.number(), seed: z.number() }),
      });
      const worker = createWorker({ services, catalogue: new JobCatalogue([v2]), pollIntervalMs: 50 });
      worker.start();
      try {
        const done = await waitFor(async () => {
          const j = await getJob({ ctx, input: { projectId: project.id, jobId: job.id } });
          return j.status === 'failed' ? j : undefined;
        });
        expect(done.attempts).toBe(1);
        expect(done.error).toMatch(/^the payload no longer matches the '.*' schema: seed: /);
      } finally {
        await worker.stop();
      }
    });

    it('lists jobs newest first, a page at a time, filtered by status and kind', async () => {
      const project = await createProject(database.db);
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) ids.push((await start(project.id, train.kind, { epochs: i + 1 })).id);
      const other = await start(project.id, reindex.kind, {}, 'internal');
      await cancelJob({ ctx, input: { projectId: project.id, jobId: ids[0]! } });

      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await listJobs({
          ctx,
          input: { projectId: project.id, kind: train.kind, limit: 3, cursor },
        });
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items.map((j) => j.id));
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toHaveLength(7);
      expect(new Set(seen)).toEqual(new Set(ids));
      const all = (await listJobs({ ctx, input: { projectId: project.id, limit: 100 } })).items;
      expect(all).toHaveLength(8);
      expect(all.map((j) => j.id)).toContain(other.id);
      // Newest first; jobs created in the same millisecond are ordered by id in the database's collation.
      for (let i = 1; i < all.length; i++) expect(all[i - 1]!.createdAt >= all[i]!.createdAt).toBe(true);

      const cancelled = await listJobs({ ctx, input: { projectId: project.id, status: 'cancelled' } });
      expect(cancelled).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
      await rejectsWith(
        listJobs({ ctx, input: { projectId: project.id, cursor: 'garbage' } }),
        'bad_request',
      );
    });

    it("hides another project's jobs: get, logs and cancel are not_found", async () => {
      const mine = await createProject(database.db);
      const theirs = await createProject(database.db);
      const job = await start(theirs.id, train.kind, { epochs: 1 });
      const input = { projectId: mine.id, jobId: job.id };
      await rejectsWith(getJob({ ctx, input }), 'not_found');
      await rejectsWith(getJobLogs({ ctx, input }), 'not_found');
      await rejectsWith(cancelJob({ ctx, input }), 'not_found');
      await rejectsWith(getJob({ ctx, input: { projectId: null, jobId: job.id } }), 'not_found');
      expect((await listJobs({ ctx, input: { projectId: mine.id } })).items).toEqual([]);
      expect((await getJob({ ctx, input: { projectId: theirs.id, jobId: job.id } })).status).toBe('queued');
    });

    it('cancels a queued job at once; cancelling a finished job is a conflict', async () => {
      const project = await createProject(database.db);
      const job = await start(project.id, train.kind, { epochs: 1 });
      const cancelled = await cancelJob({ ctx, input: { projectId: project.id, jobId: job.id } });
      expect(cancelled).toMatchObject({ status: 'cancelled', leaseOwner: null });
      expect(cancelled.finishedAt).toBeTruthy();
      await rejectsWith(cancelJob({ ctx, input: { projectId: project.id, jobId: job.id } }), 'conflict');
      const logs = await getJobLogs({ ctx, input: { projectId: project.id, jobId: job.id } });
      expect(logs.map((l) => l.message)).toEqual(['cancelled by alice']);
      const audit = await database.db
        .selectFrom('audit_log')
        .select(['action', 'before_json', 'after_json'])
        .where('target_id', '=', job.id)
        .orderBy('id')
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['job.enqueue', 'job.cancel']);
      expect(JSON.parse(audit[1]!.after_json!)).toEqual({ status: 'cancelled', cancelRequested: true });
    });

    it('returns log lines after a sequence number', async () => {
      const project = await createProject(database.db);
      const job = await start(project.id, train.kind, { epochs: 1 });
      for (const message of ['one', 'two', 'three']) {
        await database.db
          .insertInto('job_logs')
          .values({ job_id: job.id, at: new Date().toISOString(), level: 'info', message, attempt: 1 })
          .execute();
      }
      const input = { projectId: project.id, jobId: job.id };
      const all = await getJobLogs({ ctx, input });
      expect(all.map((l) => l.message)).toEqual(['one', 'two', 'three']);
      const rest = await getJobLogs({ ctx, input: { ...input, after: all[0]!.seq } });
      expect(rest.map((l) => l.message)).toEqual(['two', 'three']);
      expect(await getJobLogs({ ctx, input: { ...input, after: all[2]!.seq } })).toEqual([]);
    });

    it('counts jobs by status for the metrics endpoint', async () => {
      const before = await queueDepth(database.db);
      expect(Object.keys(before).sort()).toEqual(['cancelled', 'failed', 'queued', 'running', 'succeeded']);
      const project = await createProject(database.db);
      await start(project.id, train.kind, { epochs: 1 });
      const second = await start(project.id, train.kind, { epochs: 1 });
      await cancelJob({ ctx, input: { projectId: project.id, jobId: second.id } });
      const after = await queueDepth(database.db);
      expect(after.queued - before.queued).toBe(1);
      expect(after.cancelled - before.cancelled).toBe(1);
    });
  });
}
