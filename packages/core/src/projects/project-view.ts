import type { Permission, Project } from '@baton/contracts';
import { resolveProjectScope } from '../access/resolve-access.ts';
import type { Executor, ProjectScope, ServiceContext } from '../context.ts';
import type { ProjectsTable } from '../db/schema.ts';

/** The contract view of a project row, with the caller's roles and permissions (`scope`) in it. */
export function projectView(row: ProjectsTable, scope: Pick<ProjectScope, 'roles' | 'permissions'>): Project {
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

/** The view for a caller whose scope in the project is not resolved yet (lists, creation). */
export async function projectViewFor(
  db: Executor,
  ctx: ServiceContext,
  row: ProjectsTable,
): Promise<Project> {
  return projectView(row, await resolveProjectScope(db, ctx.actor, row.slug));
}
