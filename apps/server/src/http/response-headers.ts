import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

/** A caller-given request id Baton keeps (anything else is replaced by a fresh UUID). */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's id: the caller's `x-request-id` when it is a plausible id, else a new UUID. */
export function requestIdOf(req: Pick<IncomingMessage, 'headers'>): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/** Headers every Baton response carries, as name/value pairs (node:http's flat form). */
export const SECURITY_HEADERS = [
  'x-content-type-options',
  'nosniff',
  'x-frame-options',
  'DENY',
  'referrer-policy',
  'same-origin',
] as const;

/** Sets `x-request-id` and the security headers on every response of a Fastify app. */
export function addResponseHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    for (let i = 0; i < SECURITY_HEADERS.length; i += 2)
      reply.header(SECURITY_HEADERS[i]!, SECURITY_HEADERS[i + 1]);
  });
}
