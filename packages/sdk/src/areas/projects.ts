import { type BodyOf, endpoints } from '@baton/contracts';
import type { Call } from '../call.ts';

export type CreateProjectInput = BodyOf<typeof endpoints.createProject>;
export type UpdateProjectInput = BodyOf<typeof endpoints.updateProject>;

/** Projects: the unit of work, membership and permission. */
export const projectsApi = (call: Call) => ({
  /**
   * Creates a project; the caller becomes its admin. Fails with `conflict` when the slug
   * is taken and `bad_request` when it is not a slug.
   *
   * ```ts
   * const project = await client.projects.create({ slug: 'churn', name: 'Churn prediction' });
   * ```
   */
  create: (input: CreateProjectInput) => call(endpoints.createProject, { body: input }),

  /**
   * The projects the caller is a member of (every project for an administrator), each with
   * the caller's roles and permissions in it.
   *
   * ```ts
   * const { items } = await client.projects.list();
   * for (const p of items) console.log(p.slug, p.myRoles.join(', '));
   * ```
   */
  list: () => call(endpoints.listProjects),

  /**
   * One project by slug. An unknown project and one the caller is not a member of both fail
   * with `not_found`, so a non-member learns nothing about which projects exist.
   *
   * ```ts
   * const project = await client.projects.get('credit-risk');
   * ```
   */
  get: (project: string) => call(endpoints.getProject, { params: { project } }),

  /**
   * Renames a project or changes its description (`project.manage`).
   *
   * ```ts
   * await client.projects.update('credit-risk', { description: 'German credit data, fairly' });
   * ```
   */
  update: (project: string, input: UpdateProjectInput) =>
    call(endpoints.updateProject, { params: { project }, body: input }),
});
