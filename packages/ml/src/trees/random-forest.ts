import type { FeatureMatrix } from '../data/feature-matrix.ts';
import { checkShape } from '../data/feature-matrix.ts';
import { createRng } from '../data/random.ts';
import { requireParam } from '../errors.ts';
import { binColumns, fillRowBins, fitBinMapper } from './binning.ts';
import { addTreePredictions, type DecisionTree } from './decision-tree.ts';
import { HistogramPool, histogramLayout } from './histogram.ts';
import { growTree } from './tree-grower.ts';

/** Hyper-parameters of `fitRandomForest` (names follow scikit-learn's where one exists). */
export interface RandomForestParams {
  /** Trees (default 100). */
  readonly nTrees?: number;
  /** Deepest a tree may grow (default: unlimited). */
  readonly maxDepth?: number;
  /** Least (bootstrap-weighted) rows in a leaf (default 1). */
  readonly minSamplesLeaf?: number;
  /**
   * Features considered at each split: `'sqrt'` (default for classification), `'log2'`,
   * `'all'` (default for regression, like scikit-learn 1.2) or a fraction in (0, 1].
   */
  readonly maxFeatures?: 'sqrt' | 'log2' | 'all' | number;
  /** Draw a bootstrap sample per tree (default true). */
  readonly bootstrap?: boolean;
  /** Value bins per feature, at most 255 (default 255). */
  readonly maxBins?: number;
  readonly seed?: number;
  /** Called after each tree. */
  readonly onTree?: (treesDone: number, totalTrees: number) => void;
}

/**
 * A fitted random forest. Classification leaves hold class frequencies (binary: the
 * frequency of class 1 only), regression leaves the mean target; predictions average trees.
 */
export interface RandomForestModel {
  readonly kind: 'random_forest';
  readonly task: 'classification' | 'regression';
  readonly nFeatures: number;
  readonly nClasses: number;
  /** Values per leaf: 1 for regression and binary classification, else the class count. */
  readonly nOutputs: number;
  readonly trees: readonly DecisionTree[];
  /** Impurity decrease per feature, summed over trees. */
  readonly featureGain: Float64Array;
}

/**
 * Fits a random forest on binned features: bootstrap rows per tree, a fresh feature sample
 * at every split, Gini splits for classification (as variance of class indicators) and
 * squared error for regression. Missing values get a learned direction like in `fitGbdt`.
 *
 * ```ts
 * const forest = fitRandomForest(x, y, 'classification', 3, { nTrees: 200, seed: 7 });
 * const p = predictRandomForest(forest, xTest); // n x 3 probabilities
 * ```
 */
export function fitRandomForest(
  x: FeatureMatrix,
  y: ArrayLike<number>,
  task: 'classification' | 'regression',
  nClasses: number,
  params: RandomForestParams = {},
): RandomForestModel {
  checkShape(x, y.length);
  const nTrees = params.nTrees ?? 100;
  const maxDepth = params.maxDepth ?? Number.POSITIVE_INFINITY;
  const minLeaf = params.minSamplesLeaf ?? 1;
  requireParam(Number.isInteger(nTrees) && nTrees >= 1, 'nTrees must be a positive integer', { nTrees });
  requireParam(maxDepth >= 1, 'maxDepth must be at least 1', { maxDepth });
  requireParam(minLeaf > 0, 'minSamplesLeaf must be positive', { minSamplesLeaf: minLeaf });
  const perSplit = featuresPerSplit(
    params.maxFeatures ?? (task === 'classification' ? 'sqrt' : 'all'),
    x.cols,
  );
  const outputs = task === 'regression' || nClasses === 2 ? 1 : nClasses;
  const S = outputs + 1;
  const mapper = fitBinMapper(x, params.maxBins ?? 255, params.seed ?? 0);
  const columnBins = binColumns(x, mapper);
  const layout = histogramLayout(mapper, S);
  const rowBins = fillRowBins(columnBins, x.rows, x.cols);
  const pool = new HistogramPool(layout.slots * S, false);
  const rng = createRng(params.seed ?? 0);
  const features = Int32Array.from({ length: x.cols }, (_, f) => f);
  const n = x.rows;
  const weights = new Float64Array(n);
  const gh = new Float64Array(n * S);
  const trees: DecisionTree[] = [];
  const featureGain = new Float64Array(x.cols);
  for (let t = 0; t < nTrees; t++) {
    const treeRng = rng.fork();
    weights.fill(params.bootstrap === false ? 1 : 0);
    if (params.bootstrap !== false) for (let i = 0; i < n; i++) weights[treeRng.int(n)]!++;
    let count = 0;
    for (let i = 0; i < n; i++) if (weights[i]! > 0) count++;
    const rows = new Int32Array(count);
    count = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i]!;
      if (w > 0) rows[count++] = i;
      for (let c = 0; c < outputs; c++) {
        const target = task === 'regression' ? y[i]! : outputs === 1 ? y[i]! : y[i] === c ? 1 : 0;
        gh[i * S + c] = -w * target;
      }
      gh[i * S + outputs] = w;
    }
    const { tree } = growTree({
      layout,
      mapper,
      rowBins,
      columnBins,
      gh,
      rows,
      features,
      constraints: { l2: 0, minChildWeight: minLeaf, minSplitGain: 0 },
      maxDepth,
      maxLeaves: Number.POSITIVE_INFINITY,
      leafScale: 1,
      featuresPerSplit: perSplit,
      rng: treeRng,
      pool,
    });
    trees.push(tree);
    for (let node = 0; node < tree.feature.length; node++) {
      if (tree.feature[node]! >= 0) featureGain[tree.feature[node]!]! += tree.gain[node]!;
    }
    params.onTree?.(t + 1, nTrees);
  }
  return { kind: 'random_forest', task, nFeatures: x.cols, nClasses, nOutputs: outputs, trees, featureGain };
}

/** Values (`n`) for regression, class probabilities (`n x nClasses`, row-major) otherwise. */
export function predictRandomForest(model: RandomForestModel, x: FeatureMatrix): Float64Array {
  checkShape(x, x.rows, model.nFeatures);
  const K = model.nOutputs;
  const sum = new Float64Array(x.rows * K);
  for (const tree of model.trees) addTreePredictions(tree, x, sum, K, 0);
  const scale = 1 / model.trees.length;
  for (let i = 0; i < sum.length; i++) sum[i]! *= scale;
  if (model.task === 'regression' || K > 1) return sum;
  const out = new Float64Array(x.rows * 2);
  for (let i = 0; i < x.rows; i++) {
    out[2 * i] = 1 - sum[i]!;
    out[2 * i + 1] = sum[i]!;
  }
  return out;
}

function featuresPerSplit(spec: 'sqrt' | 'log2' | 'all' | number, nFeatures: number): number {
  if (spec === 'all') return nFeatures;
  if (spec === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(nFeatures)));
  if (spec === 'log2') return Math.max(1, Math.floor(Math.log2(nFeatures)));
  requireParam(spec > 0 && spec <= 1, 'maxFeatures must be sqrt, log2, all or a fraction in (0, 1]', {
    maxFeatures: spec,
  });
  return Math.max(1, Math.floor(spec * nFeatures));
}
