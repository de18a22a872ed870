import {
  cancelJob,
  enqueueJob,
  getJob,
  getJobLogs,
  type JobCatalogue,
  listJobs,
  requireProject,
} from '@baton/core';
import type { HandlerGroup } from './handlers.ts';

/** What the HTTP layer needs of the job system. */
export interface JobRuntime {
  catalogue: JobCatalogue;
  queueDepth(): Promise<Record<string, number>>;
}

export const jobHandlers = (
  jobs: JobRuntime,
): HandlerGroup<'listJobs' | 'getJob' | 'getJobLogs' | 'enqueueJob' | 'cancelJob' | 'listJobKinds'> => ({
  listJobs: async ({ ctx, query }) =>
    listJobs({ ctx, input: { ...query, projectId: requireProject(ctx).id } }),
  getJob: async ({ ctx, params }) =>
    getJob({ ctx, input: { projectId: requireProject(ctx).id, jobId: params.job } }),
  getJobLogs: async ({ ctx, params, query }) => ({
    items: await getJobLogs({
      ctx,
      input: { projectId: requireProject(ctx).id, jobId: params.job, ...query },
    }),
  }),
  enqueueJob: async ({ ctx, body }) =>
    enqueueJob({
      ctx,
      catalogue: jobs.catalogue,
      input: { kind: body.kind, payload: body.payload, projectId: requireProject(ctx).id, source: 'api' },
    }),
  cancelJob: async ({ ctx, params }) =>
    cancelJob({ ctx, input: { projectId: requireProject(ctx).id, jobId: params.job } }),
  listJobKinds: async () => ({ items: jobs.catalogue.summaries() }),
});
