import {
  createRun,
  deleteRunTag,
  getMetricHistory,
  getRun,
  listRunArtifacts,
  logBatch,
  logInputs,
  type ServiceContext,
  ServiceError,
  searchRuns,
  updateRun,
} from '@baton/core';
import { experimentRef } from './mlflow-experiments.ts';
import { mlflowFile, mlflowMetric, mlflowRun, mlflowRunInfo } from './mlflow-format.ts';
import {
  type MlflowArgs,
  objectList,
  optionalInt,
  optionalString,
  requiredString,
  stringList,
  tagRecord,
  viewType,
} from './mlflow-request.ts';
import type { MlflowRoute } from './mlflow-route.ts';

const read = 'experiment.read' as const;
const write = 'experiment.write' as const;
const runId = (args: MlflowArgs) => requiredString(args, 'run_id', 'run_uuid');
const STATUSES = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'] as const;

function status(args: MlflowArgs): (typeof STATUSES)[number] | undefined {
  const s = optionalString(args, 'status');
  if (s === undefined || s === '') return undefined;
  const found = STATUSES.find((x) => x === s);
  if (!found)
    throw new ServiceError(
      'bad_request',
      `Invalid value '${s}' for parameter 'status': use one of ${STATUSES.join(', ')}.`,
    );
  return found;
}

const keyValues = (list: Record<string, unknown>[]) =>
  list.map((item) => ({ key: item.key as string, value: item.value }));

type BatchMetrics = NonNullable<Parameters<typeof logBatch>[0]['input']['metrics']>;

/** The metrics of a request as they came (logBatch validates each field): no copy per metric. */
function metricsOf(list: Record<string, unknown>[]): BatchMetrics {
  for (const m of list) {
    if (m.value === undefined || m.value === null) {
      throw new ServiceError(
        'bad_request',
        `Missing value for required parameter 'value' of metric '${String(m.key)}'.`,
      );
    }
  }
  return list as BatchMetrics;
}

async function logOne(
  ctx: ServiceContext,
  run: string,
  batch: Omit<Parameters<typeof logBatch>[0]['input'], 'run'>,
) {
  await logBatch({ ctx, input: { run, ...batch } });
  return {};
}

const setLifecycle =
  (stage: 'active' | 'deleted'): MlflowRoute['handle'] =>
  async ({ ctx, args }) => {
    await updateRun({ ctx, input: { run: runId(args), lifecycleStage: stage } });
    return {};
  };

export const runRoutes: MlflowRoute[] = [
  {
    methods: ['POST'],
    path: 'runs/create',
    permission: write,
    handle: async ({ ctx, args }) => ({
      run: mlflowRun(
        await createRun({
          ctx,
          input: {
            experiment: await experimentRef(ctx, args),
            name: optionalString(args, 'run_name'),
            startTime: optionalInt(args, 'start_time'),
            tags: tagRecord(args, 'tags'),
            userId: optionalString(args, 'user_id'),
          },
        }),
      ),
    }),
  },
  {
    methods: ['GET'],
    path: 'runs/get',
    permission: read,
    handle: async ({ ctx, args }) => ({ run: mlflowRun(await getRun({ ctx, input: { run: runId(args) } })) }),
  },
  {
    methods: ['POST'],
    path: 'runs/update',
    permission: write,
    handle: async ({ ctx, args }) => ({
      run_info: mlflowRunInfo(
        await updateRun({
          ctx,
          input: {
            run: runId(args),
            status: status(args),
            endTime: optionalInt(args, 'end_time'),
            name: optionalString(args, 'run_name'),
          },
        }),
      ),
    }),
  },
  { methods: ['POST'], path: 'runs/delete', permission: write, handle: setLifecycle('deleted') },
  { methods: ['POST'], path: 'runs/restore', permission: write, handle: setLifecycle('active') },
  {
    methods: ['POST', 'GET'],
    path: 'runs/search',
    permission: read,
    handle: async ({ ctx, args }) => {
      const page = await searchRuns({
        ctx,
        input: {
          experimentIds: await Promise.all(
            stringList(args, 'experiment_ids').map((id) => experimentRef(ctx, { experiment_id: id })),
          ),
          filter: optionalString(args, 'filter'),
          orderBy: stringList(args, 'order_by'),
          viewType: viewType(args, 'run_view_type'),
          maxResults: optionalInt(args, 'max_results') ?? 1000,
          pageToken: optionalString(args, 'page_token'),
        },
      });
      return {
        runs: page.runs.map(mlflowRun),
        ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}),
      };
    },
  },
  {
    methods: ['POST'],
    path: 'runs/log-metric',
    permission: write,
    handle: async ({ ctx, args }) =>
      logOne(ctx, runId(args), {
        metrics: metricsOf([
          { key: requiredString(args, 'key'), value: args.value, step: args.step, timestamp: args.timestamp },
        ]),
      }),
  },
  {
    methods: ['POST'],
    path: 'runs/log-parameter',
    permission: write,
    handle: async ({ ctx, args }) =>
      logOne(ctx, runId(args), {
        params: [{ key: requiredString(args, 'key'), value: optionalString(args, 'value') ?? '' }],
      }),
  },
  {
    methods: ['POST'],
    path: 'runs/log-batch',
    permission: write,
    handle: async ({ ctx, args }) =>
      logOne(ctx, runId(args), {
        metrics: metricsOf(objectList(args, 'metrics')),
        params: keyValues(objectList(args, 'params')),
        tags: keyValues(objectList(args, 'tags')),
      }),
  },
  {
    methods: ['POST'],
    path: 'runs/set-tag',
    permission: write,
    handle: async ({ ctx, args }) =>
      logOne(ctx, runId(args), {
        tags: [{ key: requiredString(args, 'key'), value: optionalString(args, 'value') ?? '' }],
      }),
  },
  {
    methods: ['POST'],
    path: 'runs/delete-tag',
    permission: write,
    handle: async ({ ctx, args }) => {
      await deleteRunTag({ ctx, input: { run: runId(args), key: requiredString(args, 'key') } });
      return {};
    },
  },
  {
    methods: ['POST'],
    path: 'runs/log-model',
    permission: write,
    handle: async ({ ctx, args }) => {
      const run = runId(args);
      const raw = requiredString(args, 'model_json');
      let model: unknown;
      try {
        model = JSON.parse(raw);
      } catch {
        throw new ServiceError('bad_request', "Invalid value for parameter 'model_json': not JSON.");
      }
      if (!model || typeof model !== 'object' || Array.isArray(model)) {
        throw new ServiceError(
          'bad_request',
          "Invalid value for parameter 'model_json': expected a JSON object.",
        );
      }
      for (const field of ['artifact_path', 'flavors', 'utc_time_created', 'run_id']) {
        if (!(field in model))
          throw new ServiceError('bad_request', `Model json is missing mandatory field '${field}'.`);
      }
      // MLflow keeps the models logged to a run in this tag, as a JSON list.
      const current = (await getRun({ ctx, input: { run } })).tags['mlflow.log-model.history'];
      const history = current ? (JSON.parse(current) as unknown[]) : [];
      history.push(model);
      return logOne(ctx, run, {
        tags: [{ key: 'mlflow.log-model.history', value: JSON.stringify(history) }],
      });
    },
  },
  {
    methods: ['POST'],
    path: 'runs/log-inputs',
    permission: write,
    handle: async ({ ctx, args }) => {
      const datasets = objectList(args, 'datasets').map((input) => {
        const d = (input.dataset ?? {}) as Record<string, unknown>;
        const str = (v: unknown, name: string) => {
          if (v === undefined || v === null) return '';
          if (typeof v !== 'string')
            throw new ServiceError(
              'bad_request',
              `Invalid value for dataset field '${name}': expected a string.`,
            );
          return v;
        };
        if (!str(d.name, 'name') || !str(d.digest, 'digest')) {
          throw new ServiceError(
            'bad_request',
            "Each dataset input needs a dataset with a 'name' and a 'digest'.",
          );
        }
        return {
          name: str(d.name, 'name'),
          digest: str(d.digest, 'digest'),
          sourceType: str(d.source_type, 'source_type'),
          source: str(d.source, 'source'),
          schema: str(d.schema, 'schema'),
          profile: str(d.profile, 'profile'),
          tags: Object.entries(tagRecord(input, 'tags')).map(([key, value]) => ({ key, value })),
        };
      });
      if (datasets.length > 0) await logInputs({ ctx, input: { run: runId(args), datasets } });
      return {};
    },
  },
  {
    methods: ['GET'],
    path: 'metrics/get-history',
    permission: read,
    handle: async ({ ctx, args }) => {
      const history = await getMetricHistory({
        ctx,
        input: { run: runId(args), key: requiredString(args, 'metric_key') },
      });
      const max = optionalInt(args, 'max_results');
      const offset = Number(optionalString(args, 'page_token') ?? '0');
      if (!Number.isSafeInteger(offset) || offset < 0)
        throw new ServiceError('bad_request', 'Invalid page_token.');
      const end = max ? offset + max : history.points.length;
      return {
        metrics: history.points.slice(offset, end).map(mlflowMetric),
        ...(end < history.points.length ? { next_page_token: String(end) } : {}),
      };
    },
  },
  {
    methods: ['GET'],
    path: 'artifacts/list',
    permission: read,
    handle: async ({ ctx, args }) => {
      const run = await getRun({ ctx, input: { run: runId(args) } });
      const files = await listRunArtifacts({
        ctx,
        input: { run: run.info.id, path: optionalString(args, 'path') ?? '' },
      });
      return { root_uri: run.info.artifactUri, files: files.map((f) => mlflowFile(f)) };
    },
  },
];
