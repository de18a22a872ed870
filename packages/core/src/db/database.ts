import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface DatabaseConfig {
  /** `postgres://...` for PostgreSQL; absent for the embedded SQLite file. */
  url?: string | undefined;
  /** SQLite file path (used when `url` is absent). `:memory:` is allowed for tests. */
  sqlitePath?: string;
  /** PostgreSQL schema to use (created if missing); tests give each suite its own. */
  schema?: string | undefined;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
}

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  close(): Promise<void>;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

export function openDatabase(config: DatabaseConfig): Database {
  if (config.url) return openPostgres(config.url, config);
  const file = config.sqlitePath ?? ':memory:';
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL lets readers run beside the single writer; NORMAL sync is durable across a process
  // crash (SIGKILL) because committed frames are already in the WAL file.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 10000');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    db,
    dialect: 'sqlite',
    close: () => db.destroy(),
  };
}

function openPostgres(url: string, config: DatabaseConfig): Database {
  const schema = config.schema;
  if (schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name '${schema}'`);
  const pool = new pg.Pool({
    connectionString: url,
    max: config.poolSize ?? 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
    types: {
      getTypeParser: (oid: number, format?: 'text' | 'binary') => {
        // Counters and sequences fit in a double; return numbers, as SQLite does.
        if (oid === INT8_OID || oid === NUMERIC_OID) return (v: string) => Number(v);
        return pg.types.getTypeParser(oid, format);
      },
    } as pg.CustomTypesConfig,
  });
  // An idle client losing its connection must not crash the process.
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    close: () => db.destroy(),
  };
}

/** Creates the PostgreSQL schema named in the config if it does not exist yet. */
export async function ensureSchema(database: Database, schema: string | undefined): Promise<void> {
  if (database.dialect !== 'postgres' || !schema) return;
  await sql`create schema if not exists ${sql.id(schema)}`.execute(database.db);
}
