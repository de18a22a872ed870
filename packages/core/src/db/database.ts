import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, type SqliteDatabase, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';
import { startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer.ts';

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
  /** SQLite file: checkpoint the WAL from a worker thread instead of in the writer's commits. */
  walCheckpointer?: boolean;
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
  let checkpointer: WalCheckpointer | undefined;
  if (config.walCheckpointer && file !== ':memory:') {
    // 10,000 pages (40 MB): the writer's own checkpoint becomes a rare backstop.
    sqlite.pragma('wal_autocheckpoint = 10000');
    checkpointer = startWalCheckpointer(file);
  }
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  connections.set(db, sqlite);
  return {
    db,
    dialect: 'sqlite',
    close: async () => {
      await checkpointer?.close();
      await db.destroy();
    },
  };
}

const connections = new WeakMap<Kysely<DB>, SQLite.Database>();

/**
 * The SQLite connection behind a database opened here, for a hot write path that runs one
 * reused statement per row inside the transaction Kysely has open on that same connection.
 */
export function sqliteConnection(db: Kysely<DB>): SQLite.Database | undefined {
  return connections.get(db);
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Reuses prepared statements by their SQL text: Kysely prepares every query afresh, and
 * parsing and planning cost more than running a small insert. Safe because Kysely runs one
 * statement at a time on the single SQLite connection.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let statement = cache.get(text);
      if (!statement) {
        statement = sqlite.prepare(text);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
        cache.set(text, statement);
      }
      return statement;
    },
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
  pools.set(db, pool);
  return {
    db,
    dialect: 'postgres',
    close: () => db.destroy(),
  };
}

const pools = new WeakMap<Kysely<DB>, pg.Pool>();

/**
 * The pool behind a PostgreSQL database opened here, for a hot path that runs one named
 * (server-side prepared) statement outside any transaction; Kysely sends every query unnamed.
 */
export function postgresPool(db: Kysely<DB>): pg.Pool | undefined {
  return pools.get(db);
}

/** Creates the PostgreSQL schema named in the config if it does not exist yet. */
export async function ensureSchema(database: Database, schema: string | undefined): Promise<void> {
  if (database.dialect !== 'postgres' || !schema) return;
  await sql`create schema if not exists ${sql.id(schema)}`.execute(database.db);
}
