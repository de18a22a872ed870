import type { Job } from '@baton/contracts';
import { recordAudit } from '../audit/record-audit.ts';
import { nowIso } from '../clock.ts';
import { actorName, executor, inTransaction, type ServiceContext } from '../context.ts';
import { conflict } from '../errors.ts';
import { jobEvents } from './job-events.ts';
import { appendJobLog, FINISHED_STATUSES, findJobInProject, type JobRow, toJob } from './job-row.ts';

export interface CancelJobInput {
  projectId: string | null;
  jobId: string;
}

/**
 * Cancels a job. A queued job is cancelled at once; a running one gets `cancel_requested`
 * and its worker aborts the handler and marks it cancelled (the returned job is still
 * `running` then). A finished job is a conflict.
 */
export async function cancelJob({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CancelJobInput;
}): Promise<Job> {
  // A worker may claim the job between our read and our write; each write is conditional on
  // the status it expects, and a lost race goes round once more with the fresh status.
  for (let round = 0; round < 3; round++) {
    const row = await inTransaction(ctx, (tx) => cancelOnce(tx, input));
    if (row) {
      if (row.status === 'running') jobEvents.notifyCancelRequested(row.id);
      ctx.logger.info({ jobId: row.id, status: row.status }, 'job cancellation');
      return toJob(row);
    }
  }
  throw conflict(`job '${input.jobId}' changed while it was being cancelled; try again`);
}

async function cancelOnce(ctx: ServiceContext, input: CancelJobInput): Promise<JobRow | undefined> {
  const db = executor(ctx);
  const job = await findJobInProject(db, input.projectId, input.jobId);
  if (FINISHED_STATUSES.includes(job.status as Job['status'])) {
    throw conflict(`job '${job.id}' has already finished (${job.status})`);
  }
  const at = nowIso();
  const by = actorName(ctx.actor);
  if (job.status === 'queued') {
    const row = await db
      .updateTable('jobs')
      .set({
        status: 'cancelled',
        finished_at: at,
        cancel_requested: 1,
        lease_owner: null,
        lease_expires_at: null,
      })
      .where('id', '=', job.id)
      .where('status', '=', 'queued')
      .returningAll()
      .executeTakeFirst();
    if (row) {
      const message = `cancelled by ${by}`;
      await appendJobLog(db, { jobId: job.id, attempt: row.attempts, level: 'warn', message, at });
      await audit(ctx, row, 'queued', 'cancelled');
    }
    return row;
  }
  const row = await db
    .updateTable('jobs')
    .set({ cancel_requested: 1 })
    .where('id', '=', job.id)
    .where('status', '=', 'running')
    .returningAll()
    .executeTakeFirst();
  if (row && job.cancel_requested === 0) {
    const message = `cancellation requested by ${by}`;
    await appendJobLog(db, { jobId: job.id, attempt: row.attempts, level: 'warn', message, at });
    await audit(ctx, row, 'running', 'cancel requested');
  }
  return row;
}

const audit = (ctx: ServiceContext, row: JobRow, before: string, after: string) =>
  recordAudit(ctx, {
    action: 'job.cancel',
    targetType: 'job',
    targetId: row.id,
    projectId: row.project_id,
    summary: `cancelled job ${row.kind} (${after})`,
    before: { status: before },
    after: { status: row.status, cancelRequested: row.cancel_requested === 1 },
  });
