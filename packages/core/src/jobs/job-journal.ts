import type { Logger } from 'pino';
import { nowIso } from '../clock.ts';
import type { Executor } from '../context.ts';
import type { JobLogLevel } from './define-job-kind.ts';
import { type JobLease, recordJobProgress } from './finish-job.ts';
import { appendJobLog } from './job-row.ts';

/**
 * A running attempt's log lines and progress, written in the order the handler made them
 * (one chain of writes), with progress updates coalesced while one is waiting. Failures are
 * logged, never thrown: a lost log line must not fail the job.
 */
export class JobJournal {
  #tail: Promise<void> = Promise.resolve();
  #pendingProgress: { fraction: number; message: string | undefined } | undefined;
  #pendingWrite: Promise<void> | undefined;
  #closed = false;

  constructor(
    private readonly db: Executor,
    private readonly lease: JobLease,
    private readonly logger: Logger,
  ) {}

  log(level: JobLogLevel, message: string): Promise<void> {
    if (this.#closed) return Promise.resolve();
    const line = { jobId: this.lease.jobId, attempt: this.lease.attempt, level, message, at: nowIso() };
    this.logger[level]({ jobId: line.jobId, attempt: line.attempt }, message);
    return this.#chain(() => appendJobLog(this.db, line));
  }

  progress(fraction: number, message?: string): Promise<void> {
    if (this.#closed) return Promise.resolve();
    const waiting = this.#pendingProgress !== undefined;
    this.#pendingProgress = { fraction, message };
    if (waiting && this.#pendingWrite) return this.#pendingWrite;
    this.#pendingWrite = this.#chain(async () => {
      const p = this.#pendingProgress;
      this.#pendingProgress = undefined;
      if (p) await recordJobProgress(this.db, this.lease, p.fraction, p.message);
    });
    return this.#pendingWrite;
  }

  /** Waits for every write so far; later calls from a handler that outlives its job are dropped. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#tail;
  }

  /** Waits for every write so far, keeping the journal open. */
  flush(): Promise<void> {
    return this.#tail;
  }

  #chain(write: () => Promise<void>): Promise<void> {
    const next = this.#tail.then(write).catch((err: unknown) => {
      this.logger.warn({ err, jobId: this.lease.jobId }, 'could not write job log or progress');
    });
    this.#tail = next;
    return next;
  }
}
