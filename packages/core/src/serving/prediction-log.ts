import type { PredictionLogEntry } from '@baton/contracts';
import { type Kysely, sql } from 'kysely';
import type { Executor } from '../context.ts';
import { sqliteConnection } from '../db/database.ts';
import type { PredictionLogTable } from '../db/registry-schema.ts';
import type { DB } from '../db/schema.ts';

export type PredictionLogRow = PredictionLogTable;

/** Rows per PostgreSQL statement: each column goes as one array parameter. */
const ROWS_PER_STATEMENT = 5000;

const INSERT_SQL =
  'insert into prediction_log (id, deployment_id, request_id, model_version_id, variant, inputs_json, outputs_json, latency_ms, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)';
const sqliteInserts = new WeakMap<object, { run(...values: unknown[]): unknown }>();

/**
 * Writes a batch of predictions in one transaction, so a process killed mid-write leaves
 * either the whole batch or none of it. On SQLite the rows go through one reused prepared
 * statement inside the transaction Kysely holds; on PostgreSQL one INSERT ... SELECT FROM
 * unnest(...) per 5,000 rows, nine array parameters in all (one round trip, nothing to compile
 * per row), inside a transaction only when there is more than one statement.
 */
export async function writePredictionLog(db: Kysely<DB>, rows: readonly PredictionLogRow[]): Promise<void> {
  if (rows.length === 0) return;
  const sqlite = sqliteConnection(db);
  if (!sqlite && rows.length <= ROWS_PER_STATEMENT) {
    await insertUnnest(db, rows);
    return;
  }
  await db.transaction().execute(async (tx) => {
    if (sqlite) {
      let insert = sqliteInserts.get(sqlite);
      if (!insert) {
        insert = sqlite.prepare(INSERT_SQL);
        sqliteInserts.set(sqlite, insert);
      }
      for (const r of rows) {
        insert.run(
          r.id,
          r.deployment_id,
          r.request_id,
          r.model_version_id,
          r.variant,
          r.inputs_json,
          r.outputs_json,
          r.latency_ms,
          r.created_at,
        );
      }
      return;
    }
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      await insertUnnest(tx, rows.slice(i, i + ROWS_PER_STATEMENT));
    }
  });
}

/** One PostgreSQL INSERT of many rows, a column per array parameter. */
async function insertUnnest(db: Kysely<DB>, rows: readonly PredictionLogRow[]): Promise<void> {
  const col = <T>(pick: (r: PredictionLogRow) => T): T[] => rows.map(pick);
  await sql`insert into prediction_log (id, deployment_id, request_id, model_version_id, variant, inputs_json, outputs_json, latency_ms, created_at)
    select * from unnest(${col((r) => r.id)}::text[], ${col((r) => r.deployment_id)}::text[], ${col((r) => r.request_id)}::text[],
      ${col((r) => r.model_version_id)}::text[], ${col((r) => r.variant)}::text[], ${col((r) => r.inputs_json)}::text[],
      ${col((r) => r.outputs_json)}::text[], ${col((r) => Number(r.latency_ms))}::float8[], ${col((r) => Number(r.created_at))}::int8[])`.execute(
    db,
  );
}

export const predictionView = (row: PredictionLogRow): PredictionLogEntry => ({
  id: row.id,
  requestId: row.request_id,
  versionId: row.model_version_id,
  variant: row.variant as PredictionLogEntry['variant'],
  inputs: JSON.parse(row.inputs_json),
  outputs: JSON.parse(row.outputs_json),
  latencyMs: Number(row.latency_ms),
  createdAt: Number(row.created_at),
});

export interface LogWindow {
  deploymentId: string;
  from?: number | undefined;
  to?: number | undefined;
  /** Resume after this (created_at, id) position. */
  after?: { createdAt: number; id: string } | undefined;
  limit: number;
}

/** One page of the log in (created_at, id) order. */
export async function selectLogPage(db: Executor, window: LogWindow): Promise<PredictionLogRow[]> {
  let query = db.selectFrom('prediction_log').selectAll().where('deployment_id', '=', window.deploymentId);
  if (window.from !== undefined) query = query.where('created_at', '>=', window.from);
  if (window.to !== undefined) query = query.where('created_at', '<', window.to);
  const after = window.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('created_at', '>', after.createdAt),
        eb.and([eb('created_at', '=', after.createdAt), eb('id', '>', after.id)]),
      ]),
    );
  }
  return query.orderBy('created_at').orderBy('id').limit(window.limit).execute();
}
