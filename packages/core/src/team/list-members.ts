import type { Member } from '@baton/contracts';
import { type Executor, executor, requireProject, type ServiceContext } from '../context.ts';

/** Members of a project with their roles, by username. */
export async function loadMembers(db: Executor, projectId: string, userId?: string): Promise<Member[]> {
  let query = db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.username', 'users.display_name', 'memberships.created_at'])
    .where('memberships.project_id', '=', projectId)
    .orderBy('users.username');
  if (userId) query = query.where('users.id', '=', userId);
  const people = await query.execute();
  let rolesQuery = db
    .selectFrom('member_roles')
    .select(['user_id', 'role'])
    .where('project_id', '=', projectId);
  if (userId) rolesQuery = rolesQuery.where('user_id', '=', userId);
  const roleRows = await rolesQuery.orderBy('role').execute();
  const rolesByUser = new Map<string, string[]>();
  for (const r of roleRows) rolesByUser.set(r.user_id, [...(rolesByUser.get(r.user_id) ?? []), r.role]);
  return people.map((p) => ({
    userId: p.id,
    username: p.username,
    displayName: p.display_name,
    roles: rolesByUser.get(p.id) ?? [],
    addedAt: p.created_at,
  }));
}

export async function listMembers({ ctx }: { ctx: ServiceContext }): Promise<Member[]> {
  return loadMembers(executor(ctx), requireProject(ctx).id);
}
