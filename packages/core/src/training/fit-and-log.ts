import {
  type ColumnTable,
  exportModelOnnx,
  fitModel,
  type LearnerSpec,
  type TrainedModel,
  takeRows,
  trainTestSplit,
} from '@baton/ml';
import type { ServiceContext } from '../context.ts';
import type { JobContext } from '../jobs/define-job-kind.ts';
import { assertLearnerTask } from './learner-catalogue.ts';
import type { FitSpec, PreparedData } from './prepare-data.ts';
import { logLossHistory, logMetricPoints, putBytes, putJson } from './run-output.ts';
import { scoreWithOnnx } from './score-onnx.ts';

/** Fits a learner on a table (train rows) and returns the model; progress goes to the job. */
export function fitOn(
  table: ColumnTable,
  spec: FitSpec,
  data: PreparedData,
  onRound?: (done: number, total: number) => void,
  monitor?: ColumnTable,
): TrainedModel {
  assertLearnerTask(spec.learner, data.task);
  const params: Record<string, unknown> = { ...spec.params };
  // Fitting is synchronous: the callbacks can only record, the job reports afterwards.
  if (spec.learner === 'gbdt' && onRound)
    params.onIteration = (p: { iteration: number; totalIterations: number }) =>
      onRound(p.iteration, p.totalIterations);
  if (spec.learner === 'random_forest' && onRound) params.onTree = onRound;
  // coerceParams checked every name and type against the learner catalogue.
  const learner = { kind: spec.learner, params } as LearnerSpec;
  return fitModel({
    table,
    target: spec.target,
    task: data.task,
    learner,
    features: data.features,
    ...(spec.maxCategories ? { preprocessing: { maxCategories: spec.maxCategories } } : {}),
    // Without early stopping the held-out rows only trace the validation curve; with it,
    // the learner holds out its own share of the training rows instead.
    ...(monitor && spec.learner === 'gbdt' && spec.params.earlyStoppingRounds === undefined
      ? { validation: monitor }
      : {}),
  });
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
  let rounds = 0;
  const model = fitOn(
    train,
    spec,
    data,
    (done) => {
      rounds = done;
    },
    test,
  );
  await job.log(
    'info',
    `fitted ${spec.learner}${rounds ? ` (${rounds} rounds)` : ''} on ${train.rowCount} rows`,
  );
  await job.progress(0.7, 'logging the loss curves');
  await logLossHistory(ctx, runId, model.history);
  await job.progress(0.75, 'exporting the ONNX graph');
  const { onnx, signature } = exportModelOnnx(model);
  await putBytes(ctx, runId, 'model.onnx', onnx);
  await putJson(ctx, runId, 'signature.json', signature);
  await putJson(ctx, runId, 'feature_importance.json', { importance: model.featureImportance });
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
