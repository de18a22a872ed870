import { MlError } from '../errors.ts';
import { confusionMatrix } from './confusion-matrix.ts';

/** How per-class scores are combined (scikit-learn's `average`). */
export type Averaging = 'binary' | 'micro' | 'macro' | 'weighted';

/** Precision, recall and F1 under one averaging. */
export interface PrecisionRecallF1 {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

/**
 * Share of rows predicted correctly.
 *
 * ```ts
 * accuracy([0, 1, 1, 0], [0, 1, 0, 0], 2); // 0.75
 * ```
 */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, nClasses: number): number {
  const m = confusionMatrix(yTrue, yPred, nClasses);
  let correct = 0;
  for (let k = 0; k < nClasses; k++) correct += m[k]![k]!;
  return correct / yTrue.length;
}

/**
 * Mean recall over the classes that occur in `yTrue` (scikit-learn's
 * `balanced_accuracy_score`).
 *
 * ```ts
 * balancedAccuracy([0, 0, 0, 1], [0, 0, 0, 0], 2); // 0.5
 * ```
 */
export function balancedAccuracy(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  nClasses: number,
): number {
  const m = confusionMatrix(yTrue, yPred, nClasses);
  let sum = 0;
  let present = 0;
  for (let k = 0; k < nClasses; k++) {
    const support = m[k]!.reduce((a, b) => a + b, 0);
    if (support === 0) continue;
    sum += m[k]![k]! / support;
    present++;
  }
  return sum / present;
}

/**
 * Precision, recall and F1 as scikit-learn's `precision_recall_fscore_support` with
 * `labels=range(nClasses)` and `zero_division=0`: `'binary'` scores `positiveClass`
 * (default 1); `'macro'` averages classes equally, `'weighted'` by support, `'micro'` pools
 * all decisions.
 *
 * ```ts
 * precisionRecallF1([0, 1, 1, 0], [0, 1, 0, 1], 2, 'binary'); // { precision: 0.5, recall: 0.5, f1: 0.5 }
 * ```
 */
export function precisionRecallF1(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  nClasses: number,
  average: Averaging,
  positiveClass = 1,
): PrecisionRecallF1 {
  const m = confusionMatrix(yTrue, yPred, nClasses);
  const tp = new Float64Array(nClasses);
  const predicted = new Float64Array(nClasses);
  const support = new Float64Array(nClasses);
  for (let t = 0; t < nClasses; t++) {
    for (let p = 0; p < nClasses; p++) {
      predicted[p]! += m[t]![p]!;
      support[t]! += m[t]![p]!;
    }
    tp[t] = m[t]![t]!;
  }
  const score = (tpk: number, pred: number, sup: number): PrecisionRecallF1 => {
    const precision = pred > 0 ? tpk / pred : 0;
    const recall = sup > 0 ? tpk / sup : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { precision, recall, f1 };
  };
  if (average === 'binary') {
    if (nClasses !== 2) throw new MlError('invalid_param', "average 'binary' needs two classes");
    return score(tp[positiveClass]!, predicted[positiveClass]!, support[positiveClass]!);
  }
  if (average === 'micro') {
    const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);
    return score(sum(tp), sum(predicted), sum(support));
  }
  const perClass = Array.from({ length: nClasses }, (_, k) => score(tp[k]!, predicted[k]!, support[k]!));
  const total = support.reduce((a, b) => a + b, 0);
  const weight = (k: number): number => (average === 'macro' ? 1 / nClasses : support[k]! / total);
  let precision = 0;
  let recall = 0;
  let f1 = 0;
  perClass.forEach((s, k) => {
    precision += weight(k) * s.precision;
    recall += weight(k) * s.recall;
    f1 += weight(k) * s.f1;
  });
  return { precision, recall, f1 };
}
