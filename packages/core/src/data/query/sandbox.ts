import type { DuckDBConnection } from '@duckdb/node-api';
import { badRequest, ServiceError } from '../../errors.ts';
import { duckMessage, ident, literal } from '../duckdb.ts';
import { dataLaneSettings } from '../settings.ts';

/** A table the sandbox exposes: a view `name` over one Parquet file. */
export interface SandboxTable {
  name: string;
  file: string;
}

export interface Sandbox {
  conn: DuckDBConnection;
  /** Checks that `sql` is exactly one SELECT, then runs it under `timeoutMs`, reading at most `limit + 1` rows. */
  select(sql: string, options: { limit: number; timeoutMs: number }): Promise<SandboxResult>;
  /** Writes a SELECT's result (at most `limit` rows) to `file`, the one path it may write. */
  copyTo(
    sql: string,
    file: string,
    options: { format: 'csv' | 'parquet'; limit: number; timeoutMs: number },
  ): Promise<void>;
  close(): void;
}

export interface SandboxResult {
  columns: { name: string; type: string }[];
  rows: unknown[][];
  truncated: boolean;
}

/**
 * A DuckDB instance of its own for users' SQL. The named Parquet files are registered as
 * views, then the instance loses access to everything else: `allowed_paths` lists only
 * those files (and the one output file of a download), `enable_external_access=false`
 * refuses every other file, ATTACH of a file, COPY TO, INSTALL and LOAD, and the
 * configuration is locked so SQL cannot undo it. Only a single SELECT is accepted.
 */
export async function openSandbox(tables: SandboxTable[], output?: string): Promise<Sandbox> {
  const { DuckDBInstance, StatementType } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', {
    threads: '2',
    memory_limit: dataLaneSettings().queryMemory,
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const conn = await instance.connect();
  try {
    for (const table of tables) {
      await conn.run(
        `CREATE VIEW ${ident(table.name)} AS SELECT * FROM read_parquet(${literal(table.file)})`,
      );
    }
    const allowed = [...tables.map((t) => t.file), ...(output ? [output] : [])];
    await conn.run(`SET allowed_paths = [${allowed.map(literal).join(', ')}]`);
    await conn.run('SET enable_external_access = false');
    await conn.run('SET lock_configuration = true');
  } catch (error) {
    conn.closeSync();
    instance.closeSync();
    throw error;
  }

  const withTimeout = async <T>(timeoutMs: number, run: () => Promise<T>): Promise<T> => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      conn.interrupt();
    }, timeoutMs);
    try {
      return await run();
    } catch (error) {
      if (timedOut)
        throw new ServiceError(
          'bad_request',
          `the query ran longer than its timeout of ${timeoutMs} ms and was stopped`,
        );
      throw refused(error);
    } finally {
      clearTimeout(timer);
    }
  };

  const assertSelect = async (sql: string) => {
    const extracted = await conn.extractStatements(sql).catch((error: unknown) => {
      throw refused(error);
    });
    if (extracted.count !== 1) {
      throw badRequest(`send exactly one SQL statement (got ${extracted.count})`, [
        { path: 'body.sql', message: 'one statement' },
      ]);
    }
    const prepared = await extracted.prepare(0).catch((error: unknown) => {
      throw refused(error);
    });
    if (prepared.statementType !== StatementType.SELECT) {
      prepared.destroySync();
      throw badRequest(
        'only read-only SELECT queries are allowed (no ATTACH, COPY, INSTALL, LOAD, SET or writes)',
        [{ path: 'body.sql', message: 'not a SELECT' }],
      );
    }
    return prepared;
  };

  return {
    conn,
    async select(sql, { limit, timeoutMs }) {
      const prepared = await assertSelect(sql);
      return withTimeout(timeoutMs, async () => {
        const reader = await prepared.streamAndReadUntil(limit + 1);
        const rows = reader.getRowsJson() as unknown[][];
        const types = reader.columnTypes();
        return {
          columns: reader.columnNames().map((name, i) => ({ name, type: String(types[i]) })),
          rows: rows.slice(0, limit),
          truncated: rows.length > limit,
        };
      });
    },
    async copyTo(sql, file, { format, limit, timeoutMs }) {
      (await assertSelect(sql)).destroySync();
      // The text was checked to be one complete SELECT, so it nests as a subquery; the
      // wrapped statement is checked again all the same.
      const body = sql.trim().replace(/;+\s*$/, '');
      const copy = `COPY (SELECT * FROM (\n${body}\n) LIMIT ${limit}) TO ${literal(file)} (FORMAT ${format === 'csv' ? 'csv, HEADER true' : 'parquet, COMPRESSION zstd'})`;
      const extracted = await conn.extractStatements(copy).catch((error: unknown) => {
        throw refused(error);
      });
      if (extracted.count !== 1) throw badRequest('the query cannot be exported');
      const prepared = await extracted.prepare(0).catch((error: unknown) => {
        throw refused(error);
      });
      if (prepared.statementType !== StatementType.COPY) throw badRequest('the query cannot be exported');
      await withTimeout(timeoutMs, () => prepared.run());
    },
    close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/** DuckDB's refusal or error, as a 400 naming what it said. */
function refused(error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  const message = duckMessage(error);
  if (/Permission Error|disabled by configuration|locked/i.test(message)) {
    return badRequest(`refused: queries may read only the dataset versions they name (${message})`, [
      { path: 'body.sql', message: 'reads outside the named versions' },
    ]);
  }
  return badRequest(`the query failed: ${message}`, [{ path: 'body.sql', message }]);
}
