import type { Permission } from '@baton/contracts';
import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { ArtifactStore } from './artifacts/artifact-store.ts';
import type { SecretBox } from './data/sources/secret-box.ts';
import type { Dialect } from './db/database.ts';
import type { DB } from './db/schema.ts';
import type { ModelFitter } from './training/model-fitter.ts';

/** Who is acting. `system` is Baton itself (bootstrap, workers); `anonymous` calls public endpoints. */
export type Actor =
  | { kind: 'user'; userId: string; username: string; isAdmin: boolean }
  | { kind: 'system'; name: string }
  | { kind: 'anonymous' };

/** The process-wide dependencies a service may use; built once at start. */
export interface Services {
  db: Kysely<DB>;
  dialect: Dialect;
  artifacts: ArtifactStore;
  logger: Logger;
  /** Seals project secrets at rest (data source connection strings); set by the server. */
  secrets?: SecretBox | undefined;
  /** Fits training models; the server runs them on a worker thread, else they fit in this thread. */
  fitter?: ModelFitter | undefined;
}

/** The project a request acts in, resolved and authorised by the transport. */
export interface ProjectScope {
  id: string;
  slug: string;
  name: string;
  /** The actor's roles in the project (empty for an instance admin who is not a member). */
  roles: string[];
  permissions: ReadonlySet<Permission>;
}

/** What every service verb receives: `verb({ ctx, input })`. */
export interface ServiceContext {
  services: Services;
  actor: Actor;
  project?: ProjectScope | undefined;
  logger: Logger;
  /** The id of the request or job this work belongs to, written to the audit log. */
  requestId?: string | undefined;
  /** An open transaction to join, when the caller already holds one. */
  tx?: Transaction<DB> | undefined;
}

export type Executor = Kysely<DB> | Transaction<DB>;

/** The executor a verb should use: the caller's transaction if one is open, else the pool. */
export const executor = (ctx: ServiceContext): Executor => ctx.tx ?? ctx.services.db;

/**
 * Runs `fn` in a transaction, joining the caller's if one is open, so that a verb calling
 * another verb commits or rolls back as one unit.
 */
export async function inTransaction<T>(
  ctx: ServiceContext,
  fn: (ctx: ServiceContext) => Promise<T>,
): Promise<T> {
  if (ctx.tx) return fn(ctx);
  return ctx.services.db.transaction().execute((tx) => fn({ ...ctx, tx }));
}

export const actorName = (actor: Actor): string => {
  switch (actor.kind) {
    case 'user':
      return actor.username;
    case 'system':
      return `system:${actor.name}`;
    case 'anonymous':
      return 'anonymous';
  }
};
export const actorId = (actor: Actor): string | null => (actor.kind === 'user' ? actor.userId : null);

export const systemContext = (services: Services, name: string): ServiceContext => ({
  services,
  actor: { kind: 'system', name },
  logger: services.logger.child({ actor: `system:${name}` }),
});

/** The project of the context; services that are project-scoped call this first. */
export function requireProject(ctx: ServiceContext): ProjectScope {
  if (!ctx.project) throw new Error('this verb needs a project scope');
  return ctx.project;
}
