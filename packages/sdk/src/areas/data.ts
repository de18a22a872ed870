import {
  type BodyOf,
  type DatasetVersion,
  type Draft,
  datasetVersionSchema,
  draftSchema,
  type Endpoint,
  endpoints,
  type QueryOf,
} from '@baton/contracts';
import { z } from 'zod';
import type { Call } from '../call.ts';
import { BatonApiError, localProblem } from '../errors.ts';
import {
  buildPath,
  buildQuery,
  failureOf,
  type QueryValues,
  type Transport,
  unreachableError,
} from '../request.ts';

export type IngestQuery = QueryValues<QueryOf<typeof endpoints.uploadVersion>>;
export type DraftQuery = QueryValues<QueryOf<typeof endpoints.appendDraft>>;
export type QueryInput = BodyOf<typeof endpoints.runQuery>;
export type DownloadQueryInput = BodyOf<typeof endpoints.downloadQuery>;
export type ImportInput = BodyOf<typeof endpoints.importVersion>;
export type SuiteInput = BodyOf<typeof endpoints.putSuite>;

/** A file body the SDK streams as it is read: a web stream, an async iterable of bytes, or bytes. */
export type UploadSource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | Uint8Array | Blob;

/**
 * Sends a request whose body or answer is a file rather than JSON. Fails like every call,
 * with a `BatonApiError` carrying the server's problem.
 */
async function sendRaw(
  transport: Transport,
  endpoint: Endpoint,
  input: {
    params: Record<string, unknown>;
    query?: Record<string, unknown> | undefined;
    body?: UploadSource | string;
    contentType?: string;
    signal?: AbortSignal | undefined;
  },
): Promise<Response> {
  const url = `${transport.baseUrl}${buildPath(endpoint.path, input.params)}${buildQuery(input.query)}`;
  const request = { method: endpoint.method, url };
  const headers: Record<string, string> = { ...transport.headers };
  if (input.contentType) headers['content-type'] = input.contentType;
  let body: BodyInit | undefined;
  if (input.body instanceof Uint8Array || typeof input.body === 'string' || input.body instanceof Blob) {
    body = input.body as BodyInit;
  } else if (input.body !== undefined) {
    body =
      input.body instanceof ReadableStream
        ? input.body
        : (ReadableStream as unknown as { from(i: AsyncIterable<Uint8Array>): ReadableStream }).from(
            input.body,
          );
  }
  let response: Response;
  try {
    response = await transport.fetch(url, {
      method: endpoint.method,
      headers,
      ...(body !== undefined ? { body, duplex: 'half' } : {}),
      ...(input.signal ? { signal: input.signal } : {}),
    } as RequestInit);
  } catch (error) {
    if (input.signal?.aborted) throw error;
    throw unreachableError(request, error);
  }
  if (!response.ok) throw await failureOf(response, request);
  return response;
}

async function parsed<T>(response: Response, schema: z.ZodType<T>, endpoint: Endpoint): Promise<T> {
  const result = schema.safeParse(await response.json());
  if (result.success) return result.data;
  throw new BatonApiError(
    localProblem('internal', response.status, `the answer of ${endpoint.id} does not match the contract`),
    { method: endpoint.method, url: response.url },
  );
}

/** The data lane: datasets, versions, profiles, quality suites, SQL, drafts and sources. */
export const dataApi = (call: Call, transport: Transport) => ({
  /**
   * The project's datasets with their latest versions.
   *
   * ```ts
   * const { items } = await client.data.list('credit-risk');
   * ```
   */
  list: (project: string) => call(endpoints.listDatasets, { params: { project } }),
  get: (project: string, dataset: string) => call(endpoints.getDataset, { params: { project, dataset } }),
  create: (project: string, name: string, description = '') =>
    call(endpoints.createDataset, { params: { project }, body: { name, description } }),
  delete: (project: string, dataset: string) =>
    call(endpoints.deleteDataset, { params: { project, dataset } }),

  /**
   * Ingests a file as a new version, streaming it (a multi-GB file never sits in memory).
   *
   * ```ts
   * import { openAsBlob } from 'node:fs';
   * const v = await client.data.ingest('credit-risk', 'loans', await openAsBlob('loans.csv'), {
   *   contentType: 'text/csv', query: { filename: 'loans.csv' },
   * });
   * console.log(v.number, v.rowCount, v.schemaDiff);
   * ```
   */
  ingest: async (
    project: string,
    dataset: string,
    file: UploadSource,
    options: { contentType?: string; query?: IngestQuery; signal?: AbortSignal } = {},
  ): Promise<DatasetVersion> => {
    const endpoint = endpoints.uploadVersion;
    const response = await sendRaw(transport, endpoint, {
      params: { project, dataset },
      query: options.query,
      body: file,
      contentType: options.contentType ?? 'application/octet-stream',
      signal: options.signal,
    });
    return parsed(response, datasetVersionSchema, endpoint);
  },
  import: (project: string, dataset: string, input: ImportInput) =>
    call(endpoints.importVersion, { params: { project, dataset }, body: input }),
  versions: (project: string, dataset: string) =>
    call(endpoints.listVersions, { params: { project, dataset } }),
  /** One version: a number, or `latest`. */
  version: (project: string, dataset: string, version: string | number) =>
    call(endpoints.getVersion, { params: { project, dataset, version: String(version) } }),
  profile: (project: string, dataset: string, version: string | number) =>
    call(endpoints.getProfile, { params: { project, dataset, version: String(version) } }),
  /** The version's Parquet file, as a web stream. */
  downloadVersion: async (project: string, dataset: string, version: string | number) =>
    (
      await sendRaw(transport, endpoints.downloadVersion, {
        params: { project, dataset, version: String(version) },
      })
    ).body,
  setTags: (project: string, dataset: string, tags: BodyOf<typeof endpoints.setColumnTags>['tags']) =>
    call(endpoints.setColumnTags, { params: { project, dataset }, body: { tags } }),

  /**
   * Creates or replaces a quality suite from JSON or YAML text (or a definition).
   *
   * ```ts
   * await client.data.putSuite('credit-risk', 'loans', 'basic', { source: await readFile('suite.yaml', 'utf8') });
   * ```
   */
  putSuite: (project: string, dataset: string, suite: string, input: SuiteInput) =>
    call(endpoints.putSuite, { params: { project, dataset, suite }, body: input }),
  suites: (project: string, dataset: string) => call(endpoints.listSuites, { params: { project, dataset } }),
  deleteSuite: (project: string, dataset: string, suite: string) =>
    call(endpoints.deleteSuite, { params: { project, dataset, suite } }),
  check: (project: string, dataset: string, version: string | number) =>
    call(endpoints.checkVersion, { params: { project, dataset, version: String(version) } }),
  quality: (project: string, dataset: string, version: string | number) =>
    call(endpoints.listQualityRuns, { params: { project, dataset, version: String(version) } }),

  /**
   * Read-only SQL over dataset versions, named `loans` (latest) or `"loans@3"`.
   *
   * ```ts
   * const { columns, rows } = await client.data.query('credit-risk', { sql: 'select count(*) from loans' });
   * ```
   */
  query: (project: string, input: QueryInput) =>
    call(endpoints.runQuery, { params: { project }, body: input }),
  /** A query's whole result as a CSV or Parquet file (a web stream). */
  downloadQuery: async (project: string, input: DownloadQueryInput) =>
    (
      await sendRaw(transport, endpoints.downloadQuery, {
        params: { project },
        body: JSON.stringify(input),
        contentType: 'application/json',
      })
    ).body,

  /** Appends an NDJSON batch to the dataset's open draft (sealed at its threshold or by `seal`). */
  append: async (
    project: string,
    dataset: string,
    ndjson: UploadSource | string,
    query: DraftQuery = {},
  ): Promise<{ draft: Draft; version: DatasetVersion | null }> => {
    const endpoint = endpoints.appendDraft;
    const response = await sendRaw(transport, endpoint, {
      params: { project, dataset },
      query,
      body: ndjson,
      contentType: 'application/x-ndjson',
    });
    return parsed(
      response,
      z.object({ draft: draftSchema, version: datasetVersionSchema.nullable() }),
      endpoint,
    );
  },
  draft: (project: string, dataset: string) => call(endpoints.getDraft, { params: { project, dataset } }),
  seal: (project: string, dataset: string, message?: string) =>
    call(endpoints.sealDraft, { params: { project, dataset }, body: message ? { message } : {} }),
  putSource: (project: string, source: string, connectionString: string) =>
    call(endpoints.putSource, { params: { project, source }, body: { kind: 'postgres', connectionString } }),
  sources: (project: string) => call(endpoints.listSources, { params: { project } }),
  deleteSource: (project: string, source: string) =>
    call(endpoints.deleteSource, { params: { project, source } }),
});
