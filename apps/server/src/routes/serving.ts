import { Readable } from 'node:stream';
import {
  createDeployment,
  deleteDeployment,
  exportPredictions,
  getDeployment,
  listDeployments,
  readPredictions,
  updateDeployment,
} from '@baton/core';
import type { ServingManager } from '../serving/serving-manager.ts';
import type { HandlerGroup } from './handlers.ts';

type ServingEndpoint =
  | 'listDeployments'
  | 'createDeployment'
  | 'getDeployment'
  | 'updateDeployment'
  | 'deleteDeployment'
  | 'getDeploymentStats'
  | 'listPredictions'
  | 'exportPredictions';

/** The serving lane's management API; predictions themselves go to `/serve/{deployment}/predict`. */
export const servingHandlers = (serving: ServingManager): HandlerGroup<ServingEndpoint> => ({
  listDeployments: async ({ ctx }) => ({ items: await listDeployments({ ctx }) }),
  createDeployment: async ({ ctx, body }) => createDeployment({ ctx, input: body }),
  getDeployment: async ({ ctx, params }) => getDeployment({ ctx, input: params }),
  updateDeployment: async ({ ctx, params, body }) =>
    updateDeployment({ ctx, input: { deployment: params.deployment, ...body } }),
  deleteDeployment: async ({ ctx, params }) => {
    await deleteDeployment({ ctx, input: params });
    return { ok: true as const };
  },
  getDeploymentStats: async ({ ctx, params }) => {
    const deployment = await getDeployment({ ctx, input: params });
    const server = await serving.peek(deployment.name);
    return {
      deployment: deployment.name,
      served: server !== null,
      health: server ? server.health() : null,
      series: server ? server.stats.series() : [],
    };
  },
  listPredictions: async ({ ctx, params, query }) =>
    readPredictions({ ctx, input: { deployment: params.deployment, ...query } }),
  exportPredictions: async ({ ctx, params, query, reply }) => {
    const out = await exportPredictions({ ctx, input: { deployment: params.deployment, ...query } });
    reply
      .code(200)
      .type('application/x-ndjson')
      .header('content-disposition', `attachment; filename="${out.deployment}-predictions.ndjson"`);
    return reply.send(Readable.from(out.lines));
  },
});
