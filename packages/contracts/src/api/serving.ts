import { z } from 'zod';
import { defineEndpoint } from '../endpoint.ts';
import { okSchema, projectParams } from './common.ts';
import {
  challengerModeSchema,
  deploymentNameSchema,
  deploymentSchema,
  deploymentStatsSchema,
  deploymentStatusSchema,
  predictionSchema,
  servingConfigInput,
} from './serving-schemas.ts';

// Path parameters are loose strings checked by the services (404 when unknown), so that a
// caller without the permission gets 403, not 400.
const deploymentParams = projectParams.extend({ deployment: z.string().min(1).max(200) });
const read = { kind: 'project', permission: 'deployment.read' } as const;
const manage = { kind: 'project', permission: 'deployment.manage' } as const;
const logRead = { kind: 'project', permission: 'prediction.read' } as const;
const tag = 'serving';
const aliasName = z.string().min(1).max(100);
/** A window of the prediction log: epoch milliseconds, `from` inclusive, `to` exclusive. */
const windowQuery = z.object({
  from: z.coerce.number().int().min(0).optional(),
  to: z.coerce.number().int().min(0).optional(),
});

export const listDeployments = defineEndpoint({
  id: 'listDeployments',
  method: 'GET',
  path: '/api/v1/projects/:project/deployments',
  summary: "The project's deployments with the version each serves now",
  tag,
  access: read,
  params: projectParams,
  response: z.object({ items: z.array(deploymentSchema) }),
});

export const createDeployment = defineEndpoint({
  id: 'createDeployment',
  method: 'POST',
  path: '/api/v1/projects/:project/deployments',
  summary: 'Deploy the version a model alias points to, optionally with a canary or shadow challenger',
  tag,
  access: manage,
  params: projectParams,
  body: z
    .object({
      name: deploymentNameSchema,
      model: z.string().min(1).max(200),
      alias: aliasName,
      challengerAlias: aliasName.optional(),
      mode: challengerModeSchema.optional(),
      canaryPercent: z.number().int().min(0).max(100).optional(),
      config: servingConfigInput.optional(),
    })
    .strict(),
  response: deploymentSchema,
  status: 201,
});

export const getDeployment = defineEndpoint({
  id: 'getDeployment',
  method: 'GET',
  path: '/api/v1/projects/:project/deployments/:deployment',
  summary: 'One deployment with the versions its aliases resolve to',
  tag,
  access: read,
  params: deploymentParams,
  response: deploymentSchema,
});

export const updateDeployment = defineEndpoint({
  id: 'updateDeployment',
  method: 'PATCH',
  path: '/api/v1/projects/:project/deployments/:deployment',
  summary: 'Change the challenger, the canary split or mode, the serving settings, or stop/start',
  tag,
  access: manage,
  params: deploymentParams,
  body: z
    .object({
      challengerAlias: aliasName.nullable().optional(),
      mode: challengerModeSchema.optional(),
      canaryPercent: z.number().int().min(0).max(100).optional(),
      status: deploymentStatusSchema.optional(),
      config: servingConfigInput.optional(),
    })
    .strict(),
  response: deploymentSchema,
});

export const deleteDeployment = defineEndpoint({
  id: 'deleteDeployment',
  method: 'DELETE',
  path: '/api/v1/projects/:project/deployments/:deployment',
  summary: 'Delete a deployment (its prediction log is kept)',
  tag,
  access: manage,
  params: deploymentParams,
  response: okSchema,
});

export const getDeploymentStats = defineEndpoint({
  id: 'getDeploymentStats',
  method: 'GET',
  path: '/api/v1/projects/:project/deployments/:deployment/stats',
  summary: "Health and the last minute's request rate and latency as this server serves it",
  tag,
  access: read,
  params: deploymentParams,
  response: deploymentStatsSchema,
});

export const listPredictions = defineEndpoint({
  id: 'listPredictions',
  method: 'GET',
  path: '/api/v1/projects/:project/deployments/:deployment/predictions',
  summary: 'The prediction log of a time window (epoch ms), oldest first, paged',
  tag,
  access: logRead,
  params: deploymentParams,
  query: windowQuery.extend({
    limit: z.coerce.number().int().min(1).max(5000).default(500),
    cursor: z.string().max(200).optional(),
  }),
  response: z.object({ items: z.array(predictionSchema), nextCursor: z.string().nullable() }),
});

export const exportPredictions = defineEndpoint({
  id: 'exportPredictions',
  method: 'GET',
  path: '/api/v1/projects/:project/deployments/:deployment/predictions/export',
  summary: 'Stream the prediction log of a time window as NDJSON (one entry per line)',
  tag,
  access: logRead,
  params: deploymentParams,
  query: windowQuery,
  response: z.unknown(),
  download: { contentTypes: ['application/x-ndjson'] },
});
