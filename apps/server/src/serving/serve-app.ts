import type { Services } from '@baton/core';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { installHttpMetrics } from '../http/metrics.ts';
import { problemFromError, problemOf, sendProblem, shortPath } from '../http/problem.ts';
import { addResponseHeaders, requestIdOf } from '../http/response-headers.ts';
import { installServing } from './install-serving.ts';
import type { ServingManager } from './serving-manager.ts';

const publicRoute = { config: { access: { kind: 'public' as const } } };

/**
 * The app of `baton serve --deployment NAME`: only `/serve/NAME/predict`, `/healthz`,
 * `/readyz` (ready once the model is loaded) and `/metrics`. No UI, no management API.
 */
export async function buildServeApp(
  services: Services,
  deployment: string,
  options: { pollMs?: number; bodyLimit?: number } = {},
): Promise<{ app: FastifyInstance; serving: ServingManager }> {
  const app = Fastify({
    loggerInstance: services.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    frameworkErrors: (error, request, reply) => {
      sendProblem(reply, problemOf('bad_request', error.message, request));
    },
    genReqId: requestIdOf,
  });
  await app.register(fastifyCookie);
  // The same response headers as `baton up` (and as the lean predict listener sends).
  addResponseHeaders(app);
  app.setErrorHandler((error, request, reply) => {
    const problem = problemFromError(error, request);
    if (problem.status >= 500) request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, problem);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      problemOf('route_not_found', `no endpoint ${request.method} ${shortPath(request.url)}`, request),
    ),
  );
  const metrics = installHttpMetrics(app);
  const serving = installServing(app, services, metrics.registry, {
    only: deployment,
    logRequests: false,
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
  });
  app.get('/healthz', publicRoute, async () => ({ status: 'ok' as const }));
  app.get('/readyz', publicRoute, async (_request, reply) => {
    const server = await serving.peek(deployment);
    const health = server?.health() ?? null;
    const ready = server?.ready === true;
    if (!ready) reply.code(503);
    return { status: ready ? 'ready' : 'not_ready', deployment, health };
  });
  return { app, serving };
}
