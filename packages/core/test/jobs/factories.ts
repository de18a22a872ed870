import type { Kysely } from 'kysely';
import { pino } from 'pino';
import type { ArtifactStore } from '../../src/artifacts/artifact-store.ts';
import { newId, nowIso } from '../../src/clock.ts';
import type { ServiceContext, Services } from '../../src/context.ts';
import type { Database } from '../../src/db/database.ts';
import type { DB } from '../../src/db/schema.ts';

let counter = 0;
/** A job kind name no other test uses, so a test's worker claims only that test's jobs. */
export const uniqueKind = (name: string): string => `test.${name}-${++counter}-${process.pid}`;

/** A project row of its own for one test. */
export async function createProject(db: Kysely<DB>): Promise<{ id: string; slug: string }> {
  const id = newId();
  const slug = `p-${id.slice(0, 8)}`;
  const now = nowIso();
  await db
    .insertInto('projects')
    .values({ id, slug, name: slug, description: '', created_at: now, created_by: 'test', updated_at: now })
    .execute();
  return { id, slug };
}

// The job queue never touches artifacts; a store that refuses makes that visible.
const noArtifacts: ArtifactStore = {
  uri: 'none://',
  put: () => Promise.reject(new Error('no artifact store in job tests')),
  putFile: () => Promise.reject(new Error('no artifact store in job tests')),
  get: () => Promise.reject(new Error('no artifact store in job tests')),
  stat: () => Promise.resolve(null),
  delete: () => Promise.resolve(false),
  check: () => Promise.resolve(),
};

export function testServices(database: Database): Services {
  return {
    db: database.db,
    dialect: database.dialect,
    artifacts: noArtifacts,
    logger: pino({ level: process.env.BATON_TEST_LOG_LEVEL ?? 'silent' }),
  };
}

export function userContext(services: Services, username = 'alice'): ServiceContext {
  return {
    services,
    actor: { kind: 'user', userId: `user-${username}`, username, isAdmin: false },
    logger: services.logger,
  };
}

/** Polls `probe` until it returns a value other than undefined, or fails at the deadline. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  { timeoutMs = 10_000, intervalMs = 10, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A promise with its resolver outside, for handlers a test releases by hand. */
export function gate<T = void>(): { promise: Promise<T>; open: (value: T) => void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
