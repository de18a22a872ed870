import { type BodyOf, endpoints } from '@baton/contracts';
import type { Call } from '../call.ts';

export type CreateTokenInput = BodyOf<typeof endpoints.createToken>;

/** The caller's API tokens, the credentials of the CLI, the SDK and CI jobs. */
export const tokensApi = (call: Call) => ({
  /**
   * Creates an API token. The `secret` (`baton_pat_...`) is in this answer only: the server
   * keeps a hash, so store it now.
   *
   * ```ts
   * const { token, secret } = await client.tokens.create({ name: 'nightly-ci', expiresInDays: 90 });
   * const ci = createBatonClient({ baseUrl, token: secret });
   * ```
   */
  create: (input: CreateTokenInput) => call(endpoints.createToken, { body: input }),

  /**
   * The caller's tokens, newest first, with their prefix, expiry and last use; never secrets.
   *
   * ```ts
   * const { items } = await client.tokens.list();
   * const active = items.filter((t) => t.revokedAt === null);
   * ```
   */
  list: () => call(endpoints.listTokens),

  /**
   * Revokes one of the caller's tokens; requests with it then fail with `token_revoked`.
   * Revoking a revoked token is not an error.
   *
   * ```ts
   * const revoked = await client.tokens.revoke(token.id);
   * console.log(revoked.revokedAt);
   * ```
   */
  revoke: (id: string) => call(endpoints.revokeToken, { params: { token: id } }),
});
