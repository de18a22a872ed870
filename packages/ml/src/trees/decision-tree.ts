import type { FeatureMatrix } from '../data/feature-matrix.ts';

/**
 * A fitted binary decision tree in flat arrays (node 0 is the root). An interior node sends
 * a row left when `Math.fround(x[feature]) <= threshold`, and a missing value left when
 * `missingLeft` is 1: the same test, in float32, that ONNX `TreeEnsemble*` operators run
 * with `BRANCH_LEQ` and `missing_value_tracks_true`. Leaves hold `nOutputs` values each.
 */
export interface DecisionTree {
  readonly nOutputs: number;
  /** Split feature, or -1 for a leaf. */
  readonly feature: Int32Array;
  readonly threshold: Float32Array;
  /** The threshold as a bin code (training-time traversal of binned data). */
  readonly bin: Int32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly missingLeft: Uint8Array;
  /** Split gain of interior nodes (for feature importance). */
  readonly gain: Float64Array;
  /** Hessian (boosting) or weight (forests) reaching each node. */
  readonly cover: Float64Array;
  /** `nodeCount x nOutputs` leaf values, float32-exact; zero for interior nodes. */
  readonly values: Float64Array;
}

/** The leaf a row of raw features reaches. */
export function leafIndex(tree: DecisionTree, x: Float64Array, offset: number): number {
  let node = 0;
  while (tree.feature[node]! >= 0) {
    const v = x[offset + tree.feature[node]!]!;
    const goLeft = Number.isNaN(v) ? tree.missingLeft[node] === 1 : Math.fround(v) <= tree.threshold[node]!;
    node = goLeft ? tree.left[node]! : tree.right[node]!;
  }
  return node;
}

/**
 * The leaf that row `row` of feature-major bins (`columnBins[f * nRows + row]`) reaches,
 * walking from node `from` (default the root); `nBins[f]` is the missing code.
 */
export function leafIndexBinned(
  tree: DecisionTree,
  columnBins: Uint8Array,
  row: number,
  nRows: number,
  nBins: Int32Array,
  from = 0,
): number {
  let node = from;
  while (tree.feature[node]! >= 0) {
    const f = tree.feature[node]!;
    const b = columnBins[f * nRows + row]!;
    const goLeft = b === nBins[f] ? tree.missingLeft[node] === 1 : b <= tree.bin[node]!;
    node = goLeft ? tree.left[node]! : tree.right[node]!;
  }
  return node;
}

/**
 * Adds `weight * leaf value` of every row to `out` (row-major `x.rows x stride`, output `k`
 * of the tree going to column `column + k`).
 */
export function addTreePredictions(
  tree: DecisionTree,
  x: FeatureMatrix,
  out: Float64Array,
  stride: number,
  column: number,
  weight = 1,
): void {
  for (let i = 0; i < x.rows; i++) {
    const leaf = leafIndex(tree, x.data, i * x.cols);
    for (let k = 0; k < tree.nOutputs; k++)
      out[i * stride + column + k]! += weight * tree.values[leaf * tree.nOutputs + k]!;
  }
}

/** Number of nodes. */
export function nodeCount(tree: DecisionTree): number {
  return tree.feature.length;
}

/** Adds each interior node's gain to its feature's total. */
export function accumulateGain(tree: DecisionTree, totals: Float64Array): void {
  for (let node = 0; node < tree.feature.length; node++) {
    const f = tree.feature[node]!;
    if (f >= 0) totals[f]! += tree.gain[node]!;
  }
}
