import type SQLite from 'better-sqlite3';
import { CompiledQuery, type Kysely, sql } from 'kysely';
import type { Executor } from '../context.ts';
import { type Dialect, postgresPool } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { notFound } from '../errors.ts';
import { assertWritable, type RunRow } from './tracking-repo.ts';

export interface MetricRow {
  key: string;
  /** NaN travels as null with `is_nan = 1`; the infinities as themselves. */
  value: number | null;
  is_nan: number;
  step: number;
  timestamp: number;
}

/** The latest point of each key in a batch: highest step, then latest timestamp, then last. */
export function latestPerKey(metrics: MetricRow[]): MetricRow[] {
  const latest = new Map<string, MetricRow>();
  for (const m of metrics) {
    const seen = latest.get(m.key);
    if (!seen || m.step > seen.step || (m.step === seen.step && m.timestamp >= seen.timestamp))
      latest.set(m.key, m);
  }
  return [...latest.values()];
}

/** Column arrays for PostgreSQL's unnest(): one bound parameter per column, whatever the rows. */
function columns(rows: MetricRow[]) {
  return {
    keys: rows.map((m) => m.key),
    values: rows.map((m) => m.value),
    nans: rows.map((m) => m.is_nan),
    steps: rows.map((m) => m.step),
    times: rows.map((m) => m.timestamp),
  };
}

// PostgreSQL, a batch of metrics only: the run check, the series insert and the latest-value
// upsert in ONE statement (one round trip, atomic on its own). The inserts only see the run
// when it is active and RUNNING, so a refused batch writes nothing; the run's state comes
// back to say why. $1 run, $2 project, $3-$7 the series columns, $8-$12 the latest ones.
const LOG_METRICS_SQL = `
    with r as (
      select id, experiment_id, status, lifecycle_stage from runs where id = $1 and project_id = $2
    ), ok as (
      select id, experiment_id from r where lifecycle_stage = 'active' and status in ('RUNNING', 'SCHEDULED')
    ), series as (
      insert into run_metrics (run_id, key, value, is_nan, step, timestamp)
      select ok.id, m.key, m.value, m.is_nan, m.step, m.ts from ok,
        unnest($3::text[], $4::float8[], $5::int[], $6::bigint[], $7::bigint[]) as m(key, value, is_nan, step, ts)
    ), latest as (
      insert into latest_metrics (run_id, experiment_id, key, value, is_nan, step, timestamp)
      select ok.id, ok.experiment_id, l.key, l.value, l.is_nan, l.step, l.ts from ok,
        unnest($8::text[], $9::float8[], $10::int[], $11::bigint[], $12::bigint[]) as l(key, value, is_nan, step, ts)
      on conflict (run_id, key) do update set value = excluded.value, is_nan = excluded.is_nan,
        step = excluded.step, timestamp = excluded.timestamp
      where excluded.step > latest_metrics.step
        or (excluded.step = latest_metrics.step and excluded.timestamp >= latest_metrics.timestamp)
    )
    select id, status, lifecycle_stage from r`;

/**
 * Runs LOG_METRICS_SQL: outside a transaction as a named statement straight on the pool
 * (PostgreSQL parses and plans it once per connection, not per call), else through Kysely.
 */
export async function logMetricsPostgres(
  db: Executor,
  projectId: string,
  runId: string,
  metrics: MetricRow[],
): Promise<void> {
  const all = columns(metrics);
  const last = columns(latestPerKey(metrics));
  const values = [
    runId,
    projectId,
    all.keys,
    all.values,
    all.nans,
    all.steps,
    all.times,
    last.keys,
    last.values,
    last.nans,
    last.steps,
    last.times,
  ];
  type State = Pick<RunRow, 'id' | 'status' | 'lifecycle_stage'>;
  const pool = db.isTransaction ? undefined : postgresPool(db as Kysely<DB>);
  const rows = pool
    ? (await pool.query<State>({ name: 'baton_log_metrics', text: LOG_METRICS_SQL, values })).rows
    : (await db.executeQuery<State>(CompiledQuery.raw(LOG_METRICS_SQL, values))).rows;
  const run = rows[0];
  if (!run) throw notFound('run', runId);
  assertWritable(run as RunRow, 'metrics');
}

const seriesInserts = new WeakMap<SQLite.Database, SQLite.Statement>();
const seriesInsert = (connection: SQLite.Database): SQLite.Statement => {
  let statement = seriesInserts.get(connection);
  if (!statement) {
    statement = connection.prepare(
      'insert into run_metrics (run_id, key, value, is_nan, step, timestamp) values (?, ?, ?, ?, ?, ?)',
    );
    seriesInserts.set(connection, statement);
  }
  return statement;
};

/**
 * Inserts a batch's series and upserts its latest values, inside the caller's transaction
 * (on SQLite, `connection` is the one that transaction is open on).
 */
export async function insertMetrics(
  db: Executor,
  dialect: Dialect,
  runId: string,
  experimentId: string,
  metrics: MetricRow[],
  connection?: SQLite.Database,
): Promise<void> {
  const latest = latestPerKey(metrics);
  if (dialect === 'postgres') {
    const all = columns(metrics);
    await sql`insert into run_metrics (run_id, key, value, is_nan, step, timestamp)
      select ${runId}, m.key, m.value, m.is_nan, m.step, m.ts
      from unnest(${all.keys}::text[], ${all.values}::float8[], ${all.nans}::int[], ${all.steps}::bigint[], ${all.times}::bigint[])
        as m(key, value, is_nan, step, ts)`.execute(db);
  } else if (connection) {
    // One prepared statement, run per row inside the open transaction: cheaper for SQLite
    // than decoding the batch from JSON or preparing a statement of thousands of parameters.
    const insert = seriesInsert(connection);
    for (const m of metrics) insert.run(runId, m.key, m.value, m.is_nan, m.step, m.timestamp);
  } else {
    // The whole series goes in as one JSON parameter, so the statement text never changes and
    // no 6,000-parameter statement is built and prepared per batch. JSON has no infinities:
    // they travel as a flag.
    const rows = JSON.stringify(
      metrics.map((m) => {
        const inf = m.value === Number.POSITIVE_INFINITY ? 1 : m.value === Number.NEGATIVE_INFINITY ? -1 : 0;
        return [m.key, inf === 0 ? m.value : null, inf, m.is_nan, m.step, m.timestamp];
      }),
    );
    await sql`insert into run_metrics (run_id, key, value, is_nan, step, timestamp)
      select ${runId}, j.value ->> 0,
        case j.value ->> 2 when 1 then 9e999 when -1 then -9e999 else j.value ->> 1 end,
        j.value ->> 3, j.value ->> 4, j.value ->> 5
      from json_each(${rows}) j`.execute(db);
  }
  // Only a newer point replaces the stored latest one.
  await db
    .insertInto('latest_metrics')
    .values(latest.map((m) => ({ ...m, run_id: runId, experiment_id: experimentId })))
    .onConflict((oc) =>
      oc
        .columns(['run_id', 'key'])
        .doUpdateSet((eb) => ({
          value: eb.ref('excluded.value'),
          is_nan: eb.ref('excluded.is_nan'),
          step: eb.ref('excluded.step'),
          timestamp: eb.ref('excluded.timestamp'),
        }))
        .where(
          sql<boolean>`excluded.step > latest_metrics.step or (excluded.step = latest_metrics.step and excluded.timestamp >= latest_metrics.timestamp)`,
        ),
    )
    .execute();
}
