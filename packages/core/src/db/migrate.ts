import {
  type DatabaseIntrospector,
  type Kysely,
  type Migration,
  type MigrationProvider,
  Migrator,
  sql,
} from 'kysely';
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
    db: schema ? withPinnedIntrospection(database.db, schema) : database.db,
    provider: new InCodeProvider(database.dialect),
    migrationTableName: 'baton_migrations',
    migrationLockTableName: 'baton_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * The database as the migrator sees it, with its table checks reading only `schema`. Kysely's
 * own introspection reads the catalogue of every schema on the server (serial sequences
 * included), so another schema dropped during that read (another Baton, a tenant removed)
 * failed the migration with "schema ... does not exist".
 */
function withPinnedIntrospection<T>(db: Kysely<T>, schema: string): Kysely<T> {
  const introspection: DatabaseIntrospector = {
    async getSchemas() {
      const { rows } = await sql<{ name: string }>`
        select nspname as name from pg_catalog.pg_namespace where nspname = ${schema}`.execute(db);
      return rows;
    },
    async getTables() {
      const { rows } = await sql<{ name: string; isView: boolean }>`
        select table_name as name, table_type = 'VIEW' as "isView"
        from information_schema.tables where table_schema = ${schema}`.execute(db);
      return rows.map((row) => ({ ...row, schema, columns: [] }));
    },
    async getMetadata() {
      return { tables: await this.getTables() };
    },
  };
  return new Proxy(db, {
    get(target, property) {
      if (property === 'introspection') return introspection;
      // Kysely keeps its state in private fields: members are read and called on the target.
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
