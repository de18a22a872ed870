import type { JobLog } from '@baton/contracts';
import { executor, type ServiceContext } from '../context.ts';
import { findJobInProject, toJobLog } from './job-row.ts';

export interface GetJobLogsInput {
  projectId: string | null;
  jobId: string;
  /** Only lines with a sequence number above this one (0: from the start). */
  after?: number;
  limit?: number;
}

/**
 * A job's log lines in order, after `after`; a client follows a running job by passing the
 * last `seq` it has seen. The route wraps them as `{ items }`.
 */
export async function getJobLogs({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: GetJobLogsInput;
}): Promise<JobLog[]> {
  const db = executor(ctx);
  await findJobInProject(db, input.projectId, input.jobId);
  const rows = await db
    .selectFrom('job_logs')
    .selectAll()
    .where('job_id', '=', input.jobId)
    .where('seq', '>', input.after ?? 0)
    .orderBy('seq')
    .limit(Math.min(Math.max(input.limit ?? 1000, 1), 5000))
    .execute();
  return rows.map(toJobLog);
}
