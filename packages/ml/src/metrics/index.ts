/**
 * `@baton/ml/metrics`: evaluation metrics, each checked against scikit-learn 1.2 reference
 * values to 1e-9 (fixtures from `scripts/fixtures/make-ml-fixtures.py`). Classes are given
 * as indices into a class list; binary metrics treat index 1 as positive.
 *
 * ```ts
 * import { rocAuc, evaluateClassification } from '@baton/ml/metrics';
 * rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 * ```
 */

export type { Averaging, PrecisionRecallF1 } from './classification-metrics.ts';
export { accuracy, balancedAccuracy, precisionRecallF1 } from './classification-metrics.ts';
export { argmaxRows, confusionMatrix, labelIndices } from './confusion-matrix.ts';
export type { ClassificationReport, RegressionReport } from './evaluate.ts';
export { evaluateClassification, evaluateRegression } from './evaluate.ts';
export type { CalibrationCurve } from './probability-metrics.ts';
export { brierScore, calibrationCurve, logLoss } from './probability-metrics.ts';
export type { PrecisionRecallCurve, RocCurve } from './ranking-metrics.ts';
export { averagePrecision, precisionRecallCurve, rocAuc, rocAucOvr, rocCurve } from './ranking-metrics.ts';
export type { ResidualDistribution } from './regression-metrics.ts';
export { mae, mape, RESIDUAL_QUANTILES, r2, residualDistribution, rmse } from './regression-metrics.ts';
