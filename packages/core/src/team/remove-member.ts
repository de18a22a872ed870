import type { Member } from '@baton/contracts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, requireProject, type ServiceContext } from '../context.ts';
import { notFound } from '../errors.ts';
import { loadMembers } from './list-members.ts';
import { assertAdminRemains } from './set-member.ts';

export async function removeMember({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { username: string };
}): Promise<Member> {
  const scope = requireProject(ctx);
  return inTransaction(ctx, async (ctx) => {
    const db = ctx.tx!;
    const user = await db
      .selectFrom('users')
      .select(['id'])
      .where('username', '=', input.username)
      .executeTakeFirst();
    const [member] = user ? await loadMembers(db, scope.id, user.id) : [];
    if (!user || !member) throw notFound('member', input.username);
    if (member.roles.includes('admin')) await assertAdminRemains(db, scope.id, user.id);
    await db
      .deleteFrom('memberships')
      .where('project_id', '=', scope.id)
      .where('user_id', '=', user.id)
      .execute();
    await recordAudit(ctx, {
      action: 'member.remove',
      targetType: 'member',
      targetId: member.username,
      summary: `'${member.username}' removed (held ${member.roles.join(', ')})`,
      before: { roles: member.roles },
      after: null,
    });
    return member;
  });
}
