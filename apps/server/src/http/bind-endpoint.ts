import type { Endpoint, FieldError } from '@baton/contracts';
import {
  type Actor,
  assertPermission,
  resolveProjectScope,
  type ServiceContext,
  ServiceError,
  type Services,
} from '@baton/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { type Authentication, authenticate } from './authenticate.ts';

// An endpoint's optional schemas are `Schema | undefined`; a handler sees what they parse to.
type Output<S, Absent> = [NonNullable<S>] extends [z.ZodType] ? z.output<NonNullable<S>> : Absent;

export interface HandlerInput<E extends Endpoint> {
  ctx: ServiceContext;
  params: Output<E['params'], Record<string, never>>;
  query: Output<E['query'], Record<string, never>>;
  body: Output<E['body'], undefined>;
  auth: Authentication | null;
  request: FastifyRequest;
  reply: FastifyReply;
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
): void {
  app.route({
    method: endpoint.method,
    url: endpoint.path,
    config: { access: endpoint.access },
    ...(endpoint.bodyLimit ? { bodyLimit: endpoint.bodyLimit } : {}),
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
        ctx.project = await resolveProjectScope(services.db, ctx.actor, String(params.project));
        assertPermission(ctx.project, access.permission);
      }
      const query = parseOrThrow(endpoint.query, request.query, 'query');
      const body = parseOrThrow(endpoint.body, request.body, 'body');
      const result = await handler({ ctx, params, query, body, auth, request, reply } as HandlerInput<E>);
      reply.code(endpoint.status ?? 200);
      if (endpoint.status === 204) return reply.send();
      // The response contract is checked on the way out too: a handler cannot leak a field.
      return endpoint.response.parse(result);
    },
  });
}
