import type { ColumnTable } from '../data/column-table.ts';
import { predictLogisticProba } from '../linear/logistic-regression.ts';
import { predictRidge } from '../linear/ridge-regression.ts';
import { transformTable } from '../preprocessing/preprocessor.ts';
import { predictGbdt } from '../trees/gbdt.ts';
import { predictRandomForest } from '../trees/random-forest.ts';
import type { TrainedModel } from './learner-spec.ts';

/** Predictions for a table: values for regression; labels and probabilities otherwise. */
export type Prediction =
  | { readonly task: 'regression'; readonly values: Float64Array }
  | {
      readonly task: 'binary' | 'multiclass';
      readonly classes: readonly string[];
      /** The most probable class per row (the first one on a tie, like ArgMax). */
      readonly labels: readonly string[];
      /** Row-major `n x classes.length`. */
      readonly probabilities: Float64Array;
    };

/**
 * Predicts in TypeScript, through the same preprocessing the ONNX graph applies.
 *
 * ```ts
 * const p = predictModel(model, table);
 * if (p.task !== 'regression') console.log(p.labels[0], p.probabilities[1]);
 * ```
 */
export function predictModel(model: TrainedModel, table: ColumnTable): Prediction {
  const x = transformTable(model.preprocessor, table);
  const learner = model.learner;
  let out: Float64Array;
  switch (learner.kind) {
    case 'ridge_regression':
      out = predictRidge(learner, x);
      break;
    case 'logistic_regression':
      out = predictLogisticProba(learner, x);
      break;
    case 'gbdt':
      out = predictGbdt(learner, x);
      break;
    case 'random_forest':
      out = predictRandomForest(learner, x);
      break;
  }
  if (model.task === 'regression' || model.classes === null) return { task: 'regression', values: out };
  const classes = model.classes;
  const k = classes.length;
  const labels = new Array<string>(x.rows);
  for (let i = 0; i < x.rows; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (out[i * k + c]! > out[i * k + best]!) best = c;
    labels[i] = classes[best]!;
  }
  return { task: model.task, classes, labels, probabilities: out };
}
