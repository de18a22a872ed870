import type { Executor } from '../context.ts';
import type { Dialect } from '../db/database.ts';
import type { JobRow } from './job-row.ts';

export interface ClaimJobOptions {
  workerId: string;
  leaseMs: number;
  /** Claim only these kinds (the worker's catalogue). */
  kinds: readonly string[];
  now?: Date;
}

/**
 * Leases the next ready job to `workerId` in one atomic statement, or returns undefined.
 * Ready: queued and due, or running under an expired lease (its worker died) with attempts
 * left. Each claim counts as an attempt. On PostgreSQL, `FOR UPDATE SKIP LOCKED` lets many
 * workers claim side by side without taking the same row; SQLite has a single writer.
 */
export async function claimNextJob(
  db: Executor,
  dialect: Dialect,
  options: ClaimJobOptions,
): Promise<JobRow | undefined> {
  if (options.kinds.length === 0) return undefined;
  const now = (options.now ?? new Date()).toISOString();
  const leaseExpiresAt = new Date(Date.parse(now) + options.leaseMs).toISOString();
  return db
    .updateTable('jobs')
    .set((eb) => ({
      status: 'running',
      attempts: eb('attempts', '+', 1),
      lease_owner: options.workerId,
      lease_expires_at: leaseExpiresAt,
      started_at: eb.fn.coalesce('started_at', eb.val(now)),
      progress: 0,
      progress_message: null,
    }))
    .where('id', '=', (eb) =>
      eb
        .selectFrom('jobs as candidate')
        .select('candidate.id')
        .where('candidate.kind', 'in', options.kinds)
        .where((c) =>
          c.or([
            c.and([c('candidate.status', '=', 'queued'), c('candidate.run_after', '<=', now)]),
            c.and([
              c('candidate.status', '=', 'running'),
              c('candidate.lease_expires_at', '<', now),
              c('candidate.attempts', '<', c.ref('candidate.max_attempts')),
              c('candidate.cancel_requested', '=', 0),
            ]),
          ]),
        )
        .orderBy('candidate.priority', 'desc')
        .orderBy('candidate.run_after')
        .orderBy('candidate.created_at')
        .limit(1)
        .$if(dialect === 'postgres', (qb) => qb.forUpdate().skipLocked()),
    )
    .returningAll()
    .executeTakeFirst();
}

export const WORKER_LOST_ERROR = 'worker lost: its lease expired and no attempts were left';

/**
 * Settles jobs whose worker died and that must not run again: no attempts left → failed
 * ("worker lost"); cancellation requested → cancelled. Returns the rows it settled.
 */
export async function settleLostJobs(db: Executor, now: Date = new Date()): Promise<JobRow[]> {
  const at = now.toISOString();
  const cancelled = await db
    .updateTable('jobs')
    .set({ status: 'cancelled', finished_at: at, lease_owner: null, lease_expires_at: null })
    .where('status', '=', 'running')
    .where('lease_expires_at', '<', at)
    .where('cancel_requested', '=', 1)
    .returningAll()
    .execute();
  const failed = await db
    .updateTable('jobs')
    .set({
      status: 'failed',
      error: WORKER_LOST_ERROR,
      finished_at: at,
      lease_owner: null,
      lease_expires_at: null,
    })
    .where('status', '=', 'running')
    .where('lease_expires_at', '<', at)
    .where('attempts', '>=', (eb) => eb.ref('max_attempts'))
    .returningAll()
    .execute();
  return [...cancelled, ...failed];
}
