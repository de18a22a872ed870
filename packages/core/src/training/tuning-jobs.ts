import { z } from 'zod';
import { defineJobKind, type JobContext } from '../jobs/define-job-kind.ts';
import { enqueueJob } from '../jobs/enqueue-job.ts';
import { logBatch } from '../tracking/log-batch.ts';
import { crossValidate, mean, std } from './cross-validate.ts';
import { fitAndLog } from './fit-and-log.ts';
import { asRunJob } from './fit-job.ts';
import { jobProjectContext } from './job-scope.ts';
import { coerceParams, LEARNERS } from './learner-catalogue.ts';
import { fitSpecSchema, prepareData } from './prepare-data.ts';
import { logMetricPoints } from './run-output.ts';
import { trainingJobCatalogue } from './training-jobs.ts';

const searchFields = {
  parentRunId: z.string(),
  spec: fitSpecSchema,
  metric: z.string(),
  direction: z.enum(['maximize', 'minimize']),
};

/** Queues the final job once no trial of the search is left to run. */
async function finalizeWhenDone(
  job: JobContext,
  payload: z.infer<z.ZodObject<typeof searchFields>>,
): Promise<void> {
  const db = job.ctx.services.db;
  const open = await db
    .selectFrom('runs')
    .select('id')
    .where('parent_run_id', '=', payload.parentRunId)
    .where('status', 'in', ['SCHEDULED', 'RUNNING'])
    .limit(1)
    .execute();
  if (open.length > 0) return;
  const ctx = await jobProjectContext(job);
  await enqueueJob({
    ctx,
    catalogue: trainingJobCatalogue(),
    input: { kind: 'training.tune-finalize', projectId: job.projectId, payload },
  });
}

/** `training.trial`: one candidate's k-fold cross-validation, logged on its child run. */
export const tuningTrialJob = defineJobKind({
  kind: 'training.trial',
  description: 'Cross-validate one candidate of a hyper-parameter search',
  payload: z.object({ ...searchFields, runId: z.string(), folds: z.number().int() }),
  timeoutMs: 6 * 60 * 60_000,
  maxAttempts: 1,
  backoffMs: 0,
  startable: false,
  handler: async (payload, job) => {
    try {
      return await asRunJob(job, payload.runId, async (ctx) => {
        const data = await prepareData(ctx, payload.spec);
        const scores = crossValidate(data, payload.spec, payload.folds, payload.metric);
        await logMetricPoints(ctx, payload.runId, [
          ...scores.map((value, step) => ({ key: `cv_${payload.metric}`, value, step })),
          { key: `cv_${payload.metric}_mean`, value: mean(scores) },
          { key: `cv_${payload.metric}_std`, value: std(scores) },
        ]);
        return { runId: payload.runId, mean: mean(scores), std: std(scores) };
      });
    } finally {
      await finalizeWhenDone(job, payload);
    }
  },
});

/**
 * `training.tune-finalize`: picks the best finished trial by the declared metric and
 * direction, refits it on the whole training split and logs its model and evaluation on the
 * parent run (tag `baton.best_trial`). Two trials ending together may both queue it; the
 * first to tag the parent does the work.
 */
export const tuningFinalizeJob = defineJobKind({
  kind: 'training.tune-finalize',
  description: 'Pick the best trial of a search and refit it on the parent run',
  payload: z.object(searchFields),
  timeoutMs: 6 * 60 * 60_000,
  maxAttempts: 1,
  backoffMs: 0,
  startable: false,
  handler: async (payload, job) => {
    const db = job.ctx.services.db;
    const claim = await db
      .insertInto('run_tags')
      .values({ run_id: payload.parentRunId, key: 'baton.tuning.finalized_by', value: job.jobId })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(claim.numInsertedOrUpdatedRows ?? 0) === 0)
      return { skipped: 'another job finalizes this search' };
    return asRunJob(job, payload.parentRunId, async (ctx) => {
      const key = `cv_${payload.metric}_mean`;
      const rows = await db
        .selectFrom('runs')
        .innerJoin('latest_metrics', 'latest_metrics.run_id', 'runs.id')
        .select(['runs.id as id', 'latest_metrics.value as value'])
        .where('runs.parent_run_id', '=', payload.parentRunId)
        .where('runs.status', '=', 'FINISHED')
        .where('latest_metrics.key', '=', key)
        .execute();
      const scored = rows.filter((r): r is { id: string; value: number } => r.value !== null);
      if (scored.length === 0) throw new Error('every trial of the search failed; see the trial runs');
      const sign = payload.direction === 'maximize' ? 1 : -1;
      const best = scored.reduce((a, b) => (sign * (b.value - a.value) > 0 ? b : a));
      const names = new Set(LEARNERS.find((l) => l.kind === payload.spec.learner)?.params.map((p) => p.name));
      const stored = await db
        .selectFrom('run_params')
        .select(['key', 'value'])
        .where('run_id', '=', best.id)
        .execute();
      const params = coerceParams(
        payload.spec.learner,
        Object.fromEntries(stored.filter((p) => names.has(p.key)).map((p) => [p.key, p.value])),
      );
      await logBatch({
        ctx,
        input: { run: payload.parentRunId, tags: [{ key: 'baton.best_trial', value: best.id }] },
      });
      await logMetricPoints(ctx, payload.parentRunId, [
        { key: `best_cv_${payload.metric}`, value: best.value },
      ]);
      const spec = { ...payload.spec, params };
      const data = await prepareData(ctx, spec);
      const metrics = await fitAndLog(ctx, job, payload.parentRunId, spec, data);
      return { bestTrial: best.id, cv: best.value, metrics };
    });
  },
});
