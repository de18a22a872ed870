import type { MetricPoint } from '@baton/contracts';
import { executor, type ServiceContext } from '../context.ts';
import { lttb } from './lttb.ts';
import { findRun, metricValue } from './tracking-repo.ts';

export interface MetricHistory {
  points: MetricPoint[];
  /** Points stored, before downsampling. */
  total: number;
  downsampled: boolean;
}

/** A metric's whole series in step order, downsampled to `maxPoints` with LTTB when given. */
export async function getMetricHistory({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { run: string; key: string; maxPoints?: number | undefined };
}): Promise<MetricHistory> {
  const db = executor(ctx);
  const run = await findRun(ctx, db, input.run);
  const rows = await db
    .selectFrom('run_metrics')
    .select(['value', 'is_nan', 'step', 'timestamp'])
    .where('run_id', '=', run.id)
    .where('key', '=', input.key)
    .orderBy('step')
    .orderBy('timestamp')
    .execute();
  const points: MetricPoint[] = rows.map((r) => ({
    key: input.key,
    value: metricValue(r.value, r.is_nan),
    step: Number(r.step),
    timestamp: Number(r.timestamp),
  }));
  if (!input.maxPoints || points.length <= input.maxPoints)
    return { points, total: points.length, downsampled: false };
  return {
    points: lttb(
      points,
      input.maxPoints,
      (p) => p.step,
      (p) => p.value,
    ),
    total: points.length,
    downsampled: true,
  };
}
