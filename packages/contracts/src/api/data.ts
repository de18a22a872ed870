import { z } from 'zod';
import { defineEndpoint } from '../endpoint.ts';
import { okSchema, projectParams } from './common.ts';
import { suiteDefinitionSchema } from './data-quality.ts';
import {
  columnRoleSchema,
  dataFormatSchema,
  dataSourceSchema,
  datasetNameSchema,
  datasetSchema,
  datasetVersionSchema,
  draftSchema,
  profileSchema,
  qualityRunSchema,
  queryResultSchema,
} from './data-schemas.ts';
import { jobSchema } from './jobs.ts';

// Path parameters are loose strings checked by the services (404 when unknown), so that a
// caller without the permission gets 403, not 400, whatever the path holds.
const ref = z.string().min(1).max(200);
const datasetParams = projectParams.extend({ dataset: ref });
/** `:version` is a number, or `latest`. */
const versionParams = datasetParams.extend({ version: ref });

export const UPLOAD_CONTENT_TYPES = [
  'text/csv',
  'text/tab-separated-values',
  'application/json',
  'application/x-ndjson',
  'application/vnd.apache.parquet',
  'application/octet-stream',
] as const;
/** The largest file one upload may carry. */
export const MAX_UPLOAD_BYTES = 64 * 1024 ** 3;
export const MAX_BATCH_BYTES = 64 * 1024 ** 2;

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

/** How to read an uploaded or imported file; what is not given is detected. */
export const ingestOptionsSchema = z.object({
  format: dataFormatSchema.optional(),
  delimiter: z.string().min(1).max(4).optional(),
  quote: z.string().max(1).optional(),
  escape: z.string().max(1).optional(),
  header: bool.optional(),
  encoding: z.enum(['auto', 'utf-8', 'utf-16', 'latin-1']).default('auto'),
  /** Malformed rows: `fail` refuses the file naming the lines; `skip` drops and counts them. */
  onBadRows: z.enum(['fail', 'skip']).default('fail'),
  /** Strings read as missing, comma-separated (default: empty, NA, N/A, NaN, NULL, null). */
  nullValues: z.string().max(500).optional(),
});
export type IngestOptions = z.infer<typeof ingestOptionsSchema>;

export const listDatasets = defineEndpoint({
  id: 'listDatasets',
  method: 'GET',
  path: '/api/v1/projects/:project/datasets',
  summary: "The project's datasets with their latest versions",
  tag: 'data',
  access: { kind: 'project', permission: 'data.read' },
  params: projectParams,
  response: z.object({ items: z.array(datasetSchema) }),
});

export const createDataset = defineEndpoint({
  id: 'createDataset',
  method: 'POST',
  path: '/api/v1/projects/:project/datasets',
  summary: 'Create an empty dataset (ingesting into a new name creates it too)',
  tag: 'data',
  access: { kind: 'project', permission: 'data.write' },
  params: projectParams,
  body: z.object({ name: datasetNameSchema, description: z.string().max(2000).default('') }).strict(),
  response: datasetSchema,
  status: 201,
  bodyLimit: 64 * 1024,
});

export const getDataset = defineEndpoint({
  id: 'getDataset',
  method: 'GET',
  path: '/api/v1/projects/:project/datasets/:dataset',
  summary: 'One dataset: its latest version, column tags and suites',
  tag: 'data',
  access: { kind: 'project', permission: 'data.read' },
  params: datasetParams,
  response: datasetSchema,
});

export const deleteDataset = defineEndpoint({
  id: 'deleteDataset',
  method: 'DELETE',
  path: '/api/v1/projects/:project/datasets/:dataset',
  summary: 'Delete a dataset and its versions; refused while a run or model refers to a version',
  tag: 'data',
  access: { kind: 'project', permission: 'data.write' },
  params: datasetParams,
  response: okSchema,
});

export const uploadVersion = defineEndpoint({
  id: 'uploadVersion',
  method: 'POST',
  path: '/api/v1/projects/:project/datasets/:dataset/versions',
  summary: 'Ingest a file (CSV, TSV, JSON, NDJSON, Parquet; the raw request body) as a new version',
  tag: 'data',
  access: { kind: 'project', permission: 'data.write' },
  params: datasetParams,
  query: ingestOptionsSchema.extend({
    filename: z.string().max(300).optional(),
    message: z.string().max(2000).optional(),
  }),
  upload: { maxBytes: MAX_UPLOAD_BYTES, contentTypes: UPLOAD_CONTENT_TYPES },
  response: datasetVersionSchema,
  status: 201,
});

export const importVersion = defineEndpoint({
  id: 'importVersion',
  method: 'POST',
  path: '/api/v1/projects/:project/datasets/:dataset/imports',
  summary: 'Create a version from a PostgreSQL query (through a source) or a file in the artifact store',
  tag: 'data',
  access: { kind: 'project', permission: 'data.write' },
  params: datasetParams,
  body: z.discriminatedUnion('from', [
    z
      .object({
        from: z.literal('postgres'),
        source: datasetNameSchema,
        query: z.string().min(1).max(100_000),
        message: z.string().max(2000).optional(),
      })
      .strict(),
    z
      .object({
        from: z.literal('artifact'),
        /** The sha256 of a file in the artifact store (`sha256:` prefix optional). */
        digest: z.string().regex(/^(sha256:)?[0-9a-f]{64}$/, 'a sha256 digest'),
        options: ingestOptionsSchema.partial().optional(),
        message: z.string().max(2000).optional(),
      })
      .strict(),
  ]),
  response: datasetVersionSchema,
  status: 201,
  bodyLimit: 256 * 1024,
});

export const listVersions = defineEndpoint({
  id: 'listVersions',
  method: 'GET',
  path: '/api/v1/projects/:project/datasets/:dataset/versions',
  summary: "A dataset's versions, newest first, with their schema changes",
  tag: 'data',
  access: { kind: 'project', permission: 'data.read' },
  params: datasetParams,
  response: z.object({ items: z.array(datasetVersionSchema) }),
});

export const getVersion = defineEndpoint({
  id: 'getVersion',
  method: 'GET',
  path: '/api/v1/projects/:project/datasets/:dataset/versions/:version',
  summary: 'One version (a number or `latest`): schema, row count, parent, schema diff, validation',
  tag: 'data',
  access: { kind: 'project', permission: 'data.read' },
  params: versionParams,
  response: datasetVersionSchema,
});

export const downloadVersion = defineEndpoint({
  id: 'downloadVersion',
  method: 'GET',
  path: '/api/v1/projects/:project/datasets/:dataset/versions/:version/parquet',
  summary: "The version's Parquet file",
  tag: 'data',
  access: { kind: 'project', permission: 'data.read' },
  params: versionParams,
  response: z.unknown(),
  download: { contentTypes: ['application/vnd.apache.parquet'] },
});

export const getProfile = defineEndpoint({
  id: 'getProfile',
  method: 'GET',
  path: '/api/v1/projects/:project/datasets/:dataset/versions/:version/profile',
  summary: "The version's profile (computed once, by a job, when the version is created)",
  tag: 'data',
  access: { kind: 'project', permission: 'data.read' },
  params: versionParams,
  response: z.object({
    status: z.enum(['pending', 'ready', 'failed']),
    profile: profileSchema.nullable(),
    error: z.string().nullable(),
  }),
});

export const setColumnTags = defineEndpoint({
  id: 'setColumnTags',
  method: 'PUT',
  path: '/api/v1/projects/:project/datasets/:dataset/tags',
  summary: 'Tag columns with roles (target, feature, identifier, timestamp, sensitive); replaces all tags',
  tag: 'data',
  access: { kind: 'project', permission: 'data.write' },
  params: datasetParams,
  body: z.object({ tags: z.record(z.string().min(1).max(200), z.array(columnRoleSchema).max(5)) }).strict(),
  response: datasetSchema,
  bodyLimit: 256 * 1024,
});

const suiteSchema = z.object({
  name: datasetNameSchema,
  definition: suiteDefinitionSchema,
  source: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
});

export const putSuite = defineEndpoint({
  id: 'putSuite',
  method: 'PUT',
  path: '/api/v1/projects/:project/datasets/:dataset/suites/:suite',
  summary:
    'Create or replace a quality suite (JSON or YAML text, or a definition); runs on the latest version',
  tag: 'data',
  access: { kind: 'project', permission: 'data.write' },
  params: datasetParams.extend({ suite: ref }),
  body: z.union([
    z.object({ source: z.string().min(1).max(200_000) }).strict(),
    z.object({ definition: suiteDefinitionSchema }).strict(),
  ]),
  response: z.object({ suite: suiteSchema, job: jobSchema.nullable() }),
  bodyLimit: 512 * 1024,
});

export const listSuites = defineEndpoint({
  id: 'listSuites',
  method: 'GET',
  path: '/api/v1/projects/:project/datasets/:dataset/suites',
  summary: "The dataset's quality suites",
  tag: 'data',
  access: { kind: 'project', permission: 'data.read' },
  params: datasetParams,
  response: z.object({ items: z.array(suiteSchema) }),
});

export const deleteSuite = defineEndpoint({
  id: 'deleteSuite',
  method: 'DELETE',
  path: '/api/v1/projects/:project/datasets/:dataset/suites/:suite',
  summary: 'Delete a quality suite (its past results stay)',
  tag: 'data',
  access: { kind: 'project', permission: 'data.write' },
  params: datasetParams.extend({ suite: ref }),
  response: okSchema,
});

export const checkVersion = defineEndpoint({
  id: 'checkVersion',
  method: 'POST',
  path: '/api/v1/projects/:project/datasets/:dataset/versions/:version/check',
  summary: "Run the dataset's quality suites on a version again, as a job",
  tag: 'data',
  access: { kind: 'project', permission: 'data.write' },
  params: versionParams,
  response: jobSchema,
  status: 202,
});

export const listQualityRuns = defineEndpoint({
  id: 'listQualityRuns',
  method: 'GET',
  path: '/api/v1/projects/:project/datasets/:dataset/versions/:version/quality',
  summary: 'Quality results of a version, newest first',
  tag: 'data',
  access: { kind: 'project', permission: 'data.read' },
  params: versionParams,
  response: z.object({ validation: z.string(), items: z.array(qualityRunSchema) }),
});

const queryBody = z.object({
  sql: z.string().min(1).max(100_000),
  timeoutMs: z.number().int().min(100).max(300_000).default(30_000),
});

export const runQuery = defineEndpoint({
  id: 'runQuery',
  method: 'POST',
  path: '/api/v1/projects/:project/data/query',
  summary: 'Read-only SQL (DuckDB) over dataset versions named `dataset` (latest) or `"dataset@3"`',
  tag: 'data',
  access: { kind: 'project', permission: 'data.read' },
  params: projectParams,
  body: queryBody.extend({ limit: z.number().int().min(1).max(10_000).default(1000) }).strict(),
  response: queryResultSchema,
  bodyLimit: 256 * 1024,
});

export const downloadQuery = defineEndpoint({
  id: 'downloadQuery',
  method: 'POST',
  path: '/api/v1/projects/:project/data/query/download',
  summary: "A query's whole result (up to `limit` rows) as a CSV or Parquet file",
  tag: 'data',
  access: { kind: 'project', permission: 'data.read' },
  params: projectParams,
  body: queryBody
    .extend({
      format: z.enum(['csv', 'parquet']).default('csv'),
      limit: z.number().int().min(1).max(100_000_000).default(10_000_000),
    })
    .strict(),
  response: z.unknown(),
  download: { contentTypes: ['text/csv', 'application/vnd.apache.parquet'] },
  bodyLimit: 256 * 1024,
});

export const appendDraft = defineEndpoint({
  id: 'appendDraft',
  method: 'POST',
  path: '/api/v1/projects/:project/datasets/:dataset/draft/rows',
  summary: "Append a batch of NDJSON rows to the dataset's open draft (opened on first use)",
  tag: 'data',
  access: { kind: 'project', permission: 'data.write' },
  params: datasetParams,
  query: z.object({
    /** Seal into a version once the draft holds this many rows (set when the draft opens). */
    maxRows: z.coerce.number().int().min(1).max(1_000_000_000).optional(),
    maxBytes: z.coerce.number().int().min(1).max(MAX_UPLOAD_BYTES).optional(),
    /** ... or this long after it opened. */
    maxAgeMs: z.coerce
      .number()
      .int()
      .min(1000)
      .max(30 * 86_400_000)
      .optional(),
  }),
  upload: { maxBytes: MAX_BATCH_BYTES, contentTypes: ['application/x-ndjson', 'application/json'] },
  response: z.object({ draft: draftSchema, version: datasetVersionSchema.nullable() }),
});

export const getDraft = defineEndpoint({
  id: 'getDraft',
  method: 'GET',
  path: '/api/v1/projects/:project/datasets/:dataset/draft',
  summary: "The dataset's open draft, if any",
  tag: 'data',
  access: { kind: 'project', permission: 'data.read' },
  params: datasetParams,
  response: z.object({ draft: draftSchema.nullable() }),
});

export const sealDraft = defineEndpoint({
  id: 'sealDraft',
  method: 'POST',
  path: '/api/v1/projects/:project/datasets/:dataset/draft/seal',
  summary: "Seal the dataset's open draft into a version",
  tag: 'data',
  access: { kind: 'project', permission: 'data.write' },
  params: datasetParams,
  body: z
    .object({ message: z.string().max(2000).optional() })
    .strict()
    .optional(),
  response: datasetVersionSchema,
  status: 201,
});

export const putSource = defineEndpoint({
  id: 'putSource',
  method: 'PUT',
  path: '/api/v1/projects/:project/data/sources/:source',
  summary: 'Create or replace a PostgreSQL source; the connection string is kept as a project secret',
  tag: 'data',
  access: { kind: 'project', permission: 'data.write' },
  params: projectParams.extend({ source: ref }),
  body: z
    .object({
      kind: z.literal('postgres'),
      connectionString: z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
        .max(2000),
    })
    .strict(),
  response: dataSourceSchema,
  bodyLimit: 64 * 1024,
});

export const listSources = defineEndpoint({
  id: 'listSources',
  method: 'GET',
  path: '/api/v1/projects/:project/data/sources',
  summary: "The project's data sources (never their secrets)",
  tag: 'data',
  access: { kind: 'project', permission: 'data.read' },
  params: projectParams,
  response: z.object({ items: z.array(dataSourceSchema) }),
});

export const deleteSource = defineEndpoint({
  id: 'deleteSource',
  method: 'DELETE',
  path: '/api/v1/projects/:project/data/sources/:source',
  summary: 'Delete a data source and its secret',
  tag: 'data',
  access: { kind: 'project', permission: 'data.write' },
  params: projectParams.extend({ source: ref }),
  response: okSchema,
});
