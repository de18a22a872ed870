import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import type { Database, Dialect } from './database.ts';
import * as m0001 from './migrations/0001-foundation.ts';
import * as m0002 from './migrations/0002-team.ts';
import * as m0003 from './migrations/0003-data.ts';
import * as m0004 from './migrations/0004-tracking.ts';
import * as m0005 from './migrations/0005-registry.ts';

type Step = { up(db: Kysely<unknown>, dialect: Dialect): Promise<void> };

// Versioned migrations, applied in name order. Never edit a released step: add a new one.
const STEPS: Record<string, Step> = {
  '0001-foundation': m0001,
  '0002-team': m0002,
  '0003-data': m0003,
  '0004-tracking': m0004,
  '0005-registry': m0005,
};

class InCodeProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, step] of Object.entries(STEPS)) {
      out[name] = { up: (db) => step.up(db, this.dialect) };
    }
    return out;
  }
}

/** Brings the schema up to date. Safe to call on every start and from several processes. */
export async function migrateToLatest(database: Database): Promise<string[]> {
  // Kysely looks for its bookkeeping tables in every schema unless told which one; with
  // several Baton schemas on one PostgreSQL server, pin it to the connection's own.
  const schema =
    database.dialect === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db)).rows[0]
          ?.schema
      : undefined;
  const migrator = new Migrator({
    ...(schema ? { migrationTableSchema: schema } : {}),
    db: database.db,
    provider: new InCodeProvider(database.dialect),
    migrationTableName: 'baton_migrations',
    migrationLockTableName: 'baton_migrations_lock',
  });
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    if (!error) return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    // Kysely's table check reads the catalogue of every schema on the server; another
    // schema dropped during that read (another Baton on the same server) fails it. Ours is
    // untouched, so look again.
    if (attempt < 10 && otherSchemaVanished(error, schema)) {
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
      continue;
    }
    throw error instanceof Error ? error : new Error(String(error));
  }
}

/** PostgreSQL's `invalid_schema_name` (3F000) for a schema that is not the one being migrated. */
function otherSchemaVanished(error: unknown, own: string | undefined): boolean {
  if (!(error instanceof Error) || (error as { code?: unknown }).code !== '3F000') return false;
  const named = /schema "([^"]+)" does not exist/.exec(error.message)?.[1];
  return named !== undefined && named !== own;
}
