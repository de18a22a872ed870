import {
  backgroundDefinitionSchema,
  type RoleCatalogue,
  type RoleDefinition,
  roleCatalogueSchema,
  roleDefinitionSchema,
  skillDefinitionSchema,
} from '@baton/contracts';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import { nowIso } from '../clock.ts';
import { type Executor, executor, inTransaction, type ServiceContext } from '../context.ts';
import { conflict } from '../errors.ts';
import builtin from './role-catalogue.json' with { type: 'json' };

/** The catalogue that ships with Baton, validated at load so a broken file fails loudly. */
export const BUILTIN_ROLE_CATALOGUE: RoleCatalogue = roleCatalogueSchema.parse(builtin);

// The catalogue's sections that are not roles; stored apart from the roles table, whose rows
// are what memberships refer to.
const SECTIONS = {
  backgrounds: z.array(backgroundDefinitionSchema),
  skills: z.array(skillDefinitionSchema),
} as const;
type SectionName = keyof typeof SECTIONS;

/** Writes the shipped catalogue into an empty store; leaves an edited catalogue alone. */
export async function seedRoleCatalogue(db: Executor): Promise<boolean> {
  const existing = await db.selectFrom('roles').select('key').limit(1).execute();
  if (existing.length > 0) return false;
  await writeCatalogue(db, BUILTIN_ROLE_CATALOGUE);
  return true;
}

async function writeCatalogue(db: Executor, catalogue: RoleCatalogue): Promise<void> {
  const at = nowIso();
  await db.deleteFrom('roles').execute();
  await db
    .insertInto('roles')
    .values(
      catalogue.roles.map((role, position) => ({
        key: role.key,
        position,
        definition: JSON.stringify(role),
        updated_at: at,
      })),
    )
    .execute();
  await db.deleteFrom('role_catalogue_sections').execute();
  for (const name of Object.keys(SECTIONS) as SectionName[]) {
    const section = catalogue[name];
    if (section === undefined) continue;
    await db
      .insertInto('role_catalogue_sections')
      .values({ name, definition: JSON.stringify(section), updated_at: at })
      .execute();
  }
}

/**
 * The stored catalogue. Roles stored in an older format are read through the schema (bare
 * responsibility sentences become responsibilities); a section never stored is the shipped one.
 */
export async function loadRoleCatalogue(db: Executor): Promise<RoleCatalogue> {
  const rows = await db.selectFrom('roles').select(['definition']).orderBy('position').execute();
  const sections = await db.selectFrom('role_catalogue_sections').select(['name', 'definition']).execute();
  const stored = (name: SectionName): unknown => {
    const row = sections.find((s) => s.name === name);
    return row ? JSON.parse(row.definition) : BUILTIN_ROLE_CATALOGUE[name];
  };
  return {
    version: 1,
    roles: rows.map((r) => roleDefinitionSchema.parse(JSON.parse(r.definition)) as RoleDefinition),
    backgrounds: SECTIONS.backgrounds.parse(stored('backgrounds')),
    skills: SECTIONS.skills.parse(stored('skills')),
  };
}

export async function getRoleCatalogue({ ctx }: { ctx: ServiceContext }): Promise<RoleCatalogue> {
  return loadRoleCatalogue(executor(ctx));
}

/** Refuses a catalogue that drops a role still held by a member, naming it and its holders. */
export async function assertHeldRolesKept(db: Executor, catalogue: RoleCatalogue): Promise<void> {
  const kept = new Set(catalogue.roles.map((r) => r.key));
  const held = await db
    .selectFrom('member_roles')
    .select((eb) => ['role', eb.fn.countAll<number>().as('holders')])
    .groupBy('role')
    .execute();
  const dropped = held.filter((h) => !kept.has(h.role));
  if (dropped.length > 0) {
    const list = dropped.map((d) => `'${d.role}' (held by ${Number(d.holders)})`).join(', ');
    throw conflict(`cannot drop roles still held by members: ${list}; remove those assignments first`);
  }
}

/**
 * Stores a validated catalogue in the caller's transaction and audits it. A role still held
 * by a member cannot be dropped: the edit is refused and names the role and how many hold it.
 */
export async function storeRoleCatalogue(
  ctx: ServiceContext,
  catalogue: RoleCatalogue,
  audit: { action: string; summary: string },
): Promise<{ before: RoleCatalogue }> {
  const tx = executor(ctx);
  const before = await loadRoleCatalogue(tx);
  await assertHeldRolesKept(tx, catalogue);
  await writeCatalogue(tx, catalogue);
  await recordAudit(ctx, {
    action: audit.action,
    targetType: 'role-catalogue',
    targetId: 'catalogue',
    projectId: null,
    summary: audit.summary,
    before: before.roles.map((r) => ({ key: r.key, permissions: r.permissions })),
    after: catalogue.roles.map((r) => ({ key: r.key, permissions: r.permissions })),
  });
  return { before };
}

/** Replaces the whole catalogue (an administrator's edit). */
export async function replaceRoleCatalogue({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: RoleCatalogue;
}): Promise<RoleCatalogue> {
  const catalogue = roleCatalogueSchema.parse(input);
  return inTransaction(ctx, async (ctx) => {
    await storeRoleCatalogue(ctx, catalogue, {
      action: 'roles.replace',
      summary: `role catalogue replaced: ${catalogue.roles.length} roles`,
    });
    return loadRoleCatalogue(executor(ctx));
  });
}
