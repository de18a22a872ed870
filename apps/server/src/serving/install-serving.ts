import type { Access } from '@baton/contracts';
import { ServiceError, type Services } from '@baton/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Registry } from 'prom-client';
import { SESSION_COOKIE } from '../http/authenticate.ts';
import { statusOf } from '../http/problem.ts';
import type { DeploymentServerOptions } from './deployment-server.ts';
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
  options: DeploymentServerOptions & { only?: string } = {},
): ServingManager {
  const manager = new ServingManager(services, registry, options);
  app.decorate('batonServing', manager);
  const authorizer = new ServeAuthorizer(services);
  app.addHook('onClose', async () => manager.close());
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
          done(error as Error, undefined);
          return;
        }
        bodyTexts.set(request, text as string);
        done(null, value);
      },
    );
    installPredictRoute(scope, manager, authorizer);
  });
  return manager;
}

function installPredictRoute(
  app: FastifyInstance,
  manager: ServingManager,
  authorizer: ServeAuthorizer,
): void {
  app.post<{ Params: { deployment: string } }>(
    '/serve/:deployment/predict',
    { config: { access: PREDICT_ACCESS }, bodyLimit: PREDICT_BODY_LIMIT },
    async (request, reply) => {
      const started = performance.now();
      const name = request.params.deployment;
      const hasCredentials =
        request.headers.authorization !== undefined || request.cookies?.[SESSION_COOKIE] !== undefined;
      // Without credentials only a public deployment answers; an unknown name then looks the same as a protected one.
      const server = await manager.get(name);
      if (!server?.config.publicAccess) {
        if (!hasCredentials) {
          throw new ServiceError(
            'unauthenticated',
            'sign in, or send an API token as "Authorization: Bearer <token>"',
          );
        }
        if (!server) throw new ServiceError('not_found', `deployment '${name}' does not exist`);
        await authorizer.authorize(request, server.projectSlug, 'deployment.read');
      }
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
