import { type Access, type Endpoint, endpoints } from '@baton/contracts';
import type { Services } from '@baton/core';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { BatonConfig } from './config.ts';
import { bindEndpoint, type Handler } from './http/bind-endpoint.ts';
import { DOCS_PAGE } from './http/docs-page.ts';
import { installHttpMetrics } from './http/metrics.ts';
import { buildOpenApi } from './http/openapi.ts';
import { problemFromError, problemOf, sendProblem, shortPath } from './http/problem.ts';
import { addResponseHeaders, requestIdOf } from './http/response-headers.ts';
import { installStaticWeb } from './http/static-web.ts';
import { installMlflow } from './mlflow/install-mlflow.ts';
import { dataHandlers } from './routes/data.ts';
import type { Handlers } from './routes/handlers.ts';
import { identityHandlers } from './routes/identity.ts';
import { type JobRuntime, jobHandlers } from './routes/jobs.ts';
import { projectHandlers } from './routes/projects.ts';
import { registryHandlers } from './routes/registry.ts';
import { servingHandlers } from './routes/serving.ts';
import { systemHandlers } from './routes/system.ts';
import { teamHandlers } from './routes/team.ts';
import { trackingHandlers } from './routes/tracking.ts';
import { trainingHandlers } from './routes/training.ts';
import { installServing } from './serving/install-serving.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every route declares who may call it; a route without it refuses to register. */
    access?: Access;
  }
  interface FastifyInstance {
    /** Every route registered, with its declared access (the access test walks them). */
    batonRoutes: DeclaredRoute[];
  }
}

export interface DeclaredRoute {
  method: string;
  url: string;
  access: Access;
}

export interface AppOptions {
  config: Pick<BatonConfig, 'bodyLimit' | 'webRoot' | 'secureCookies'>;
  services: Services;
  jobs: JobRuntime;
  version: string;
  /** The project MLflow clients pointed at the bare server root log into (default `default`). */
  mlflowDefaultProject?: string;
}

/** The Fastify application: contract endpoints, metrics, OpenAPI, the web UI. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { services } = options;
  const app = Fastify({
    loggerInstance: services.logger as FastifyBaseLogger,
    bodyLimit: options.config.bodyLimit,
    // Requests are logged once, on response, at a level that follows the status.
    logController: new LogController({ disableRequestLogging: true }),
    // Errors raised before routing (a malformed URL, a bad content-type header) become problems too.
    frameworkErrors: (error, request, reply) => {
      sendProblem(reply.header('x-request-id', request.id), problemOf('bad_request', error.message, request));
    },
    genReqId: requestIdOf,
  });

  const routes: DeclaredRoute[] = [];
  app.decorate('batonRoutes', routes);
  app.addHook('onRoute', (route) => {
    if (route.method === 'HEAD' || (Array.isArray(route.method) && route.method.includes('HEAD'))) return;
    const access = route.config?.access;
    if (!access)
      throw new Error(`route ${String(route.method)} ${route.url} declares no access; every route must`);
    routes.push({ method: String(route.method), url: route.url, access });
  });

  await app.register(fastifyCookie);

  addResponseHeaders(app);

  app.addHook('onResponse', async (request, reply) => {
    const status = reply.statusCode;
    const line = {
      method: request.method,
      url: request.url,
      status,
      ms: Math.round(reply.elapsedTime * 10) / 10,
    };
    if (status >= 500) request.log.error(line, 'request failed');
    else if (status === 401 || status === 404) request.log.info(line, 'request');
    else if (status >= 400) request.log.warn(line, 'request rejected');
    else request.log.info(line, 'request');
  });

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

  const httpMetrics = installHttpMetrics(app, { queueDepth: () => options.jobs.queueDepth() });
  const serving = installServing(app, services, httpMetrics.registry);
  const openapi = buildOpenApi(options.version);
  const publicRoute = { config: { access: { kind: 'public' } as Access } };
  app.get('/api/openapi.json', publicRoute, async () => openapi);
  app.get('/api/docs', publicRoute, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(DOCS_PAGE),
  );

  const handlers: Handlers = {
    ...systemHandlers(services, options.version),
    ...identityHandlers({ secureCookies: options.config.secureCookies }),
    ...projectHandlers,
    ...jobHandlers(options.jobs),
    ...dataHandlers,
    ...teamHandlers,
    ...trackingHandlers,
    ...servingHandlers(serving),
    ...trainingHandlers,
    ...registryHandlers,
  };
  for (const [id, endpoint] of Object.entries(endpoints) as [keyof Handlers, Endpoint][]) {
    bindEndpoint(app, services, endpoint, handlers[id] as Handler<Endpoint>);
  }

  await installMlflow(app, services, { defaultProject: options.mlflowDefaultProject ?? 'default' });
  installStaticWeb(app, options.config.webRoot);
  return app;
}
