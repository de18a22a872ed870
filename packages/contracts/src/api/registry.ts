import { z } from 'zod';
import { defineEndpoint } from '../endpoint.ts';
import { okSchema, projectParams } from './common.ts';
import {
  aliasMoveSchema,
  approvalSchema,
  gateReportSchema,
  modelAliasSchema,
  modelLineageSchema,
  modelStageSchema,
  modelVersionSchema,
  promotionPolicySchema,
  promotionPolicyViewSchema,
  registeredModelSchema,
} from './registry-schemas.ts';

// Path parameters are loose strings checked by the services (404 when unknown), so that a
// caller without the permission gets 403, not 400, whatever the path holds.
const ref = z.string().min(1).max(256);
const modelParams = projectParams.extend({ model: ref });
const versionParams = modelParams.extend({ version: ref });
const aliasParams = modelParams.extend({ alias: ref });
const read = { kind: 'project', permission: 'model.read' } as const;
const register = { kind: 'project', permission: 'model.register' } as const;
const promote = { kind: 'project', permission: 'model.promote' } as const;
const approve = { kind: 'project', permission: 'model.approve' } as const;
const manageGates = { kind: 'project', permission: 'gate.manage' } as const;
const tag = 'registry';
const tags = z.record(z.string().max(250), z.string().max(5000)).optional();
const reason = z.string().max(2000).optional();
const base = '/api/v1/projects/:project/models';

export const listRegisteredModels = defineEndpoint({
  id: 'listRegisteredModels',
  method: 'GET',
  path: base,
  summary:
    "The project's registered models; `filter` in MLflow's language (`name LIKE 'churn%'`, `tags.team = 'a'`)",
  tag,
  access: read,
  params: projectParams,
  query: z.object({
    filter: z.string().max(10_000).optional(),
    orderBy: z.union([z.string(), z.array(z.string())]).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    cursor: z.string().max(200).optional(),
  }),
  response: z.object({ items: z.array(registeredModelSchema), nextCursor: z.string().nullable() }),
});

export const createRegisteredModel = defineEndpoint({
  id: 'createRegisteredModel',
  method: 'POST',
  path: base,
  summary: 'Register a model name in the project',
  tag,
  access: register,
  params: projectParams,
  body: z.object({ name: z.string(), description: z.string().max(5000).optional(), tags }).strict(),
  response: registeredModelSchema,
  status: 201,
});

export const getRegisteredModel = defineEndpoint({
  id: 'getRegisteredModel',
  method: 'GET',
  path: `${base}/:model`,
  summary: 'One registered model with its tags and aliases',
  tag,
  access: read,
  params: modelParams,
  response: registeredModelSchema,
});

export const updateRegisteredModel = defineEndpoint({
  id: 'updateRegisteredModel',
  method: 'PATCH',
  path: `${base}/:model`,
  summary: 'Rename a model, change its description, set or remove tags',
  tag,
  access: register,
  params: modelParams,
  body: z
    .object({
      name: z.string().optional(),
      description: z.string().max(5000).optional(),
      tags,
      removeTags: z.array(z.string().max(250)).max(100).optional(),
    })
    .strict(),
  response: registeredModelSchema,
});

export const deleteRegisteredModel = defineEndpoint({
  id: 'deleteRegisteredModel',
  method: 'DELETE',
  path: `${base}/:model`,
  summary: 'Delete a model and its versions (refused while a deployment serves it)',
  tag,
  access: register,
  params: modelParams,
  response: okSchema,
});

export const listModelVersions = defineEndpoint({
  id: 'listModelVersions',
  method: 'GET',
  path: `${base}/:model/versions`,
  summary: "A model's versions, newest first",
  tag,
  access: read,
  params: modelParams,
  query: z.object({
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    cursor: z.string().max(200).optional(),
  }),
  response: z.object({ items: z.array(modelVersionSchema), nextCursor: z.string().nullable() }),
});

export const registerModelVersion = defineEndpoint({
  id: 'registerModelVersion',
  method: 'POST',
  path: `${base}/:model/versions`,
  summary:
    'Register a new version from a run (its model.onnx, signature.json and dataset input) or from a source URI',
  tag,
  access: register,
  params: modelParams,
  body: z
    .object({
      runId: z.string().max(64).optional(),
      source: z.string().max(2000).optional(),
      description: z.string().max(5000).optional(),
      tags,
      /** Create the registered model when it does not exist yet. */
      createModel: z.boolean().optional(),
    })
    .strict(),
  response: modelVersionSchema,
  status: 201,
});

export const getModelVersion = defineEndpoint({
  id: 'getModelVersion',
  method: 'GET',
  path: `${base}/:model/versions/:version`,
  summary: 'One model version (by number, or by alias as `@alias`)',
  tag,
  access: read,
  params: versionParams,
  response: modelVersionSchema,
});

export const updateModelVersion = defineEndpoint({
  id: 'updateModelVersion',
  method: 'PATCH',
  path: `${base}/:model/versions/:version`,
  summary: "Change a version's description, set or remove tags",
  tag,
  access: register,
  params: versionParams,
  body: z
    .object({
      description: z.string().max(5000).optional(),
      tags,
      removeTags: z.array(z.string().max(250)).max(100).optional(),
    })
    .strict(),
  response: modelVersionSchema,
});

export const transitionModelVersionStage = defineEndpoint({
  id: 'transitionModelVersionStage',
  method: 'POST',
  path: `${base}/:model/versions/:version/stage`,
  summary: "Set MLflow's legacy stage (None, Staging, Production, Archived); aliases are the gated way",
  tag,
  access: promote,
  params: versionParams,
  body: z.object({ stage: modelStageSchema, archiveExistingVersions: z.boolean().optional() }).strict(),
  response: modelVersionSchema,
});

export const deleteModelVersion = defineEndpoint({
  id: 'deleteModelVersion',
  method: 'DELETE',
  path: `${base}/:model/versions/:version`,
  summary: 'Delete a version (refused while a deployment serves it through an alias)',
  tag,
  access: register,
  params: versionParams,
  response: okSchema,
});

export const getModelLineage = defineEndpoint({
  id: 'getModelLineage',
  method: 'GET',
  path: `${base}/:model/versions/:version/lineage`,
  summary: 'Dataset version -> run -> model version -> deployments',
  tag,
  access: read,
  params: versionParams,
  response: modelLineageSchema,
});

export const listModelAliases = defineEndpoint({
  id: 'listModelAliases',
  method: 'GET',
  path: `${base}/:model/aliases`,
  summary: "Where each of the model's aliases points now",
  tag,
  access: read,
  params: modelParams,
  response: z.object({ items: z.array(modelAliasSchema) }),
});

export const getAliasHistory = defineEndpoint({
  id: 'getAliasHistory',
  method: 'GET',
  path: `${base}/:model/history`,
  summary: 'Every alias move (who, when, from, to, why, gate report), newest first',
  tag,
  access: read,
  params: modelParams,
  query: z.object({ alias: z.string().max(64).optional() }),
  response: z.object({ items: z.array(aliasMoveSchema) }),
});

export const evaluateModelGates = defineEndpoint({
  id: 'evaluateModelGates',
  method: 'GET',
  path: `${base}/:model/aliases/:alias/gates`,
  summary: "Every gate of the alias's policy for a version, passed or failed with the reason",
  tag,
  access: read,
  params: aliasParams,
  query: z.object({ version: ref }),
  response: gateReportSchema,
});

export const promoteModelAlias = defineEndpoint({
  id: 'promoteModelAlias',
  method: 'POST',
  path: `${base}/:model/aliases/:alias/promote`,
  summary: 'Point an alias at a version through its gates (409 gates_failed lists every failing gate)',
  tag,
  access: promote,
  params: aliasParams,
  body: z
    .object({
      version: z.union([z.number().int(), z.string().max(64)]),
      reason,
      /** Move only if the alias is still at this revision (0 when it must not exist yet). */
      expectedRevision: z.number().int().min(0).optional(),
    })
    .strict(),
  response: aliasMoveSchema,
});

export const rollbackModelAlias = defineEndpoint({
  id: 'rollbackModelAlias',
  method: 'POST',
  path: `${base}/:model/aliases/:alias/rollback`,
  summary: 'Re-point an alias to the version it pointed to before its last move',
  tag,
  access: promote,
  params: aliasParams,
  body: z.object({ reason, expectedRevision: z.number().int().min(0).optional() }).strict(),
  response: aliasMoveSchema,
});

export const deleteModelAlias = defineEndpoint({
  id: 'deleteModelAlias',
  method: 'DELETE',
  path: `${base}/:model/aliases/:alias`,
  summary: 'Remove an alias (kept in the history as a move of kind delete)',
  tag,
  access: promote,
  params: aliasParams,
  response: okSchema,
});

export const listModelApprovals = defineEndpoint({
  id: 'listModelApprovals',
  method: 'GET',
  path: `${base}/:model/versions/:version/approvals`,
  summary: 'Approvals and rejections of a version, revoked ones included',
  tag,
  access: read,
  params: versionParams,
  query: z.object({ alias: z.string().max(64).optional() }),
  response: z.object({ items: z.array(approvalSchema) }),
});

export const decideModelApproval = defineEndpoint({
  id: 'decideModelApproval',
  method: 'POST',
  path: `${base}/:model/versions/:version/approvals`,
  summary: "Approve or reject a version's promotion to an alias, as a role you hold and the policy names",
  tag,
  access: approve,
  params: versionParams,
  body: z
    .object({
      alias: z.string().max(64),
      decision: z.enum(['approve', 'reject']),
      role: z.string().max(64).optional(),
      comment: z.string().max(5000).optional(),
    })
    .strict(),
  response: approvalSchema,
  status: 201,
});

export const revokeModelApproval = defineEndpoint({
  id: 'revokeModelApproval',
  method: 'POST',
  path: `${base}/:model/versions/:version/approvals/:approval/revoke`,
  summary: 'Revoke an approval or rejection (your own, or any with gate.manage)',
  tag,
  access: approve,
  params: versionParams.extend({ approval: ref }),
  response: approvalSchema,
});

const policyBase = '/api/v1/projects/:project/promotion-policies';
const policyParams = projectParams.extend({ alias: ref });

export const listPromotionPolicies = defineEndpoint({
  id: 'listPromotionPolicies',
  method: 'GET',
  path: policyBase,
  summary: "The project's promotion policies, one per alias",
  tag,
  access: read,
  params: projectParams,
  response: z.object({ items: z.array(promotionPolicyViewSchema) }),
});

export const getPromotionPolicy = defineEndpoint({
  id: 'getPromotionPolicy',
  method: 'GET',
  path: `${policyBase}/:alias`,
  summary: 'The promotion policy of an alias',
  tag,
  access: read,
  params: policyParams,
  response: promotionPolicyViewSchema,
});

export const putPromotionPolicy = defineEndpoint({
  id: 'putPromotionPolicy',
  method: 'PUT',
  path: `${policyBase}/:alias`,
  summary: 'Declare (or replace) the promotion policy of an alias',
  tag,
  access: manageGates,
  params: policyParams,
  body: promotionPolicySchema,
  response: promotionPolicyViewSchema,
});

export const deletePromotionPolicy = defineEndpoint({
  id: 'deletePromotionPolicy',
  method: 'DELETE',
  path: `${policyBase}/:alias`,
  summary: 'Remove the promotion policy of an alias (moves are then ungated)',
  tag,
  access: manageGates,
  params: policyParams,
  response: okSchema,
});
