import {
  createExperiment,
  getExperiment,
  type ServiceContext,
  searchExperiments,
  updateExperiment,
} from '@baton/core';
import { mlflowExperiment } from './mlflow-format.ts';
import {
  type MlflowArgs,
  optionalInt,
  optionalString,
  requiredString,
  stringList,
  tagRecord,
  viewType,
} from './mlflow-request.ts';
import type { MlflowRoute } from './mlflow-route.ts';

export const DEFAULT_EXPERIMENT_ID = '0';
export const DEFAULT_EXPERIMENT_NAME = 'Default';

/**
 * MLflow's experiment "0" is each project's `Default` experiment, created on first use, so
 * that `mlflow.start_run()` with no experiment set works.
 */
export async function experimentRef(
  ctx: ServiceContext,
  args: MlflowArgs,
  name = 'experiment_id',
): Promise<string> {
  const id = optionalString(args, name) ?? DEFAULT_EXPERIMENT_ID;
  if (id !== DEFAULT_EXPERIMENT_ID) return id;
  try {
    return (await getExperiment({ ctx, input: { experiment: DEFAULT_EXPERIMENT_NAME, byName: true } })).id;
  } catch (error) {
    // A reader cannot create it; only a writer's first call does.
    if (!ctx.project?.permissions.has('experiment.write')) throw error;
    try {
      return (await createExperiment({ ctx, input: { name: DEFAULT_EXPERIMENT_NAME } })).id;
    } catch {
      // Created meanwhile by a concurrent request.
      return (await getExperiment({ ctx, input: { experiment: DEFAULT_EXPERIMENT_NAME, byName: true } })).id;
    }
  }
}

const read = 'experiment.read' as const;
const write = 'experiment.write' as const;

async function search({ ctx, args }: { ctx: ServiceContext; args: MlflowArgs }) {
  const page = await searchExperiments({
    ctx,
    input: {
      filter: optionalString(args, 'filter'),
      orderBy: stringList(args, 'order_by'),
      viewType: viewType(args, 'view_type'),
      maxResults: optionalInt(args, 'max_results') ?? 1000,
      pageToken: optionalString(args, 'page_token'),
    },
  });
  return {
    experiments: page.experiments.map(mlflowExperiment),
    ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}),
  };
}

const setStage =
  (stage: 'active' | 'deleted'): MlflowRoute['handle'] =>
  async ({ ctx, args }) => {
    await updateExperiment({
      ctx,
      input: { experiment: await experimentRef(ctx, args), lifecycleStage: stage },
    });
    return {};
  };

export const experimentRoutes: MlflowRoute[] = [
  {
    methods: ['POST'],
    path: 'experiments/create',
    permission: write,
    handle: async ({ ctx, args }) => {
      const experiment = await createExperiment({
        ctx,
        input: {
          name: requiredString(args, 'name'),
          artifactLocation: optionalString(args, 'artifact_location'),
          tags: tagRecord(args, 'tags'),
        },
      });
      return { experiment_id: experiment.id };
    },
  },
  {
    methods: ['GET'],
    path: 'experiments/get',
    permission: read,
    handle: async ({ ctx, args }) => ({
      experiment: mlflowExperiment(
        await getExperiment({
          ctx,
          input: {
            experiment: await experimentRef(ctx, { experiment_id: requiredString(args, 'experiment_id') }),
          },
        }),
      ),
    }),
  },
  {
    methods: ['GET'],
    path: 'experiments/get-by-name',
    permission: read,
    handle: async ({ ctx, args }) => ({
      experiment: mlflowExperiment(
        await getExperiment({
          ctx,
          input: { experiment: requiredString(args, 'experiment_name'), byName: true },
        }),
      ),
    }),
  },
  { methods: ['GET', 'POST'], path: 'experiments/search', permission: read, handle: search },
  {
    methods: ['POST'],
    path: 'experiments/update',
    permission: write,
    handle: async ({ ctx, args }) => {
      await updateExperiment({
        ctx,
        input: {
          experiment: await experimentRef(ctx, { experiment_id: requiredString(args, 'experiment_id') }),
          name: optionalString(args, 'new_name'),
        },
      });
      return {};
    },
  },
  { methods: ['POST'], path: 'experiments/delete', permission: write, handle: setStage('deleted') },
  { methods: ['POST'], path: 'experiments/restore', permission: write, handle: setStage('active') },
  {
    methods: ['POST'],
    path: 'experiments/set-experiment-tag',
    permission: write,
    handle: async ({ ctx, args }) => {
      const key = requiredString(args, 'key');
      const value = optionalString(args, 'value') ?? '';
      await updateExperiment({
        ctx,
        input: {
          experiment: await experimentRef(ctx, { experiment_id: requiredString(args, 'experiment_id') }),
          tags: { [key]: value },
        },
      });
      return {};
    },
  },
];
