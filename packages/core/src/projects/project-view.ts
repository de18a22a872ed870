import type { Permission, Project } from '@baton/contracts';
import { resolveProjectScope } from '../access/resolve-access.ts';
import type { Executor, ServiceContext } from '../context.ts';
import type { ProjectsTable } from '../db/schema.ts';

/** The contract view of a project row, with the caller's roles and permissions in it. */
export async function projectView(db: Executor, ctx: ServiceContext, row: ProjectsTable): Promise<Project> {
  const scope = await resolveProjectScope(db, ctx.actor, row.slug);
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    createdAt: row.created_at,
    createdBy: row.created_by,
    myRoles: scope.roles,
    myPermissions: [...scope.permissions].sort() as Permission[],
  };
}
