import type SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { notFound } from '../errors.ts';
import { latestPerKey, type MetricRow } from './insert-metrics.ts';
import { assertWritable, type RunRow } from './tracking-repo.ts';

interface Statements {
  write: SQLite.Transaction<(projectId: string, runId: string, metrics: MetricRow[]) => void>;
}

const prepared = new WeakMap<SQLite.Database, Statements>();

function statementsOf(connection: SQLite.Database): Statements {
  const found = prepared.get(connection);
  if (found) return found;
  const run = connection.prepare<
    [string, string],
    Pick<RunRow, 'id' | 'experiment_id' | 'status' | 'lifecycle_stage'>
  >('select id, experiment_id, status, lifecycle_stage from runs where id = ? and project_id = ?');
  const series = connection.prepare(
    'insert into run_metrics (run_id, key, value, is_nan, step, timestamp) values (?, ?, ?, ?, ?, ?)',
  );
  // Only a newer point replaces the stored latest one.
  const latest = connection.prepare(
    `insert into latest_metrics (run_id, experiment_id, key, value, is_nan, step, timestamp) values (?, ?, ?, ?, ?, ?, ?)
     on conflict (run_id, key) do update set value = excluded.value, is_nan = excluded.is_nan,
       step = excluded.step, timestamp = excluded.timestamp
     where excluded.step > latest_metrics.step
       or (excluded.step = latest_metrics.step and excluded.timestamp >= latest_metrics.timestamp)`,
  );
  // better-sqlite3 runs the function between BEGIN and COMMIT, and rolls back if it throws.
  // Run as BEGIN IMMEDIATE: it waits (busy_timeout) for another connection's write instead of
  // failing when a read snapshot has to become a write.
  const write = connection.transaction((projectId: string, runId: string, metrics: MetricRow[]) => {
    const row = run.get(runId, projectId);
    if (!row) throw notFound('run', runId);
    assertWritable(row as RunRow, 'metrics');
    for (const m of metrics) series.run(row.id, m.key, m.value, m.is_nan, m.step, m.timestamp);
    for (const m of latestPerKey(metrics))
      latest.run(row.id, row.experiment_id, m.key, m.value, m.is_nan, m.step, m.timestamp);
  });
  const statements = { write };
  prepared.set(connection, statements);
  return statements;
}

/**
 * SQLite, a batch of metrics only (the hot path of a training loop and of MLflow's
 * log-metric / log-batch): the run check, the series insert and the latest-value upsert in
 * one synchronous transaction of prepared statements, no query building. It holds Kysely's
 * connection while it runs, so no other transaction interleaves on the single connection.
 */
export async function logMetricsSqlite(
  db: Kysely<DB>,
  connection: SQLite.Database,
  projectId: string,
  runId: string,
  metrics: MetricRow[],
): Promise<void> {
  const { write } = statementsOf(connection);
  await db.connection().execute(async () => write.immediate(projectId, runId, metrics));
}
