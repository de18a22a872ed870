export { type CancelJobInput, cancelJob } from './cancel-job.ts';
export { type ClaimJobOptions, claimNextJob, settleLostJobs, WORKER_LOST_ERROR } from './claim-job.ts';
export {
  backoffDelay,
  defineJobKind,
  JobAbort,
  type JobAbortCode,
  type JobContext,
  type JobKind,
  type JobKindDefinition,
  type JobLogLevel,
} from './define-job-kind.ts';
export { type EnqueueJobInput, enqueueJob } from './enqueue-job.ts';
export { type GetJobInput, getJob } from './get-job.ts';
export { type GetJobLogsInput, getJobLogs } from './get-job-logs.ts';
export { JobCatalogue, type JobKindSummary } from './job-catalogue.ts';
export { jobEvents } from './job-events.ts';
export { type JobLogRow, type JobRow, toJob, toJobLog } from './job-row.ts';
export { type ListJobsInput, listJobs } from './list-jobs.ts';
export { queueDepth } from './queue-depth.ts';
export { createWorker, type Worker, type WorkerOptions } from './worker.ts';
