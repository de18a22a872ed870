import { type BodyOf, endpoints } from '@baton/contracts';
import type { Call } from '../call.ts';

export type CreateUserInput = BodyOf<typeof endpoints.createUser>;

/** User accounts; administrators only. */
export const usersApi = (call: Call) => ({
  /**
   * Creates a user. Fails with `conflict` when the username is taken.
   *
   * ```ts
   * const user = await admin.users.create({ username: 'ana', password: 'correct horse 1' });
   * ```
   */
  create: (input: CreateUserInput) => call(endpoints.createUser, { body: input }),

  /**
   * Every user of the instance.
   *
   * ```ts
   * const { items } = await admin.users.list();
   * ```
   */
  list: () => call(endpoints.listUsers),
});
