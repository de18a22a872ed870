import type { FeatureMatrix } from '../data/feature-matrix.ts';
import { checkShape } from '../data/feature-matrix.ts';
import { MlError, requireParam } from '../errors.ts';
import { solveCholesky } from './cholesky.ts';

/** Parameters of `fitRidgeRegression`. */
export interface RidgeRegressionParams {
  /**
   * L2 strength lambda in `sum((y - Xw - b)^2) + lambda * ||w||^2` (intercept unpenalised),
   * scikit-learn's `Ridge(alpha=lambda)`. Default 1.
   */
  readonly l2?: number;
}

/** A fitted ridge regression: `y = x . coefficients + intercept`. */
export interface RidgeRegressionModel {
  readonly kind: 'ridge_regression';
  readonly nFeatures: number;
  readonly coefficients: Float64Array;
  readonly intercept: number;
}

/**
 * Fits ridge regression exactly: centre the data, then solve the regularised normal
 * equations by Cholesky (O(n d^2 + d^3): fine for up to a few hundred features).
 *
 * ```ts
 * const model = fitRidgeRegression(x, y, { l2: 1 });
 * const yhat = predictRidge(model, x);
 * ```
 */
export function fitRidgeRegression(
  x: FeatureMatrix,
  y: Float64Array,
  params: RidgeRegressionParams = {},
): RidgeRegressionModel {
  const l2 = params.l2 ?? 1;
  requireParam(l2 >= 0 && Number.isFinite(l2), 'l2 must be a finite number >= 0', { l2 });
  checkShape(x, y.length);
  const { rows: n, cols: d, data } = x;
  const mean = new Float64Array(d);
  let yMean = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) mean[j]! += data[i * d + j]!;
    yMean += y[i]!;
  }
  for (let j = 0; j < d; j++) mean[j]! /= n;
  yMean /= n;
  if (mean.some((v) => !Number.isFinite(v))) {
    throw new MlError('invalid_param', 'Ridge regression needs finite features: impute missing values first');
  }
  const gram = new Float64Array(d * d);
  const xty = new Float64Array(d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = data[i * d + j]! - mean[j]!;
    const yc = y[i]! - yMean;
    for (let j = 0; j < d; j++) {
      const v = row[j]!;
      xty[j]! += v * yc;
      for (let k = 0; k <= j; k++) gram[j * d + k]! += v * row[k]!;
    }
  }
  for (let j = 0; j < d; j++) {
    for (let k = 0; k < j; k++) gram[k * d + j] = gram[j * d + k]!;
    gram[j * d + j]! += l2 > 0 ? l2 : 1e-12 * Math.max(1, gram[j * d + j]!);
  }
  const coefficients = solveCholesky(gram, xty, d);
  let intercept = yMean;
  for (let j = 0; j < d; j++) intercept -= coefficients[j]! * mean[j]!;
  return { kind: 'ridge_regression', nFeatures: d, coefficients, intercept };
}

/** Predictions `x . coefficients + intercept`. */
export function predictRidge(model: RidgeRegressionModel, x: FeatureMatrix): Float64Array {
  checkShape(x, x.rows, model.nFeatures);
  const out = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    let s = model.intercept;
    for (let j = 0; j < model.nFeatures; j++) s += model.coefficients[j]! * x.data[i * x.cols + j]!;
    out[i] = s;
  }
  return out;
}
