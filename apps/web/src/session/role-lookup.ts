import type { Lane, RoleCatalogue, RoleDefinition } from '@baton/contracts';

/** The catalogue's display name of a role, or its key when the catalogue no longer has it. */
export function roleName(catalogue: RoleCatalogue, key: string): string {
  return catalogue.roles.find((role) => role.key === key)?.name ?? key;
}

export function roleNames(catalogue: RoleCatalogue, keys: readonly string[]): string[] {
  return keys.map((key) => roleName(catalogue, key));
}

/** Roles of the catalogue in the order given, skipping keys it does not know. */
export function rolesOf(catalogue: RoleCatalogue, keys: readonly string[]): RoleDefinition[] {
  return keys.flatMap((key) => catalogue.roles.filter((role) => role.key === key));
}

/** The lane a person lands on: the lane of their first role; the team lane when they hold none. */
export function landingLane(catalogue: RoleCatalogue, roles: readonly string[]): Lane {
  return rolesOf(catalogue, roles)[0]?.lane ?? 'team';
}

/** The lanes the person's roles work in, for marking them in the navigation. */
export function lanesOf(catalogue: RoleCatalogue, roles: readonly string[]): Set<Lane> {
  return new Set(rolesOf(catalogue, roles).map((role) => role.lane));
}
