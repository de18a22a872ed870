import type { FeatureMatrix } from '../data/feature-matrix.ts';
import { type BinMapper, binColumns, fillRowBins, fitBinMapper } from './binning.ts';
import { type BoostingObjective, fillGradients } from './boosting-objective.ts';
import { type DecisionTree, leafIndexBinned } from './decision-tree.ts';
import type { ResolvedGbdtParams } from './gbdt-params.ts';
import { type HistogramLayout, histogramLayout } from './histogram.ts';
import { createHistogramArena, type HistogramArena } from './histogram-arena.ts';
import { growTreeLevelwise } from './level-grower.ts';
import { createHistogramBuilder, type PooledHistogramBuilder } from './parallel-histogram.ts';
import { growTree } from './tree-grower.ts';

/** Deepest tree grown level-wise (node tables hold 2^(depth+1) nodes). */
const MAX_LEVELWISE_DEPTH = 16;

/** The working state of one boosting fit (see `startBoosting`). */
export interface BoostingState {
  readonly objective: BoostingObjective;
  readonly params: ResolvedGbdtParams;
  readonly n: number;
  readonly outputs: number;
  readonly y: ArrayLike<number>;
  readonly mapper: BinMapper;
  readonly layout: HistogramLayout;
  readonly arena: HistogramArena;
  readonly builder: PooledHistogramBuilder;
  /** Scores, row-major `n x outputs`, starting at `base`. */
  readonly raw: Float64Array;
  /** Softmax probabilities of `raw` (multiclass only; the caller refreshes them each round). */
  readonly probs: Float64Array | null;
  /** Depth-wise policy: whole tree levels per pass over the rows. */
  readonly levelwise: boolean;
  /**
   * One output, depth-wise: scores, gradients and the loss come from one fused, threaded
   * row pass after each tree (`row-update.ts`) instead of separate passes.
   */
  readonly fused: boolean;
  /** Loss and gradient sums of the current scores (fused mode). */
  stats: { loss: number; G: number; H: number };
}

/** Bins the features, lays out the arena and starts the scores at `base`. */
export function startBoosting(
  x: FeatureMatrix,
  y: ArrayLike<number>,
  objective: BoostingObjective,
  outputs: number,
  base: Float64Array,
  p: ResolvedGbdtParams,
): BoostingState {
  const n = x.rows;
  const mapper = fitBinMapper(x, p.maxBins, p.seed);
  const layout = histogramLayout(mapper, 2);
  const levelwise = !Number.isFinite(p.maxLeaves) && p.maxDepth <= MAX_LEVELWISE_DEPTH;
  const arena = createHistogramArena({
    rows: n,
    features: x.cols,
    slots: layout.slots,
    histograms: levelwise ? 2 ** (p.maxDepth - 1) + 2 : Math.min(p.maxLeaves, 2 ** p.maxDepth) + 2,
    maxNodes: levelwise ? 2 ** (p.maxDepth + 1) : 1,
    levelTargets: levelwise ? 2 ** Math.max(0, p.maxDepth - 2) : 1,
    shared: p.threads > 1,
  });
  binColumns(x, mapper, arena.columnBins);
  fillRowBins(arena.columnBins, n, x.cols, arena.rowBins);
  arena.binOffsets.set(layout.offsets);
  const fused = levelwise && outputs === 1;
  const raw = fused ? arena.rowViews.raw : new Float64Array(n * outputs);
  for (let i = 0; i < n; i++) raw.set(base, i * outputs);
  const builder = createHistogramBuilder(layout, arena, p.threads);
  const state: BoostingState = {
    objective,
    params: p,
    n,
    outputs,
    y,
    mapper,
    layout,
    arena,
    builder,
    raw,
    probs: outputs > 1 ? new Float64Array(n * outputs) : null,
    levelwise,
    fused,
    stats: { loss: 0, G: 0, H: 0 },
  };
  if (fused) {
    arena.rowViews.y.set(y);
    arena.rowViews.nBins.set(mapper.nBins);
    state.stats = builder.rowUpdate(objective === 'binary_logistic', false);
  }
  return state;
}

/** A grown tree with the mean loss of the scores before it (node-wise) or after it (fused). */
export interface RoundTree {
  readonly tree: DecisionTree;
  readonly lossBefore: number | null;
  readonly lossAfter: number | null;
}

/** Grows the tree of output `k` for this round on `sample` rows and `features`, adding it to the scores. */
export function growRoundTree(
  s: BoostingState,
  k: number,
  sample: Int32Array | null,
  features: Int32Array,
): RoundTree {
  const p = s.params;
  const { n, outputs: K, raw, arena, mapper } = s;
  const constraints = { l2: p.l2, minChildWeight: p.minChildWeight, minSplitGain: p.minSplitGain };
  const lossBefore = s.fused ? null : fillGradients(s.objective, raw, s.probs, s.y, K, k, arena.gh);
  let tree: DecisionTree;
  if (s.levelwise) {
    tree = growTreeLevelwise({
      layout: s.layout,
      mapper,
      arena,
      builder: s.builder,
      sample,
      rootSums: s.fused && !sample ? Float64Array.of(s.stats.G, s.stats.H) : null,
      features,
      constraints,
      maxDepth: p.maxDepth,
      leafScale: p.learningRate,
    });
    if (s.fused) {
      writeTree(arena, tree);
      s.stats = s.builder.rowUpdate(s.objective === 'binary_logistic', true);
      return { tree, lossBefore, lossAfter: s.stats.loss / n };
    }
    // nodeOf holds a node on each tree row's path; rows outside a subsample start at the root.
    for (let i = 0; i < n; i++) {
      const from = Math.max(arena.nodeOf[i]!, 0);
      raw[i * K + k]! += tree.values[leafIndexBinned(tree, arena.columnBins, i, n, mapper.nBins, from)]!;
    }
    return { tree, lossBefore, lossAfter: null };
  }
  const rows = sample ? arena.rows.subarray(0, sample.length) : arena.rows;
  if (sample) rows.set(sample);
  else for (let i = 0; i < n; i++) rows[i] = i;
  const grown = growTree({
    layout: s.layout,
    mapper,
    rowBins: arena.rowBins,
    columnBins: arena.columnBins,
    gh: arena.gh,
    rows,
    features,
    constraints,
    maxDepth: p.maxDepth,
    maxLeaves: p.maxLeaves,
    leafScale: p.learningRate,
    pool: arena.pool,
    buildHistogram: s.builder.build,
  });
  tree = grown.tree;
  if (sample) {
    for (let i = 0; i < n; i++)
      raw[i * K + k]! += tree.values[leafIndexBinned(tree, arena.columnBins, i, n, mapper.nBins)]!;
  } else {
    for (const leaf of grown.leafRanges) {
      const v = tree.values[leaf.node]!;
      for (let i = leaf.start; i < leaf.end; i++) raw[rows[i]! * K + k]! += v;
    }
  }
  return { tree, lossBefore, lossAfter: null };
}

// Copies a tree into the arena for the row pass (leaf values into `values`).
function writeTree(arena: HistogramArena, tree: DecisionTree): void {
  const v = arena.rowViews;
  v.feature.set(tree.feature);
  v.bin.set(tree.bin);
  v.left.set(tree.left);
  v.right.set(tree.right);
  v.missingLeft.set(tree.missingLeft);
  v.values.set(tree.values);
}
