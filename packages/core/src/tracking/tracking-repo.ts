import type { Experiment, MetricPoint, Run, RunInfo, RunInput, RunStatus } from '@baton/contracts';
import type { ServiceContext } from '../context.ts';
import { type Executor, requireProject } from '../context.ts';
import type { ExperimentsTable, RunsTable } from '../db/tracking-schema.ts';
import { badRequest, notFound } from '../errors.ts';

export type ExperimentRow = ExperimentsTable;
export type RunRow = RunsTable;

export const newTrackingId = (): string => crypto.randomUUID().replace(/-/g, '');

/** A stored metric value back to a number: NaN is NULL with `is_nan = 1`. */
export const metricValue = (value: number | null, isNan: number): number =>
  isNan ? Number.NaN : (value ?? Number.NaN);

export async function experimentView(db: Executor, row: ExperimentRow): Promise<Experiment> {
  const tags = await db
    .selectFrom('experiment_tags')
    .select(['key', 'value'])
    .where('experiment_id', '=', row.id)
    .execute();
  return {
    id: row.id,
    name: row.name,
    artifactLocation: row.artifact_location,
    lifecycleStage: row.lifecycle_stage as Experiment['lifecycleStage'],
    creationTime: Number(row.creation_time),
    lastUpdateTime: Number(row.last_update_time),
    tags: Object.fromEntries(tags.map((t) => [t.key, t.value])),
  };
}

/** The experiment of the project with this id (or, when `byName`, this name). */
export async function findExperiment(
  ctx: ServiceContext,
  db: Executor,
  ref: string,
  { byName = false } = {},
): Promise<ExperimentRow> {
  const project = requireProject(ctx);
  const byId = await db
    .selectFrom('experiments')
    .selectAll()
    .where('project_id', '=', project.id)
    .where(byName ? 'name' : 'id', '=', ref)
    .executeTakeFirst();
  if (byId) return byId;
  if (!byName) {
    const named = await db
      .selectFrom('experiments')
      .selectAll()
      .where('project_id', '=', project.id)
      .where('name', '=', ref)
      .executeTakeFirst();
    if (named) return named;
  }
  throw notFound('experiment', ref);
}

export async function findRun(ctx: ServiceContext, db: Executor, runId: string): Promise<RunRow> {
  const project = requireProject(ctx);
  const row = await db
    .selectFrom('runs')
    .selectAll()
    .where('id', '=', runId)
    .where('project_id', '=', project.id)
    .executeTakeFirst();
  if (!row) throw notFound('run', runId);
  return row;
}

/** Refuses to log into a deleted run, or metrics and params into a run that has ended. */
export function assertWritable(run: RunRow, what: 'metrics' | 'params' | 'tags'): void {
  if (run.lifecycle_stage !== 'active') {
    throw badRequest(`run '${run.id}' is deleted; restore it before logging to it`);
  }
  if (what !== 'tags' && run.status !== 'RUNNING' && run.status !== 'SCHEDULED') {
    throw badRequest(`run '${run.id}' is ${run.status}; ${what} can only be logged to a RUNNING run`);
  }
}

export const runInfoView = (row: RunRow): RunInfo => ({
  id: row.id,
  experimentId: row.experiment_id,
  name: row.name,
  parentRunId: row.parent_run_id,
  status: row.status as RunStatus,
  startTime: Number(row.start_time),
  endTime: row.end_time === null ? null : Number(row.end_time),
  lifecycleStage: row.lifecycle_stage as RunInfo['lifecycleStage'],
  userId: row.user_id,
  artifactUri: row.artifact_uri,
});

/** Full views of many runs with four queries, whatever their number. */
export async function runViews(db: Executor, rows: RunRow[]): Promise<Run[]> {
  if (rows.length === 0) return [];
  if (rows.length > 2000) {
    // Stay under SQLite's bound-parameter limit.
    const out: Run[] = [];
    for (let i = 0; i < rows.length; i += 2000) out.push(...(await runViews(db, rows.slice(i, i + 2000))));
    return out;
  }
  const ids = rows.map((r) => r.id);
  const [params, tags, metrics, inputs] = await Promise.all([
    db.selectFrom('run_params').select(['run_id', 'key', 'value']).where('run_id', 'in', ids).execute(),
    db.selectFrom('run_tags').select(['run_id', 'key', 'value']).where('run_id', 'in', ids).execute(),
    db
      .selectFrom('latest_metrics')
      .select(['run_id', 'key', 'value', 'is_nan', 'step', 'timestamp'])
      .where('run_id', 'in', ids)
      .execute(),
    db.selectFrom('run_inputs').selectAll().where('run_id', 'in', ids).orderBy('created_at').execute(),
  ]);
  const views = new Map<string, Run>(
    rows.map((row) => [row.id, { info: runInfoView(row), params: {}, tags: {}, metrics: [], inputs: [] }]),
  );
  for (const p of params) views.get(p.run_id)!.params[p.key] = p.value;
  for (const t of tags) views.get(t.run_id)!.tags[t.key] = t.value;
  for (const m of metrics) {
    const point: MetricPoint = {
      key: m.key,
      value: metricValue(m.value, m.is_nan),
      step: Number(m.step),
      timestamp: Number(m.timestamp),
    };
    views.get(m.run_id)!.metrics.push(point);
  }
  for (const i of inputs) {
    const input: RunInput = {
      name: i.name,
      digest: i.digest,
      sourceType: i.source_type,
      source: i.source,
      schema: i.schema,
      profile: i.profile,
      tags: JSON.parse(i.tags_json) as RunInput['tags'],
      datasetVersionId: i.dataset_version_id,
    };
    views.get(i.run_id)!.inputs.push(input);
  }
  return rows.map((r) => views.get(r.id)!);
}
