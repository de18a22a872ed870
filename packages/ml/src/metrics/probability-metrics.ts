import { MlError } from '../errors.ts';
import { checkClassIndices, checkLengths, linspace, quantileSorted } from './check-inputs.ts';

/**
 * Mean log loss of row-major `n x k` probabilities, clipped to [eps, 1 - eps] with eps the
 * float64 machine epsilon and renormalised per row, as scikit-learn 1.2's `log_loss` does.
 *
 * ```ts
 * logLoss([0, 1], [0.9, 0.1, 0.2, 0.8], 2); // 0.1642...
 * ```
 */
export function logLoss(yTrue: ArrayLike<number>, probabilities: ArrayLike<number>, k: number): number {
  checkLengths(yTrue, { length: probabilities.length / k });
  checkClassIndices(yTrue, k);
  const eps = Number.EPSILON;
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    let rowSum = 0;
    for (let c = 0; c < k; c++) rowSum += clip(probabilities[i * k + c]!, eps);
    total -= Math.log(clip(probabilities[i * k + yTrue[i]!]!, eps) / rowSum);
  }
  return total / yTrue.length;
}

function clip(p: number, eps: number): number {
  return Math.min(Math.max(p, eps), 1 - eps);
}

/**
 * Brier score of binary labels (1 = positive) against positive-class probabilities.
 *
 * ```ts
 * brierScore([0, 1, 1], [0.1, 0.9, 0.8]); // 0.02
 * ```
 */
export function brierScore(yTrue: ArrayLike<number>, positiveProbability: ArrayLike<number>): number {
  checkLengths(yTrue, positiveProbability);
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += (yTrue[i]! - positiveProbability[i]!) ** 2;
  return s / yTrue.length;
}

/** A reliability diagram: per non-empty bin, observed frequency and mean predicted probability. */
export interface CalibrationCurve {
  readonly fractionPositive: Float64Array;
  readonly meanPredicted: Float64Array;
  /** Rows per returned bin. */
  readonly counts: Int32Array;
}

/**
 * Calibration curve of binary labels against positive-class probabilities, as
 * `sklearn.calibration.calibration_curve`: `'uniform'` bins of [0, 1] or `'quantile'` bins
 * with equal counts; empty bins are left out.
 *
 * ```ts
 * calibrationCurve(y, p, 10, 'uniform').fractionPositive;
 * ```
 */
export function calibrationCurve(
  yTrue: ArrayLike<number>,
  positiveProbability: ArrayLike<number>,
  nBins = 5,
  strategy: 'uniform' | 'quantile' = 'uniform',
): CalibrationCurve {
  checkLengths(yTrue, positiveProbability);
  const n = yTrue.length;
  for (let i = 0; i < n; i++) {
    const p = positiveProbability[i]!;
    if (!(p >= 0 && p <= 1))
      throw new MlError('invalid_param', `Probability ${p} at row ${i} is outside [0, 1]`);
  }
  let edges: Float64Array;
  if (strategy === 'uniform') edges = linspace(0, 1, nBins + 1);
  else {
    const sorted = Float64Array.from(positiveProbability).sort();
    edges = Float64Array.from(linspace(0, 1, nBins + 1), (q) => quantileSorted(sorted, (q * 100) / 100));
  }
  const inner = edges.subarray(1, edges.length - 1);
  const sums = new Float64Array(edges.length);
  const trues = new Float64Array(edges.length);
  const totals = new Int32Array(edges.length);
  for (let i = 0; i < n; i++) {
    const p = positiveProbability[i]!;
    // numpy.searchsorted(inner, p, side='left'): the number of inner edges < p.
    let lo = 0;
    let hi = inner.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (inner[mid]! < p) lo = mid + 1;
      else hi = mid;
    }
    sums[lo]! += p;
    trues[lo]! += yTrue[i]!;
    totals[lo]!++;
  }
  const fractionPositive: number[] = [];
  const meanPredicted: number[] = [];
  const counts: number[] = [];
  for (let b = 0; b < edges.length; b++) {
    if (totals[b] === 0) continue;
    fractionPositive.push(trues[b]! / totals[b]!);
    meanPredicted.push(sums[b]! / totals[b]!);
    counts.push(totals[b]!);
  }
  return {
    fractionPositive: Float64Array.from(fractionPositive),
    meanPredicted: Float64Array.from(meanPredicted),
    counts: Int32Array.from(counts),
  };
}
