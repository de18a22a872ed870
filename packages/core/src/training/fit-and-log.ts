import {
  type ColumnTable,
  type FitModelInput,
  fitModel,
  type LearnerSpec,
  type TrainedModel,
  takeRows,
  trainTestSplit,
} from '@baton/ml';
import type { ServiceContext } from '../context.ts';
import type { JobContext } from '../jobs/define-job-kind.ts';
import { assertLearnerTask } from './learner-catalogue.ts';
import { fitInThisThread } from './model-fitter.ts';
import type { FitSpec, PreparedData } from './prepare-data.ts';
import { logLossHistory, logMetricPoints, putBytes, putJson } from './run-output.ts';
import { scoreWithOnnx } from './score-onnx.ts';

/**
 * What `fitModel` is asked for a training spec: plain data only (no callbacks), so the fit
 * can be sent to a worker thread. Without early stopping the held-out rows only trace the
 * validation curve; with it, the learner holds out its own share of the training rows.
 */
export function fitInput(
  table: ColumnTable,
  spec: FitSpec,
  data: PreparedData,
  monitor?: ColumnTable,
): FitModelInput {
  assertLearnerTask(spec.learner, data.task);
  // coerceParams checked every name and type against the learner catalogue.
  const learner = { kind: spec.learner, params: { ...spec.params } } as LearnerSpec;
  return {
    table,
    target: spec.target,
    task: data.task,
    learner,
    features: data.features,
    ...(spec.maxCategories ? { preprocessing: { maxCategories: spec.maxCategories } } : {}),
    ...(monitor && spec.learner === 'gbdt' && spec.params.earlyStoppingRounds === undefined
      ? { validation: monitor }
      : {}),
  };
}

/** Fits a learner on a table (train rows) in this thread; cross-validation folds use it. */
export function fitOn(table: ColumnTable, spec: FitSpec, data: PreparedData): TrainedModel {
  return fitModel(fitInput(table, spec, data));
}

/** The train/test split of the prepared rows, stratified for classification. */
export function splitRows(data: PreparedData, spec: FitSpec): { train: ColumnTable; test: ColumnTable } {
  const y = data.target.kind === 'classification' ? data.target.y : undefined;
  const fold = trainTestSplit(data.table.rowCount, spec.testFraction, spec.seed, y);
  return { train: takeRows(data.table, fold.train), test: takeRows(data.table, fold.test) };
}

/**
 * The whole of a training run after its data is read: split, fit, loss curves, ONNX export,
 * evaluation of the exported graph in onnxruntime on the test rows, and every artifact.
 * Returns the test metrics (unprefixed).
 */
export async function fitAndLog(
  ctx: ServiceContext,
  job: JobContext,
  runId: string,
  spec: FitSpec,
  data: PreparedData,
): Promise<Record<string, number>> {
  const { train, test } = splitRows(data, spec);
  await job.progress(0.15, `fitting ${spec.learner} on ${train.rowCount} rows`);
  const fitter = ctx.services.fitter ?? fitInThisThread;
  let reported = 0;
  const graph = await fitter(
    fitInput(train, spec, data, test),
    (done, total) => {
      // Rounds arrive as the fit runs (on a worker thread in the server): report at most
      // once a second, between 15% and 70%.
      const now = Date.now();
      if (now - reported < 1_000) return;
      reported = now;
      void job.progress(0.15 + (0.55 * done) / total, `round ${done} of ${total}`).catch(() => {});
    },
    job.signal,
  );
  await job.log(
    'info',
    `fitted ${spec.learner}${graph.rounds ? ` (${graph.rounds} rounds)` : ''} on ${train.rowCount} rows`,
  );
  await job.progress(0.7, 'logging the loss curves');
  await logLossHistory(ctx, runId, graph.history);
  await job.progress(0.75, 'storing the ONNX graph');
  const { onnx, signature } = graph;
  await putBytes(ctx, runId, 'model.onnx', onnx);
  await putJson(ctx, runId, 'signature.json', signature);
  await putJson(ctx, runId, 'feature_importance.json', { importance: graph.featureImportance });
  await job.progress(0.85, `evaluating on ${test.rowCount} test rows`);
  const evaluation = await scoreWithOnnx(onnx, signature, test, spec.target, {
    split: 'test',
    dataset: `${data.version.dataset}@${data.version.number}`,
    datasetVersionId: data.version.id,
    testFraction: spec.testFraction,
    seed: spec.seed,
    trainRows: train.rowCount,
    scoredWith: 'onnxruntime',
  });
  for (const [path, value] of Object.entries(evaluation.artifacts)) await putJson(ctx, runId, path, value);
  await logMetricPoints(
    ctx,
    runId,
    Object.entries(evaluation.metrics).map(([key, value]) => ({ key: `test_${key}`, value })),
  );
  return evaluation.metrics;
}
