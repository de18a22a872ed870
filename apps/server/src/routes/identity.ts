import {
  changePassword,
  createToken,
  createUser,
  listTokens,
  listUsers,
  login,
  logout,
  membershipsOf,
  revokeToken,
  SESSION_TTL_MS,
  ServiceError,
} from '@baton/core';
import type { FastifyReply } from 'fastify';
import { SESSION_COOKIE } from '../http/authenticate.ts';
import type { HandlerGroup } from './handlers.ts';

export interface IdentityOptions {
  secureCookies: boolean;
}

const setSessionCookie = (reply: FastifyReply, secret: string, secure: boolean) =>
  reply.setCookie(SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/',
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });

export const identityHandlers = (
  options: IdentityOptions,
): HandlerGroup<
  | 'login'
  | 'logout'
  | 'whoami'
  | 'changePassword'
  | 'createUser'
  | 'listUsers'
  | 'createToken'
  | 'listTokens'
  | 'revokeToken'
> => ({
  login: async ({ ctx, body, reply }) => {
    const session = await login({ ctx, input: body });
    setSessionCookie(reply, session.secret, options.secureCookies);
    return {
      user: session.user,
      memberships: await membershipsOf(ctx.services.db, session.user),
      csrfToken: session.csrfToken,
      authMethod: 'session' as const,
    };
  },
  logout: async ({ ctx, auth, reply }) => {
    if (auth?.method === 'session') await logout({ ctx, input: { idHash: auth.sessionHash } });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  },
  whoami: async ({ ctx, auth }) => {
    if (!auth) throw new ServiceError('unauthenticated', 'not signed in');
    return {
      user: auth.user,
      memberships: await membershipsOf(ctx.services.db, auth.user),
      csrfToken: auth.method === 'session' ? auth.csrfToken : null,
      authMethod: auth.method,
    };
  },
  changePassword: async ({ ctx, body, auth }) => {
    await changePassword({
      ctx,
      input: { ...body, keepSessionHash: auth?.method === 'session' ? auth.sessionHash : undefined },
    });
    return { ok: true as const };
  },
  createUser: async ({ ctx, body }) => createUser({ ctx, input: body }),
  listUsers: async ({ ctx }) => ({ items: await listUsers({ ctx }) }),
  createToken: async ({ ctx, body }) => createToken({ ctx, input: body }),
  listTokens: async ({ ctx }) => ({ items: await listTokens({ ctx }) }),
  revokeToken: async ({ ctx, params }) => revokeToken({ ctx, input: { id: params.token } }),
});
