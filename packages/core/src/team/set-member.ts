import type { Member } from '@baton/contracts';
import { recordAudit } from '../audit/record-audit.ts';
import { nowIso } from '../clock.ts';
import { type Executor, inTransaction, requireProject, type ServiceContext } from '../context.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import { loadMembers } from './list-members.ts';

/** Refuses a change that would leave the project with nobody holding `admin`. */
export async function assertAdminRemains(
  db: Executor,
  projectId: string,
  changingUserId: string,
): Promise<void> {
  const others = await db
    .selectFrom('member_roles')
    .select('user_id')
    .where('project_id', '=', projectId)
    .where('role', '=', 'admin')
    .where('user_id', '!=', changingUserId)
    .limit(1)
    .execute();
  if (others.length === 0) throw conflict('a project must keep at least one member with the admin role');
}

/** Adds a member with the given roles, or replaces the roles of an existing member. */
export async function setMember({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { username: string; roles: string[] };
}): Promise<Member> {
  const scope = requireProject(ctx);
  const roles = [...new Set(input.roles)].sort();
  return inTransaction(ctx, async (ctx) => {
    const db = ctx.tx!;
    const user = await db
      .selectFrom('users')
      .select(['id', 'username'])
      .where('username', '=', input.username)
      .executeTakeFirst();
    if (!user) throw notFound('user', input.username);
    const known = await db.selectFrom('roles').select('key').where('key', 'in', roles).execute();
    const unknown = roles.filter((r) => !known.some((k) => k.key === r));
    if (unknown.length > 0) {
      throw badRequest(
        `unknown role${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`,
        unknown.map((r) => ({
          path: `roles[${roles.indexOf(r)}]`,
          message: `'${r}' is not in the role catalogue`,
        })),
      );
    }
    const [before] = await loadMembers(db, scope.id, user.id);
    if (before?.roles.includes('admin') && !roles.includes('admin'))
      await assertAdminRemains(db, scope.id, user.id);
    if (!before) {
      await db
        .insertInto('memberships')
        .values({ project_id: scope.id, user_id: user.id, created_at: nowIso() })
        .execute();
    }
    await db
      .deleteFrom('member_roles')
      .where('project_id', '=', scope.id)
      .where('user_id', '=', user.id)
      .execute();
    await db
      .insertInto('member_roles')
      .values(roles.map((role) => ({ project_id: scope.id, user_id: user.id, role })))
      .execute();
    const [after] = await loadMembers(db, scope.id, user.id);
    await recordAudit(ctx, {
      action: before ? 'member.update' : 'member.add',
      targetType: 'member',
      targetId: user.username,
      summary: before
        ? `'${user.username}' roles changed from ${before.roles.join(', ')} to ${roles.join(', ')}`
        : `'${user.username}' joined as ${roles.join(', ')}`,
      before: before ? { roles: before.roles } : null,
      after: { roles },
    });
    return after!;
  });
}
