import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Access } from '@baton/contracts';
import { ServiceError, type Services } from '@baton/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Registry } from 'prom-client';
import { SESSION_COOKIE } from '../http/authenticate.ts';
import { statusOf } from '../http/problem.ts';
import type { DeploymentServerOptions } from './deployment-server.ts';
import { invalidJson } from './parse-payload.ts';
import { PredictGate } from './predict-gate.ts';
import { createPredictListener } from './predict-listener.ts';
import { ServeAuthorizer } from './serve-auth.ts';
import { ServingManager } from './serving-manager.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The deployments this process serves (tests flush their logs through it). */
    batonServing: ServingManager;
  }
}

/** Predict bodies may be large (the row cap answers 413 with a clear message, not the parser). */
export const PREDICT_BODY_LIMIT = 64 * 1024 * 1024;
/** The predict route: authorised against the deployment's project (or public by its config). */
export const PREDICT_ACCESS: Access = { kind: 'project', permission: 'deployment.read' };

/** The JSON text each predict body was parsed from (the prediction log stores it as is). */
const bodyTexts = new WeakMap<FastifyRequest, string>();

/**
 * Adds `POST /serve/{deployment}/predict` to an app and returns the manager that serves the
 * deployments; closing the app writes the prediction logs out and frees the models.
 */
export function installServing(
  app: FastifyInstance,
  services: Services,
  registry: Registry,
  options: DeploymentServerOptions & { only?: string; logRequests?: boolean } = {},
): ServingManager {
  const manager = new ServingManager(services, registry, options);
  app.decorate('batonServing', manager);
  const authorizer = new ServeAuthorizer(services);
  const gate = new PredictGate(manager, authorizer);
  app.addHook('onClose', async () => manager.close());
  installPredictListener(
    app,
    createPredictListener({
      gate,
      logger: services.logger,
      registry,
      bodyLimit: PREDICT_BODY_LIMIT,
      logRequests: options.logRequests ?? true,
      onTaken: () => {
        manager.leanRequests++;
      },
    }),
  );
  if (options.only === undefined) {
    // `baton up` loads every active deployment once listening, so first requests do not wait for a model.
    app.addHook('onListen', async () => {
      void services.db
        .selectFrom('deployments')
        .select('name')
        .where('status', '=', 'active')
        .execute()
        .then((rows) => Promise.all(rows.map((r) => manager.get(r.name))))
        .catch((error: unknown) => services.logger.warn({ err: error }, 'preloading deployments failed'));
    });
  }
  // The predict route lives in its own scope, whose JSON parser keeps the body text.
  void app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'string', bodyLimit: PREDICT_BODY_LIMIT },
      (request, text, done) => {
        let value: unknown;
        try {
          value = JSON.parse(text as string);
        } catch (error) {
          done(invalidJson(error, text as string), undefined);
          return;
        }
        bodyTexts.set(request, text as string);
        done(null, value);
      },
    );
    installPredictRoute(scope, gate, authorizer);
  });
  return manager;
}

/**
 * Puts the lean predict listener in front of Fastify's own `request` listener on the app's
 * HTTP server; everything it declines goes to Fastify, and from the start of closing all of
 * it does (Fastify then answers 503 while connections drain). `inject()` never reaches it.
 */
function installPredictListener(
  app: FastifyInstance,
  lean: (req: IncomingMessage, res: ServerResponse) => boolean,
): void {
  const server = app.server;
  const [fastify, ...others] = server.listeners('request') as ((
    req: IncomingMessage,
    res: ServerResponse,
  ) => void)[];
  if (!fastify || others.length > 0) return;
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  server.removeListener('request', fastify);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (closing || !lean(req, res)) fastify.call(server, req, res);
  });
}

/** The predict route for what the lean listener leaves to Fastify (browser sessions, inject()). */
function installPredictRoute(app: FastifyInstance, gate: PredictGate, authorizer: ServeAuthorizer): void {
  app.post<{ Params: { deployment: string } }>(
    '/serve/:deployment/predict',
    { config: { access: PREDICT_ACCESS }, bodyLimit: PREDICT_BODY_LIMIT },
    async (request, reply) => {
      const started = performance.now();
      const name = request.params.deployment;
      const session =
        request.cookies?.[SESSION_COOKIE] !== undefined
          ? (slug: string) => authorizer.authorize(request, slug, 'deployment.read')
          : undefined;
      const server = await gate.admit(name, request.headers.authorization, session);
      reply.header('x-baton-deployment', name);
      try {
        const answer = await server.predict(request.body, request.id, started, bodyTexts.get(request));
        return reply.type('application/json; charset=utf-8').send(answer.json);
      } catch (error) {
        const status = error instanceof ServiceError ? statusOf(error.code) : 500;
        server.recordError(status, started);
        throw error;
      }
    },
  );
}
