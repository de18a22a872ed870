import {
  CLASSIFICATION_METRICS,
  REGRESSION_METRICS,
  type TuningSpec,
  type TuningStarted,
} from '@baton/contracts';
import { gridCandidates, type ParamDistribution, type ParamSet, randomCandidates } from '@baton/ml';
import { inTransaction, requireProject, type ServiceContext } from '../context.ts';
import { badRequest } from '../errors.ts';
import { enqueueJob } from '../jobs/enqueue-job.ts';
import { coerceParams } from './learner-catalogue.ts';
import { ensureExperiment, openTrainingRun } from './open-training-run.ts';
import { serviceErrorOf } from './run-output.ts';
import { checkTrainingSpec, runParams } from './start-training.ts';
import { trainingJobCatalogue } from './training-jobs.ts';

const METRICS: readonly string[] = [...CLASSIFICATION_METRICS, ...REGRESSION_METRICS];

function candidatesOf(input: TuningSpec): ParamSet[] {
  if (input.search === 'grid') {
    const grid: Record<string, ParamSet[string][]> = {};
    for (const [name, values] of Object.entries(input.space)) {
      if (!Array.isArray(values))
        throw badRequest(`grid search takes a list of values for '${name}'`, [
          { path: `space.${name}`, message: 'expected a list' },
        ]);
      grid[name] = values;
    }
    return gridCandidates(grid);
  }
  const space: Record<string, ParamDistribution> = {};
  for (const [name, d] of Object.entries(input.space))
    space[name] = Array.isArray(d) ? { kind: 'choice', values: d } : d;
  return randomCandidates(space, input.trials ?? 10, input.seed);
}

/**
 * Starts a search: a parent run, and per candidate a child run and a `training.trial` job
 * (k-fold cross-validation on the training split). The trials run in parallel on the worker
 * pool; when the last ends, a `training.tune-finalize` job picks the best by the declared
 * metric, refits it on the whole training split and logs its model on the parent run.
 */
export async function startTuning({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: TuningSpec;
}): Promise<TuningStarted> {
  const project = requireProject(ctx);
  if (!METRICS.includes(input.metric)) {
    throw badRequest(`unknown metric '${input.metric}'; use one of ${METRICS.join(', ')}`, [
      { path: 'metric', message: 'unknown metric' },
    ]);
  }
  const { version, spec, params } = await checkTrainingSpec(ctx, input);
  let trials: Record<string, string | number | boolean>[];
  try {
    const candidates = candidatesOf(input);
    if (candidates.length > 500)
      throw badRequest(`the search has ${candidates.length} candidates; at most 500`);
    trials = candidates.map((c) => coerceParams(input.learner, { ...input.params, ...c }));
  } catch (error) {
    throw serviceErrorOf(error);
  }
  const experiment = await ensureExperiment(ctx, input.experiment);
  return inTransaction(ctx, async (ctx) => {
    const parent = await openTrainingRun(ctx, {
      experiment,
      name: input.runName,
      tags: { 'baton.source': 'tuning', 'baton.learner': input.learner },
      params: {
        ...runParams(input, params),
        search: input.search,
        folds: input.folds,
        metric: input.metric,
        direction: input.direction,
        trials: trials.length,
      },
      version,
      forced: input.force,
    });
    const trialRunIds: string[] = [];
    const jobIds: string[] = [];
    for (const [i, trialParams] of trials.entries()) {
      const run = await openTrainingRun(ctx, {
        experiment,
        name: `${parent.info.name}-trial-${i + 1}`,
        parentRunId: parent.info.id,
        tags: { 'baton.source': 'tuning-trial', 'baton.learner': input.learner },
        params: trialParams,
        version,
        forced: false,
      });
      const job = await enqueueJob({
        ctx,
        catalogue: trainingJobCatalogue(),
        input: {
          kind: 'training.trial',
          projectId: project.id,
          payload: {
            parentRunId: parent.info.id,
            runId: run.info.id,
            spec: { ...spec, params: trialParams },
            folds: input.folds,
            metric: input.metric,
            direction: input.direction,
          },
        },
      });
      trialRunIds.push(run.info.id);
      jobIds.push(job.id);
    }
    return { parentRunId: parent.info.id, experimentId: experiment.id, trialRunIds, jobIds };
  });
}
