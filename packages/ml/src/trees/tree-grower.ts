import type { Rng } from '../data/random.ts';
import type { BinMapper } from './binning.ts';
import type { DecisionTree } from './decision-tree.ts';
import { buildHistogram, type HistogramLayout, HistogramPool, subtractHistogram } from './histogram.ts';
import { findBestSplit, type SplitCandidate, type SplitConstraints } from './split-finder.ts';
import { assembleTree } from './tree-assembly.ts';

/** Builds a histogram of `rows[start..end)` over `features` into a zeroed `hist`. */
export type HistogramBuilder = (
  rows: Int32Array,
  start: number,
  end: number,
  features: Int32Array,
  hist: Float64Array,
) => void;

/** What one tree is grown from; `rows` is reordered in place so each leaf owns a range. */
export interface GrowInput {
  readonly layout: HistogramLayout;
  readonly mapper: BinMapper;
  /** Bin codes, feature-major (`columnBins[f * nRows + row]`): partitions read one column. */
  readonly columnBins: Uint8Array;
  /** Bin codes, row-major (see `fillRowBins`). */
  readonly rowBins: Uint8Array;
  /** Per-row channel values, row-major: gradient channels then hessian/weight. */
  readonly gh: Float64Array;
  readonly rows: Int32Array;
  /** Features the tree may use (its column sample), ascending. */
  readonly features: Int32Array;
  readonly constraints: SplitConstraints;
  readonly maxDepth: number;
  readonly maxLeaves: number;
  /** Multiplies every leaf value (the learning rate in boosting). */
  readonly leafScale: number;
  /** If set, each node considers only this many of `features`, drawn with `rng` (forests). */
  readonly featuresPerSplit?: number;
  readonly rng?: Rng;
  readonly pool: HistogramPool;
  readonly buildHistogram?: HistogramBuilder;
}

/** A grown tree and, for each of its leaves, the range of `rows` that reached it. */
export interface GrownTree {
  readonly tree: DecisionTree;
  readonly leafRanges: readonly { readonly node: number; readonly start: number; readonly end: number }[];
}

interface Node {
  readonly id: number;
  readonly start: number;
  readonly end: number;
  readonly depth: number;
  readonly sums: Float64Array;
  hist: Float64Array | null;
  split: SplitCandidate | null;
  left: number;
  right: number;
}

/**
 * Grows one histogram tree. With a finite `maxLeaves` the best-gain leaf is split first
 * (LightGBM's leaf-wise growth); otherwise depth-first, which keeps only a path's worth of
 * histograms alive. Without a leaf cap both orders give the same tree. Each split builds the
 * histogram of the smaller child and derives the other by subtraction.
 */
export function growTree(input: GrowInput): GrownTree {
  const { layout, rowBins, columnBins, gh, rows, features, constraints, pool } = input;
  const S = layout.channels;
  const nRows = columnBins.length / layout.nFeatures;
  const build: HistogramBuilder =
    input.buildHistogram ?? ((r, s, e, feats, h) => buildHistogram(layout, rowBins, gh, r, s, e, feats, h));
  const nodes: Node[] = [];
  const scratch = new Int32Array(rows.length);
  const rootSums = new Float64Array(S);
  for (let i = 0; i < rows.length; i++) for (let c = 0; c < S; c++) rootSums[c]! += gh[rows[i]! * S + c]!;
  const root = makeNode(0, rows.length, 0, rootSums);
  root.hist = pool.take();
  build(rows, 0, rows.length, features, root.hist);
  evaluate(root);
  const frontier: Node[] = root.split ? [root] : [];
  if (!root.split) release(root);
  let leaves = 1;
  const bestFirst = Number.isFinite(input.maxLeaves);
  while (frontier.length > 0 && leaves < input.maxLeaves) {
    const node = bestFirst ? takeBest(frontier) : frontier.pop()!;
    const split = node.split!;
    const f = split.feature;
    const column = columnBins.subarray(f * nRows, (f + 1) * nRows);
    const mid = partitionRows(
      rows,
      scratch,
      node.start,
      node.end,
      column,
      layout.nBins[f]!,
      split.bin,
      split.missingLeft,
    );
    const rightSums = new Float64Array(S);
    for (let c = 0; c < S; c++) rightSums[c] = node.sums[c]! - split.leftSums[c]!;
    const left = makeNode(node.start, mid, node.depth + 1, split.leftSums);
    const right = makeNode(mid, node.end, node.depth + 1, rightSums);
    node.left = left.id;
    node.right = right.id;
    leaves++;
    if (node.depth + 1 >= input.maxDepth) {
      // Children at the depth limit never split: they need no histograms.
      release(node);
      continue;
    }
    const [small, large] = mid - node.start <= node.end - mid ? [left, right] : [right, left];
    small.hist = pool.take();
    build(rows, small.start, small.end, features, small.hist);
    large.hist = node.hist!;
    subtractHistogram(layout, node.hist!, small.hist, large.hist, features);
    node.hist = null;
    for (const child of bestFirst ? [left, right] : [right, left]) {
      evaluate(child);
      if (child.split) frontier.push(child);
      else release(child);
    }
  }
  for (const node of frontier) release(node);
  return finish();

  function makeNode(start: number, end: number, depth: number, sums: Float64Array): Node {
    const node: Node = {
      id: nodes.length,
      start,
      end,
      depth,
      sums,
      hist: null,
      split: null,
      left: -1,
      right: -1,
    };
    nodes.push(node);
    return node;
  }

  function evaluate(node: Node): void {
    if (node.depth >= input.maxDepth || node.end - node.start < 2) return;
    let candidates: ArrayLike<number> = features;
    if (input.featuresPerSplit !== undefined && input.featuresPerSplit < features.length && input.rng) {
      const pick = Int32Array.from(features);
      input.rng.shuffle(pick);
      candidates = pick.subarray(0, input.featuresPerSplit).sort();
    }
    node.split = findBestSplit(layout, node.hist!, node.sums, candidates, constraints);
  }

  function release(node: Node): void {
    if (node.hist) pool.give(node.hist);
    node.hist = null;
  }

  function finish(): GrownTree {
    const tree = assembleTree(nodes, input.mapper, constraints.l2, input.leafScale);
    const leafRanges = nodes
      .filter((node) => tree.feature[node.id]! < 0)
      .map(({ id, start, end }) => ({ node: id, start, end }));
    return { tree, leafRanges };
  }
}

/**
 * Stable partition of `rows[start..end)`: rows whose bin in `column` is at most `threshold`
 * (or missing, when `missingLeft`) first. Branch-free: every row is written to both sides
 * and only one cursor advances. Returns the first right index.
 */
export function partitionRows(
  rows: Int32Array,
  scratch: Int32Array,
  start: number,
  end: number,
  column: Uint8Array,
  missingCode: number,
  threshold: number,
  missingLeft: boolean,
): number {
  const toLeft = missingLeft ? 1 : 0;
  let l = start;
  let r = 0;
  for (let i = start; i < end; i++) {
    const row = rows[i]!;
    const b = column[row]!;
    const goLeft = b === missingCode ? toLeft : b <= threshold ? 1 : 0;
    rows[l] = row;
    scratch[r] = row;
    l += goLeft;
    r += 1 - goLeft;
  }
  rows.set(scratch.subarray(0, r), l);
  return l;
}

function takeBest(frontier: Node[]): Node {
  let best = 0;
  for (let i = 1; i < frontier.length; i++) {
    const a = frontier[i]!.split!.gain;
    const b = frontier[best]!.split!.gain;
    if (a > b || (a === b && frontier[i]!.id < frontier[best]!.id)) best = i;
  }
  return frontier.splice(best, 1)[0]!;
}

export { HistogramPool };
