import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { type DataLaneSettings, dataLaneSettings } from './settings.ts';

const WORK_PREFIX = 'baton-data-';
/**
 * Where this process spools uploads and writes Parquet before it enters the artifact store;
 * one folder per process, so a crashed process's leftovers are found and removed.
 */
export const DATA_WORK_DIR = path.join(os.tmpdir(), `${WORK_PREFIX}${process.pid}`);

function removeDeadWorkDirs(): void {
  for (const name of readdirSync(os.tmpdir())) {
    const pid = Number(name.slice(WORK_PREFIX.length));
    if (!name.startsWith(WORK_PREFIX) || !Number.isInteger(pid) || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') {
        rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
      }
    }
  }
}

let instance: Promise<DuckDBInstance> | undefined;
/** The settings the running instance was created with or last given. */
let applied: Readonly<DataLaneSettings> | undefined;

/**
 * The process's DuckDB for Baton's own data work (ingestion, profiles, checks). Users' SQL
 * never runs here: it gets a sandbox of its own (query/sandbox.ts). Memory is bounded and
 * larger-than-memory work spills to the work folder.
 */
export function dataEngine(): Promise<DuckDBInstance> {
  instance ??= (async () => {
    removeDeadWorkDirs();
    mkdirSync(DATA_WORK_DIR, { recursive: true });
    applied = dataLaneSettings();
    // Loaded on first use: a process that does no data work never maps DuckDB's library.
    const { DuckDBInstance } = await import('@duckdb/node-api');
    return DuckDBInstance.create(':memory:', {
      threads: String(applied.duckdbThreads),
      memory_limit: applied.duckdbMemory,
      temp_directory: path.join(DATA_WORK_DIR, 'spill'),
      preserve_insertion_order: 'true',
    });
  })();
  return instance;
}

/** Runs `fn` on a connection of its own, closed afterwards. */
export async function withConnection<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  const conn = await (await dataEngine()).connect();
  try {
    const settings = dataLaneSettings();
    if (applied !== settings) {
      // Configured after the engine started: threads and memory are global settings.
      applied = settings;
      await conn.run(
        `SET GLOBAL threads = ${settings.duckdbThreads}; SET GLOBAL memory_limit = ${literal(settings.duckdbMemory)}`,
      );
    }
    return await fn(conn);
  } finally {
    conn.closeSync();
  }
}

/**
 * How a dataset version is written: Parquet with zstd and version 2 encodings (delta and
 * byte-stream-split instead of dictionary attempts on every column), which DuckDB writes about
 * a fifth faster than version 1 for files about a fifth larger. pyarrow, polars, DuckDB and
 * Spark 3 read them.
 */
export const VERSION_PARQUET = 'FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION v2';

/** A SQL string literal. */
export const literal = (value: string): string => `'${value.replaceAll("'", "''")}'`;
/** A SQL identifier, always quoted (column names come from users' files). */
export const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** Rows of a query as JSON-ready objects (BIGINT and DECIMAL become strings, dates ISO text). */
export async function queryRows(conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  const reader = await conn.runAndReadAll(sql);
  return reader.getRowObjectsJson() as Record<string, unknown>[];
}

/** The message of a DuckDB error without its multi-line context. */
export const duckMessage = (error: unknown): string => {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n\n')[0]?.trim() ?? text;
};
