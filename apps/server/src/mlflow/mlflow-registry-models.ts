import {
  createRegisteredModel,
  deleteAlias,
  deleteRegisteredModel,
  getModelVersion,
  getRegisteredModel,
  listModelVersions,
  promoteAlias,
  type ServiceContext,
  searchRegisteredModels,
  updateRegisteredModel,
} from '@baton/core';
import {
  asInvalidState,
  latestPerStage,
  mlflowModelVersion,
  mlflowRegisteredModel,
} from './mlflow-registry-format.ts';
import {
  type MlflowArgs,
  optionalInt,
  optionalString,
  requiredString,
  stringList,
  tagRecord,
} from './mlflow-request.ts';
import type { MlflowRoute } from './mlflow-route.ts';

const read = 'model.read' as const;
const register = 'model.register' as const;
const promote = 'model.promote' as const;

async function versionsOf(ctx: ServiceContext, model: string) {
  return (await listModelVersions({ ctx, input: { model, limit: 1000 } })).items;
}

async function fullModel(ctx: ServiceContext, name: string) {
  const model = await getRegisteredModel({ ctx, input: { model: name } });
  return { registered_model: mlflowRegisteredModel(model, await versionsOf(ctx, model.name)) };
}

const modelName = (args: MlflowArgs) => requiredString(args, 'name');

/**
 * MLflow's registered-model endpoints over Baton's registry. An alias set goes through the same
 * move as `baton model promote` (kind `set` in the history): when the project declares a policy
 * for that alias its gates apply, and a blocked set answers INVALID_STATE listing every gate.
 */
export const registeredModelRoutes: MlflowRoute[] = [
  {
    methods: ['POST'],
    path: 'registered-models/create',
    permission: register,
    handle: async ({ ctx, args }) => {
      const model = await createRegisteredModel({
        ctx,
        input: {
          name: modelName(args),
          description: optionalString(args, 'description'),
          tags: tagRecord(args, 'tags'),
        },
      });
      return { registered_model: mlflowRegisteredModel(model, []) };
    },
  },
  {
    methods: ['GET'],
    path: 'registered-models/get',
    permission: read,
    handle: async ({ ctx, args }) => fullModel(ctx, modelName(args)),
  },
  {
    methods: ['POST'],
    path: 'registered-models/rename',
    permission: register,
    handle: async ({ ctx, args }) => {
      const model = await updateRegisteredModel({
        ctx,
        input: { model: modelName(args), name: requiredString(args, 'new_name') },
      });
      return fullModel(ctx, model.name);
    },
  },
  {
    methods: ['PATCH'],
    path: 'registered-models/update',
    permission: register,
    handle: async ({ ctx, args }) => {
      const model = await updateRegisteredModel({
        ctx,
        input: { model: modelName(args), description: optionalString(args, 'description') ?? '' },
      });
      return fullModel(ctx, model.name);
    },
  },
  {
    methods: ['DELETE'],
    path: 'registered-models/delete',
    permission: register,
    handle: async ({ ctx, args }) => {
      await asInvalidState(deleteRegisteredModel({ ctx, input: { model: modelName(args) } }));
      return {};
    },
  },
  {
    methods: ['GET'],
    path: 'registered-models/search',
    permission: read,
    handle: async ({ ctx, args }) => {
      const page = await searchRegisteredModels({
        ctx,
        input: {
          filter: optionalString(args, 'filter'),
          orderBy: stringList(args, 'order_by'),
          maxResults: optionalInt(args, 'max_results') ?? 100,
          pageToken: optionalString(args, 'page_token'),
        },
      });
      const models = await Promise.all(
        page.models.map(async (m) => mlflowRegisteredModel(m, await versionsOf(ctx, m.name))),
      );
      return {
        registered_models: models,
        ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}),
      };
    },
  },
  {
    methods: ['POST', 'GET'],
    path: 'registered-models/get-latest-versions',
    permission: read,
    handle: async ({ ctx, args }) => {
      const name = modelName(args);
      await getRegisteredModel({ ctx, input: { model: name } });
      const latest = latestPerStage(await versionsOf(ctx, name), stringList(args, 'stages'));
      return { model_versions: latest.map(mlflowModelVersion) };
    },
  },
  {
    methods: ['POST'],
    path: 'registered-models/set-tag',
    permission: register,
    handle: async ({ ctx, args }) => {
      const key = requiredString(args, 'key');
      await updateRegisteredModel({
        ctx,
        input: { model: modelName(args), tags: { [key]: optionalString(args, 'value') ?? '' } },
      });
      return {};
    },
  },
  {
    methods: ['DELETE'],
    path: 'registered-models/delete-tag',
    permission: register,
    handle: async ({ ctx, args }) => {
      await updateRegisteredModel({
        ctx,
        input: { model: modelName(args), removeTags: [requiredString(args, 'key')] },
      });
      return {};
    },
  },
  {
    methods: ['POST'],
    path: 'registered-models/alias',
    permission: promote,
    handle: async ({ ctx, args }) => {
      await asInvalidState(
        promoteAlias({
          ctx,
          input: {
            model: modelName(args),
            alias: requiredString(args, 'alias'),
            version: requiredString(args, 'version'),
            reason: 'set through the MLflow API',
            kind: 'set',
          },
        }),
      );
      return {};
    },
  },
  {
    methods: ['DELETE'],
    path: 'registered-models/alias',
    permission: promote,
    handle: async ({ ctx, args }) => {
      await asInvalidState(
        deleteAlias({
          ctx,
          input: {
            model: modelName(args),
            alias: requiredString(args, 'alias'),
            reason: 'deleted through the MLflow API',
          },
        }),
      );
      return {};
    },
  },
  {
    methods: ['GET'],
    path: 'registered-models/alias',
    permission: read,
    handle: async ({ ctx, args }) => ({
      model_version: mlflowModelVersion(
        await getModelVersion({
          ctx,
          input: { model: modelName(args), version: `@${requiredString(args, 'alias')}` },
        }),
      ),
    }),
  },
];
