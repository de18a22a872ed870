import { checkClassIndices, checkLengths } from './check-inputs.ts';

/**
 * The confusion matrix of class indices: `matrix[t][p]` counts rows of true class `t`
 * predicted as `p` (scikit-learn's `confusion_matrix(y_true, y_pred, labels=range(K))`).
 *
 * ```ts
 * confusionMatrix([0, 1, 1], [0, 1, 0], 2); // [[1, 0], [1, 1]]
 * ```
 */
export function confusionMatrix(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  nClasses: number,
): number[][] {
  checkLengths(yTrue, yPred);
  checkClassIndices(yTrue, nClasses);
  checkClassIndices(yPred, nClasses);
  const m = Array.from({ length: nClasses }, () => new Array<number>(nClasses).fill(0));
  for (let i = 0; i < yTrue.length; i++) m[yTrue[i]!]![yPred[i]!]!++;
  return m;
}

/** Class indices of labels, for labels given as strings. Unknown labels throw via the caller's checks (-1). */
export function labelIndices(labels: readonly string[], classes: readonly string[]): Int32Array {
  const index = new Map(classes.map((c, i) => [c, i]));
  return Int32Array.from(labels, (l) => index.get(l) ?? -1);
}

/** The most probable class per row of a row-major `n x k` probability matrix (first on ties). */
export function argmaxRows(probabilities: ArrayLike<number>, k: number): Int32Array {
  const n = probabilities.length / k;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (probabilities[i * k + c]! > probabilities[i * k + best]!) best = c;
    out[i] = best;
  }
  return out;
}
