import type { User } from '@baton/contracts';
import {
  type Actor,
  type Executor,
  type ProjectScope,
  type ResolvedSession,
  resolveProjectScope,
  resolveSession,
  resolveToken,
} from '@baton/core';

/**
 * How long this process trusts what it learnt about a credential or a project membership.
 * A busy client (an MLflow script logging metrics, the SDK flushing batches) would otherwise
 * pay four to five lookups per call before its own work starts. Changes made through this
 * server (token revoke, logout, password change, user disable, member or role change)
 * clear the memo at once; a change made by another process (the CLI on the same database)
 * is seen after at most this long.
 */
export const AUTH_CACHE_TTL_MS = 1500;
const MAX_ENTRIES = 10_000;

class TtlMemo<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.until > Date.now()) return hit.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: V): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, { value, until: Date.now() + AUTH_CACHE_TTL_MS });
  }

  clear(): void {
    this.entries.clear();
  }
}

const tokens = new TtlMemo<User>();
const sessions = new TtlMemo<ResolvedSession>();
const scopes = new TtlMemo<ProjectScope>();

/** `resolveToken`, remembered for AUTH_CACHE_TTL_MS; failures are never remembered. */
export async function cachedToken(db: Executor, secret: string): Promise<User> {
  const hit = tokens.get(secret);
  if (hit) return hit;
  const user = await resolveToken(db, secret);
  tokens.set(secret, user);
  return user;
}

/** `resolveSession`, remembered for AUTH_CACHE_TTL_MS; an unknown or expired session is not. */
export async function cachedSession(db: Executor, secret: string): Promise<ResolvedSession | null> {
  const hit = sessions.get(secret);
  if (hit) return hit;
  const session = await resolveSession(db, secret);
  if (session) sessions.set(secret, session);
  return session;
}

/** `resolveProjectScope` for a user, remembered for AUTH_CACHE_TTL_MS; refusals are not. */
export async function cachedProjectScope(db: Executor, actor: Actor, slug: string): Promise<ProjectScope> {
  if (actor.kind !== 'user') return resolveProjectScope(db, actor, slug);
  const key = `${actor.userId}\0${actor.isAdmin ? 1 : 0}\0${slug}`;
  const hit = scopes.get(key);
  if (hit) return hit;
  const scope = await resolveProjectScope(db, actor, slug);
  scopes.set(key, scope);
  return scope;
}

/** Forgets every remembered credential and membership (after a change to either). */
export function invalidateAuthCache(): void {
  tokens.clear();
  sessions.clear();
  scopes.clear();
}

/**
 * Whether a successful call of this endpoint may change who a credential is or what a user
 * may do: anything outside a project (tokens, sign-in and out, users, roles, projects) and a
 * project's own settings, members and people. Logging runs or uploading data does not.
 */
export function changesAccess(method: string, path: string): boolean {
  if (method === 'GET' || method === 'HEAD') return false;
  const inProject = /^\/api\/v1\/projects\/:project\/([^/]+)/.exec(path);
  if (!inProject) return true;
  return ['members', 'people', 'team'].includes(inProject[1]!);
}
