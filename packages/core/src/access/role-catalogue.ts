import { type RoleCatalogue, type RoleDefinition, roleCatalogueSchema } from '@baton/contracts';
import { recordAudit } from '../audit/record-audit.ts';
import { nowIso } from '../clock.ts';
import { type Executor, executor, type ServiceContext } from '../context.ts';
import { conflict } from '../errors.ts';
import builtin from './role-catalogue.json' with { type: 'json' };

/** The catalogue that ships with Baton, validated at load so a broken file fails loudly. */
export const BUILTIN_ROLE_CATALOGUE: RoleCatalogue = roleCatalogueSchema.parse(builtin);

/** Writes the shipped catalogue into an empty store; leaves an edited catalogue alone. */
export async function seedRoleCatalogue(db: Executor): Promise<boolean> {
  const existing = await db.selectFrom('roles').select('key').limit(1).execute();
  if (existing.length > 0) return false;
  await writeRoles(db, BUILTIN_ROLE_CATALOGUE.roles);
  return true;
}

async function writeRoles(db: Executor, roles: RoleDefinition[]): Promise<void> {
  const at = nowIso();
  await db.deleteFrom('roles').execute();
  await db
    .insertInto('roles')
    .values(
      roles.map((role, position) => ({
        key: role.key,
        position,
        definition: JSON.stringify(role),
        updated_at: at,
      })),
    )
    .execute();
}

export async function loadRoleCatalogue(db: Executor): Promise<RoleCatalogue> {
  const rows = await db.selectFrom('roles').select(['definition']).orderBy('position').execute();
  return { version: 1, roles: rows.map((r) => JSON.parse(r.definition) as RoleDefinition) };
}

export async function getRoleCatalogue({ ctx }: { ctx: ServiceContext }): Promise<RoleCatalogue> {
  return loadRoleCatalogue(executor(ctx));
}

/**
 * Replaces the whole catalogue (an administrator's edit). A role still held by a member
 * cannot be dropped: the edit is refused and names the role and how many hold it.
 */
export async function replaceRoleCatalogue({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: RoleCatalogue;
}): Promise<RoleCatalogue> {
  const catalogue = roleCatalogueSchema.parse(input);
  const db = ctx.tx ?? ctx.services.db;
  return db.transaction().execute(async (tx) => {
    const inner = { ...ctx, tx };
    const before = await loadRoleCatalogue(tx);
    const kept = new Set(catalogue.roles.map((r) => r.key));
    const held = await tx
      .selectFrom('member_roles')
      .select((eb) => ['role', eb.fn.countAll<number>().as('holders')])
      .groupBy('role')
      .execute();
    const dropped = held.filter((h) => !kept.has(h.role));
    if (dropped.length > 0) {
      const list = dropped.map((d) => `'${d.role}' (held by ${Number(d.holders)})`).join(', ');
      throw conflict(`cannot drop roles still held by members: ${list}; remove those assignments first`);
    }
    await writeRoles(tx, catalogue.roles);
    await recordAudit(inner, {
      action: 'roles.replace',
      targetType: 'role-catalogue',
      targetId: 'catalogue',
      projectId: null,
      summary: `role catalogue replaced: ${catalogue.roles.length} roles`,
      before: before.roles.map((r) => ({ key: r.key, permissions: r.permissions })),
      after: catalogue.roles.map((r) => ({ key: r.key, permissions: r.permissions })),
    });
    return catalogue;
  });
}
