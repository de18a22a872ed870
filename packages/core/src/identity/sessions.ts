import type { User } from '@baton/contracts';
import { recordAudit } from '../audit/record-audit.ts';
import { isoAfter, nowIso } from '../clock.ts';
import { type Executor, executor, type ServiceContext } from '../context.ts';
import { ServiceError } from '../errors.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';
import { hashSecret, newSecret } from './secrets.ts';
import { toUser } from './users.ts';

export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;

export interface StartedSession {
  user: User;
  /** The cookie value; only its hash is stored. */
  secret: string;
  csrfToken: string;
  expiresAt: string;
}

/** Checks a username and password and starts a browser session. */
export async function login({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { username: string; password: string };
}): Promise<StartedSession> {
  const db = executor(ctx);
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', input.username)
    .executeTakeFirst();
  const ok = await verifyPassword(row?.password_hash ?? (await dummyPasswordHash()), input.password);
  if (!row || !ok || row.disabled === 1) {
    throw new ServiceError('invalid_credentials', 'unknown username or wrong password');
  }
  const secret = newSecret('baton_ses_');
  const csrfToken = newSecret('', 24);
  const at = nowIso();
  const expiresAt = isoAfter(SESSION_TTL_MS);
  await db
    .insertInto('sessions')
    .values({
      id_hash: hashSecret(secret),
      user_id: row.id,
      csrf_token: csrfToken,
      created_at: at,
      expires_at: expiresAt,
      last_seen_at: at,
    })
    .execute();
  const user = toUser(row);
  await recordAudit(
    { ...ctx, actor: { kind: 'user', userId: user.id, username: user.username, isAdmin: user.isAdmin } },
    {
      action: 'session.start',
      targetType: 'user',
      targetId: user.id,
      projectId: null,
      summary: `'${user.username}' signed in`,
    },
  );
  return { user, secret, csrfToken, expiresAt };
}

export interface ResolvedSession {
  user: User;
  csrfToken: string;
  idHash: string;
}

/** The user behind a session cookie, or null when the session is unknown or expired. */
export async function resolveSession(db: Executor, secret: string): Promise<ResolvedSession | null> {
  const idHash = hashSecret(secret);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select(['sessions.csrf_token', 'sessions.expires_at'])
    .where('sessions.id_hash', '=', idHash)
    .executeTakeFirst();
  if (!row || row.disabled === 1 || row.expires_at <= nowIso()) return null;
  return { user: toUser(row), csrfToken: row.csrf_token, idHash };
}

export async function logout({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { idHash: string };
}): Promise<void> {
  await executor(ctx).deleteFrom('sessions').where('id_hash', '=', input.idHash).execute();
  if (ctx.actor.kind === 'user') {
    await recordAudit(ctx, {
      action: 'session.end',
      targetType: 'user',
      targetId: ctx.actor.userId,
      projectId: null,
      summary: `'${ctx.actor.username}' signed out`,
    });
  }
}
