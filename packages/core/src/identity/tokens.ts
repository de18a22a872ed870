import type { ApiToken, User } from '@baton/contracts';
import { recordAudit } from '../audit/record-audit.ts';
import { isoAfter, newId, nowIso } from '../clock.ts';
import { type Executor, executor, type ServiceContext } from '../context.ts';
import type { ApiTokensTable } from '../db/schema.ts';
import { notFound, ServiceError } from '../errors.ts';
import { hashSecret, newSecret } from './secrets.ts';
import { toUser } from './users.ts';

export const TOKEN_PREFIX = 'baton_pat_';

const toToken = (row: ApiTokensTable): ApiToken => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
  lastUsedAt: row.last_used_at,
});

function requireUser(ctx: ServiceContext) {
  if (ctx.actor.kind !== 'user') throw new ServiceError('forbidden', 'API tokens belong to users');
  return ctx.actor;
}

/** Creates an API token; the secret is returned here once and never again. */
export async function createToken({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { name: string; expiresInDays?: number | undefined };
}): Promise<{ token: ApiToken; secret: string }> {
  const actor = requireUser(ctx);
  const secret = newSecret(TOKEN_PREFIX);
  const row: ApiTokensTable = {
    id: newId(),
    user_id: actor.userId,
    name: input.name,
    secret_hash: hashSecret(secret),
    prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
    created_at: nowIso(),
    expires_at: input.expiresInDays ? isoAfter(input.expiresInDays * 24 * 3600 * 1000) : null,
    revoked_at: null,
    last_used_at: null,
  };
  await executor(ctx).insertInto('api_tokens').values(row).execute();
  const token = toToken(row);
  await recordAudit(ctx, {
    action: 'token.create',
    targetType: 'api-token',
    targetId: token.id,
    projectId: null,
    summary: `token '${token.name}' (${token.prefix}...) created${token.expiresAt ? `, expires ${token.expiresAt}` : ''}`,
    after: token,
  });
  return { token, secret };
}

export async function listTokens({ ctx }: { ctx: ServiceContext }): Promise<ApiToken[]> {
  const actor = requireUser(ctx);
  const rows = await executor(ctx)
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', actor.userId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(toToken);
}

export async function revokeToken({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string };
}): Promise<ApiToken> {
  const actor = requireUser(ctx);
  const db = executor(ctx);
  const row = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('id', '=', input.id)
    .where('user_id', '=', actor.userId)
    .executeTakeFirst();
  if (!row) throw notFound('token', input.id);
  if (row.revoked_at) return toToken(row);
  const revokedAt = nowIso();
  await db.updateTable('api_tokens').set({ revoked_at: revokedAt }).where('id', '=', row.id).execute();
  const token = toToken({ ...row, revoked_at: revokedAt });
  await recordAudit(ctx, {
    action: 'token.revoke',
    targetType: 'api-token',
    targetId: token.id,
    projectId: null,
    summary: `token '${token.name}' (${token.prefix}...) revoked`,
    before: toToken(row),
    after: token,
  });
  return token;
}

const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * The user behind a bearer secret. Expired and revoked tokens get their own codes so a
 * script can tell the user what to do.
 */
export async function resolveToken(db: Executor, secret: string): Promise<User> {
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .selectAll('users')
    .select([
      'api_tokens.id as token_id',
      'api_tokens.expires_at',
      'api_tokens.revoked_at',
      'api_tokens.last_used_at',
    ])
    .where('api_tokens.secret_hash', '=', hashSecret(secret))
    .executeTakeFirst();
  if (!row || row.disabled === 1) throw new ServiceError('unauthenticated', 'the API token is not valid');
  if (row.revoked_at)
    throw new ServiceError('token_revoked', `the API token was revoked at ${row.revoked_at}`);
  const now = nowIso();
  if (row.expires_at && row.expires_at <= now) {
    throw new ServiceError('token_expired', `the API token expired at ${row.expires_at}`);
  }
  if (!row.last_used_at || Date.parse(now) - Date.parse(row.last_used_at) > LAST_USED_RESOLUTION_MS) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.token_id).execute();
  }
  return toUser(row);
}
