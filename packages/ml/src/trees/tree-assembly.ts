import type { BinMapper } from './binning.ts';
import type { DecisionTree } from './decision-tree.ts';
import { leafValues, type SplitCandidate } from './split-finder.ts';

/** A node as the growers track it: channel sums, and a split with child ids once split. */
export interface GrowingNode {
  readonly id: number;
  readonly sums: Float64Array;
  split: SplitCandidate | null;
  left: number;
  right: number;
}

/**
 * Turns grown nodes into a `DecisionTree`: split nodes keep feature, float32 threshold and
 * missing direction; the others become leaves worth `fround(-G / (H + l2) * leafScale)`.
 */
export function assembleTree(
  nodes: readonly GrowingNode[],
  mapper: BinMapper,
  l2: number,
  leafScale: number,
): DecisionTree {
  const n = nodes.length;
  const outputs = (nodes[0]?.sums.length ?? 2) - 1;
  const tree: DecisionTree = {
    nOutputs: outputs,
    feature: new Int32Array(n).fill(-1),
    threshold: new Float32Array(n),
    bin: new Int32Array(n),
    left: new Int32Array(n).fill(-1),
    right: new Int32Array(n).fill(-1),
    missingLeft: new Uint8Array(n),
    gain: new Float64Array(n),
    cover: new Float64Array(n),
    values: new Float64Array(n * outputs),
  };
  for (const node of nodes) {
    tree.cover[node.id] = node.sums[outputs]!;
    if (node.left >= 0 && node.split) {
      const { feature, bin, missingLeft, gain } = node.split;
      tree.feature[node.id] = feature;
      tree.bin[node.id] = bin;
      tree.threshold[node.id] = mapper.edges[feature]![bin]!;
      tree.missingLeft[node.id] = missingLeft ? 1 : 0;
      tree.gain[node.id] = gain;
      tree.left[node.id] = node.left;
      tree.right[node.id] = node.right;
    } else {
      const v = leafValues(node.sums, l2);
      for (let k = 0; k < outputs; k++) tree.values[node.id * outputs + k] = Math.fround(v[k]! * leafScale);
    }
  }
  return tree;
}
