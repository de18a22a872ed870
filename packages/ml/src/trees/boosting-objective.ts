import { softmaxInto } from '../linear/logistic-regression.ts';

/** The loss a boosted ensemble minimises, chosen from the task. */
export type BoostingObjective = 'squared_error' | 'binary_logistic' | 'multiclass_softmax';

/** Number of raw scores per row (one tree per output per round). */
export function outputCount(objective: BoostingObjective, nClasses: number): number {
  return objective === 'multiclass_softmax' ? nClasses : 1;
}

/**
 * The constant scores boosting starts from: the mean (squared error), the prior log-odds
 * (binary) or the log class priors (softmax), as scikit-learn's HistGradientBoosting does.
 * Rounded to float32, the precision ONNX stores them in.
 */
export function initialScores(
  objective: BoostingObjective,
  y: ArrayLike<number>,
  nClasses: number,
): Float64Array {
  const n = y.length;
  if (objective === 'squared_error') {
    let s = 0;
    for (let i = 0; i < n; i++) s += y[i]!;
    return Float64Array.of(Math.fround(s / n));
  }
  const counts = new Float64Array(nClasses);
  for (let i = 0; i < n; i++) counts[y[i]!]!++;
  const eps = 1e-15;
  if (objective === 'binary_logistic') {
    const p = Math.min(Math.max(counts[1]! / n, eps), 1 - eps);
    return Float64Array.of(Math.fround(Math.log(p / (1 - p))));
  }
  return Float64Array.from(counts, (c) => Math.fround(Math.log(Math.max(c / n, eps))));
}

/**
 * Writes gradient and hessian of output `k` for every row into `gh` (interleaved pairs),
 * given raw scores (row-major `n x outputs`) and, for softmax, their probabilities; returns
 * the mean loss of those scores (`meanLoss`), computed in the same pass to share the exp.
 */
export function fillGradients(
  objective: BoostingObjective,
  raw: Float64Array,
  probs: Float64Array | null,
  y: ArrayLike<number>,
  outputs: number,
  k: number,
  gh: Float64Array,
): number {
  const n = y.length;
  let loss = 0;
  if (objective === 'squared_error') {
    for (let i = 0; i < n; i++) {
      const g = raw[i]! - y[i]!;
      gh[2 * i] = g;
      gh[2 * i + 1] = 1;
      loss += 0.5 * g * g;
    }
  } else if (objective === 'binary_logistic') {
    for (let i = 0; i < n; i++) {
      const z = raw[i]!;
      const e = Math.exp(-Math.abs(z));
      const p = z >= 0 ? 1 / (1 + e) : e / (1 + e);
      const yi = y[i]!;
      gh[2 * i] = p - yi;
      gh[2 * i + 1] = Math.max(p * (1 - p), 1e-16);
      loss += Math.max(z, 0) + Math.log1p(e) - yi * z;
    }
  } else {
    const P = probs!;
    for (let i = 0; i < n; i++) {
      const p = P[i * outputs + k]!;
      const yi = y[i]!;
      gh[2 * i] = p - (yi === k ? 1 : 0);
      gh[2 * i + 1] = Math.max(p * (1 - p), 1e-16);
      loss -= Math.log(Math.max(P[i * outputs + yi]!, 1e-300));
    }
  }
  return loss / n;
}

/** Row-wise softmax of raw scores (for the multiclass objective). */
export function softmaxRows(raw: Float64Array, outputs: number, out: Float64Array): void {
  const n = raw.length / outputs;
  for (let i = 0; i < n; i++) softmaxInto(raw.subarray(i * outputs, (i + 1) * outputs), out, i * outputs);
}

/** Mean loss: squared error (halved, as boosted), log loss or cross-entropy. */
export function meanLoss(
  objective: BoostingObjective,
  raw: Float64Array,
  y: ArrayLike<number>,
  outputs: number,
): number {
  const n = y.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    if (objective === 'squared_error') {
      const d = raw[i]! - y[i]!;
      s += 0.5 * d * d;
    } else if (objective === 'binary_logistic') {
      const z = raw[i]!;
      s += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - (y[i] === 1 ? z : 0);
    } else {
      let max = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < outputs; k++) max = Math.max(max, raw[i * outputs + k]!);
      let sum = 0;
      for (let k = 0; k < outputs; k++) sum += Math.exp(raw[i * outputs + k]! - max);
      s += max + Math.log(sum) - raw[i * outputs + y[i]!]!;
    }
  }
  return s / n;
}
