import {
  appendDraft,
  checkVersion,
  createDataset,
  deleteDataset,
  deleteSource,
  deleteSuite,
  exportQuery,
  getDataset,
  getDraft,
  getProfile,
  getVersion,
  importFromArtifact,
  importFromPostgres,
  ingestFile,
  listDatasets,
  listQualityRuns,
  listSources,
  listSuites,
  listVersions,
  openVersionFile,
  putSource,
  putSuite,
  runQuery,
  ServiceError,
  sealDraft,
  setColumnTags,
} from '@baton/core';
import type { UploadBody } from '../http/bind-endpoint.ts';
import type { HandlerGroup } from './handlers.ts';

type DataEndpoint =
  | 'listDatasets'
  | 'createDataset'
  | 'getDataset'
  | 'deleteDataset'
  | 'uploadVersion'
  | 'importVersion'
  | 'listVersions'
  | 'getVersion'
  | 'downloadVersion'
  | 'getProfile'
  | 'setColumnTags'
  | 'putSuite'
  | 'listSuites'
  | 'deleteSuite'
  | 'checkVersion'
  | 'listQualityRuns'
  | 'runQuery'
  | 'downloadQuery'
  | 'appendDraft'
  | 'getDraft'
  | 'sealDraft'
  | 'putSource'
  | 'listSources'
  | 'deleteSource';

const uploaded = (upload: UploadBody | undefined): UploadBody => {
  if (!upload) throw new ServiceError('bad_request', 'send the file as the request body');
  return upload;
};

const attachment = (name: string) => `attachment; filename="${name.replace(/[^A-Za-z0-9._@-]/g, '_')}"`;

/** The data lane: datasets, versions, profiles, quality suites, SQL, drafts and sources. */
export const dataHandlers: HandlerGroup<DataEndpoint> = {
  listDatasets: async ({ ctx }) => ({ items: await listDatasets({ ctx }) }),
  createDataset: async ({ ctx, body }) => createDataset({ ctx, input: body }),
  getDataset: async ({ ctx, params }) => getDataset({ ctx, input: params }),
  deleteDataset: async ({ ctx, params }) => {
    await deleteDataset({ ctx, input: params });
    return { ok: true as const };
  },
  uploadVersion: async ({ ctx, params, query, upload }) => {
    const { filename, message, ...options } = query;
    const { stream, contentType } = uploaded(upload);
    return ingestFile({
      ctx,
      input: { dataset: params.dataset, body: stream, contentType, filename, message, options },
    });
  },
  importVersion: async ({ ctx, params, body }) =>
    body.from === 'postgres'
      ? importFromPostgres({ ctx, input: { dataset: params.dataset, ...body } })
      : importFromArtifact({
          ctx,
          input: {
            dataset: params.dataset,
            digest: body.digest,
            message: body.message,
            options: { encoding: 'auto', onBadRows: 'fail', ...body.options },
          },
        }),
  listVersions: async ({ ctx, params }) => ({ items: await listVersions({ ctx, input: params }) }),
  getVersion: async ({ ctx, params }) => getVersion({ ctx, input: params }),
  downloadVersion: async ({ ctx, params, reply }) => {
    const file = await openVersionFile({ ctx, input: params });
    reply
      .code(200)
      .type('application/vnd.apache.parquet')
      .header('content-length', file.size)
      .header('content-disposition', attachment(file.filename));
    return reply.send(file.stream);
  },
  getProfile: async ({ ctx, params }) => getProfile({ ctx, input: params }),
  setColumnTags: async ({ ctx, params, body }) =>
    setColumnTags({ ctx, input: { dataset: params.dataset, tags: body.tags } }),
  putSuite: async ({ ctx, params, body }) =>
    putSuite({ ctx, input: { dataset: params.dataset, suite: params.suite, ...body } }),
  listSuites: async ({ ctx, params }) => ({ items: await listSuites({ ctx, input: params }) }),
  deleteSuite: async ({ ctx, params }) => {
    await deleteSuite({ ctx, input: params });
    return { ok: true as const };
  },
  checkVersion: async ({ ctx, params }) => checkVersion({ ctx, input: params }),
  listQualityRuns: async ({ ctx, params }) => listQualityRuns({ ctx, input: params }),
  runQuery: async ({ ctx, body }) => runQuery({ ctx, input: body }),
  downloadQuery: async ({ ctx, body, reply }) => {
    const file = await exportQuery({ ctx, input: body });
    const csv = body.format === 'csv';
    reply
      .code(200)
      .type(csv ? 'text/csv; charset=utf-8' : 'application/vnd.apache.parquet')
      .header('content-length', file.size)
      .header('content-disposition', attachment(`query.${body.format}`));
    return reply.send(file.stream);
  },
  appendDraft: async ({ ctx, params, query, upload }) =>
    appendDraft({ ctx, input: { dataset: params.dataset, body: uploaded(upload).stream, ...query } }),
  getDraft: async ({ ctx, params }) => ({ draft: await getDraft({ ctx, input: params }) }),
  sealDraft: async ({ ctx, params, body }) =>
    sealDraft({ ctx, input: { dataset: params.dataset, message: body?.message } }),
  putSource: async ({ ctx, params, body }) =>
    putSource({ ctx, input: { source: params.source, connectionString: body.connectionString } }),
  listSources: async ({ ctx }) => ({ items: await listSources({ ctx }) }),
  deleteSource: async ({ ctx, params }) => {
    await deleteSource({ ctx, input: params });
    return { ok: true as const };
  },
};
