import type { Permission } from '@baton/contracts';
import { type Actor, resolveProjectScope, resolveToken, ServiceError, type Services } from '@baton/core';
import type { FastifyRequest } from 'fastify';
import { authenticate } from '../http/authenticate.ts';

const TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

interface Grant {
  until: number;
  allowed: boolean;
  /** The error to repeat for a refused token (cached like a grant). */
  error?: ServiceError;
}

/**
 * Authorises predict calls: a bearer token (or browser session) of a user holding
 * `deployment.read` in the deployment's project. Token answers are cached for five seconds
 * per (token, project), so a hot path costs a map lookup; a revoked token or removed role
 * stops working within that time.
 */
export class ServeAuthorizer {
  private readonly grants = new Map<string, Grant>();

  constructor(private readonly services: Services) {}

  async authorize(request: FastifyRequest, projectSlug: string, permission: Permission): Promise<void> {
    const header = request.headers.authorization;
    if (header === undefined) return this.bySession(request, projectSlug, permission);
    return this.byToken(header, projectSlug, permission);
  }

  /**
   * The answer already cached for an Authorization header: true when allowed (throws the
   * cached refusal), undefined when it must be looked up. Costs no promise on the hot path.
   */
  cached(header: string, projectSlug: string): true | undefined {
    const cached = this.grants.get(`${projectSlug}\u0000${header}`);
    if (!cached || cached.until <= Date.now()) return undefined;
    if (cached.allowed) return true;
    throw cached.error ?? new ServiceError('forbidden', 'not allowed');
  }

  /** Checks a bearer token (from the Authorization header) against the project. */
  async byToken(header: string, projectSlug: string, permission: Permission): Promise<void> {
    if (this.cached(header, projectSlug)) return;
    const key = `${projectSlug}\u0000${header}`;
    const now = Date.now();
    let grant: Grant;
    try {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match?.[1])
        throw new ServiceError('unauthenticated', "the Authorization header must be 'Bearer <token>'");
      const user = await resolveToken(this.services.db, match[1]);
      await this.check(
        { kind: 'user', userId: user.id, username: user.username, isAdmin: user.isAdmin },
        projectSlug,
        permission,
      );
      grant = { until: now + TTL_MS, allowed: true };
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      grant = { until: now + TTL_MS, allowed: false, error };
    }
    if (this.grants.size >= MAX_ENTRIES) this.grants.clear();
    this.grants.set(key, grant);
    if (!grant.allowed) throw grant.error;
  }

  private async bySession(
    request: FastifyRequest,
    projectSlug: string,
    permission: Permission,
  ): Promise<void> {
    const auth = await authenticate(this.services.db, request);
    if (!auth) {
      throw new ServiceError(
        'unauthenticated',
        'sign in, or send an API token as "Authorization: Bearer <token>"',
      );
    }
    const u = auth.user;
    await this.check(
      { kind: 'user', userId: u.id, username: u.username, isAdmin: u.isAdmin },
      projectSlug,
      permission,
    );
  }

  private async check(actor: Actor, projectSlug: string, permission: Permission): Promise<void> {
    const scope = await resolveProjectScope(this.services.db, actor, projectSlug);
    if (!scope.permissions.has(permission)) {
      throw new ServiceError(
        'forbidden',
        `'${permission}' is needed in project '${projectSlug}' to call this deployment`,
      );
    }
  }
}
