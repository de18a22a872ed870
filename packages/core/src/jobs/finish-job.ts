import { nowIso } from '../clock.ts';
import type { Executor } from '../context.ts';

/** A worker's hold on one attempt of one job; every write below is conditional on it. */
export interface JobLease {
  jobId: string;
  workerId: string;
  attempt: number;
}

// A write only lands while the lease is still ours: if this worker stalled past its lease and
// another worker took the job, the late outcome is dropped instead of overwriting the new one.
const held = (db: Executor, lease: JobLease) =>
  db
    .updateTable('jobs')
    .where('id', '=', lease.jobId)
    .where('status', '=', 'running')
    .where('lease_owner', '=', lease.workerId)
    .where('attempts', '=', lease.attempt);

const released = { lease_owner: null, lease_expires_at: null } as const;

/** Did the write land (true) or was the lease already lost (false)? */
const landed = (result: { numUpdatedRows: bigint }): boolean => result.numUpdatedRows > 0n;

export async function completeJob(db: Executor, lease: JobLease, result: unknown): Promise<boolean> {
  const json = result === undefined ? null : JSON.stringify(result);
  const r = await held(db, lease)
    .set({ ...released, status: 'succeeded', result: json, error: null, progress: 1, finished_at: nowIso() })
    .executeTakeFirst();
  return landed(r);
}

/** A failed attempt: back to the queue at `retryAt`, or failed for good when it is null. */
export async function failJobAttempt(
  db: Executor,
  lease: JobLease,
  error: string,
  retryAt: string | null,
): Promise<boolean> {
  const r = await held(db, lease)
    .set(
      retryAt
        ? { ...released, status: 'queued', error, run_after: retryAt }
        : { ...released, status: 'failed', error, finished_at: nowIso() },
    )
    .executeTakeFirst();
  return landed(r);
}

export async function markJobCancelled(db: Executor, lease: JobLease): Promise<boolean> {
  const r = await held(db, lease)
    .set({ ...released, status: 'cancelled', finished_at: nowIso() })
    .executeTakeFirst();
  return landed(r);
}

/** Worker shutdown: the job goes back to the queue, due now, and the attempt is given back. */
export async function requeueInterruptedJob(db: Executor, lease: JobLease): Promise<boolean> {
  const r = await held(db, lease)
    .set((eb) => ({ ...released, status: 'queued', attempts: eb('attempts', '-', 1), run_after: nowIso() }))
    .executeTakeFirst();
  return landed(r);
}

/**
 * Extends the lease; returns whether cancellation was requested, or undefined when the lease
 * is no longer ours.
 */
export async function extendJobLease(
  db: Executor,
  lease: JobLease,
  leaseMs: number,
): Promise<{ cancelRequested: boolean } | undefined> {
  const row = await held(db, lease)
    .set({ lease_expires_at: new Date(Date.now() + leaseMs).toISOString() })
    .returning('cancel_requested')
    .executeTakeFirst();
  return row ? { cancelRequested: row.cancel_requested === 1 } : undefined;
}

export async function recordJobProgress(
  db: Executor,
  lease: JobLease,
  fraction: number,
  message: string | undefined,
): Promise<void> {
  const progress = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  await held(db, lease)
    .set(message === undefined ? { progress } : { progress, progress_message: message })
    .execute();
}
