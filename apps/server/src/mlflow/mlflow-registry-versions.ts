import {
  deleteModelVersion,
  getModelVersion,
  getRegisteredModel,
  registerModelVersion,
  type ServiceContext,
  searchModelVersions,
  transitionModelVersionStage,
  updateModelVersion,
} from '@baton/core';
import { invalidParameter } from './mlflow-error.ts';
import { asInvalidState, mlflowModelVersion } from './mlflow-registry-format.ts';
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

/** MLflow sends versions as strings; anything but a positive integer is INVALID_PARAMETER_VALUE. */
function versionOf(args: MlflowArgs): number {
  const raw = requiredString(args, 'version');
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1)
    throw invalidParameter(`Invalid model version number '${raw.slice(0, 40)}'.`);
  return n;
}

const ref = (args: MlflowArgs) => ({ model: requiredString(args, 'name'), version: versionOf(args) });
const wrapped = async (ctx: ServiceContext, args: MlflowArgs) => ({
  model_version: mlflowModelVersion(await getModelVersion({ ctx, input: ref(args) })),
});

const MODELS_URI = /^models:\/([^/@]+)(?:\/(\d+)|@([A-Za-z0-9_-]+))\/?$/;

/**
 * Where a version's files are. A copied version's source is `models:/name/3`; MLflow answers
 * with the storage location behind it (never a `models:/` URI), so follow the chain.
 */
async function downloadUriOf(ctx: ServiceContext, args: MlflowArgs): Promise<string> {
  let uri = (await getModelVersion({ ctx, input: ref(args) })).downloadUri;
  for (let hop = 0; hop < 10; hop++) {
    const m = MODELS_URI.exec(uri);
    if (!m) break;
    const version = m[2] ? Number(m[2]) : `@${m[3]}`;
    uri = (await getModelVersion({ ctx, input: { model: m[1]!, version } })).downloadUri;
  }
  return uri;
}

/**
 * MLflow's default order for model versions: most recently updated first (then name, then
 * newest version, which Baton's search always appends).
 */
const orderOrDefault = (orderBy: string[]) =>
  orderBy.length > 0 ? orderBy : ['last_updated_timestamp DESC'];

function booleanOf(args: MlflowArgs, name: string): boolean {
  const v = args[name];
  return v === true || v === 'true' || v === 'True' || v === '1';
}

/** MLflow's model-version endpoints over Baton's registry (one registry, not two). */
export const modelVersionRoutes: MlflowRoute[] = [
  {
    methods: ['POST'],
    path: 'model-versions/create',
    permission: register,
    handle: async ({ ctx, args }) => {
      const name = requiredString(args, 'name');
      const source = requiredString(args, 'source');
      // MLflow registers under an existing model only (clients create it first).
      await getRegisteredModel({ ctx, input: { model: name } });
      const version = await registerModelVersion({
        ctx,
        input: {
          model: name,
          source,
          runId: optionalString(args, 'run_id') || undefined,
          description: optionalString(args, 'description'),
          tags: tagRecord(args, 'tags'),
          requireOnnx: false,
        },
      });
      return { model_version: mlflowModelVersion(version) };
    },
  },
  {
    methods: ['GET'],
    path: 'model-versions/get',
    permission: read,
    handle: async ({ ctx, args }) => wrapped(ctx, args),
  },
  {
    methods: ['PATCH'],
    path: 'model-versions/update',
    permission: register,
    handle: async ({ ctx, args }) => {
      const version = await updateModelVersion({
        ctx,
        input: { ...ref(args), description: optionalString(args, 'description') ?? '' },
      });
      return { model_version: mlflowModelVersion(version) };
    },
  },
  {
    methods: ['DELETE'],
    path: 'model-versions/delete',
    permission: register,
    handle: async ({ ctx, args }) => {
      await asInvalidState(deleteModelVersion({ ctx, input: ref(args) }));
      return {};
    },
  },
  {
    methods: ['GET'],
    path: 'model-versions/search',
    permission: read,
    handle: async ({ ctx, args }) => {
      const page = await searchModelVersions({
        ctx,
        input: {
          filter: optionalString(args, 'filter'),
          orderBy: orderOrDefault(stringList(args, 'order_by')),
          maxResults: optionalInt(args, 'max_results') ?? 10_000,
          pageToken: optionalString(args, 'page_token'),
        },
      });
      return {
        model_versions: page.versions.map(mlflowModelVersion),
        ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}),
      };
    },
  },
  {
    methods: ['GET'],
    path: 'model-versions/get-download-uri',
    permission: read,
    handle: async ({ ctx, args }) => ({ artifact_uri: await downloadUriOf(ctx, args) }),
  },
  {
    methods: ['POST'],
    path: 'model-versions/transition-stage',
    permission: promote,
    handle: async ({ ctx, args }) => {
      const version = await transitionModelVersionStage({
        ctx,
        input: {
          ...ref(args),
          stage: requiredString(args, 'stage'),
          archiveExisting: booleanOf(args, 'archive_existing_versions'),
        },
      });
      return { model_version: mlflowModelVersion(version) };
    },
  },
  {
    methods: ['POST'],
    path: 'model-versions/set-tag',
    permission: register,
    handle: async ({ ctx, args }) => {
      const key = requiredString(args, 'key');
      await updateModelVersion({
        ctx,
        input: { ...ref(args), tags: { [key]: optionalString(args, 'value') ?? '' } },
      });
      return {};
    },
  },
  {
    methods: ['DELETE'],
    path: 'model-versions/delete-tag',
    permission: register,
    handle: async ({ ctx, args }) => {
      await updateModelVersion({ ctx, input: { ...ref(args), removeTags: [requiredString(args, 'key')] } });
      return {};
    },
  },
];
