import { z } from 'zod';
import { defineEndpoint } from '../endpoint.ts';
import { emptyBody, idSchema, pageOf, pageQuery, projectParams, timestampSchema } from './common.ts';

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const jobStatusSchema = z.enum(JOB_STATUSES);
export type JobStatus = z.infer<typeof jobStatusSchema>;

export const jobSchema = z.object({
  id: idSchema,
  kind: z.string(),
  projectId: idSchema.nullable(),
  status: jobStatusSchema,
  payload: z.unknown(),
  result: z.unknown().nullable(),
  error: z.string().nullable(),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  progress: z.number().min(0).max(1),
  progressMessage: z.string().nullable(),
  createdAt: timestampSchema,
  createdBy: z.string().nullable(),
  runAfter: timestampSchema,
  startedAt: timestampSchema.nullable(),
  finishedAt: timestampSchema.nullable(),
  leaseOwner: z.string().nullable(),
  leaseExpiresAt: timestampSchema.nullable(),
});
export type Job = z.infer<typeof jobSchema>;

export const jobLogSchema = z.object({
  seq: z.number().int(),
  at: timestampSchema,
  level: z.enum(['debug', 'info', 'warn', 'error']),
  message: z.string(),
  attempt: z.number().int(),
});
export type JobLog = z.infer<typeof jobLogSchema>;

const jobParams = projectParams.extend({ job: idSchema });

export const listJobs = defineEndpoint({
  id: 'listJobs',
  method: 'GET',
  path: '/api/v1/projects/:project/jobs',
  summary: "The project's background jobs, newest first",
  tag: 'jobs',
  access: { kind: 'project', permission: 'job.read' },
  params: projectParams,
  query: pageQuery.extend({ status: jobStatusSchema.optional(), kind: z.string().max(100).optional() }),
  response: pageOf(jobSchema),
});

export const getJob = defineEndpoint({
  id: 'getJob',
  method: 'GET',
  path: '/api/v1/projects/:project/jobs/:job',
  summary: 'One job: status, progress, result or error',
  tag: 'jobs',
  access: { kind: 'project', permission: 'job.read' },
  params: jobParams,
  response: jobSchema,
});

export const getJobLogs = defineEndpoint({
  id: 'getJobLogs',
  method: 'GET',
  path: '/api/v1/projects/:project/jobs/:job/logs',
  summary: "A job's log lines after the given sequence number",
  tag: 'jobs',
  access: { kind: 'project', permission: 'job.read' },
  params: jobParams,
  query: z.object({
    after: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(5000).default(1000),
  }),
  response: z.object({ items: z.array(jobLogSchema) }),
});

export const enqueueJob = defineEndpoint({
  id: 'enqueueJob',
  method: 'POST',
  path: '/api/v1/projects/:project/jobs',
  summary: 'Start a job of a kind that may be started by hand',
  tag: 'jobs',
  access: { kind: 'project', permission: 'job.manage' },
  params: projectParams,
  body: z.object({ kind: z.string().min(1).max(100), payload: z.unknown().default({}) }),
  response: jobSchema,
  status: 202,
  bodyLimit: 256 * 1024,
});

export const cancelJob = defineEndpoint({
  id: 'cancelJob',
  method: 'POST',
  path: '/api/v1/projects/:project/jobs/:job/cancel',
  summary: 'Cancel a queued or running job',
  tag: 'jobs',
  access: { kind: 'project', permission: 'job.manage' },
  params: jobParams,
  body: emptyBody.optional(),
  response: jobSchema,
});

export const listJobKinds = defineEndpoint({
  id: 'listJobKinds',
  method: 'GET',
  path: '/api/v1/job-kinds',
  summary: 'The catalogue of job kinds: timeout, retry policy, and whether it may be started by hand',
  tag: 'jobs',
  access: { kind: 'user' },
  response: z.object({
    items: z.array(
      z.object({
        kind: z.string(),
        description: z.string(),
        timeoutMs: z.number().int(),
        maxAttempts: z.number().int(),
        backoffMs: z.number().int(),
        startable: z.boolean(),
      }),
    ),
  }),
});
