import type { Readable } from 'node:stream';
import type { Endpoint, FieldError, UploadSpec } from '@baton/contracts';
import { type Actor, assertPermission, type ServiceContext, ServiceError, type Services } from '@baton/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { cachedProjectScope, changesAccess, invalidateAuthCache } from './auth-cache.ts';
import { type Authentication, authenticate } from './authenticate.ts';

// An endpoint's optional schemas are `Schema | undefined`; a handler sees what they parse to.
type Output<S, Absent> = [NonNullable<S>] extends [z.ZodType] ? z.output<NonNullable<S>> : Absent;

export interface HandlerInput<E extends Endpoint> {
  ctx: ServiceContext;
  params: Output<E['params'], Record<string, never>>;
  query: Output<E['query'], Record<string, never>>;
  body: Output<E['body'], undefined>;
  /** The streamed request body of an upload endpoint (`endpoint.upload`), unread. */
  upload: UploadBody | undefined;
  auth: Authentication | null;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface UploadBody {
  stream: Readable;
  /** Without parameters, lower-case: `text/csv`. */
  contentType: string;
}

export type Handler<E extends Endpoint> = (input: HandlerInput<E>) => Promise<z.input<E['response']>>;

function parseOrThrow(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return where === 'body' ? undefined : {};
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors: FieldError[] = result.error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const first = errors[0];
  throw new ServiceError(
    'bad_request',
    `invalid ${where}: ${first ? `${first.path}: ${first.message}` : ''}`,
    errors,
  );
}

/** The raw body of an upload endpoint, once its content type is known to be accepted. */
function uploadOf(request: FastifyRequest, spec: UploadSpec): UploadBody {
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!spec.contentTypes.includes(contentType)) {
    throw new ServiceError(
      'unsupported_media_type',
      `send the file as the request body with one of these content types: ${spec.contentTypes.join(', ')}`,
    );
  }
  const stream = request.body as Readable | undefined;
  if (!stream || typeof stream.pipe !== 'function') {
    throw new ServiceError('bad_request', 'the request has no body: send the file as the request body');
  }
  return { stream, contentType };
}

const actorOf = (auth: Authentication): Actor => ({
  kind: 'user',
  userId: auth.user.id,
  username: auth.user.username,
  isAdmin: auth.user.isAdmin,
});

/**
 * Registers one contract endpoint: authenticate, authorise against the endpoint's declared
 * access, validate params, query and body with the contract's schemas, call the handler,
 * and validate the response. Errors are thrown and become problem+json in one place.
 */
export function bindEndpoint<E extends Endpoint>(
  app: FastifyInstance,
  services: Services,
  endpoint: E,
  handler: Handler<E>,
  scoped = false,
): void {
  if (endpoint.upload && !scoped) {
    // An upload's body reaches the handler as the raw stream, whatever its content type, so
    // authentication and authorisation still come first; other routes keep their parsers.
    app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
      bindEndpoint(scope, services, endpoint, handler, true);
    });
    return;
  }
  app.route({
    method: endpoint.method,
    url: endpoint.path,
    config: { access: endpoint.access },
    ...(endpoint.bodyLimit ? { bodyLimit: endpoint.bodyLimit } : {}),
    ...(endpoint.upload ? { bodyLimit: endpoint.upload.maxBytes } : {}),
    handler: async (request, reply) => {
      const access = endpoint.access;
      const auth =
        access.kind === 'public'
          ? await authenticate(services.db, request).catch(() => null)
          : await authenticate(services.db, request);
      if (access.kind !== 'public' && !auth) {
        throw new ServiceError(
          'unauthenticated',
          'sign in, or send an API token as "Authorization: Bearer <token>"',
        );
      }
      const ctx: ServiceContext = {
        services,
        actor: auth ? actorOf(auth) : { kind: 'anonymous' },
        logger: request.log as unknown as ServiceContext['logger'],
        requestId: request.id,
      };
      if (access.kind === 'instance-admin' && !auth?.user.isAdmin) {
        throw new ServiceError('forbidden', 'only a Baton administrator may do this');
      }
      const params = parseOrThrow(endpoint.params, request.params, 'params') as Record<string, unknown>;
      if (access.kind === 'project') {
        ctx.project = await cachedProjectScope(services.db, ctx.actor, String(params.project));
        assertPermission(ctx.project, access.permission);
      }
      const query = parseOrThrow(endpoint.query, request.query, 'query');
      const upload = endpoint.upload ? uploadOf(request, endpoint.upload) : undefined;
      const body = endpoint.upload ? undefined : parseOrThrow(endpoint.body, request.body, 'body');
      const result = await handler({
        ctx,
        params,
        query,
        body,
        upload,
        auth,
        request,
        reply,
      } as HandlerInput<E>);
      if (changesAccess(endpoint.method, endpoint.path)) invalidateAuthCache();
      // A download handler has sent its file through `reply` already.
      if (endpoint.download) return reply;
      reply.code(endpoint.status ?? 200);
      if (endpoint.status === 204) return reply.send();
      // The response contract is checked on the way out too: a handler cannot leak a field.
      return endpoint.response.parse(result);
    },
  });
}
