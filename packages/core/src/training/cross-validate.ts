import { encodeTarget, kFold, predictModel, stratifiedKFold, takeRows } from '@baton/ml';
import { classificationEvaluation, regressionEvaluation } from './evaluation.ts';
import { fitOn, splitRows } from './fit-and-log.ts';
import type { FitSpec, PreparedData } from './prepare-data.ts';

/** k-fold cross-validation of one candidate on the training split: the metric per fold. */
export function crossValidate(data: PreparedData, spec: FitSpec, folds: number, metric: string): number[] {
  const { train } = splitRows(data, spec);
  const target = encodeTarget(train, spec.target, data.task);
  const splits =
    target.kind === 'classification'
      ? stratifiedKFold(target.y, folds, spec.seed)
      : kFold(train.rowCount, folds, spec.seed);
  return splits.map((fold) => {
    const model = fitOn(takeRows(train, fold.train), spec, data);
    const test = takeRows(train, fold.test);
    const p = predictModel(model, test);
    let metrics: Record<string, number>;
    if (p.task === 'regression') {
      metrics = regressionEvaluation(
        Float64Array.from(fold.test, (i) => target.y[i]!),
        p.values,
        {},
      ).metrics;
    } else {
      const index = new Map(p.classes.map((c, k) => [c, k]));
      const labels = target.kind === 'classification' ? target.classes : [];
      const yTrue = Int32Array.from(fold.test, (i) => index.get(labels[target.y[i]!]!) ?? 0);
      metrics = classificationEvaluation(yTrue, p.probabilities, p.classes, {}).metrics;
    }
    const value = metrics[metric];
    if (value === undefined) throw new Error(`metric '${metric}' is not defined for this task or fold`);
    return value;
  });
}

export const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
export const std = (xs: readonly number[]) => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
};
