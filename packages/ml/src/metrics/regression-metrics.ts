import { checkLengths, linspace, quantileSorted } from './check-inputs.ts';

/**
 * Root mean squared error.
 *
 * ```ts
 * rmse([1, 2, 3], [1, 2, 5]); // 1.1547...
 * ```
 */
export function rmse(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkLengths(yTrue, yPred);
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += (yTrue[i]! - yPred[i]!) ** 2;
  return Math.sqrt(s / yTrue.length);
}

/** Mean absolute error. */
export function mae(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkLengths(yTrue, yPred);
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += Math.abs(yTrue[i]! - yPred[i]!);
  return s / yTrue.length;
}

/**
 * Coefficient of determination, as `r2_score` (a constant `yTrue` gives 1 for a perfect
 * prediction and 0 otherwise).
 *
 * ```ts
 * r2([1, 2, 3], [1, 2, 3]); // 1
 * ```
 */
export function r2(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkLengths(yTrue, yPred);
  const n = yTrue.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i]!;
  mean /= n;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    ssRes += (yTrue[i]! - yPred[i]!) ** 2;
    ssTot += (yTrue[i]! - mean) ** 2;
  }
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}

/**
 * Mean absolute percentage error as a fraction (`mean_absolute_percentage_error`: the
 * denominator is at least the float64 epsilon, so a zero target gives a huge error).
 */
export function mape(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkLengths(yTrue, yPred);
  let s = 0;
  for (let i = 0; i < yTrue.length; i++)
    s += Math.abs(yPred[i]! - yTrue[i]!) / Math.max(Math.abs(yTrue[i]!), Number.EPSILON);
  return s / yTrue.length;
}

/** Summary of residuals `yTrue - yPred`: moments, quantiles and a histogram. */
export interface ResidualDistribution {
  readonly mean: number;
  /** Population standard deviation. */
  readonly std: number;
  /** Quantiles at `RESIDUAL_QUANTILES` (numpy's linear method). */
  readonly quantiles: readonly number[];
  /** `numpy.histogram(residuals, bins)`: `bins + 1` edges and `bins` counts. */
  readonly histogram: { readonly edges: readonly number[]; readonly counts: readonly number[] };
}

export const RESIDUAL_QUANTILES: readonly number[] = [0, 0.05, 0.25, 0.5, 0.75, 0.95, 1];

/**
 * The distribution of residuals `yTrue - yPred`.
 *
 * ```ts
 * residualDistribution(y, yhat, 20).histogram.counts; // 20 counts
 * ```
 */
export function residualDistribution(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  bins = 20,
): ResidualDistribution {
  checkLengths(yTrue, yPred);
  const n = yTrue.length;
  const r = Float64Array.from({ length: n }, (_, i) => yTrue[i]! - yPred[i]!);
  let mean = 0;
  for (const v of r) mean += v;
  mean /= n;
  let ss = 0;
  for (const v of r) ss += (v - mean) ** 2;
  const sorted = Float64Array.from(r).sort();
  return {
    mean,
    std: Math.sqrt(ss / n),
    quantiles: RESIDUAL_QUANTILES.map((q) => quantileSorted(sorted, q)),
    histogram: histogram(r, sorted[0]!, sorted[n - 1]!, bins),
  };
}

// numpy.histogram with equal-width bins over [lo, hi], including its edge corrections.
function histogram(values: Float64Array, lo: number, hi: number, bins: number) {
  let first = lo;
  let last = hi;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const edges = linspace(first, last, bins + 1);
  const counts = new Array<number>(bins).fill(0);
  const norm = bins / (last - first);
  for (const v of values) {
    let i = Math.trunc((v - first) * norm);
    if (i === bins) i--;
    if (v < edges[i]!) i--;
    else if (v >= edges[i + 1]! && i !== bins - 1) i++;
    counts[i]!++;
  }
  return { edges: Array.from(edges), counts };
}
