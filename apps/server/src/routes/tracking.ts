import {
  createExperiment,
  createRun,
  deleteRunTag,
  getExperiment,
  getMetricHistory,
  getRun,
  listRunArtifacts,
  logBatch,
  logInputs,
  openRunArtifact,
  putRunArtifact,
  ServiceError,
  searchExperiments,
  searchRuns,
  updateExperiment,
  updateRun,
} from '@baton/core';
import type { HandlerGroup } from './handlers.ts';

type TrackingEndpoint =
  | 'listExperiments'
  | 'createExperiment'
  | 'getExperiment'
  | 'updateExperiment'
  | 'createRun'
  | 'searchRuns'
  | 'getRun'
  | 'updateRun'
  | 'logRunBatch'
  | 'deleteRunTag'
  | 'getMetricHistory'
  | 'logRunInputs'
  | 'listRunArtifacts'
  | 'uploadRunArtifact'
  | 'downloadRunArtifact';

const attachment = (name: string) => `attachment; filename="${name.replace(/[^A-Za-z0-9._@-]/g, '_')}"`;
const list = (v: string | string[] | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

/** The tracking lane: experiments, runs, metrics, params, tags, artifacts and dataset inputs. */
export const trackingHandlers: HandlerGroup<TrackingEndpoint> = {
  listExperiments: async ({ ctx, query }) => {
    const page = await searchExperiments({
      ctx,
      input: {
        filter: query.filter,
        orderBy: list(query.orderBy),
        viewType: query.viewType,
        maxResults: query.limit,
        pageToken: query.cursor,
      },
    });
    return { items: page.experiments, nextCursor: page.nextPageToken };
  },
  createExperiment: async ({ ctx, body }) => createExperiment({ ctx, input: body }),
  getExperiment: async ({ ctx, params }) => getExperiment({ ctx, input: { experiment: params.experiment } }),
  updateExperiment: async ({ ctx, params, body }) =>
    updateExperiment({ ctx, input: { experiment: params.experiment, ...body } }),
  createRun: async ({ ctx, params, body }) =>
    createRun({ ctx, input: { experiment: params.experiment, ...body } }),
  searchRuns: async ({ ctx, body }) => searchRuns({ ctx, input: body }),
  getRun: async ({ ctx, params }) => getRun({ ctx, input: { run: params.run } }),
  updateRun: async ({ ctx, params, body }) => updateRun({ ctx, input: { run: params.run, ...body } }),
  logRunBatch: async ({ ctx, params, body }) => {
    await logBatch({ ctx, input: { run: params.run, ...body } });
    return { ok: true as const };
  },
  deleteRunTag: async ({ ctx, params }) => {
    await deleteRunTag({ ctx, input: params });
    return { ok: true as const };
  },
  getMetricHistory: async ({ ctx, params, query }) =>
    getMetricHistory({ ctx, input: { run: params.run, key: params.key, maxPoints: query.maxPoints } }),
  logRunInputs: async ({ ctx, params, body }) => {
    await logInputs({
      ctx,
      input: {
        run: params.run,
        datasets: body.datasets.map((d) => ({
          name: d.dataset,
          digest: '',
          baton: { dataset: d.dataset, version: d.version },
          tags: d.context ? [{ key: 'mlflow.data.context', value: d.context }] : [],
        })),
      },
    });
    return { ok: true as const };
  },
  listRunArtifacts: async ({ ctx, params, query }) => ({
    files: await listRunArtifacts({ ctx, input: { run: params.run, path: query.path } }),
  }),
  uploadRunArtifact: async ({ ctx, params, query, upload }) => {
    if (!upload) throw new ServiceError('bad_request', 'send the file as the request body');
    return putRunArtifact({ ctx, input: { run: params.run, path: query.path, body: upload.stream } });
  },
  downloadRunArtifact: async ({ ctx, params, query, reply }) => {
    const file = await openRunArtifact({ ctx, input: { run: params.run, path: query.path } });
    reply
      .code(200)
      .type('application/octet-stream')
      .header('content-length', file.size)
      .header('content-disposition', attachment(file.path.split('/').pop() ?? 'artifact'));
    return reply.send(file.stream);
  },
};
