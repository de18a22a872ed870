import { z } from 'zod';
import { defineEndpoint } from '../endpoint.ts';
import { okSchema, projectParams } from './common.ts';
import {
  artifactFileSchema,
  experimentSchema,
  logBatchSchema,
  metricPointSchema,
  runInfoSchema,
  runSchema,
  runStatusSchema,
  viewTypeSchema,
} from './tracking-schemas.ts';

// Path parameters are loose strings checked by the services (404 when unknown), so that a
// caller without the permission gets 403, not 400, whatever the path holds.
const ref = z.string().min(1).max(200);
const experimentParams = projectParams.extend({ experiment: ref });
const runParams = projectParams.extend({ run: ref });
const read = { kind: 'project', permission: 'experiment.read' } as const;
const write = { kind: 'project', permission: 'experiment.write' } as const;
const tag = 'tracking';
const tagsInput = z.record(z.string(), z.string()).optional();
/** Largest artifact one upload may carry. */
export const MAX_ARTIFACT_BYTES = 16 * 1024 ** 3;

export const listExperiments = defineEndpoint({
  id: 'listExperiments',
  method: 'GET',
  path: '/api/v1/projects/:project/experiments',
  summary: "The project's experiments; `filter` in MLflow's search language (name, tags.*)",
  tag,
  access: read,
  params: projectParams,
  query: z.object({
    filter: z.string().max(10_000).optional(),
    orderBy: z.union([z.string(), z.array(z.string())]).optional(),
    viewType: viewTypeSchema.default('ACTIVE_ONLY'),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    cursor: z.string().max(200).optional(),
  }),
  response: z.object({ items: z.array(experimentSchema), nextCursor: z.string().nullable() }),
});

export const createExperiment = defineEndpoint({
  id: 'createExperiment',
  method: 'POST',
  path: '/api/v1/projects/:project/experiments',
  summary: 'Create an experiment',
  tag,
  access: write,
  params: projectParams,
  body: z.object({ name: z.string(), tags: tagsInput }).strict(),
  response: experimentSchema,
  status: 201,
});

export const getExperiment = defineEndpoint({
  id: 'getExperiment',
  method: 'GET',
  path: '/api/v1/projects/:project/experiments/:experiment',
  summary: 'One experiment, by id or by name',
  tag,
  access: read,
  params: experimentParams,
  response: experimentSchema,
});

export const updateExperiment = defineEndpoint({
  id: 'updateExperiment',
  method: 'PATCH',
  path: '/api/v1/projects/:project/experiments/:experiment',
  summary: 'Rename an experiment, set its tags, delete (soft) or restore it',
  tag,
  access: write,
  params: experimentParams,
  body: z
    .object({
      name: z.string().optional(),
      tags: tagsInput,
      lifecycleStage: z.enum(['active', 'deleted']).optional(),
    })
    .strict(),
  response: experimentSchema,
});

export const createRun = defineEndpoint({
  id: 'createRun',
  method: 'POST',
  path: '/api/v1/projects/:project/experiments/:experiment/runs',
  summary: 'Start a run (nested under `parentRunId` when given)',
  tag,
  access: write,
  params: experimentParams,
  body: z
    .object({
      name: z.string().max(250).optional(),
      parentRunId: z.string().max(64).optional(),
      startTime: z.number().int().optional(),
      tags: tagsInput,
    })
    .strict(),
  response: runSchema,
  status: 201,
});

export const searchRuns = defineEndpoint({
  id: 'searchRuns',
  method: 'POST',
  path: '/api/v1/projects/:project/runs/search',
  summary: "Search runs with MLflow's filter language, order and page tokens",
  tag,
  access: read,
  params: projectParams,
  body: z
    .object({
      experimentIds: z.array(z.string()).max(100).optional(),
      filter: z.string().max(10_000).optional(),
      orderBy: z.array(z.string().max(500)).max(20).optional(),
      viewType: viewTypeSchema.default('ACTIVE_ONLY'),
      maxResults: z.number().int().min(1).max(50_000).default(1000),
      pageToken: z.string().max(200).optional(),
    })
    .strict(),
  response: z.object({ runs: z.array(runSchema), nextPageToken: z.string().nullable() }),
});

export const getRun = defineEndpoint({
  id: 'getRun',
  method: 'GET',
  path: '/api/v1/projects/:project/runs/:run',
  summary: 'One run: info, params, tags, latest metrics and dataset inputs',
  tag,
  access: read,
  params: runParams,
  response: runSchema,
});

export const updateRun = defineEndpoint({
  id: 'updateRun',
  method: 'PATCH',
  path: '/api/v1/projects/:project/runs/:run',
  summary: 'End a run with a status, rename it, delete (soft) or restore it',
  tag,
  access: write,
  params: runParams,
  body: z
    .object({
      status: runStatusSchema.optional(),
      endTime: z.number().int().optional(),
      name: z.string().max(250).optional(),
      lifecycleStage: z.enum(['active', 'deleted']).optional(),
    })
    .strict(),
  response: runInfoSchema,
});

export const logRunBatch = defineEndpoint({
  id: 'logRunBatch',
  method: 'POST',
  path: '/api/v1/projects/:project/runs/:run/log-batch',
  summary: 'Log metrics, params and tags in one transaction (at most 1,000 metrics, 100 params, 100 tags)',
  tag,
  access: write,
  params: runParams,
  body: logBatchSchema,
  response: okSchema,
  bodyLimit: 16 * 1024 ** 2,
});

export const deleteRunTag = defineEndpoint({
  id: 'deleteRunTag',
  method: 'DELETE',
  path: '/api/v1/projects/:project/runs/:run/tags/:key',
  summary: 'Remove a tag from a run',
  tag,
  access: write,
  params: runParams.extend({ key: z.string().min(1).max(250) }),
  response: okSchema,
});

export const getMetricHistory = defineEndpoint({
  id: 'getMetricHistory',
  method: 'GET',
  path: '/api/v1/projects/:project/runs/:run/metrics/:key',
  summary: 'A metric series by step; `maxPoints` downsamples it on the server (LTTB)',
  tag,
  access: read,
  params: runParams.extend({ key: z.string().min(1).max(250) }),
  query: z.object({ maxPoints: z.coerce.number().int().min(3).max(100_000).optional() }),
  response: z.object({
    points: z.array(metricPointSchema),
    total: z.number().int(),
    downsampled: z.boolean(),
  }),
});

export const logRunInputs = defineEndpoint({
  id: 'logRunInputs',
  method: 'POST',
  path: '/api/v1/projects/:project/runs/:run/inputs',
  summary: 'Record the exact dataset versions a run used (lineage to the data lane)',
  tag,
  access: write,
  params: runParams,
  body: z
    .object({
      datasets: z
        .array(
          z.object({
            dataset: z.string().min(1).max(200),
            version: z.number().int().min(1),
            context: z.string().max(100).optional(),
          }),
        )
        .min(1)
        .max(100),
    })
    .strict(),
  response: okSchema,
});

const artifactPathQuery = z.object({ path: z.string().max(1000).default('') });

export const listRunArtifacts = defineEndpoint({
  id: 'listRunArtifacts',
  method: 'GET',
  path: '/api/v1/projects/:project/runs/:run/artifacts',
  summary: "The files and folders directly under `path` of a run's artifacts",
  tag,
  access: read,
  params: runParams,
  query: artifactPathQuery,
  response: z.object({ files: z.array(artifactFileSchema) }),
});

export const uploadRunArtifact = defineEndpoint({
  id: 'uploadRunArtifact',
  method: 'PUT',
  path: '/api/v1/projects/:project/runs/:run/artifacts',
  summary: 'Store a file (the raw request body) at `path` under the run; it appears only when whole',
  tag,
  access: write,
  params: runParams,
  query: z.object({ path: z.string().min(1).max(1000) }),
  upload: { maxBytes: MAX_ARTIFACT_BYTES, contentTypes: ['application/octet-stream'] },
  response: artifactFileSchema,
  status: 201,
});

export const downloadRunArtifact = defineEndpoint({
  id: 'downloadRunArtifact',
  method: 'GET',
  path: '/api/v1/projects/:project/runs/:run/artifacts/file',
  summary: 'Stream one artifact file',
  tag,
  access: read,
  params: runParams,
  query: z.object({ path: z.string().min(1).max(1000) }),
  response: z.unknown(),
  download: { contentTypes: ['application/octet-stream'] },
});
