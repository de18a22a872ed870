import { JOB_STATUSES, type Job, type JobLog, type JobStatus } from '@baton/contracts';
import type { Selectable } from 'kysely';
import type { Executor } from '../context.ts';
import type { JobLogsTable, JobsTable } from '../db/schema.ts';
import { notFound } from '../errors.ts';
import type { JobLogLevel } from './define-job-kind.ts';

export type JobRow = Selectable<JobsTable>;
export type JobLogRow = Selectable<JobLogsTable>;

export const FINISHED_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled'];
const LOG_LEVELS: readonly JobLogLevel[] = ['debug', 'info', 'warn', 'error'];

const parseJson = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

const asStatus = (status: string): JobStatus => {
  if (!(JOB_STATUSES as readonly string[]).includes(status))
    throw new Error(`unknown job status '${status}'`);
  return status as JobStatus;
};

/** A `jobs` row in the shape of the API contract's `Job` (JSON columns parsed). */
export const toJob = (row: JobRow): Job => ({
  id: row.id,
  kind: row.kind,
  projectId: row.project_id,
  status: asStatus(row.status),
  payload: parseJson(row.payload),
  result: parseJson(row.result),
  error: row.error,
  attempts: row.attempts,
  maxAttempts: row.max_attempts,
  progress: row.progress,
  progressMessage: row.progress_message,
  createdAt: row.created_at,
  createdBy: row.created_by,
  runAfter: row.run_after,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  leaseOwner: row.lease_owner,
  leaseExpiresAt: row.lease_expires_at,
});

export const toJobLog = (row: JobLogRow): JobLog => ({
  seq: row.seq,
  at: row.at,
  level: (LOG_LEVELS as readonly string[]).includes(row.level) ? (row.level as JobLogLevel) : 'info',
  message: row.message,
  attempt: row.attempt,
});

/**
 * The job with this id in this project (`null`: a system job outside any project), else
 * not_found: a job of another project is indistinguishable from a missing one.
 */
export async function findJobInProject(
  db: Executor,
  projectId: string | null,
  jobId: string,
): Promise<JobRow> {
  const row = await db
    .selectFrom('jobs')
    .selectAll()
    .where('id', '=', jobId)
    .where((eb) => (projectId === null ? eb('project_id', 'is', null) : eb('project_id', '=', projectId)))
    .executeTakeFirst();
  if (!row) throw notFound('job', jobId);
  return row;
}

const MAX_LOG_MESSAGE = 16_000;

/** Appends one line to a job's log (a very long message is cut, not refused). */
export async function appendJobLog(
  db: Executor,
  line: { jobId: string; attempt: number; level: JobLogLevel; message: string; at: string },
): Promise<void> {
  await db
    .insertInto('job_logs')
    .values({
      job_id: line.jobId,
      attempt: line.attempt,
      level: line.level,
      message:
        line.message.length > MAX_LOG_MESSAGE ? `${line.message.slice(0, MAX_LOG_MESSAGE)}…` : line.message,
      at: line.at,
    })
    .execute();
}
