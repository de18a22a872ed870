import type { TrainingSpec, TrainingStarted } from '@baton/contracts';
import { executor, inTransaction, requireProject, type ServiceContext } from '../context.ts';
import { enqueueJob } from '../jobs/enqueue-job.ts';
import { logBatch } from '../tracking/log-batch.ts';
import { resolveVersion } from './dataset-ref.ts';
import { assertLearnerTask, coerceParams } from './learner-catalogue.ts';
import { assertVersionUsable, ensureExperiment, openTrainingRun } from './open-training-run.ts';
import type { FitSpec } from './prepare-data.ts';
import { serviceErrorOf } from './run-output.ts';
import { trainingJobCatalogue } from './training-jobs.ts';
import { planColumns } from './training-plan.ts';

/** Checks a training request against the learner catalogue and the version's schema. */
export async function checkTrainingSpec(ctx: ServiceContext, input: TrainingSpec) {
  try {
    const params = coerceParams(input.learner, input.params);
    if (input.task) assertLearnerTask(input.learner, input.task);
    const version = await resolveVersion(ctx, executor(ctx), input.dataset);
    assertVersionUsable(version, input.force);
    planColumns(version, input);
    const spec: FitSpec = {
      versionId: version.id,
      target: input.target,
      learner: input.learner,
      params,
      features: input.features,
      task: input.task,
      columnTypes: input.columnTypes,
      maxCategories: input.maxCategories,
      testFraction: input.testFraction,
      seed: input.seed,
    };
    return { version, spec, params };
  } catch (error) {
    throw serviceErrorOf(error);
  }
}

/** The params a training run records: the learner's, then what was trained on and how. */
export const runParams = (input: TrainingSpec, params: Record<string, string | number | boolean>) => ({
  ...params,
  learner: input.learner,
  target: input.target,
  dataset: input.dataset,
  test_fraction: input.testFraction,
  split_seed: input.seed,
  ...(input.task ? { task: input.task } : {}),
  ...(input.features ? { features: input.features.join(',').slice(0, 6000) } : {}),
  ...(input.maxCategories ? { max_categories: input.maxCategories } : {}),
});

/**
 * Starts training: a SCHEDULED run in the experiment (created on first use) with its params
 * and the dataset version as input, fitted by a `training.fit` job. A version that failed
 * its quality suite is refused unless `force` (then audited).
 */
export async function startTraining({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: TrainingSpec;
}): Promise<TrainingStarted> {
  const project = requireProject(ctx);
  const { version, spec, params } = await checkTrainingSpec(ctx, input);
  const experiment = await ensureExperiment(ctx, input.experiment);
  return inTransaction(ctx, async (ctx) => {
    const run = await openTrainingRun(ctx, {
      experiment,
      name: input.runName,
      tags: { 'baton.source': 'training', 'baton.learner': input.learner },
      params: runParams(input, params),
      version,
      forced: input.force,
    });
    const job = await enqueueJob({
      ctx,
      catalogue: trainingJobCatalogue(),
      input: { kind: 'training.fit', payload: { runId: run.info.id, spec }, projectId: project.id },
    });
    await logBatch({ ctx, input: { run: run.info.id, tags: [{ key: 'baton.job_id', value: job.id }] } });
    return { runId: run.info.id, experimentId: experiment.id, jobId: job.id };
  });
}
