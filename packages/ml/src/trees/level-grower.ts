import type { BinMapper } from './binning.ts';
import type { DecisionTree } from './decision-tree.ts';
import { type HistogramLayout, subtractHistogram } from './histogram.ts';
import { type HistogramArena, NODE_INFO_FIELDS } from './histogram-arena.ts';
import type { PooledHistogramBuilder } from './parallel-histogram.ts';
import { findBestSplit, type SplitConstraints } from './split-finder.ts';
import { assembleTree, type GrowingNode } from './tree-assembly.ts';

/** What one level-wise boosting tree is grown from. */
export interface LevelGrowInput {
  readonly layout: HistogramLayout;
  readonly mapper: BinMapper;
  readonly arena: HistogramArena;
  readonly builder: PooledHistogramBuilder;
  /** The rows of this tree (ascending), or null for all rows. */
  readonly sample: Int32Array | null;
  /** Gradient and hessian sums over the tree's rows, when the caller already has them. */
  readonly rootSums?: Float64Array | null;
  /** Features the tree may split on (its column sample). */
  readonly features: Int32Array;
  readonly constraints: SplitConstraints;
  readonly maxDepth: number;
  readonly leafScale: number;
}

interface LevelNode extends GrowingNode {
  readonly depth: number;
  hist: Float64Array | null;
}

/**
 * Grows one tree depth-wise, a whole level per pass over the rows (XGBoost's depthwise
 * policy). Instead of per-node row lists, `arena.nodeOf` labels each row with its node; one
 * sequential pass per level moves rows of split nodes to their children and builds the
 * histograms of the smaller children (by hessian), the larger ones coming by subtraction.
 * Sequential passes keep memory access streaming, which matters more than anything else
 * once nodes are scattered over a million rows. Children at `maxDepth` get no histogram.
 * Afterwards `arena.nodeOf` holds, for every row of the tree, a node on its path (its leaf
 * or the leaf's parent; -1 for rows outside the tree): finish with `leafIndexBinnedFrom`.
 */
export function growTreeLevelwise(input: LevelGrowInput): DecisionTree {
  const { layout, arena, builder, features, constraints } = input;
  const { nodeOf, gh, pool, nodeInfo } = arena;
  const allFeatures = Int32Array.from({ length: layout.nFeatures }, (_, f) => f);
  const rootSums = new Float64Array(2);
  if (input.rootSums) {
    nodeOf.fill(0);
    rootSums.set(input.rootSums);
  } else if (input.sample) {
    nodeOf.fill(-1);
    for (const r of input.sample) {
      nodeOf[r] = 0;
      rootSums[0]! += gh[2 * r]!;
      rootSums[1]! += gh[2 * r + 1]!;
    }
  } else {
    nodeOf.fill(0);
    for (let r = 0; r < nodeOf.length; r++) {
      rootSums[0]! += gh[2 * r]!;
      rootSums[1]! += gh[2 * r + 1]!;
    }
  }
  const nodes: LevelNode[] = [];
  const makeNode = (depth: number, sums: Float64Array): LevelNode => {
    const node: LevelNode = { id: nodes.length, depth, sums, hist: null, split: null, left: -1, right: -1 };
    nodeInfo[node.id * NODE_INFO_FIELDS] = -1;
    nodes.push(node);
    return node;
  };
  const evaluate = (node: LevelNode) => {
    node.split = findBestSplit(layout, node.hist!, node.sums, features, constraints);
    if (!node.split) release(node);
  };
  const release = (node: LevelNode) => {
    if (node.hist) pool.give(node.hist);
    node.hist = null;
  };
  const root = makeNode(0, rootSums);
  if (input.maxDepth > 0) {
    root.hist = pool.take();
    builder.levelPass([{ node: 0, hist: root.hist }], false);
    evaluate(root);
  }
  let level = root.split ? [root] : [];
  while (level.length > 0) {
    const targets: { node: number; hist: Float64Array }[] = [];
    const pairs: { parent: LevelNode; small: LevelNode; large: LevelNode }[] = [];
    for (const parent of level) {
      const split = parent.split!;
      const rightSums = Float64Array.of(
        parent.sums[0]! - split.leftSums[0]!,
        parent.sums[1]! - split.leftSums[1]!,
      );
      const left = makeNode(parent.depth + 1, split.leftSums);
      const right = makeNode(parent.depth + 1, rightSums);
      parent.left = left.id;
      parent.right = right.id;
      nodeInfo.set(
        [
          split.feature,
          split.bin,
          layout.nBins[split.feature]!,
          split.missingLeft ? 1 : 0,
          left.id,
          right.id,
        ],
        parent.id * NODE_INFO_FIELDS,
      );
      if (left.depth >= input.maxDepth) {
        release(parent);
        continue;
      }
      const [small, large] = left.sums[1]! <= right.sums[1]! ? [left, right] : [right, left];
      small.hist = pool.take();
      targets.push({ node: small.id, hist: small.hist });
      pairs.push({ parent, small, large });
    }
    // With no histogram to build (the children are at maxDepth) the pass would only move
    // rows one level down; the caller's score update finishes that walk instead.
    if (targets.length > 0) builder.levelPass(targets, true);
    const next: LevelNode[] = [];
    for (const { parent, small, large } of pairs) {
      large.hist = parent.hist!;
      subtractHistogram(layout, parent.hist!, small.hist!, large.hist, allFeatures);
      parent.hist = null;
      for (const child of [nodes[parent.left]!, nodes[parent.right]!]) {
        evaluate(child);
        if (child.split) next.push(child);
      }
    }
    // Rows of nodes that stop splitting keep their labels: those nodes are leaves.
    level = next;
  }
  return assembleTree(nodes, input.mapper, constraints.l2, input.leafScale);
}
