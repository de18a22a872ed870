import type { DecisionTree } from '../trees/decision-tree.ts';
import type { GraphBuilder } from './graph-builder.ts';
import { attr } from './onnx-types.ts';

/** A tree ensemble to export: trees, the output each tree feeds, and how trees combine. */
export interface TreeEnsembleSpec {
  readonly trees: readonly DecisionTree[];
  /** Output index per tree (for trees with one value per leaf). */
  readonly treeOutputs?: ArrayLike<number>;
  readonly nTargets: number;
  readonly aggregate: 'SUM' | 'AVERAGE';
  readonly baseValues?: ArrayLike<number>;
}

/**
 * Adds one ai.onnx.ml TreeEnsembleRegressor (opset 3) producing `[N, nTargets]` raw
 * scores. Every split is `BRANCH_LEQ` on the float32 threshold the trainer used, with
 * `nodes_missing_value_tracks_true` set from the learned missing direction (left is the
 * true branch). `post_transform` stays NONE: with one target onnxruntime ignores LOGISTIC.
 */
export function emitTreeEnsemble(g: GraphBuilder, spec: TreeEnsembleSpec, features: string): string {
  const n = {
    treeIds: [] as number[],
    nodeIds: [] as number[],
    featureIds: [] as number[],
    modes: [] as string[],
    values: [] as number[],
    trueIds: [] as number[],
    falseIds: [] as number[],
    missingTrue: [] as number[],
  };
  const t = {
    treeIds: [] as number[],
    nodeIds: [] as number[],
    ids: [] as number[],
    weights: [] as number[],
  };
  spec.trees.forEach((tree, treeId) => {
    for (let node = 0; node < tree.feature.length; node++) {
      const leaf = tree.feature[node]! < 0;
      n.treeIds.push(treeId);
      n.nodeIds.push(node);
      n.featureIds.push(leaf ? 0 : tree.feature[node]!);
      n.modes.push(leaf ? 'LEAF' : 'BRANCH_LEQ');
      n.values.push(leaf ? 0 : tree.threshold[node]!);
      n.trueIds.push(leaf ? 0 : tree.left[node]!);
      n.falseIds.push(leaf ? 0 : tree.right[node]!);
      n.missingTrue.push(leaf ? 0 : tree.missingLeft[node]!);
      if (!leaf) continue;
      for (let k = 0; k < tree.nOutputs; k++) {
        t.treeIds.push(treeId);
        t.nodeIds.push(node);
        t.ids.push(tree.nOutputs > 1 ? k : (spec.treeOutputs?.[treeId] ?? 0));
        t.weights.push(tree.values[node * tree.nOutputs + k]!);
      }
    }
  });
  return g.ml(
    'TreeEnsembleRegressor',
    [features],
    [
      attr.int('n_targets', spec.nTargets),
      attr.ints('nodes_treeids', n.treeIds),
      attr.ints('nodes_nodeids', n.nodeIds),
      attr.ints('nodes_featureids', n.featureIds),
      attr.strings('nodes_modes', n.modes),
      attr.floats('nodes_values', n.values),
      attr.ints('nodes_truenodeids', n.trueIds),
      attr.ints('nodes_falsenodeids', n.falseIds),
      attr.ints('nodes_missing_value_tracks_true', n.missingTrue),
      attr.ints('target_treeids', t.treeIds),
      attr.ints('target_nodeids', t.nodeIds),
      attr.ints('target_ids', t.ids),
      attr.floats('target_weights', t.weights),
      attr.string('aggregate_function', spec.aggregate),
      attr.string('post_transform', 'NONE'),
      ...(spec.baseValues ? [attr.floats('base_values', spec.baseValues)] : []),
    ],
  );
}
