import { createHash } from 'node:crypto';
import type { User } from '@baton/contracts';
import {
  dummyPasswordHash,
  type Executor,
  ServiceError,
  TOKEN_PREFIX,
  toUser,
  verifyPassword,
} from '@baton/core';
import type { FastifyRequest } from 'fastify';
import { cachedToken } from '../http/auth-cache.ts';
import { authenticate } from '../http/authenticate.ts';

// MLflow clients send Basic credentials on every call; argon2id per request would cost more
// than the call itself, so a verified username/password is remembered for a minute.
const VERIFIED_TTL_MS = 60_000;
const verified = new Map<string, { userId: string; until: number }>();

async function basicUser(db: Executor, username: string, password: string): Promise<User> {
  // A token as the password (MLFLOW_TRACKING_PASSWORD=baton_pat_...) works with any username.
  if (password.startsWith(TOKEN_PREFIX)) return cachedToken(db, password);
  const key = createHash('sha256').update(`${username}\0${password}`).digest('hex');
  const hit = verified.get(key);
  const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  if (hit && hit.until > Date.now() && row && row.id === hit.userId && row.disabled === 0) return toUser(row);
  const ok = await verifyPassword(row?.password_hash ?? (await dummyPasswordHash()), password);
  if (!row || !ok || row.disabled === 1)
    throw new ServiceError('invalid_credentials', 'unknown username or wrong password');
  if (verified.size > 1000) verified.clear();
  verified.set(key, { userId: row.id, until: Date.now() + VERIFIED_TTL_MS });
  return toUser(row);
}

/**
 * The Baton user behind an MLflow request: HTTP Basic (username and password, or any username
 * and an API token as the password), a Bearer API token (MLFLOW_TRACKING_TOKEN), or the web
 * UI's session cookie. Null when the request carries no credentials.
 */
export async function mlflowUser(db: Executor, request: FastifyRequest): Promise<User | null> {
  const header = request.headers.authorization;
  const basic = header ? /^Basic\s+(\S+)$/i.exec(header) : null;
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new ServiceError('unauthenticated', "Basic credentials must be 'username:password'");
    return basicUser(db, decoded.slice(0, colon), decoded.slice(colon + 1));
  }
  const auth = await authenticate(db, request);
  return auth?.user ?? null;
}
