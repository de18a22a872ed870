import { type BodyOf, endpoints } from '@baton/contracts';
import type { Call } from '../call.ts';

export type RoleCatalogueInput = BodyOf<typeof endpoints.replaceRoleCatalogue>;

/** The role catalogue: which roles exist and which permissions each grants. */
export const rolesApi = (call: Call) => ({
  /**
   * The role catalogue: every role, its purpose, skills and the permissions it grants.
   *
   * ```ts
   * const { roles } = await client.roles.catalogue();
   * const ethicist = roles.find((r) => r.key === 'ai-ethicist');
   * ```
   */
  catalogue: () => call(endpoints.getRoleCatalogue),

  /**
   * Replaces the role catalogue (administrators). A role still held by a member cannot be
   * dropped.
   *
   * ```ts
   * const catalogue = await admin.roles.catalogue();
   * catalogue.roles.push({ key: 'annotator', name: 'Annotator', purpose: 'Labels data', lane: 'data', permissions: ['data.read'] });
   * await admin.roles.replaceCatalogue(catalogue);
   * ```
   */
  replaceCatalogue: (catalogue: RoleCatalogueInput) =>
    call(endpoints.replaceRoleCatalogue, { body: catalogue }),

  /**
   * The permissions a role may grant, each with what it allows.
   *
   * ```ts
   * const { items } = await client.roles.permissions();
   * ```
   */
  permissions: () => call(endpoints.listPermissions),
});
