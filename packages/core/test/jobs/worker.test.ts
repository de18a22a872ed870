import { type Job, jobSchema } from '@baton/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type ServiceContext, type Services, systemContext } from '../../src/context.ts';
import {
  cancelJob,
  claimNextJob,
  createWorker,
  defineJobKind,
  enqueueJob,
  getJob,
  getJobLogs,
  JobAbort,
  JobCatalogue,
  type JobKind,
  WORKER_LOST_ERROR,
  type Worker,
  type WorkerOptions,
} from '../../src/jobs/index.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../support/databases.ts';
import { createProject, gate, testServices, uniqueKind, waitFor } from './factories.ts';

for (const dialect of DIALECTS) {
  describe(`job worker on ${dialect}`, () => {
    let database: TestDatabase;
    let services: Services;
    let ctx: ServiceContext;
    let projectId: string;

    beforeAll(async () => {
      database = await openTestDatabase(dialect);
      services = testServices(database);
      ctx = systemContext(services, 'test');
      projectId = (await createProject(database.db)).id;
    });
    afterAll(() => database.dispose());

    /** Runs `body` with a started worker for these kinds, and always stops it. */
    async function withWorker(
      kinds: JobKind[],
      body: (worker: Worker, catalogue: JobCatalogue) => Promise<void>,
      options: Partial<WorkerOptions> = {},
    ) {
      const catalogue = new JobCatalogue(kinds);
      const worker = createWorker({ services, catalogue, pollIntervalMs: 50, leaseMs: 2_000, ...options });
      worker.start();
      try {
        await body(worker, catalogue);
      } finally {
        await worker.stop();
      }
    }

    const enqueue = (catalogue: JobCatalogue, kind: string, payload: unknown = {}) =>
      enqueueJob({ ctx, catalogue, input: { kind, payload, projectId } });

    const settled = (jobId: string, status: Job['status']) =>
      waitFor(
        async () => {
          const job = await getJob({ ctx, input: { projectId, jobId } });
          return job.status === status ? job : undefined;
        },
        { what: `job ${jobId} to be ${status}` },
      );

    const logLines = async (jobId: string) =>
      (await getJobLogs({ ctx, input: { projectId, jobId } })).map((l) => `${l.level}:${l.message}`);

    it('runs a job, recording progress, log lines and the result', async () => {
      const release = gate();
      const kind = defineJobKind({
        kind: uniqueKind('double'),
        description: 'doubles n',
        payload: z.object({ n: z.number() }),
        timeoutMs: 5_000,
        maxAttempts: 1,
        backoffMs: 0,
        startable: true,
        handler: async ({ n }, job) => {
          await job.log('info', `doubling ${n}`);
          await job.progress(0.5, 'half way');
          await release.promise;
          return { doubled: n * 2, attempt: job.attempt, actor: job.ctx.actor };
        },
      });
      await withWorker([kind], async (_worker, catalogue) => {
        const queued = await enqueue(catalogue, kind.kind, { n: 21 });
        expect(queued.status).toBe('queued');
        const halfway = await waitFor(async () => {
          const job = await getJob({ ctx, input: { projectId, jobId: queued.id } });
          return job.progress === 0.5 ? job : undefined;
        });
        expect(halfway).toMatchObject({ status: 'running', progressMessage: 'half way', attempts: 1 });
        expect(halfway.leaseOwner).toBeTruthy();
        release.open();
        const done = await settled(queued.id, 'succeeded');
        expect(jobSchema.parse(done)).toEqual(done);
        expect(done).toMatchObject({
          progress: 1,
          error: null,
          leaseOwner: null,
          result: { doubled: 42, attempt: 1, actor: { kind: 'system', name: `job:${kind.kind}` } },
        });
        expect(done.finishedAt).toBeTruthy();
        expect(await logLines(queued.id)).toEqual([
          expect.stringMatching(/^info:attempt 1 of 1 started/),
          'info:doubling 21',
          'info:succeeded',
        ]);
      });
    });

    it('retries a failing job with exponential backoff, then succeeds', async () => {
      const starts: number[] = [];
      const kind = defineJobKind({
        kind: uniqueKind('flaky'),
        description: 'fails twice',
        payload: z.object({}),
        timeoutMs: 5_000,
        maxAttempts: 3,
        backoffMs: 40,
        startable: false,
        handler: async (_p, job) => {
          starts.push(Date.now());
          if (job.attempt < 3) throw new Error(`flake ${job.attempt}`);
          return 'ok';
        },
      });
      await withWorker([kind], async (_worker, catalogue) => {
        const job = await enqueue(catalogue, kind.kind);
        const done = await settled(job.id, 'succeeded');
        expect(done).toMatchObject({ attempts: 3, result: 'ok', error: null });
        expect(starts).toHaveLength(3);
        // Retry n waits backoffMs * 2^(n-1): 40 ms, then 80 ms (timestamps are whole ms).
        expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(39);
        expect(starts[2]! - starts[1]!).toBeGreaterThanOrEqual(79);
        const lines = await logLines(job.id);
        expect(lines).toContain('error:flake 1');
        expect(lines).toContain('warn:attempt 1 failed; retrying in 40 ms');
        expect(lines).toContain('warn:attempt 2 failed; retrying in 80 ms');
      });
    });

    it('fails a job for good once its attempts are used up', async () => {
      let runs = 0;
      const kind = defineJobKind({
        kind: uniqueKind('broken'),
        description: 'always fails',
        payload: z.object({}),
        timeoutMs: 5_000,
        maxAttempts: 2,
        backoffMs: 10,
        startable: false,
        handler: async () => {
          runs++;
          throw new Error('boom');
        },
      });
      await withWorker([kind], async (_worker, catalogue) => {
        const job = await enqueue(catalogue, kind.kind);
        const done = await settled(job.id, 'failed');
        expect(done).toMatchObject({ attempts: 2, error: 'boom', result: null });
        expect(runs).toBe(2);
        const lines = await logLines(job.id);
        expect(lines.filter((l) => l === 'error:boom')).toHaveLength(2);
        expect(lines.at(-1)).toBe('error:failed after 2 attempt(s)');
      });
    });

    it('fails a job that runs past its timeout, even if the handler ignores its signal', async () => {
      let reason: unknown;
      const kind = defineJobKind({
        kind: uniqueKind('slow'),
        description: 'never finishes',
        payload: z.object({}),
        timeoutMs: 150,
        maxAttempts: 1,
        backoffMs: 0,
        startable: false,
        handler: (_p, job) => {
          job.signal.addEventListener('abort', () => {
            reason = job.signal.reason;
          });
          return new Promise<never>(() => {});
        },
      });
      await withWorker([kind], async (worker, catalogue) => {
        const job = await enqueue(catalogue, kind.kind);
        const done = await settled(job.id, 'failed');
        expect(done.error).toBe('timed out after 150 ms');
        expect(reason).toBeInstanceOf(JobAbort);
        expect((reason as JobAbort).code).toBe('timeout');
        expect(await logLines(job.id)).toContain('error:timed out after 150 ms');
        await waitFor(async () => (worker.active === 0 ? true : undefined));
      });
    });

    it('cancels a running job: the handler is aborted and the job marked cancelled', async () => {
      const started = gate<AbortSignal>();
      const kind = defineJobKind({
        kind: uniqueKind('long'),
        description: 'waits for its signal',
        payload: z.object({}),
        timeoutMs: 30_000,
        maxAttempts: 3,
        backoffMs: 0,
        startable: true,
        handler: (_p, job) => {
          started.open(job.signal);
          return new Promise((_resolve, reject) =>
            job.signal.addEventListener('abort', () => reject(job.signal.reason)),
          );
        },
      });
      await withWorker([kind], async (_worker, catalogue) => {
        const job = await enqueue(catalogue, kind.kind);
        const signal = await started.promise;
        const requested = await cancelJob({ ctx, input: { projectId, jobId: job.id } });
        expect(requested.status).toBe('running');
        const done = await settled(job.id, 'cancelled');
        expect(done.attempts).toBe(1);
        expect((signal.reason as JobAbort).code).toBe('cancelled');
        expect(await logLines(job.id)).toEqual(
          expect.arrayContaining(['warn:cancellation requested by system:test', 'warn:cancelled']),
        );
      });
    });

    it('sees a cancellation requested by another process on its next heartbeat', async () => {
      const started = gate();
      const kind = defineJobKind({
        kind: uniqueKind('remote-cancel'),
        description: 'waits for its signal',
        payload: z.object({}),
        timeoutMs: 30_000,
        maxAttempts: 1,
        backoffMs: 0,
        startable: true,
        handler: (_p, job) => {
          started.open();
          return new Promise((_resolve, reject) =>
            job.signal.addEventListener('abort', () => reject(job.signal.reason)),
          );
        },
      });
      await withWorker(
        [kind],
        async (_worker, catalogue) => {
          const job = await enqueue(catalogue, kind.kind);
          await started.promise;
          // What cancelJob writes, without the in-process notification.
          await database.db
            .updateTable('jobs')
            .set({ cancel_requested: 1 })
            .where('id', '=', job.id)
            .execute();
          await settled(job.id, 'cancelled');
        },
        { heartbeatMs: 50 },
      );
    });

    it("takes over a crashed worker's job once its lease expires, as a new attempt", async () => {
      const ran: number[] = [];
      const kind = defineJobKind({
        kind: uniqueKind('orphan'),
        description: 'completes',
        payload: z.object({}),
        timeoutMs: 5_000,
        maxAttempts: 3,
        backoffMs: 0,
        startable: false,
        handler: async (_p, job) => {
          ran.push(job.attempt);
          return 'recovered';
        },
      });
      const catalogue = new JobCatalogue([kind]);
      const job = await enqueue(catalogue, kind.kind);
      // The crashed worker: claims with a short lease, then never heartbeats nor finishes.
      const claimed = await claimNextJob(database.db, dialect, {
        workerId: 'crashed',
        leaseMs: 300,
        kinds: [kind.kind],
      });
      expect(claimed).toMatchObject({ id: job.id, status: 'running', attempts: 1, lease_owner: 'crashed' });
      await withWorker([kind], async (worker) => {
        const done = await settled(job.id, 'succeeded');
        expect(done).toMatchObject({ attempts: 2, result: 'recovered' });
        expect(ran).toEqual([2]);
        expect(worker.id).not.toBe('crashed');
      });
    });

    it('fails a job whose worker was lost on its last attempt ("worker lost")', async () => {
      const kind = defineJobKind({
        kind: uniqueKind('lost'),
        description: 'never runs here',
        payload: z.object({}),
        timeoutMs: 5_000,
        maxAttempts: 1,
        backoffMs: 0,
        startable: false,
        handler: async () => 'must not run',
      });
      const catalogue = new JobCatalogue([kind]);
      const job = await enqueue(catalogue, kind.kind);
      await claimNextJob(database.db, dialect, { workerId: 'crashed', leaseMs: 100, kinds: [kind.kind] });
      await withWorker([kind], async () => {
        const done = await settled(job.id, 'failed');
        expect(done).toMatchObject({ attempts: 1, error: WORKER_LOST_ERROR, result: null });
      });
    });

    it('puts a job interrupted by shutdown back in the queue without using up the attempt', async () => {
      const started = gate();
      let finish = false;
      const kind = defineJobKind({
        kind: uniqueKind('interrupted'),
        description: 'runs until shutdown the first time',
        payload: z.object({}),
        timeoutMs: 30_000,
        maxAttempts: 1,
        backoffMs: 0,
        startable: false,
        handler: async (_p, job) => {
          if (finish) return 'finished';
          started.open();
          return new Promise((_resolve, reject) =>
            job.signal.addEventListener('abort', () => reject(job.signal.reason)),
          );
        },
      });
      const catalogue = new JobCatalogue([kind]);
      const first = createWorker({ services, catalogue, pollIntervalMs: 50, shutdownGraceMs: 50 });
      first.start();
      const job = await enqueue(catalogue, kind.kind);
      await started.promise;
      await first.stop();
      const requeued = await getJob({ ctx, input: { projectId, jobId: job.id } });
      expect(requeued).toMatchObject({ status: 'queued', attempts: 0, leaseOwner: null });
      expect(await logLines(job.id)).toContain('warn:interrupted by worker shutdown; back in the queue');
      finish = true;
      await withWorker([kind], async () => {
        expect(await settled(job.id, 'succeeded')).toMatchObject({ attempts: 1, result: 'finished' });
      });
    });

    it('keeps polling through database errors and handler exceptions', async () => {
      const kind = defineJobKind({
        kind: uniqueKind('survivor'),
        description: 'throws a non-Error, then succeeds',
        payload: z.object({ fail: z.boolean() }),
        timeoutMs: 5_000,
        maxAttempts: 1,
        backoffMs: 0,
        startable: false,
        handler: async ({ fail }) => {
          if (fail) throw 'not an Error';
          return 'fine';
        },
      });
      await withWorker([kind], async (_worker, catalogue) => {
        const bad = await enqueue(catalogue, kind.kind, { fail: true });
        expect((await settled(bad.id, 'failed')).error).toBe('handler failed: not an Error');
        // The jobs table disappears for a moment: every claim fails until it is back.
        await sql`alter table jobs rename to jobs_away`.execute(database.db);
        await new Promise((resolve) => setTimeout(resolve, 200));
        await sql`alter table jobs_away rename to jobs`.execute(database.db);
        const good = await enqueue(catalogue, kind.kind, { fail: false });
        expect(await settled(good.id, 'succeeded')).toMatchObject({ result: 'fine' });
      });
    });
  });
}
