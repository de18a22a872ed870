import type { User } from '@baton/contracts';
import { recordAudit } from '../audit/record-audit.ts';
import { newId, nowIso } from '../clock.ts';
import { executor, type ServiceContext } from '../context.ts';
import { conflict } from '../errors.ts';
import { hashPassword } from './passwords.ts';
import { toUser } from './users.ts';

export interface CreateUserInput {
  username: string;
  displayName?: string | undefined;
  password: string;
  isAdmin?: boolean | undefined;
}

export async function createUser({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CreateUserInput;
}): Promise<User> {
  const db = executor(ctx);
  const taken = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', input.username)
    .executeTakeFirst();
  if (taken) throw conflict(`username '${input.username}' is taken`);
  const at = nowIso();
  const row = {
    id: newId(),
    username: input.username,
    display_name: input.displayName ?? input.username,
    password_hash: await hashPassword(input.password),
    is_admin: input.isAdmin ? 1 : 0,
    disabled: 0,
    created_at: at,
    updated_at: at,
  };
  await db.insertInto('users').values(row).execute();
  const user = toUser(row);
  await recordAudit(ctx, {
    action: 'user.create',
    targetType: 'user',
    targetId: user.id,
    projectId: null,
    summary: `user '${user.username}' created${user.isAdmin ? ' as administrator' : ''}`,
    after: user,
  });
  return user;
}

export async function listUsers({ ctx }: { ctx: ServiceContext }): Promise<User[]> {
  const rows = await executor(ctx).selectFrom('users').selectAll().orderBy('username').execute();
  return rows.map(toUser);
}
