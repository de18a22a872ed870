import type { FeatureMatrix } from '../data/feature-matrix.ts';
import { checkShape, takeMatrixRows } from '../data/feature-matrix.ts';
import { createRng, sampleWithoutReplacement } from '../data/random.ts';
import { trainTestSplit } from '../tuning/k-fold.ts';
import {
  type BoostingObjective,
  initialScores,
  meanLoss,
  outputCount,
  softmaxRows,
} from './boosting-objective.ts';
import { growRoundTree, startBoosting } from './boosting-round.ts';
import { addTreePredictions, type DecisionTree } from './decision-tree.ts';
import { type GbdtParams, resolveGbdtParams } from './gbdt-params.ts';

/** A fitted gradient-boosted tree ensemble. */
export interface GbdtModel {
  readonly kind: 'gbdt';
  readonly objective: BoostingObjective;
  readonly nFeatures: number;
  /** Raw scores per row: 1, or the number of classes for softmax. */
  readonly nOutputs: number;
  /** Starting raw score per output (float32-exact). */
  readonly baseScores: Float64Array;
  readonly trees: readonly DecisionTree[];
  /** The output each tree adds to. */
  readonly treeOutputs: Int32Array;
  /** Rounds kept (the best validation round under early stopping). */
  readonly rounds: number;
  /** Mean loss per round on the training rows and, if any, the validation rows. */
  readonly history: { readonly train: readonly number[]; readonly validation: readonly number[] };
  /** Total split gain per feature over the kept trees. */
  readonly featureGain: Float64Array;
}

/** Held-out rows for early stopping; when absent a stratified split is taken from training. */
export interface ValidationSet {
  readonly x: FeatureMatrix;
  readonly y: ArrayLike<number>;
}

/**
 * Fits histogram gradient-boosted trees (second-order, XGBoost-style gains) for squared
 * error, binary log loss or multiclass softmax. `y` holds class indices for classification.
 * Deterministic for a given `seed`, whatever `threads` is.
 *
 * ```ts
 * const model = fitGbdt(x, y, 'binary_logistic', 2, { nTrees: 200, maxDepth: 4, earlyStoppingRounds: 20 });
 * const p = predictGbdt(model, xTest); // n x 2 probabilities
 * ```
 */
export function fitGbdt(
  xAll: FeatureMatrix,
  yAll: ArrayLike<number>,
  objective: BoostingObjective,
  nClasses: number,
  params: GbdtParams = {},
  validationSet?: ValidationSet,
): GbdtModel {
  const p = resolveGbdtParams(params);
  checkShape(xAll, yAll.length);
  let x = xAll;
  let y = yAll;
  let valid = validationSet ?? null;
  if (p.earlyStoppingRounds !== undefined && !valid) {
    const split = trainTestSplit(
      xAll.rows,
      p.validationFraction,
      p.seed,
      objective === 'squared_error' ? undefined : yAll,
    );
    x = takeMatrixRows(xAll, split.train);
    y = Float64Array.from(split.train, (i) => yAll[i]!);
    valid = { x: takeMatrixRows(xAll, split.test), y: Float64Array.from(split.test, (i) => yAll[i]!) };
  }
  const K = outputCount(objective, nClasses);
  const base = initialScores(objective, y, nClasses);
  const state = startBoosting(x, y, objective, K, base, p);
  const { raw, probs } = state;
  const rng = createRng(p.seed);
  const validRaw = valid ? new Float64Array(valid.x.rows * K) : null;
  if (valid && validRaw) for (let i = 0; i < valid.x.rows; i++) validRaw.set(base, i * K);
  const trees: DecisionTree[] = [];
  const history = { train: [] as number[], validation: [] as number[] };
  let best = { loss: Number.POSITIVE_INFINITY, rounds: 0 };
  const allFeatures = Int32Array.from({ length: x.cols }, (_, f) => f);
  const report = (rounds: number, trainLoss: number): void => {
    history.train.push(trainLoss);
    const validationLoss = history.validation[rounds - 1] ?? null;
    p.onIteration?.({ iteration: rounds, totalIterations: p.nTrees, trainLoss, validationLoss });
  };
  try {
    for (let round = 0; round < p.nTrees; round++) {
      if (probs) softmaxRows(raw, K, probs);
      const sample =
        p.subsample < 1
          ? sampleWithoutReplacement(rng, x.rows, Math.max(2, Math.round(x.rows * p.subsample)))
          : null;
      const features =
        p.colsampleByTree < 1
          ? sampleWithoutReplacement(rng, x.cols, Math.max(1, Math.round(x.cols * p.colsampleByTree)))
          : allFeatures;
      let lossAfter: number | null = null;
      for (let k = 0; k < K; k++) {
        const grown = growRoundTree(state, k, sample, features);
        // Node-wise, the loss of round r comes with the gradients of round r + 1.
        if (k === 0 && round > 0 && grown.lossBefore !== null) report(round, grown.lossBefore);
        lossAfter = grown.lossAfter;
        trees.push(grown.tree);
        if (valid && validRaw) addTreePredictions(grown.tree, valid.x, validRaw, K, k);
      }
      const vLoss = valid && validRaw ? meanLoss(objective, validRaw, valid.y, K) : null;
      if (vLoss !== null) history.validation.push(vLoss);
      if (lossAfter !== null) report(round + 1, lossAfter);
      if (vLoss !== null && vLoss < best.loss) best = { loss: vLoss, rounds: round + 1 };
      if (p.earlyStoppingRounds !== undefined && round + 1 - best.rounds >= p.earlyStoppingRounds) break;
    }
    if (!state.fused) report(trees.length / K, meanLoss(objective, raw, y, K));
  } finally {
    state.builder.close();
  }
  const rounds = p.earlyStoppingRounds !== undefined ? best.rounds : history.train.length;
  const kept = trees.slice(0, rounds * K);
  const featureGain = new Float64Array(x.cols);
  for (const t of kept)
    for (let node = 0; node < t.feature.length; node++)
      if (t.feature[node]! >= 0) featureGain[t.feature[node]!]! += t.gain[node]!;
  return {
    kind: 'gbdt',
    objective,
    nFeatures: x.cols,
    nOutputs: K,
    baseScores: base,
    trees: kept,
    treeOutputs: Int32Array.from(kept, (_, t) => t % K),
    rounds,
    history,
    featureGain,
  };
}

/** Raw scores (margins), row-major `n x nOutputs`. */
export function predictGbdtRaw(model: GbdtModel, x: FeatureMatrix): Float64Array {
  checkShape(x, x.rows, model.nFeatures);
  const K = model.nOutputs;
  const raw = new Float64Array(x.rows * K);
  for (let i = 0; i < x.rows; i++) raw.set(model.baseScores, i * K);
  model.trees.forEach((tree, t) => {
    addTreePredictions(tree, x, raw, K, model.treeOutputs[t]!);
  });
  return raw;
}

/**
 * Predictions: values (`n`) for squared error, class probabilities (`n x nClasses`,
 * row-major) for the classification objectives.
 */
export function predictGbdt(model: GbdtModel, x: FeatureMatrix): Float64Array {
  const raw = predictGbdtRaw(model, x);
  if (model.objective === 'squared_error') return raw;
  if (model.objective === 'multiclass_softmax') {
    const out = new Float64Array(raw.length);
    softmaxRows(raw, model.nOutputs, out);
    return out;
  }
  const out = new Float64Array(x.rows * 2);
  for (let i = 0; i < x.rows; i++) {
    const z = raw[i]!;
    const p1 = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    out[2 * i] = 1 - p1;
    out[2 * i + 1] = p1;
  }
  return out;
}
