import { MlError } from '../errors.ts';
import { checkLengths } from './check-inputs.ts';

/** Points of a ROC curve, first point (0, 0) at threshold `max score + 1` (scikit-learn 1.2). */
export interface RocCurve {
  readonly fpr: Float64Array;
  readonly tpr: Float64Array;
  readonly thresholds: Float64Array;
}

/** Points of a precision-recall curve, by increasing threshold, ending at precision 1, recall 0. */
export interface PrecisionRecallCurve {
  readonly precision: Float64Array;
  readonly recall: Float64Array;
  readonly thresholds: Float64Array;
}

/** True and false positives at each distinct score, highest first (scikit-learn's `_binary_clf_curve`). */
function binaryCurve(yTrue: ArrayLike<number>, scores: ArrayLike<number>) {
  checkLengths(yTrue, scores);
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const tps: number[] = [];
  const fps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  for (let i = 0; i < order.length; i++) {
    const row = order[i]!;
    if (yTrue[row] === 1) tp++;
    const next = order[i + 1];
    if (next === undefined || scores[next]! !== scores[row]!) {
      tps.push(tp);
      fps.push(i + 1 - tp);
      thresholds.push(scores[row]!);
    }
  }
  return { tps, fps, thresholds };
}

/**
 * The ROC curve of binary labels (1 = positive) against scores, with scikit-learn's
 * `drop_intermediate=True`: collinear points are dropped (the area is unchanged).
 *
 * ```ts
 * const { fpr, tpr } = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * ```
 */
export function rocCurve(yTrue: ArrayLike<number>, scores: ArrayLike<number>): RocCurve {
  let { tps, fps, thresholds } = binaryCurve(yTrue, scores);
  if (fps.length > 2) {
    const keep = tps.map((_, i) => {
      if (i === 0 || i === tps.length - 1) return true;
      return fps[i + 1]! - 2 * fps[i]! + fps[i - 1]! !== 0 || tps[i + 1]! - 2 * tps[i]! + tps[i - 1]! !== 0;
    });
    tps = tps.filter((_, i) => keep[i]);
    fps = fps.filter((_, i) => keep[i]);
    thresholds = thresholds.filter((_, i) => keep[i]);
  }
  const P = tps[tps.length - 1]!;
  const N = fps[fps.length - 1]!;
  if (P === 0 || N === 0) throw new MlError('invalid_param', 'ROC needs both positive and negative rows');
  return {
    fpr: Float64Array.from([0, ...fps], (v) => v / N),
    tpr: Float64Array.from([0, ...tps], (v) => v / P),
    thresholds: Float64Array.from([thresholds[0]! + 1, ...thresholds]),
  };
}

/**
 * Area under the ROC curve for binary labels (trapezoidal, like `roc_auc_score`).
 *
 * ```ts
 * rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 * ```
 */
export function rocAuc(yTrue: ArrayLike<number>, scores: ArrayLike<number>): number {
  const { fpr, tpr } = rocCurve(yTrue, scores);
  let area = 0;
  for (let i = 1; i < fpr.length; i++) area += ((fpr[i]! - fpr[i - 1]!) * (tpr[i]! + tpr[i - 1]!)) / 2;
  return area;
}

/**
 * One-vs-rest multiclass ROC AUC (`roc_auc_score(multi_class='ovr')`) from row-major
 * `n x k` probabilities: the mean of per-class AUCs, unweighted (`'macro'`) or weighted by
 * class prevalence (`'weighted'`).
 */
export function rocAucOvr(
  yTrue: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  k: number,
  average: 'macro' | 'weighted' = 'macro',
): number {
  const n = yTrue.length;
  let total = 0;
  let weights = 0;
  for (let c = 0; c < k; c++) {
    const y = Int8Array.from({ length: n }, (_, i) => (yTrue[i] === c ? 1 : 0));
    const s = Float64Array.from({ length: n }, (_, i) => probabilities[i * k + c]!);
    const support = y.reduce((a, b) => a + b, 0);
    const w = average === 'macro' ? 1 : support;
    total += w * rocAuc(y, s);
    weights += w;
  }
  return total / weights;
}

/**
 * Precision and recall at every distinct score threshold (`precision_recall_curve` of
 * scikit-learn 1.2: no truncation at full recall).
 */
export function precisionRecallCurve(
  yTrue: ArrayLike<number>,
  scores: ArrayLike<number>,
): PrecisionRecallCurve {
  const { tps, fps, thresholds } = binaryCurve(yTrue, scores);
  const P = tps[tps.length - 1]!;
  if (P === 0) throw new MlError('invalid_param', 'A precision-recall curve needs positive rows');
  const m = tps.length;
  const precision = new Float64Array(m + 1);
  const recall = new Float64Array(m + 1);
  for (let i = 0; i < m; i++) {
    const j = m - 1 - i;
    const predicted = tps[j]! + fps[j]!;
    precision[i] = predicted > 0 ? tps[j]! / predicted : 0;
    recall[i] = tps[j]! / P;
  }
  precision[m] = 1;
  recall[m] = 0;
  return { precision, recall, thresholds: Float64Array.from(thresholds).reverse() };
}

/**
 * Average precision (PR AUC as a step integral, `average_precision_score`).
 *
 * ```ts
 * averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.8333...
 * ```
 */
export function averagePrecision(yTrue: ArrayLike<number>, scores: ArrayLike<number>): number {
  const { precision, recall } = precisionRecallCurve(yTrue, scores);
  let s = 0;
  for (let i = 0; i + 1 < recall.length; i++) s -= (recall[i + 1]! - recall[i]!) * precision[i]!;
  return s;
}
