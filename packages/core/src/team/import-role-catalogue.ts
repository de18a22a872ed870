import { parseRoleCatalogueYaml, type RoleCatalogue } from '@baton/contracts';
import { assertHeldRolesKept, loadRoleCatalogue, storeRoleCatalogue } from '../access/role-catalogue.ts';
import { executor, inTransaction, type ServiceContext } from '../context.ts';
import { badRequest } from '../errors.ts';

export interface CatalogueChanges {
  added: string[];
  removed: string[];
  changed: string[];
  unchanged: number;
}

export interface ImportRoleCatalogueResult {
  applied: boolean;
  catalogue: RoleCatalogue;
  changes: CatalogueChanges;
}

function diff(before: RoleCatalogue, after: RoleCatalogue): CatalogueChanges {
  const old = new Map(before.roles.map((r) => [r.key, JSON.stringify(r)]));
  const keys = new Set(after.roles.map((r) => r.key));
  const changes: CatalogueChanges = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const role of after.roles) {
    const was = old.get(role.key);
    if (was === undefined) changes.added.push(role.key);
    else if (was !== JSON.stringify(role)) changes.changed.push(role.key);
    else changes.unchanged++;
  }
  changes.removed = before.roles.filter((r) => !keys.has(r.key)).map((r) => r.key);
  return changes;
}

/**
 * Replaces the role catalogue from a YAML document (administrators). Every problem in the
 * document is reported at once with where it is; a role still held by a member cannot be
 * dropped. `dryRun` validates and reports the changes without storing anything.
 */
export async function importRoleCatalogue({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { yaml: string; dryRun?: boolean | undefined };
}): Promise<ImportRoleCatalogueResult> {
  const parsed = parseRoleCatalogueYaml(input.yaml);
  if (!parsed.ok) {
    const n = parsed.problems.length;
    const first = parsed.problems[0];
    throw badRequest(
      `the role catalogue has ${n} problem${n > 1 ? 's' : ''}${first ? `; first: ${first.path}: ${first.message}` : ''}`,
      parsed.problems,
    );
  }
  const catalogue = parsed.catalogue;
  if (input.dryRun) {
    const db = executor(ctx);
    const before = await loadRoleCatalogue(db);
    await assertHeldRolesKept(db, catalogue);
    return { applied: false, catalogue, changes: diff(before, catalogue) };
  }
  return inTransaction(ctx, async (ctx) => {
    const { before } = await storeRoleCatalogue(ctx, catalogue, {
      action: 'roles.import',
      summary: `role catalogue imported from YAML: ${catalogue.roles.length} roles`,
    });
    const stored = await loadRoleCatalogue(executor(ctx));
    return { applied: true, catalogue: stored, changes: diff(before, stored) };
  });
}
