import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { type Database, type Dialect, ensureSchema, openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

/** SQLite always; PostgreSQL when BATON_TEST_DATABASE_URL is set. */
export const DIALECTS: Dialect[] = process.env.BATON_TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDatabase extends Database {
  /** The PostgreSQL schema (each test database gets its own), or undefined on SQLite. */
  schema: string | undefined;
  url: string | undefined;
  /** Drops what the test created and closes the connections. */
  dispose(): Promise<void>;
}

/**
 * A fresh, migrated database for one test suite: an in-memory (or given-file) SQLite, or a
 * schema of its own on the PostgreSQL server named by BATON_TEST_DATABASE_URL.
 */
export async function openTestDatabase(
  dialect: Dialect,
  options: { sqlitePath?: string; poolSize?: number } = {},
): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const database = openDatabase({ sqlitePath: options.sqlitePath ?? ':memory:' });
    await migrateToLatest(database);
    return { ...database, schema: undefined, url: undefined, dispose: () => database.close() };
  }
  const url = process.env.BATON_TEST_DATABASE_URL;
  if (!url) throw new Error('BATON_TEST_DATABASE_URL is not set');
  const schema = `baton_test_${randomBytes(6).toString('hex')}`;
  const admin = openDatabase({ url, poolSize: 1 });
  await ensureSchema(admin, schema);
  await admin.close();
  const database = openDatabase({ url, schema, poolSize: options.poolSize ?? 5 });
  await migrateToLatest(database);
  return {
    ...database,
    schema,
    url,
    dispose: async () => {
      await database.close();
      const cleanup = openDatabase({ url, poolSize: 1 });
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(cleanup.db);
      await cleanup.close();
    },
  };
}
