import type { User } from '@baton/contracts';
import type { Executor } from '../context.ts';

/** The projects a user belongs to and the roles held in each. */
export async function membershipsOf(db: Executor, user: User) {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('projects', 'projects.id', 'memberships.project_id')
    .select(['projects.id', 'projects.slug', 'projects.name'])
    .where('memberships.user_id', '=', user.id)
    .orderBy('projects.slug')
    .execute();
  const roles = await db
    .selectFrom('member_roles')
    .select(['project_id', 'role'])
    .where('user_id', '=', user.id)
    .orderBy('role')
    .execute();
  return rows.map((p) => ({
    projectId: p.id,
    projectSlug: p.slug,
    projectName: p.name,
    roles: roles.filter((r) => r.project_id === p.id).map((r) => r.role),
  }));
}
