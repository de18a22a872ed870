import {
  type ArtifactFile,
  artifactFileSchema,
  type BodyOf,
  endpoints,
  type QueryOf,
  type RunInfo,
  type RunStatus,
  TRACKING_LIMITS,
} from '@baton/contracts';
import type { Call } from '../call.ts';
import { buildPath, failureOf, type QueryValues, type Transport, unreachableError } from '../request.ts';
import { endAtExit } from './run-exit.ts';

export type ExperimentsQuery = QueryValues<QueryOf<typeof endpoints.listExperiments>>;
export type CreateRunInput = BodyOf<typeof endpoints.createRun>;
export type SearchRunsInput = BodyOf<typeof endpoints.searchRuns>;
export type RunBatch = BodyOf<typeof endpoints.logRunBatch>;
/** An artifact body: bytes, a string, a Blob or a web stream. */
export type ArtifactSource = Uint8Array | string | Blob | ReadableStream<Uint8Array>;

async function sendFile(
  transport: Transport,
  method: 'PUT' | 'GET',
  path: string,
  body?: ArtifactSource,
): Promise<Response> {
  const url = `${transport.baseUrl}${path}`;
  const headers: Record<string, string> = { ...transport.headers };
  if (body !== undefined) headers['content-type'] = 'application/octet-stream';
  let response: Response;
  try {
    response = await transport.fetch(url, {
      method,
      headers,
      ...(body !== undefined ? { body: body as BodyInit, duplex: 'half' } : {}),
    } as RequestInit);
  } catch (error) {
    throw unreachableError({ method, url }, error);
  }
  if (!response.ok) throw await failureOf(response, { method, url });
  return response;
}

export interface StartRunOptions extends CreateRunInput {
  /** Sends buffered metrics at least this often (ms); 0 sends only on `flush()` and `end()`. Default 2000. */
  flushIntervalMs?: number;
  /**
   * In Node.js, flush and end the run when the process runs out of work without `end()`
   * having been called: FINISHED, or FAILED when `process.exitCode` is set. Default true.
   */
  endOnExit?: boolean;
}

/**
 * A running run with client-side batching: `logMetric`, `logParam` and `setTag` buffer, and
 * the buffer goes out as one `log-batch` when it reaches MLflow's batch limits, on a timer,
 * on `flush()`, on `end()`, and (in Node.js) when the process runs out of work: a run not
 * ended by then is ended FINISHED, or FAILED when `process.exitCode` is set.
 */
export interface RunHandle {
  readonly id: string;
  readonly info: RunInfo;
  logMetric(key: string, value: number, step?: number): void;
  logMetrics(values: Record<string, number>, step?: number): void;
  logParam(key: string, value: string | number | boolean): void;
  logParams(values: Record<string, string | number | boolean>): void;
  setTag(key: string, value: string): void;
  /** Sends whatever is buffered; resolves once the server has it. */
  flush(): Promise<void>;
  logArtifact(path: string, body: ArtifactSource): Promise<ArtifactFile>;
  /** Flushes, then ends the run with a status (FINISHED by default). */
  end(status?: RunStatus): Promise<RunInfo>;
}

const wire = (v: number): number | string => (Number.isFinite(v) ? v : String(v));

/** Experiments and runs: what data scientists and researchers record as they try things. */
export const trackingApi = (call: Call, transport: Transport) => {
  const api = {
    listExperiments: (project: string, query: ExperimentsQuery = {}) =>
      call(endpoints.listExperiments, { params: { project }, query }),
    createExperiment: (project: string, name: string, tags?: Record<string, string>) =>
      call(endpoints.createExperiment, { params: { project }, body: { name, ...(tags ? { tags } : {}) } }),
    getExperiment: (project: string, experiment: string) =>
      call(endpoints.getExperiment, { params: { project, experiment } }),
    updateExperiment: (
      project: string,
      experiment: string,
      body: BodyOf<typeof endpoints.updateExperiment>,
    ) => call(endpoints.updateExperiment, { params: { project, experiment }, body }),
    createRun: (project: string, experiment: string, body: CreateRunInput = {}) =>
      call(endpoints.createRun, { params: { project, experiment }, body }),
    getRun: (project: string, run: string) => call(endpoints.getRun, { params: { project, run } }),
    updateRun: (project: string, run: string, body: BodyOf<typeof endpoints.updateRun>) =>
      call(endpoints.updateRun, { params: { project, run }, body }),
    /**
     * Runs matching an MLflow filter, one page at a time.
     *
     * ```ts
     * const { runs } = await baton.tracking.searchRuns('credit-risk', {
     *   filter: "metrics.auc > 0.8 and params.lr = '0.1'",
     *   orderBy: ['metrics.auc DESC'],
     * });
     * ```
     */
    searchRuns: (project: string, body: SearchRunsInput = {}) =>
      call(endpoints.searchRuns, { params: { project }, body }),
    logBatch: (project: string, run: string, batch: RunBatch) =>
      call(endpoints.logRunBatch, { params: { project, run }, body: batch }),
    deleteTag: (project: string, run: string, key: string) =>
      call(endpoints.deleteRunTag, { params: { project, run, key } }),
    /** A metric series; `maxPoints` downsamples it on the server (LTTB). */
    metricHistory: (project: string, run: string, key: string, maxPoints?: number) =>
      call(endpoints.getMetricHistory, {
        params: { project, run, key },
        query: maxPoints ? { maxPoints } : {},
      }),
    /** Records the exact dataset versions the run used. */
    logInputs: (
      project: string,
      run: string,
      datasets: { dataset: string; version: number; context?: string }[],
    ) => call(endpoints.logRunInputs, { params: { project, run }, body: { datasets } }),
    listArtifacts: (project: string, run: string, path = '') =>
      call(endpoints.listRunArtifacts, { params: { project, run }, query: { path } }),
    async uploadArtifact(
      project: string,
      run: string,
      path: string,
      body: ArtifactSource,
    ): Promise<ArtifactFile> {
      const url = `${buildPath(endpoints.uploadRunArtifact.path, { project, run })}?path=${encodeURIComponent(path)}`;
      return artifactFileSchema.parse(await (await sendFile(transport, 'PUT', url, body)).json());
    },
    /** The artifact's bytes as a fetch `Response` (stream it with `.body`). */
    downloadArtifact: (project: string, run: string, path: string) =>
      sendFile(
        transport,
        'GET',
        `${buildPath(endpoints.downloadRunArtifact.path, { project, run })}?path=${encodeURIComponent(path)}`,
      ),

    /**
     * Starts a run and returns a handle that batches what it logs.
     *
     * ```ts
     * const run = await baton.tracking.startRun('credit-risk', 'churn', { name: 'gbm-1' });
     * run.logParams({ lr: 0.1, depth: 6 });
     * for (let step = 0; step < 100; step++) run.logMetric('loss', 1 / (step + 1), step);
     * await run.logArtifact('model/model.onnx', bytes);
     * await run.end(); // flushes, then FINISHED
     * ```
     */
    async startRun(project: string, experiment: string, options: StartRunOptions = {}): Promise<RunHandle> {
      const { flushIntervalMs = 2000, endOnExit = true, ...body } = options;
      const created = await api.createRun(project, experiment, body);
      const id = created.info.id;
      let metrics: { key: string; value: number | string; step: number; timestamp: number }[] = [];
      let params: { key: string; value: string }[] = [];
      let tags: { key: string; value: string }[] = [];
      let sending: Promise<void> = Promise.resolve();
      let timer: ReturnType<typeof setTimeout> | undefined;
      let failure: unknown;

      const send = (): Promise<void> => {
        if (timer) clearTimeout(timer);
        timer = undefined;
        if (metrics.length + params.length + tags.length === 0) return sending;
        const batch = { metrics, params, tags };
        metrics = [];
        params = [];
        tags = [];
        // Batches go out one after another, in order.
        sending = sending.then(async () => {
          await api.logBatch(project, id, batch);
        });
        sending.catch((error: unknown) => {
          failure = error;
        });
        return sending;
      };
      const buffered = () => {
        if (
          metrics.length >= TRACKING_LIMITS.batchMetrics ||
          params.length >= TRACKING_LIMITS.batchParams ||
          tags.length >= TRACKING_LIMITS.batchTags ||
          metrics.length + params.length + tags.length >= TRACKING_LIMITS.batchTotal
        ) {
          void send();
        } else if (flushIntervalMs > 0 && !timer) {
          timer = setTimeout(() => void send(), flushIntervalMs);
          (timer as { unref?: () => void }).unref?.();
        }
      };
      const handle: RunHandle = {
        id,
        info: created.info,
        logMetric(key, value, step = 0) {
          metrics.push({ key, value: wire(value), step, timestamp: Date.now() });
          buffered();
        },
        logMetrics(values, step = 0) {
          for (const [key, value] of Object.entries(values)) handle.logMetric(key, value, step);
        },
        logParam(key, value) {
          params.push({ key, value: String(value) });
          buffered();
        },
        logParams(values) {
          for (const [key, value] of Object.entries(values)) handle.logParam(key, value);
        },
        setTag(key, value) {
          tags.push({ key, value });
          buffered();
        },
        async flush() {
          await send();
          if (failure) {
            const error = failure;
            failure = undefined;
            throw error;
          }
        },
        logArtifact: (path, body) => api.uploadArtifact(project, id, path, body),
        async end(status = 'FINISHED') {
          forget();
          await handle.flush();
          return api.updateRun(project, id, { status });
        },
      };
      const forget = endOnExit
        ? endAtExit({
            endAtExit: (status) =>
              handle.end(status).then(
                () => undefined,
                (error: unknown) => {
                  console.error(`baton: run ${id} could not be ended at exit:`, error);
                },
              ),
          })
        : () => {};
      return handle;
    },
  };
  return api;
};
