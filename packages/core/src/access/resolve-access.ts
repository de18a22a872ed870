import type { Permission } from '@baton/contracts';
import { PERMISSION_KEYS } from '@baton/contracts';
import type { Actor, Executor, ProjectScope } from '../context.ts';
import { ServiceError } from '../errors.ts';

const ALL_PERMISSIONS: ReadonlySet<Permission> = new Set(PERMISSION_KEYS);

/** The roles an actor holds in a project and the permissions the catalogue grants them. */
export async function resolveProjectScope(
  db: Executor,
  actor: Actor,
  projectSlug: string,
): Promise<ProjectScope> {
  const project = await db
    .selectFrom('projects')
    .select(['id', 'slug', 'name'])
    .where('slug', '=', projectSlug)
    .executeTakeFirst();
  // A non-member learns nothing about which projects exist: unknown and foreign look alike.
  const hidden = new ServiceError(
    'not_found',
    `project '${projectSlug}' does not exist or you are not a member`,
  );
  if (!project) throw hidden;
  if (actor.kind === 'system') return { ...project, roles: [], permissions: ALL_PERMISSIONS };
  if (actor.kind === 'anonymous') throw hidden;

  const membership = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('project_id', '=', project.id)
    .where('user_id', '=', actor.userId)
    .executeTakeFirst();
  const roleRows = membership
    ? await db
        .selectFrom('member_roles')
        .leftJoin('roles', 'roles.key', 'member_roles.role')
        .select(['member_roles.role as role', 'roles.definition as definition'])
        .where('member_roles.project_id', '=', project.id)
        .where('member_roles.user_id', '=', actor.userId)
        .execute()
    : [];
  if (!membership && !actor.isAdmin) throw hidden;

  const roles = roleRows.map((r) => r.role).sort();
  if (actor.isAdmin) return { ...project, roles, permissions: ALL_PERMISSIONS };
  const permissions = new Set<Permission>();
  for (const row of roleRows) {
    if (!row.definition) continue;
    const granted = (JSON.parse(row.definition) as { permissions: Permission[] }).permissions;
    for (const p of granted) permissions.add(p);
  }
  return { ...project, roles, permissions };
}

/** Throws `forbidden`, naming the permission and the caller's roles, unless the scope grants it. */
export function assertPermission(scope: ProjectScope, permission: Permission): void {
  if (scope.permissions.has(permission)) return;
  const held = scope.roles.length > 0 ? scope.roles.join(', ') : 'no role';
  throw new ServiceError(
    'forbidden',
    `'${permission}' is needed in project '${scope.slug}'; your roles (${held}) do not grant it`,
  );
}
