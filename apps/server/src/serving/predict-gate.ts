import { ServiceError } from '@baton/core';
import type { DeploymentServer } from './deployment-server.ts';
import type { ServeAuthorizer } from './serve-auth.ts';
import type { ServingManager } from './serving-manager.ts';

const NO_CREDENTIALS = 'sign in, or send an API token as "Authorization: Bearer <token>"';

/**
 * Who may call a deployment's predict: the one set of rules both predict paths (the lean
 * node:http listener and the Fastify route) go through. Without credentials only a public
 * deployment answers, and an unknown name then looks the same as a protected one.
 */
export class PredictGate {
  constructor(
    private readonly manager: ServingManager,
    private readonly authorizer: ServeAuthorizer,
  ) {}

  /**
   * The hot path, without a promise: the server when it is started and the caller's token is
   * cached as allowed (a cached refusal throws); undefined when `admit` must decide.
   */
  fast(name: string, authorization: string | undefined): DeploymentServer | undefined {
    const server = this.manager.known(name);
    if (!server) return undefined;
    if (server.config.publicAccess) return server;
    if (authorization === undefined) return undefined;
    return this.authorizer.cached(authorization, server.projectSlug) ? server : undefined;
  }

  /**
   * Finds (starting it if need be) the deployment and checks the caller: a bearer token, or
   * `bySession` for a browser session (the Fastify route only). Throws a ServiceError.
   */
  async admit(
    name: string,
    authorization: string | undefined,
    bySession?: (projectSlug: string) => Promise<void>,
  ): Promise<DeploymentServer> {
    const server = await this.manager.get(name);
    if (server?.config.publicAccess) return server;
    if (authorization === undefined && !bySession) throw new ServiceError('unauthenticated', NO_CREDENTIALS);
    if (!server) throw new ServiceError('not_found', `deployment '${name}' does not exist`);
    if (authorization !== undefined) {
      await this.authorizer.byToken(authorization, server.projectSlug, 'deployment.read');
    } else await bySession?.(server.projectSlug);
    return server;
  }
}
