import { TRACKING_LIMITS } from '@baton/contracts';
import { recordAudit } from '../audit/record-audit.ts';
import { executor, inTransaction, requireProject, type ServiceContext } from '../context.ts';
import { sqliteConnection } from '../db/database.ts';
import { badRequest } from '../errors.ts';
import { insertMetrics, logMetricsPostgres, type MetricRow } from './insert-metrics.ts';
import { logMetricsSqlite } from './log-metrics-sqlite.ts';
import { assertWritable, findRun } from './tracking-repo.ts';
import { assertKey, assertValue, integerOf, metricNumber } from './validate.ts';

export interface LogBatchInput {
  run: string;
  metrics?: { key: string; value: unknown; step?: unknown; timestamp?: unknown }[] | undefined;
  params?: { key: string; value: unknown }[] | undefined;
  tags?: { key: string; value: unknown }[] | undefined;
}

function checkLimits(input: LogBatchInput): void {
  const m = input.metrics?.length ?? 0;
  const p = input.params?.length ?? 0;
  const t = input.tags?.length ?? 0;
  const over = (what: string, n: number, limit: number) =>
    badRequest(`a batch may hold at most ${limit} ${what}; this one has ${n}`);
  if (m > TRACKING_LIMITS.batchMetrics) throw over('metrics', m, TRACKING_LIMITS.batchMetrics);
  if (p > TRACKING_LIMITS.batchParams) throw over('params', p, TRACKING_LIMITS.batchParams);
  if (t > TRACKING_LIMITS.batchTags) throw over('tags', t, TRACKING_LIMITS.batchTags);
  if (m + p + t > TRACKING_LIMITS.batchTotal)
    throw over('metrics, params and tags together', m + p + t, TRACKING_LIMITS.batchTotal);
}

/** The params of the batch, each once; the same key twice with different values is refused. */
function distinctParams(runId: string, params: LogBatchInput['params']): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of params ?? []) {
    const key = assertKey('param', p.key);
    const value = assertValue('param', key, p.value, TRACKING_LIMITS.paramValueLength);
    const seen = out.get(key);
    if (seen !== undefined && seen !== value) {
      throw badRequest(`param '${key}' appears twice in the batch for run '${runId}' with different values`);
    }
    out.set(key, value);
  }
  return out;
}

/**
 * Logs metrics, params and tags into a RUNNING run in one transaction: one multi-row insert
 * per table. Params are immutable: logging the same value again does nothing, a different
 * value is refused and nothing of the batch is kept.
 */
export async function logBatch({ ctx, input }: { ctx: ServiceContext; input: LogBatchInput }): Promise<void> {
  checkLimits(input);
  const params = distinctParams(input.run, input.params);
  const tags = new Map<string, string>();
  for (const t of input.tags ?? []) {
    const key = assertKey('tag', t.key);
    tags.set(key, assertValue('tag', key, t.value, TRACKING_LIMITS.tagValueLength));
  }
  const now = Date.now();
  // A batch repeats a handful of keys many times: each distinct key is checked once.
  const checked = new Set<unknown>();
  const metrics: MetricRow[] = (input.metrics ?? []).map((m) => {
    if (!checked.has(m.key)) {
      assertKey('metric', m.key);
      checked.add(m.key);
    }
    const key = m.key as string;
    const value = metricNumber(key, m.value);
    const nan = Number.isNaN(value);
    return {
      key,
      value: nan ? null : value,
      is_nan: nan ? 1 : 0,
      step: integerOf(`step of metric '${key}'`, m.step, 0),
      timestamp: integerOf(`timestamp of metric '${key}'`, m.timestamp, now),
    };
  });
  if (metrics.length + params.size + tags.size === 0) return;
  if (params.size + tags.size === 0) {
    // The hot path of a training loop: on PostgreSQL one statement, one round trip; on SQLite
    // one transaction of prepared statements (unless the caller has a transaction open).
    if (ctx.services.dialect === 'postgres') {
      await logMetricsPostgres(executor(ctx), requireProject(ctx).id, input.run, metrics);
      return;
    }
    const connection = ctx.tx ? undefined : sqliteConnection(ctx.services.db);
    if (connection) {
      await logMetricsSqlite(ctx.services.db, connection, requireProject(ctx).id, input.run, metrics);
      return;
    }
  }

  await inTransaction(ctx, async (ctx) => {
    const db = executor(ctx);
    const run = await findRun(ctx, db, input.run);
    assertWritable(
      run,
      metrics.length + params.size > 0 ? (metrics.length > 0 ? 'metrics' : 'params') : 'tags',
    );
    if (params.size > 0) {
      const existing = await db
        .selectFrom('run_params')
        .select(['key', 'value'])
        .where('run_id', '=', run.id)
        .where('key', 'in', [...params.keys()])
        .execute();
      for (const row of existing) {
        const value = params.get(row.key);
        if (value !== undefined && value !== row.value) {
          throw badRequest(
            `param '${row.key}' of run '${run.id}' was logged as '${row.value.slice(0, 100)}'; params cannot be changed (new value '${value.slice(0, 100)}')`,
          );
        }
        params.delete(row.key);
      }
      if (params.size > 0) {
        await db
          .insertInto('run_params')
          .values([...params].map(([key, value]) => ({ run_id: run.id, key, value })))
          .execute();
      }
    }
    if (tags.size > 0) {
      await db
        .insertInto('run_tags')
        .values([...tags].map(([key, value]) => ({ run_id: run.id, key, value })))
        .onConflict((oc) =>
          oc.columns(['run_id', 'key']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })),
        )
        .execute();
      const name = tags.get('mlflow.runName');
      if (name) await db.updateTable('runs').set({ name }).where('id', '=', run.id).execute();
    }
    if (metrics.length > 0) {
      const connection = sqliteConnection(ctx.services.db);
      await insertMetrics(db, ctx.services.dialect, run.id, run.experiment_id, metrics, connection);
    }
    if (params.size > 0 || tags.size > 0) {
      await recordAudit(ctx, {
        action: 'run.log',
        targetType: 'run',
        targetId: run.id,
        summary: `run '${run.name}': ${params.size} params, ${tags.size} tags, ${metrics.length} metric points logged`,
        after: { params: Object.fromEntries(params), tags: Object.fromEntries(tags) },
      });
    }
  });
}
