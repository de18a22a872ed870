import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Logger } from 'pino';
import type { Services } from '../context.ts';
import { claimNextJob, settleLostJobs } from './claim-job.ts';
import { JobAbort } from './define-job-kind.ts';
import type { JobCatalogue } from './job-catalogue.ts';
import { jobEvents } from './job-events.ts';
import { appendJobLog, type JobRow } from './job-row.ts';
import { type JobRun, startJobRun } from './run-job.ts';

export interface WorkerOptions {
  services: Services;
  catalogue: JobCatalogue;
  /** Unique per worker; the lease owner written on claimed jobs. */
  id?: string;
  /** Jobs run at once. Default 1. */
  concurrency?: number;
  /** How often to look for due jobs when nothing wakes the worker. Default 1000 ms. */
  pollIntervalMs?: number;
  /** How long a claim holds without a heartbeat. Default 30 s. */
  leaseMs?: number;
  /** How often a running job's lease is extended. Default leaseMs / 3. */
  heartbeatMs?: number;
  /** On stop, how long running handlers may finish before their signals fire. Default 10 s. */
  shutdownGraceMs?: number;
}

export interface Worker {
  readonly id: string;
  /** Jobs running now. */
  readonly active: number;
  start(): void;
  /**
   * Stops claiming, lets running handlers finish within the grace period, then aborts them
   * (signal reason `shutdown`). An interrupted job goes back to the queue, due at once, and
   * its attempt is given back; if even that write fails, its lease expires and another
   * worker takes it (that run counts as an attempt).
   */
  stop(): Promise<void>;
}

const MAX_ERROR_BACKOFF_MS = 30_000;

/** A worker that claims jobs of its catalogue's kinds and runs them. It never throws. */
export function createWorker(options: WorkerOptions): Worker {
  const id = options.id ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const leaseMs = options.leaseMs ?? 30_000;
  const heartbeatMs = options.heartbeatMs ?? Math.max(10, Math.floor(leaseMs / 3));
  const graceMs = options.shutdownGraceMs ?? 10_000;
  if (heartbeatMs >= leaseMs)
    throw new Error(`heartbeatMs (${heartbeatMs}) must be shorter than leaseMs (${leaseMs})`);
  const { services, catalogue } = options;
  const logger: Logger = services.logger.child({ worker: id });

  const runs = new Map<string, JobRun>();
  const timers = new Set<NodeJS.Timeout>();
  let state: 'idle' | 'running' | 'stopping' | 'stopped' = 'idle';
  let loop: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;
  let unsubscribe: Array<() => void> = [];
  let lastSettle = 0;

  // A wake-up that arrives while the loop is busy is kept, so the next sleep returns at once.
  let wakeUp: (() => void) | undefined;
  let woken = false;
  const wake = () => {
    woken = true;
    wakeUp?.();
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken) {
        woken = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        woken = false;
        resolve();
      }
      wakeUp = done;
    });
  const wakeIn = (ms: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      wake();
    }, ms);
    timer.unref();
    timers.add(timer);
  };

  const launch = (row: JobRow) => {
    const kind = catalogue.get(row.kind)!;
    const run = startJobRun({
      services,
      kind,
      row,
      workerId: id,
      leaseMs,
      heartbeatMs,
      logger,
      onRetryScheduled: wakeIn,
    });
    runs.set(row.id, run);
    void run.done.finally(() => {
      runs.delete(row.id);
      wake();
    });
  };

  const settleDue = async () => {
    if (Date.now() - lastSettle < pollIntervalMs) return;
    lastSettle = Date.now();
    for (const row of await settleLostJobs(services.db)) {
      const message =
        row.status === 'cancelled' ? 'cancelled (its worker was lost)' : (row.error ?? 'worker lost');
      await appendJobLog(services.db, {
        jobId: row.id,
        attempt: row.attempts,
        level: 'error',
        message,
        at: row.finished_at ?? new Date().toISOString(),
      });
      logger.warn({ jobId: row.id, status: row.status }, 'settled a job whose worker was lost');
    }
  };

  const pollLoop = async () => {
    let failures = 0;
    while (state === 'running') {
      try {
        await settleDue();
        while (state === 'running' && runs.size < concurrency) {
          const row = await claimNextJob(services.db, services.dialect, {
            workerId: id,
            leaseMs,
            kinds: catalogue.names(),
          });
          if (!row) break;
          logger.debug({ jobId: row.id, kind: row.kind, attempt: row.attempts }, 'claimed job');
          launch(row);
        }
        failures = 0;
      } catch (err) {
        failures++;
        logger.error({ err, failures }, 'job queue poll failed; will try again');
      }
      if (state !== 'running') break;
      await sleep(failures ? Math.min(MAX_ERROR_BACKOFF_MS, pollIntervalMs * 2 ** failures) : pollIntervalMs);
    }
  };

  return {
    id,
    get active() {
      return runs.size;
    },
    start() {
      if (state !== 'idle') return;
      state = 'running';
      unsubscribe = [
        jobEvents.onEnqueued(wake),
        jobEvents.onCancelRequested((jobId) =>
          runs.get(jobId)?.abort(new JobAbort('cancelled', 'cancelled on request')),
        ),
      ];
      logger.info({ kinds: catalogue.names(), concurrency }, 'worker started');
      loop = pollLoop();
    },
    stop() {
      if (state === 'idle' || state === 'stopped') {
        state = 'stopped';
        return Promise.resolve();
      }
      stopping ??= (async () => {
        state = 'stopping';
        wake();
        await loop;
        const pending = () => Promise.allSettled([...runs.values()].map((r) => r.done));
        if (runs.size > 0) {
          let grace: NodeJS.Timeout | undefined;
          await Promise.race([pending(), new Promise((resolve) => (grace = setTimeout(resolve, graceMs)))]);
          clearTimeout(grace);
          for (const run of runs.values()) run.abort(new JobAbort('shutdown', 'the worker is shutting down'));
          await pending();
        }
        for (const off of unsubscribe) off();
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        state = 'stopped';
        logger.info('worker stopped');
      })();
      return stopping;
    },
  };
}
