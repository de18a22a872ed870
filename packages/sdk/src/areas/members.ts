import { endpoints } from '@baton/contracts';
import type { Call } from '../call.ts';

/** The team of a project and the roles each member holds. */
export const membersApi = (call: Call) => ({
  /**
   * The members of a project with their roles (`member.read`).
   *
   * ```ts
   * const { items } = await client.members.list('credit-risk');
   * ```
   */
  list: (project: string) => call(endpoints.listMembers, { params: { project } }),

  /**
   * Adds a user to a project, or replaces the roles of a member (`member.manage`). The roles
   * are keys of the role catalogue; an unknown key fails with `bad_request`.
   *
   * ```ts
   * await client.members.set('credit-risk', 'mel', ['ml-engineer', 'mlops-engineer']);
   * ```
   */
  set: (project: string, username: string, roles: string[]) =>
    call(endpoints.setMember, { params: { project, username }, body: { roles } }),

  /**
   * Removes a member from a project (`member.manage`) and resolves to the removed member.
   *
   * ```ts
   * await client.members.remove('credit-risk', 'vic');
   * ```
   */
  remove: (project: string, username: string) =>
    call(endpoints.removeMember, { params: { project, username } }),
});
