import type { User } from '@baton/contracts';
import { type Executor, ServiceError } from '@baton/core';
import type { FastifyRequest } from 'fastify';
import { cachedSession, cachedToken } from './auth-cache.ts';

export const SESSION_COOKIE = 'baton_session';
export const CSRF_HEADER = 'x-baton-csrf';

export type Authentication =
  | { method: 'session'; user: User; csrfToken: string; sessionHash: string }
  | { method: 'token'; user: User };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Who is calling: a bearer API token (CLI, SDK) or a session cookie (browser). Returns null
 * when the request carries neither. A cookie-authenticated mutation must echo the session's
 * CSRF token in a header, which a cross-site form or image cannot do.
 */
export async function authenticate(db: Executor, request: FastifyRequest): Promise<Authentication | null> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1])
      throw new ServiceError('unauthenticated', "the Authorization header must be 'Bearer <token>'");
    return { method: 'token', user: await cachedToken(db, match[1]) };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return null;
  const session = await cachedSession(db, cookie);
  if (!session) throw new ServiceError('unauthenticated', 'the session has expired or ended; sign in again');
  if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== session.csrfToken) {
    throw new ServiceError(
      'csrf_failed',
      `a browser session must send its CSRF token in the '${CSRF_HEADER}' header`,
    );
  }
  return { method: 'session', user: session.user, csrfToken: session.csrfToken, sessionHash: session.idHash };
}
