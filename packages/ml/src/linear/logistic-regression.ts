import type { FeatureMatrix } from '../data/feature-matrix.ts';
import { checkShape } from '../data/feature-matrix.ts';
import { MlError, requireParam } from '../errors.ts';
import { minimizeLbfgs } from './lbfgs.ts';
import { logisticObjective } from './logistic-objective.ts';

/** Parameters of `fitLogisticRegression`. */
export interface LogisticRegressionParams {
  /**
   * L2 strength lambda in `sum(log loss) + lambda/2 * ||W||^2` (intercepts unpenalised):
   * scikit-learn's `LogisticRegression(C=1/lambda)`. Default 1.
   */
  readonly l2?: number;
  /** L-BFGS iteration cap (default 1000). */
  readonly maxIterations?: number;
  /** Stop when the largest gradient component of the mean loss is at most this (default 1e-10). */
  readonly tolerance?: number;
  /** Called after each L-BFGS iteration with the penalised mean training loss. */
  readonly onIteration?: (iteration: number, loss: number) => void;
  /**
   * Threads for the objective (default 1). Helpers need the matrix and labels on
   * SharedArrayBuffers (`fitModel` arranges that); the result is the same for any count.
   */
  readonly threads?: number;
}

/**
 * A fitted logistic regression. Binary: one coefficient row for the second class (the
 * positive one) and a sigmoid. Multiclass: one row per class and a softmax (the symmetric
 * multinomial form scikit-learn uses; intercepts are centred to sum to zero).
 */
export interface LogisticRegressionModel {
  readonly kind: 'logistic_regression';
  readonly nClasses: number;
  readonly nFeatures: number;
  /** Row-major, `rows x nFeatures` with rows = 1 (binary) or nClasses. */
  readonly coefficients: Float64Array;
  readonly intercepts: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * Fits an L2-regularised logistic regression (binary or multinomial) by L-BFGS.
 *
 * ```ts
 * const model = fitLogisticRegression(x, y, 2, { l2: 1 }); // y holds class indices 0/1
 * const p = predictLogisticProba(model, x); // n x 2 probabilities, row-major
 * ```
 */
export function fitLogisticRegression(
  x: FeatureMatrix,
  y: Int32Array,
  nClasses: number,
  params: LogisticRegressionParams = {},
): LogisticRegressionModel {
  const l2 = params.l2 ?? 1;
  requireParam(l2 >= 0 && Number.isFinite(l2), 'l2 must be a finite number >= 0', { l2 });
  requireParam(nClasses >= 2, 'Logistic regression needs at least two classes');
  checkShape(x, y.length);
  const rows = nClasses === 2 ? 1 : nClasses;
  const d = x.cols;
  const threads = params.threads ?? 1;
  requireParam(Number.isInteger(threads) && threads >= 1 && threads <= 64, 'threads must be in [1, 64]', {
    threads,
  });
  const objective = logisticObjective(x, y, rows, l2, threads);
  let result: ReturnType<typeof minimizeLbfgs>;
  try {
    if (!objective.allFinite()) {
      throw new MlError(
        'invalid_param',
        'Logistic regression needs finite features: impute missing values first',
      );
    }
    result = minimizeLbfgs(objective.evaluate, new Float64Array(rows * (d + 1)), {
      gradientTolerance: params.tolerance ?? 1e-10,
      maxIterations: params.maxIterations ?? 1000,
      ...(params.onIteration ? { onIteration: params.onIteration } : {}),
    });
  } finally {
    objective.close();
  }
  const coefficients = result.x.slice(0, rows * d);
  const intercepts = result.x.slice(rows * d);
  if (rows > 1) {
    const mean = intercepts.reduce((a, b) => a + b, 0) / rows;
    for (let k = 0; k < rows; k++) intercepts[k]! -= mean;
  }
  return {
    kind: 'logistic_regression',
    nClasses,
    nFeatures: d,
    coefficients,
    intercepts,
    iterations: result.iterations,
    converged: result.converged,
  };
}

/** Class probabilities, row-major `n x nClasses`. */
export function predictLogisticProba(model: LogisticRegressionModel, x: FeatureMatrix): Float64Array {
  checkShape(x, x.rows, model.nFeatures);
  const k = model.nClasses;
  const out = new Float64Array(x.rows * k);
  const rows = k === 2 ? 1 : k;
  const z = new Float64Array(rows);
  for (let i = 0; i < x.rows; i++) {
    for (let r = 0; r < rows; r++) {
      let s = model.intercepts[r]!;
      for (let j = 0; j < model.nFeatures; j++)
        s += model.coefficients[r * model.nFeatures + j]! * x.data[i * x.cols + j]!;
      z[r] = s;
    }
    if (k === 2) {
      const p = sigmoid(z[0]!);
      out[i * 2] = 1 - p;
      out[i * 2 + 1] = p;
    } else {
      softmaxInto(z, out, i * k);
    }
  }
  return out;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Writes softmax(z) into out[offset..offset+z.length). */
export function softmaxInto(z: ArrayLike<number>, out: Float64Array, offset: number): void {
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < z.length; c++) max = Math.max(max, z[c]!);
  let sum = 0;
  for (let c = 0; c < z.length; c++) {
    const e = Math.exp(z[c]! - max);
    out[offset + c] = e;
    sum += e;
  }
  for (let c = 0; c < z.length; c++) out[offset + c]! /= sum;
}
