import { endpoints } from '@baton/contracts';
import type { Call } from '../call.ts';

/** The caller's own identity. */
export const authApi = (call: Call) => ({
  /**
   * The signed-in user, the projects they belong to and their roles in each.
   *
   * ```ts
   * const me = await client.auth.whoami();
   * console.log(me.user.username, me.memberships.map((m) => `${m.projectSlug}: ${m.roles}`));
   * ```
   */
  whoami: () => call(endpoints.whoami),

  /**
   * Changes the caller's password; the caller's other browser sessions end.
   *
   * ```ts
   * await client.auth.changePassword('old secret', 'a longer new secret');
   * ```
   */
  changePassword: (currentPassword: string, newPassword: string) =>
    call(endpoints.changePassword, { body: { currentPassword, newPassword } }),

  /**
   * Ends the browser session of a client made by `signIn`. API tokens are not sessions:
   * revoke them with `client.tokens.revoke(id)`.
   *
   * ```ts
   * const session = await signIn({ baseUrl, username, password });
   * await session.client.auth.logout();
   * ```
   */
  logout: () => call(endpoints.logout),
});
