import { type BodyOf, endpoints, type QueryOf } from '@baton/contracts';
import type { Call } from '../call.ts';
import type { QueryValues } from '../request.ts';

export type JobsQuery = QueryValues<QueryOf<typeof endpoints.listJobs>>;
export type JobLogsQuery = QueryValues<QueryOf<typeof endpoints.getJobLogs>>;
export type EnqueueJobInput = BodyOf<typeof endpoints.enqueueJob>;

/** Background jobs of a project: status, progress, logs. */
export const jobsApi = (call: Call) => ({
  /**
   * The project's jobs, newest first, optionally of one `status` or `kind`.
   *
   * ```ts
   * const { items } = await client.jobs.list('credit-risk', { status: 'running' });
   * ```
   */
  list: (project: string, query: JobsQuery = {}) => call(endpoints.listJobs, { params: { project }, query }),

  /**
   * One job: status, progress, result or error.
   *
   * ```ts
   * const job = await client.jobs.get('credit-risk', jobId);
   * if (job.status === 'failed') console.error(job.error);
   * ```
   */
  get: (project: string, id: string) => call(endpoints.getJob, { params: { project, job: id } }),

  /**
   * A job's log lines after sequence number `after`; poll with the last `seq` you saw.
   *
   * ```ts
   * const { items } = await client.jobs.logs('credit-risk', jobId, { after: lastSeq });
   * ```
   */
  logs: (project: string, id: string, query: JobLogsQuery = {}) =>
    call(endpoints.getJobLogs, { params: { project, job: id }, query }),

  /**
   * Starts a job of a kind that may be started by hand (see `kinds()`).
   *
   * ```ts
   * const job = await client.jobs.enqueue('credit-risk', { kind: 'audit.export' });
   * ```
   */
  enqueue: (project: string, input: EnqueueJobInput) =>
    call(endpoints.enqueueJob, { params: { project }, body: input }),

  /**
   * Cancels a queued or running job.
   *
   * ```ts
   * await client.jobs.cancel('credit-risk', jobId);
   * ```
   */
  cancel: (project: string, id: string) => call(endpoints.cancelJob, { params: { project, job: id } }),

  /**
   * The catalogue of job kinds: timeout, retry policy, and whether it may be started by hand.
   *
   * ```ts
   * const { items } = await client.jobs.kinds();
   * ```
   */
  kinds: () => call(endpoints.listJobKinds),
});
