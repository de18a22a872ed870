import { JOB_STATUSES, type JobStatus } from '@baton/contracts';
import type { Executor } from '../context.ts';

/**
 * The number of jobs in each status, every status present (zero when none), for the
 * Prometheus gauge `baton_jobs{status=...}`.
 */
export async function queueDepth(db: Executor): Promise<Record<JobStatus, number>> {
  const rows = await db
    .selectFrom('jobs')
    .select((eb) => ['status', eb.fn.countAll<number | string | bigint>().as('count')])
    .groupBy('status')
    .execute();
  const depth = Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as Record<JobStatus, number>;
  for (const row of rows) {
    if ((JOB_STATUSES as readonly string[]).includes(row.status))
      depth[row.status as JobStatus] = Number(row.count);
  }
  return depth;
}
