import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { DatasetVersion } from '@baton/contracts';
import pg from 'pg';
import { requireProject, type ServiceContext } from '../../context.ts';
import { badRequest } from '../../errors.ts';
import { FILE_BUFFER_BYTES } from '../../file-buffers.ts';
import { commitVersion } from '../commit-version.ts';
import { assertDatasetName } from '../create-dataset.ts';
import { duckMessage, literal, VERSION_PARQUET, withConnection } from '../duckdb.ts';
import { workFile } from '../spool.ts';
import { sourceSecret } from './sources.ts';

const FETCH_ROWS = 10_000;

/** PostgreSQL type oids and the DuckDB types their text forms are read as. */
const TYPES: Record<number, string> = {
  16: 'BOOLEAN',
  20: 'BIGINT',
  21: 'SMALLINT',
  23: 'INTEGER',
  700: 'FLOAT',
  701: 'DOUBLE',
  1700: 'DOUBLE',
  1082: 'DATE',
  1114: 'TIMESTAMP',
  1184: 'TIMESTAMPTZ',
};

const csvCell = (value: unknown, oid: number): string => {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (oid === 16) text = text === 't' ? 'true' : 'false';
  return `"${text.replaceAll('"', '""')}"`;
};

// Every value as PostgreSQL's own text form; DuckDB parses it by the column's type.
const rawTypes = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;

/**
 * Runs a query on a PostgreSQL source in a read-only transaction, reading through a cursor
 * in batches (bounded memory) into a temp CSV, typed from the result's column types, and
 * makes the result a new version. The connection string never appears in errors or logs.
 */
export async function importFromPostgres({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { dataset: string; source: string; query: string; message?: string | undefined };
}): Promise<DatasetVersion> {
  requireProject(ctx);
  assertDatasetName(input.dataset);
  const secret = await sourceSecret(ctx, input.source);
  const csv = await workFile('.csv');
  const parquet = await workFile('.parquet');
  const client = new pg.Client({
    connectionString: secret,
    types: rawTypes,
    connectionTimeoutMillis: 10_000,
  });
  client.on('error', () => {});
  let columns: { name: string; oid: number }[] = [];
  let rows = 0;
  try {
    try {
      await client.connect();
    } catch (error) {
      throw badRequest(
        `cannot connect to source '${input.source}': ${(error as Error).message.replaceAll(secret, '***')}`,
      );
    }
    const out = createWriteStream(csv, { highWaterMark: FILE_BUFFER_BYTES });
    try {
      await client.query('BEGIN READ ONLY');
      await client.query("SET LOCAL statement_timeout = '10min'");
      await client.query(
        `DECLARE baton_import NO SCROLL CURSOR FOR ${input.query.trim().replace(/;+\s*$/, '')}`,
      );
      for (;;) {
        const batch = await client.query({ text: `FETCH ${FETCH_ROWS} FROM baton_import`, rowMode: 'array' });
        if (columns.length === 0) {
          columns = batch.fields.map((f) => ({ name: f.name, oid: f.dataTypeID }));
          out.write(`${columns.map((c) => csvCell(c.name, 25)).join(',')}\n`);
        }
        for (const row of batch.rows as unknown[][]) {
          if (!out.write(`${row.map((v, i) => csvCell(v, columns[i]?.oid ?? 25)).join(',')}\n`))
            await once(out, 'drain');
        }
        rows += batch.rows.length;
        if (batch.rows.length < FETCH_ROWS) break;
      }
      await client.query('COMMIT');
    } catch (error) {
      const message = (error as Error).message.replaceAll(secret, '***');
      throw badRequest(`the query failed on source '${input.source}': ${message}`);
    } finally {
      out.end();
      await once(out, 'close');
    }
    if (rows === 0) throw badRequest('the query returned no rows');
    const types = columns.map((c) => `${literal(c.name)}: ${literal(TYPES[c.oid] ?? 'VARCHAR')}`).join(', ');
    await withConnection((conn) =>
      conn.run(
        `COPY (SELECT * FROM read_csv(${literal(csv)}, header=true, delim=',', quote='"', escape='"', nullstr='', allow_quoted_nulls=false, columns={${types}})) TO ${literal(parquet)} (${VERSION_PARQUET})`,
      ),
    ).catch((error: unknown) => {
      throw badRequest(`the query result cannot be stored: ${duckMessage(error)}`);
    });
    return await commitVersion(ctx, {
      dataset: input.dataset,
      parquet,
      message: input.message,
      source: {
        kind: 'postgres',
        format: null,
        filename: null,
        options: { source: input.source, query: input.query.slice(0, 2000) },
        skippedRows: 0,
        skippedLines: [],
        bytes: 0,
      },
    });
  } finally {
    await client.end().catch(() => {});
    await rm(csv, { force: true });
    await rm(parquet, { force: true });
  }
}
