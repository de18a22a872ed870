import { Readable } from 'node:stream';
import type { Access } from '@baton/contracts';
import {
  assertPermission,
  createProject,
  type ServiceContext,
  ServiceError,
  type Services,
  systemContext,
} from '@baton/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { cachedProjectScope } from '../http/auth-cache.ts';
import { proxyDelete, proxyExperimentId, proxyGet, proxyList, proxyPut } from './mlflow-artifacts.ts';
import { mlflowUser } from './mlflow-auth.ts';
import { sendMlflowError } from './mlflow-error.ts';
import { experimentRoutes } from './mlflow-experiments.ts';
import { registeredModelRoutes } from './mlflow-registry-models.ts';
import { modelVersionRoutes } from './mlflow-registry-versions.ts';
import { mlflowArgs } from './mlflow-request.ts';
import type { MlflowPermission, MlflowRoute } from './mlflow-route.ts';
import { runRoutes } from './mlflow-runs.ts';

/** The MLflow version Baton answers `/version` with; its REST API 2.0 is what Baton speaks. */
export const MLFLOW_COMPAT_VERSION = '2.16.2';

export const MLFLOW_ROUTES: MlflowRoute[] = [
  ...experimentRoutes,
  ...runRoutes,
  ...registeredModelRoutes,
  ...modelVersionRoutes,
];
/** Bare prefixes act in the default project; `/projects/:project/...` in that project. */
export const MLFLOW_PREFIXES = [
  '/api/2.0/mlflow',
  '/ajax-api/2.0/mlflow',
  '/projects/:project/api/2.0/mlflow',
  '/projects/:project/ajax-api/2.0/mlflow',
];
export const MLFLOW_ARTIFACT_PREFIXES = [
  '/api/2.0/mlflow-artifacts/artifacts',
  '/ajax-api/2.0/mlflow-artifacts/artifacts',
  '/projects/:project/api/2.0/mlflow-artifacts/artifacts',
  '/projects/:project/ajax-api/2.0/mlflow-artifacts/artifacts',
];

/**
 * The proxy's multipart-upload endpoints. Baton's store takes one streamed PUT of any size, so
 * these answer NOT_IMPLEMENTED with the message the mlflow client recognises: a client with
 * MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD set then falls back to that single PUT.
 */
export const MLFLOW_MPU_PREFIXES = MLFLOW_ARTIFACT_PREFIXES.map((p) => p.replace(/\/artifacts$/, '/mpu'));
export const MPU_ACTIONS = ['create', 'complete', 'abort'] as const;
export const MPU_UNSUPPORTED =
  'Multipart upload is not supported for the current artifact repository: Baton takes one streamed PUT of any size.';

export interface MlflowDeclaredRoute {
  method: string;
  url: string;
  access: Access;
}

const projectAccess = (permission: MlflowPermission): Access => ({ kind: 'project', permission });

/** Every MLflow route Baton serves, with its declared access; the access test walks them all. */
export function mlflowRouteTable(): MlflowDeclaredRoute[] {
  const out: MlflowDeclaredRoute[] = [
    { method: 'GET', url: '/health', access: { kind: 'public' } },
    { method: 'GET', url: '/version', access: { kind: 'public' } },
  ];
  for (const prefix of MLFLOW_PREFIXES) {
    for (const route of MLFLOW_ROUTES) {
      for (const method of route.methods) {
        out.push({ method, url: `${prefix}/${route.path}`, access: projectAccess(route.permission) });
      }
    }
  }
  for (const prefix of MLFLOW_ARTIFACT_PREFIXES) {
    out.push({ method: 'GET', url: prefix, access: projectAccess('experiment.read') });
    out.push({ method: 'GET', url: `${prefix}/*`, access: projectAccess('experiment.read') });
    out.push({ method: 'PUT', url: `${prefix}/*`, access: projectAccess('experiment.write') });
    out.push({ method: 'DELETE', url: `${prefix}/*`, access: projectAccess('experiment.write') });
  }
  for (const prefix of MLFLOW_MPU_PREFIXES) {
    for (const action of MPU_ACTIONS) {
      out.push({ method: 'POST', url: `${prefix}/${action}/*`, access: projectAccess('experiment.write') });
    }
  }
  return out;
}

const GET_BODY_LIMIT = 1024 * 1024;

/** Fastify never parses a GET body; MLflow clients may send their arguments in one. */
async function bodyOfGet(request: FastifyRequest): Promise<unknown> {
  const headers = request.headers;
  if (headers['content-length'] === undefined && headers['transfer-encoding'] === undefined) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request.raw) {
    size += (chunk as Buffer).length;
    if (size > GET_BODY_LIMIT) throw new ServiceError('payload_too_large', 'a GET body has at most 1 MB');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ServiceError('invalid_json', `malformed JSON body: ${(error as Error).message}`);
  }
}

export interface MlflowOptions {
  /** The project the bare `/api/2.0/mlflow` root acts in; created (without members) when missing. */
  defaultProject: string;
}

/** Registers MLflow's REST API 2.0 (tracking half), the artifact proxy, `/health` and `/version`. */
export async function installMlflow(
  app: FastifyInstance,
  services: Services,
  options: MlflowOptions,
): Promise<void> {
  let defaultReady: Promise<void> | undefined;
  const ensureDefault = () => {
    defaultReady ??= (async () => {
      const found = await services.db
        .selectFrom('projects')
        .select('id')
        .where('slug', '=', options.defaultProject)
        .executeTakeFirst();
      if (found) return;
      await createProject({
        ctx: systemContext(services, 'mlflow'),
        input: {
          slug: options.defaultProject,
          name: 'Default (MLflow)',
          description: 'Where MLflow clients pointed at the bare server root log.',
        },
      }).catch(() => undefined);
    })().catch((error: unknown) => {
      defaultReady = undefined;
      throw error;
    });
    return defaultReady;
  };

  async function contextFor(
    request: FastifyRequest,
    slug: string | undefined,
    permission: MlflowPermission,
  ): Promise<ServiceContext> {
    const user = await mlflowUser(services.db, request);
    if (!user) {
      throw new ServiceError(
        'unauthenticated',
        'send credentials: MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (a password or an API token), or MLFLOW_TRACKING_TOKEN',
      );
    }
    const ctx: ServiceContext = {
      services,
      actor: { kind: 'user', userId: user.id, username: user.username, isAdmin: user.isAdmin },
      logger: request.log as unknown as ServiceContext['logger'],
      requestId: request.id,
    };
    if (!slug) await ensureDefault();
    ctx.project = await cachedProjectScope(services.db, ctx.actor, slug ?? options.defaultProject);
    assertPermission(ctx.project, permission);
    return ctx;
  }
  const slugOf = (request: FastifyRequest) => (request.params as { project?: string }).project;

  await app.register(async (scope) => {
    scope.setErrorHandler((error, request, reply) => sendMlflowError(request, reply, error));
    scope.removeContentTypeParser('application/json');
    // MLflow clients may send an empty body with a JSON content type, and JSON on GET/DELETE.
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
      const text = String(body);
      if (text.trim() === '') return done(null, {});
      try {
        done(null, JSON.parse(text));
      } catch (error) {
        done(new ServiceError('invalid_json', `malformed JSON body: ${(error as Error).message}`), undefined);
      }
    });
    const publicAccess = { config: { access: { kind: 'public' } as Access } };
    scope.get('/health', publicAccess, async (_request, reply) => reply.type('text/plain').send('OK'));
    scope.get('/version', publicAccess, async (_request, reply) =>
      reply.type('text/plain').send(MLFLOW_COMPAT_VERSION),
    );
    for (const prefix of MLFLOW_PREFIXES) {
      for (const route of MLFLOW_ROUTES) {
        // One registration per method, so each (method, url) has its own declared access.
        for (const method of route.methods)
          scope.route({
            method,
            url: `${prefix}/${route.path}`,
            bodyLimit: 16 * 1024 ** 2,
            config: { access: projectAccess(route.permission) },
            handler: async (request, reply) => {
              const ctx = await contextFor(request, slugOf(request), route.permission);
              const given = method === 'GET' ? await bodyOfGet(request) : request.body;
              const body = await route.handle({ ctx, args: mlflowArgs(request.query, given) });
              return reply.type('application/json').send(body);
            },
          });
      }
    }
  });

  await app.register(async (scope) => {
    scope.setErrorHandler((error, request, reply) => sendMlflowError(request, reply, error));
    // Artifact bodies stream through untouched, whatever their content type.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    const projectOf = async (request: FastifyRequest, raw: string): Promise<string | undefined> => {
      const slug = slugOf(request);
      if (slug) return slug;
      // On the bare root the run's experiment says which project it is in.
      const row = await services.db
        .selectFrom('experiments')
        .innerJoin('projects', 'projects.id', 'experiments.project_id')
        .select('projects.slug as slug')
        .where('experiments.id', '=', proxyExperimentId(raw))
        .executeTakeFirst();
      return row?.slug;
    };
    const pathOf = (request: FastifyRequest) => (request.params as { '*'?: string })['*'] ?? '';
    for (const prefix of MLFLOW_ARTIFACT_PREFIXES) {
      const read = { config: { access: projectAccess('experiment.read') } };
      const write = { config: { access: projectAccess('experiment.write') }, bodyLimit: 64 * 1024 ** 3 };
      scope.get(prefix, read, async (request, reply) => {
        const raw = String((request.query as { path?: unknown }).path ?? '');
        const ctx = await contextFor(request, await projectOf(request, raw), 'experiment.read');
        return reply.type('application/json').send(await proxyList(ctx, raw));
      });
      scope.get(`${prefix}/*`, read, async (request, reply) => {
        const raw = pathOf(request);
        const ctx = await contextFor(request, await projectOf(request, raw), 'experiment.read');
        const file = await proxyGet(ctx, raw);
        return reply.type('application/octet-stream').header('content-length', file.size).send(file.stream);
      });
      scope.put(`${prefix}/*`, write, async (request, reply) => {
        const raw = pathOf(request);
        const ctx = await contextFor(request, await projectOf(request, raw), 'experiment.write');
        const given = request.body as Readable | undefined;
        // An empty file arrives with no body at all.
        const body = given && typeof given.pipe === 'function' ? given : Readable.from([]);
        return reply.type('application/json').send(await proxyPut(ctx, raw, body));
      });
      scope.delete(`${prefix}/*`, write, async (request, reply) => {
        const raw = pathOf(request);
        const ctx = await contextFor(request, await projectOf(request, raw), 'experiment.write');
        return reply.type('application/json').send(await proxyDelete(ctx, raw));
      });
    }
    for (const prefix of MLFLOW_MPU_PREFIXES) {
      for (const action of MPU_ACTIONS) {
        const write = { config: { access: projectAccess('experiment.write') }, bodyLimit: 1024 ** 2 };
        scope.post(`${prefix}/${action}/*`, write, async (request, reply) => {
          await contextFor(request, await projectOf(request, pathOf(request)), 'experiment.write');
          (request.body as Readable | undefined)?.resume?.();
          return reply
            .code(501)
            .type('application/json')
            .send({ error_code: 'NOT_IMPLEMENTED', message: MPU_UNSUPPORTED });
        });
      }
    }
  });
}
