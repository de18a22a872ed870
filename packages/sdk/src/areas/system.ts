import { endpoints } from '@baton/contracts';
import type { Call } from '../call.ts';

/** Health and identity of the server; none of these needs a token. */
export const systemApi = (call: Call) => ({
  /**
   * Liveness: resolves when the process answers.
   *
   * ```ts
   * await client.system.health(); // { status: 'ok' }
   * ```
   */
  health: () => call(endpoints.health),

  /**
   * Readiness: whether the metadata store and the artifact store answer. A server that is
   * up but not ready answers 503, which the SDK throws as `unavailable`.
   *
   * ```ts
   * const { status, checks } = await client.system.readiness();
   * ```
   */
  readiness: () => call(endpoints.readiness),

  /**
   * Version and storage backends of the server.
   *
   * ```ts
   * const { version, database } = await client.system.info(); // '0.1.0', 'sqlite'
   * ```
   */
  info: () => call(endpoints.serverInfo),
});
