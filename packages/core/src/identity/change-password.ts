import { recordAudit } from '../audit/record-audit.ts';
import { nowIso } from '../clock.ts';
import { executor, type ServiceContext } from '../context.ts';
import { ServiceError } from '../errors.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

/** Changes the actor's own password and ends their other browser sessions. */
export async function changePassword({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { currentPassword: string; newPassword: string; keepSessionHash?: string | undefined };
}): Promise<void> {
  if (ctx.actor.kind !== 'user') throw new ServiceError('forbidden', 'only a user can change a password');
  const db = executor(ctx);
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', ctx.actor.userId)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw new ServiceError('invalid_credentials', 'the current password is wrong');
  }
  await db
    .updateTable('users')
    .set({ password_hash: await hashPassword(input.newPassword), updated_at: nowIso() })
    .where('id', '=', user.id)
    .execute();
  let others = db.deleteFrom('sessions').where('user_id', '=', user.id);
  if (input.keepSessionHash) others = others.where('id_hash', '!=', input.keepSessionHash);
  await others.execute();
  await recordAudit(ctx, {
    action: 'user.password.change',
    targetType: 'user',
    targetId: user.id,
    projectId: null,
    summary: `'${user.username}' changed their password; other sessions ended`,
  });
}
