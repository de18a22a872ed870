import type { Logger } from 'pino';
import { isoAfter } from '../clock.ts';
import { type Services, systemContext } from '../context.ts';
import { backoffDelay, JobAbort, type JobContext, type JobKind } from './define-job-kind.ts';
import {
  completeJob,
  extendJobLease,
  failJobAttempt,
  type JobLease,
  markJobCancelled,
  requeueInterruptedJob,
} from './finish-job.ts';
import { JobJournal } from './job-journal.ts';
import type { JobRow } from './job-row.ts';

export interface JobRunOptions {
  services: Services;
  kind: JobKind;
  /** The row as `claimNextJob` returned it. */
  row: JobRow;
  workerId: string;
  leaseMs: number;
  heartbeatMs: number;
  logger: Logger;
  /** Told when the job went back to the queue to run again in `delayMs`. */
  onRetryScheduled?: (delayMs: number) => void;
}

/** One attempt of one job, running in a worker. */
export interface JobRun {
  readonly jobId: string;
  abort(reason: JobAbort): void;
  /** Settles (never rejects) once the outcome is written or given up on. */
  readonly done: Promise<void>;
}

type Outcome = { ok: true; result: unknown } | { ok: false; error: unknown };

export function startJobRun(options: JobRunOptions): JobRun {
  const controller = new AbortController();
  const abort = (reason: JobAbort) => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const done = runAttempt(options, controller.signal, abort).catch((err: unknown) => {
    options.logger.error({ err, jobId: options.row.id }, 'job run failed unexpectedly');
  });
  return { jobId: options.row.id, abort, done };
}

async function runAttempt(options: JobRunOptions, signal: AbortSignal, abort: (r: JobAbort) => void) {
  const { services, kind, row, logger } = options;
  const db = services.db;
  const lease: JobLease = { jobId: row.id, workerId: options.workerId, attempt: row.attempts };
  const journal = new JobJournal(db, lease, logger);

  const timeout = setTimeout(
    () => abort(new JobAbort('timeout', `timed out after ${row.timeout_ms} ms`)),
    row.timeout_ms,
  );
  let beating: Promise<void> | undefined;
  const heartbeat = setInterval(() => {
    beating ??= extendJobLease(db, lease, options.leaseMs)
      .then((state) => {
        if (!state) abort(new JobAbort('lease_lost', 'the lease was lost to another worker'));
        else if (state.cancelRequested) abort(new JobAbort('cancelled', 'cancelled on request'));
      })
      .catch((err: unknown) => logger.warn({ err, jobId: row.id }, 'could not extend the job lease'))
      .finally(() => {
        beating = undefined;
      });
  }, options.heartbeatMs);

  let outcome: Outcome;
  try {
    await journal.log(
      'info',
      `attempt ${lease.attempt} of ${row.max_attempts} started on ${options.workerId}`,
    );
    outcome = await execute(options, signal, journal);
  } catch (error) {
    outcome = { ok: false, error };
  } finally {
    clearTimeout(timeout);
    clearInterval(heartbeat);
  }
  await beating;

  const reason = signal.aborted && signal.reason instanceof JobAbort ? signal.reason : undefined;
  const write = async (): Promise<boolean> => {
    if (reason?.code === 'lease_lost') return false;
    if (reason?.code === 'cancelled') {
      await journal.log('warn', 'cancelled');
      await journal.close();
      return markJobCancelled(db, lease);
    }
    if (reason?.code === 'shutdown') {
      await journal.log('warn', 'interrupted by worker shutdown; back in the queue');
      await journal.close();
      return requeueInterruptedJob(db, lease);
    }
    if (!reason && outcome.ok) {
      await journal.log('info', 'succeeded');
      await journal.close();
      return completeJob(db, lease, outcome.result);
    }
    const error = reason ? reason.message : errorMessage(outcome.ok ? undefined : outcome.error);
    await journal.log('error', error);
    // A payload that no longer parses will not parse on a retry either.
    const retryable = !(outcome.ok === false && outcome.error instanceof PayloadError);
    if (retryable && lease.attempt < row.max_attempts) {
      const delayMs = backoffDelay(row.backoff_ms, kind.maxBackoffMs, lease.attempt);
      await journal.log('warn', `attempt ${lease.attempt} failed; retrying in ${delayMs} ms`);
      await journal.close();
      const landed = await failJobAttempt(db, lease, error, isoAfter(delayMs));
      if (landed) options.onRetryScheduled?.(delayMs);
      return landed;
    }
    await journal.log('error', `failed after ${lease.attempt} attempt(s)`);
    await journal.close();
    return failJobAttempt(db, lease, error, null);
  };
  const landed = await withRetries(write, logger, row.id);
  if (!landed && reason?.code !== 'lease_lost') {
    logger.warn({ jobId: row.id }, 'job outcome not recorded: the lease was no longer held');
  }
}

class PayloadError extends Error {}

async function execute(options: JobRunOptions, signal: AbortSignal, journal: JobJournal): Promise<Outcome> {
  const { kind, row, services } = options;
  let stored: unknown;
  try {
    stored = JSON.parse(row.payload);
  } catch {
    return { ok: false, error: new PayloadError('the stored payload is not valid JSON') };
  }
  const parsed = kind.payload.safeParse(stored);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return {
      ok: false,
      error: new PayloadError(`the payload no longer matches the '${kind.kind}' schema: ${issues}`),
    };
  }
  const base = systemContext(services, `job:${kind.kind}`);
  const jobCtx: JobContext = {
    jobId: row.id,
    attempt: row.attempts,
    projectId: row.project_id,
    ctx: { ...base, requestId: row.id, logger: base.logger.child({ jobId: row.id }) },
    signal,
    progress: (fraction, message) => journal.progress(fraction, message),
    log: (level, message) => journal.log(level, message),
  };
  const handled: Promise<Outcome> = Promise.resolve()
    .then(() => kind.handler(parsed.data, jobCtx))
    .then(
      (result): Outcome => ({ ok: true, result }),
      (error: unknown): Outcome => ({ ok: false, error }),
    );
  // A handler that ignores its signal cannot hold the worker: the abort decides the outcome
  // and whatever the handler does later is dropped (its journal is closed by then).
  const aborted = new Promise<Outcome>((resolve) => {
    const onAbort = () => resolve({ ok: false, error: signal.reason });
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([handled, aborted]);
}

const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message || error.name : `handler failed: ${String(error)}`;

/** Retries a write through a short database hiccup; after that, the lease expiry takes over. */
async function withRetries(write: () => Promise<boolean>, logger: Logger, jobId: string): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      if (attempt >= 3) {
        logger.error({ err, jobId }, 'could not record the job outcome; its lease will expire');
        return false;
      }
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}
