import {
  aliasHistory,
  createRegisteredModel,
  decideApproval,
  deleteAlias,
  deleteModelVersion,
  deletePromotionPolicy,
  deleteRegisteredModel,
  evaluateGates,
  getModelVersion,
  getPromotionPolicy,
  getRegisteredModel,
  listAliases,
  listApprovals,
  listModelVersions,
  listPromotionPolicies,
  promoteAlias,
  putPromotionPolicy,
  registerModelVersion,
  revokeApproval,
  rollbackAlias,
  searchRegisteredModels,
  transitionModelVersionStage,
  updateModelVersion,
  updateRegisteredModel,
  versionLineage,
} from '@baton/core';
import type { HandlerGroup } from './handlers.ts';

type RegistryEndpoint =
  | 'listRegisteredModels'
  | 'createRegisteredModel'
  | 'getRegisteredModel'
  | 'updateRegisteredModel'
  | 'deleteRegisteredModel'
  | 'listModelVersions'
  | 'registerModelVersion'
  | 'getModelVersion'
  | 'updateModelVersion'
  | 'transitionModelVersionStage'
  | 'deleteModelVersion'
  | 'getModelLineage'
  | 'listModelAliases'
  | 'getAliasHistory'
  | 'evaluateModelGates'
  | 'promoteModelAlias'
  | 'rollbackModelAlias'
  | 'deleteModelAlias'
  | 'listModelApprovals'
  | 'decideModelApproval'
  | 'revokeModelApproval'
  | 'listPromotionPolicies'
  | 'getPromotionPolicy'
  | 'putPromotionPolicy'
  | 'deletePromotionPolicy';

const ok = { ok: true as const };
const list = (v: string | string[] | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

/** The registry lane: registered models, versions, aliases with history, gates and approvals. */
export const registryHandlers: HandlerGroup<RegistryEndpoint> = {
  listRegisteredModels: async ({ ctx, query }) => {
    const page = await searchRegisteredModels({
      ctx,
      input: {
        filter: query.filter,
        orderBy: list(query.orderBy),
        maxResults: query.limit,
        pageToken: query.cursor,
      },
    });
    return { items: page.models, nextCursor: page.nextPageToken };
  },
  createRegisteredModel: async ({ ctx, body }) => createRegisteredModel({ ctx, input: body }),
  getRegisteredModel: async ({ ctx, params }) => getRegisteredModel({ ctx, input: { model: params.model } }),
  updateRegisteredModel: async ({ ctx, params, body }) =>
    updateRegisteredModel({ ctx, input: { model: params.model, ...body } }),
  deleteRegisteredModel: async ({ ctx, params }) => {
    await deleteRegisteredModel({ ctx, input: { model: params.model } });
    return ok;
  },
  listModelVersions: async ({ ctx, params, query }) =>
    listModelVersions({ ctx, input: { model: params.model, limit: query.limit, cursor: query.cursor } }),
  registerModelVersion: async ({ ctx, params, body }) =>
    registerModelVersion({ ctx, input: { model: params.model, ...body, requireOnnx: true } }),
  getModelVersion: async ({ ctx, params }) => getModelVersion({ ctx, input: params }),
  updateModelVersion: async ({ ctx, params, body }) =>
    updateModelVersion({ ctx, input: { ...params, ...body } }),
  transitionModelVersionStage: async ({ ctx, params, body }) =>
    transitionModelVersionStage({
      ctx,
      input: { ...params, stage: body.stage, archiveExisting: body.archiveExistingVersions },
    }),
  deleteModelVersion: async ({ ctx, params }) => {
    await deleteModelVersion({ ctx, input: params });
    return ok;
  },
  getModelLineage: async ({ ctx, params }) => versionLineage({ ctx, input: params }),
  listModelAliases: async ({ ctx, params }) => ({ items: await listAliases({ ctx, input: params }) }),
  getAliasHistory: async ({ ctx, params, query }) => ({
    items: await aliasHistory({ ctx, input: { model: params.model, alias: query.alias } }),
  }),
  evaluateModelGates: async ({ ctx, params, query }) =>
    evaluateGates({ ctx, input: { model: params.model, alias: params.alias, version: query.version } }),
  promoteModelAlias: async ({ ctx, params, body }) =>
    promoteAlias({ ctx, input: { model: params.model, alias: params.alias, ...body } }),
  rollbackModelAlias: async ({ ctx, params, body }) =>
    rollbackAlias({ ctx, input: { model: params.model, alias: params.alias, ...body } }),
  deleteModelAlias: async ({ ctx, params }) => {
    await deleteAlias({ ctx, input: params });
    return ok;
  },
  listModelApprovals: async ({ ctx, params, query }) => ({
    items: await listApprovals({ ctx, input: { ...params, alias: query.alias } }),
  }),
  decideModelApproval: async ({ ctx, params, body }) =>
    decideApproval({ ctx, input: { ...params, ...body } }),
  revokeModelApproval: async ({ ctx, params }) => revokeApproval({ ctx, input: params }),
  listPromotionPolicies: async ({ ctx }) => ({ items: await listPromotionPolicies({ ctx }) }),
  getPromotionPolicy: async ({ ctx, params }) => getPromotionPolicy({ ctx, input: { alias: params.alias } }),
  putPromotionPolicy: async ({ ctx, params, body }) =>
    putPromotionPolicy({ ctx, input: { alias: params.alias, policy: body } }),
  deletePromotionPolicy: async ({ ctx, params }) => {
    await deletePromotionPolicy({ ctx, input: { alias: params.alias } });
    return ok;
  },
};
