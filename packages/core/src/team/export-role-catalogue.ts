import { roleCatalogueToYaml } from '@baton/contracts';
import { loadRoleCatalogue } from '../access/role-catalogue.ts';
import { executor, type ServiceContext } from '../context.ts';

/** The role catalogue as YAML, for an administrator to edit and import again. */
export async function exportRoleCatalogue({ ctx }: { ctx: ServiceContext }): Promise<{ yaml: string }> {
  return { yaml: roleCatalogueToYaml(await loadRoleCatalogue(executor(ctx))) };
}
