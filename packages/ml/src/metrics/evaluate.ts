import { MlError } from '../errors.ts';
import {
  accuracy,
  balancedAccuracy,
  type PrecisionRecallF1,
  precisionRecallF1,
} from './classification-metrics.ts';
import { argmaxRows, confusionMatrix } from './confusion-matrix.ts';
import { brierScore, type CalibrationCurve, calibrationCurve, logLoss } from './probability-metrics.ts';
import {
  averagePrecision,
  type PrecisionRecallCurve,
  precisionRecallCurve,
  type RocCurve,
  rocAuc,
  rocAucOvr,
  rocCurve,
} from './ranking-metrics.ts';
import {
  mae,
  mape,
  type ResidualDistribution,
  r2,
  residualDistribution,
  rmse,
} from './regression-metrics.ts';

/** Every classification metric Baton records for a model on a data set. */
export interface ClassificationReport {
  readonly task: 'binary' | 'multiclass';
  readonly classes: readonly string[];
  readonly rows: number;
  readonly accuracy: number;
  readonly balancedAccuracy: number;
  /** Binary only: precision, recall and F1 of the positive class (`classes[1]`). */
  readonly binary: PrecisionRecallF1 | null;
  readonly macro: PrecisionRecallF1;
  readonly weighted: PrecisionRecallF1;
  /** Binary ROC AUC, or one-vs-rest macro AUC for multiclass; null if a class is absent. */
  readonly rocAuc: number | null;
  /** Average precision of the positive class, or its macro mean over classes (one-vs-rest). */
  readonly prAuc: number | null;
  readonly logLoss: number;
  /** Binary only (scikit-learn's definition). */
  readonly brierScore: number | null;
  /** `[true][predicted]` counts, in `classes` order. */
  readonly confusionMatrix: readonly (readonly number[])[];
  /** Per scored class (binary: the positive class only): ROC and PR curves. */
  readonly curves: readonly {
    readonly class: string;
    readonly roc: RocCurve;
    readonly pr: PrecisionRecallCurve;
  }[];
  /** Binary only: 10 uniform bins. */
  readonly calibration: CalibrationCurve | null;
}

/**
 * Evaluates class probabilities (row-major `n x classes.length`) against true class indices;
 * predicted labels are the most probable classes.
 *
 * ```ts
 * const report = evaluateClassification(yTrue, prediction.probabilities, prediction.classes);
 * report.rocAuc; report.confusionMatrix;
 * ```
 */
export function evaluateClassification(
  yTrue: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  classes: readonly string[],
): ClassificationReport {
  const k = classes.length;
  if (k < 2) throw new MlError('invalid_param', 'Classification metrics need at least two classes');
  const yPred = argmaxRows(probabilities, k);
  const n = yTrue.length;
  const column = (c: number) => Float64Array.from({ length: n }, (_, i) => probabilities[i * k + c]!);
  const indicator = (c: number) => Int8Array.from({ length: n }, (_, i) => (yTrue[i] === c ? 1 : 0));
  const present = new Set(Array.from(yTrue));
  const allPresent = present.size === k;
  const scored =
    k === 2 ? [1] : Array.from({ length: k }, (_, c) => c).filter((c) => present.has(c) && present.size > 1);
  const curves = allPresent
    ? scored.map((c) => ({
        class: classes[c]!,
        roc: rocCurve(indicator(c), column(c)),
        pr: precisionRecallCurve(indicator(c), column(c)),
      }))
    : [];
  let prAuc: number | null = null;
  if (allPresent) {
    const aps = scored.map((c) => averagePrecision(indicator(c), column(c)));
    prAuc = aps.reduce((a, b) => a + b, 0) / aps.length;
  }
  return {
    task: k === 2 ? 'binary' : 'multiclass',
    classes,
    rows: n,
    accuracy: accuracy(yTrue, yPred, k),
    balancedAccuracy: balancedAccuracy(yTrue, yPred, k),
    binary: k === 2 ? precisionRecallF1(yTrue, yPred, k, 'binary') : null,
    macro: precisionRecallF1(yTrue, yPred, k, 'macro'),
    weighted: precisionRecallF1(yTrue, yPred, k, 'weighted'),
    rocAuc: allPresent ? (k === 2 ? rocAuc(yTrue, column(1)) : rocAucOvr(yTrue, probabilities, k)) : null,
    prAuc,
    logLoss: logLoss(yTrue, probabilities, k),
    brierScore: k === 2 ? brierScore(yTrue, column(1)) : null,
    confusionMatrix: confusionMatrix(yTrue, yPred, k),
    curves,
    calibration: k === 2 ? calibrationCurve(yTrue, column(1), 10, 'uniform') : null,
  };
}

/** Every regression metric Baton records. */
export interface RegressionReport {
  readonly rows: number;
  readonly rmse: number;
  readonly mae: number;
  readonly r2: number;
  readonly mape: number;
  readonly residuals: ResidualDistribution;
}

/**
 * Evaluates regression predictions.
 *
 * ```ts
 * evaluateRegression(y, prediction.values).rmse;
 * ```
 */
export function evaluateRegression(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): RegressionReport {
  return {
    rows: yTrue.length,
    rmse: rmse(yTrue, yPred),
    mae: mae(yTrue, yPred),
    r2: r2(yTrue, yPred),
    mape: mape(yTrue, yPred),
    residuals: residualDistribution(yTrue, yPred),
  };
}
