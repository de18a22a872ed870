import { describe, expect, test } from 'vitest';
import {
  createRng,
  featureMatrix,
  fitGbdt,
  fitModel,
  type GbdtModel,
  predictGbdt,
  predictModel,
  r2,
  rocAuc,
  takeRows,
} from '../../src/index.ts';
import { binColumns, fitBinMapper } from '../../src/trees/binning.ts';
import { leafIndex, leafIndexBinned } from '../../src/trees/decision-tree.ts';
import { GERMAN_CREDIT, loadCsvTable } from '../support/csv.ts';
import { mixedTable } from '../support/synthetic.ts';

function synthetic(n: number, f: number, seed: number, missing = 0) {
  const rng = createRng(seed);
  const data = new Float64Array(n * f);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < f; j++) data[i * f + j] = rng.next() < missing ? Number.NaN : rng.normal();
    const r = (j: number) => (Number.isNaN(data[i * f + j]!) ? 0 : data[i * f + j]!);
    const logit = r(0) - 0.5 * r(1) + 0.8 * r(2) * r(3) + Math.sin(r(4 % f));
    y[i] = rng.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return { x: featureMatrix(n, f, data), y };
}

const sameTrees = (a: GbdtModel, b: GbdtModel) => {
  expect(a.trees.length).toBe(b.trees.length);
  a.trees.forEach((t, i) => {
    const u = b.trees[i]!;
    expect(Array.from(t.feature)).toEqual(Array.from(u.feature));
    expect(Array.from(t.threshold)).toEqual(Array.from(u.threshold));
    expect(Array.from(t.values)).toEqual(Array.from(u.values));
    expect(Array.from(t.missingLeft)).toEqual(Array.from(u.missingLeft));
  });
};

describe('gradient-boosted trees', () => {
  test('the same seed gives the same model; threads do not change it', () => {
    const { x, y } = synthetic(70_000, 5, 1, 0.05); // nodes over 32,768 rows are chunked
    const params = { nTrees: 3, maxDepth: 4, subsample: 0.9, colsampleByTree: 0.8, seed: 11 };
    const a = fitGbdt(x, y, 'binary_logistic', 2, params);
    sameTrees(a, fitGbdt(x, y, 'binary_logistic', 2, params));
    sameTrees(a, fitGbdt(x, y, 'binary_logistic', 2, { ...params, threads: 2 }));
    expect(fitGbdt(x, y, 'binary_logistic', 2, { ...params, seed: 12 }).trees[0]!.threshold).not.toEqual(
      a.trees[0]!.threshold,
    );
  });

  test('binned traversal during training equals raw float32 traversal at prediction time', () => {
    const { x, y } = synthetic(3000, 5, 2, 0.1);
    const model = fitGbdt(x, y, 'binary_logistic', 2, { nTrees: 10, maxBins: 16 });
    const mapper = fitBinMapper(x, 16, 0);
    const bins = binColumns(x, mapper);
    for (const tree of model.trees) {
      for (let i = 0; i < x.rows; i++)
        expect(leafIndex(tree, x.data, i * 5)).toBe(leafIndexBinned(tree, bins, i, x.rows, mapper.nBins));
    }
  });

  test('missing values learn a default direction', () => {
    // y = 1 exactly when x0 is missing or large: missing must go with the large values.
    const rng = createRng(3);
    const n = 2000;
    const data = new Float64Array(n * 2);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const missing = rng.next() < 0.3;
      const v = rng.normal();
      data[i * 2] = missing ? Number.NaN : v;
      data[i * 2 + 1] = rng.normal();
      y[i] = missing || v > 1 ? 1 : 0;
    }
    const model = fitGbdt(featureMatrix(n, 2, data), y, 'binary_logistic', 2, { nTrees: 20, maxDepth: 2 });
    const p = predictGbdt(model, featureMatrix(3, 2, [Number.NaN, 0, -2, 0, 2, 0]));
    expect(p[1]).toBeGreaterThan(0.9); // NaN
    expect(p[3]).toBeLessThan(0.1); // small
    expect(p[5]).toBeGreaterThan(0.9); // large
  });

  test('early stopping keeps the best round and records both losses', () => {
    const { x, y } = synthetic(2000, 6, 4);
    const model = fitGbdt(x, y, 'binary_logistic', 2, {
      nTrees: 400,
      learningRate: 0.5,
      maxDepth: 6,
      earlyStoppingRounds: 10,
    });
    expect(model.history.train.length).toBeLessThan(400);
    expect(model.history.validation.length).toBe(model.history.train.length);
    expect(model.history.train.length - model.rounds).toBe(10);
    const best = Math.min(...model.history.validation);
    expect(model.history.validation[model.rounds - 1]).toBe(best);
    expect(model.trees.length).toBe(model.rounds);
  });

  test('maxLeaves caps the leaves of every tree (leaf-wise growth)', () => {
    const { x, y } = synthetic(3000, 6, 5);
    const model = fitGbdt(x, y, 'binary_logistic', 2, { nTrees: 5, maxLeaves: 7, maxDepth: 10 });
    for (const tree of model.trees)
      expect(Array.from(tree.feature).filter((f) => f < 0).length).toBeLessThanOrEqual(7);
    expect(model.trees.some((t) => t.feature.length === 13)).toBe(true);
  });

  test('reports progress every round', () => {
    const { x, y } = synthetic(500, 4, 6);
    const seen: number[] = [];
    fitGbdt(x, y, 'binary_logistic', 2, { nTrees: 7, onIteration: (p) => seen.push(p.iteration) });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  test('learns: German credit AUC, multiclass and regression on mixed data', () => {
    const german = loadCsvTable(GERMAN_CREDIT);
    const rows = Array.from({ length: 1000 }, (_, i) => i);
    const model = fitModel({
      table: takeRows(german, rows.slice(0, 750)),
      target: 'Class',
      task: 'classification',
      learner: { kind: 'gbdt', params: { nTrees: 150, maxDepth: 3, learningRate: 0.05 } },
    });
    const test = takeRows(german, rows.slice(750));
    const p = predictModel(model, test);
    if (p.task === 'regression') throw new Error('expected classification');
    const y = (test.columns.find((c) => c.name === 'Class')!.values as string[]).map((v) =>
      v === 'Good' ? 1 : 0,
    );
    expect(
      rocAuc(
        y,
        Array.from({ length: y.length }, (_, i) => p.probabilities[2 * i + 1]!),
      ),
    ).toBeGreaterThan(0.75);
    expect(model.featureImportance[0]!.importance).toBeGreaterThan(0);

    const train = mixedTable(2000, 1);
    const held = mixedTable(500, 2);
    const tier = fitModel({
      table: train,
      target: 'tier',
      task: 'classification',
      learner: { kind: 'gbdt', params: { nTrees: 50, maxDepth: 3 } },
    });
    const tp = predictModel(tier, held);
    if (tp.task === 'regression') throw new Error('expected classification');
    const truth = held.columns.find((c) => c.name === 'tier')!.values as string[];
    expect(tp.labels.filter((l, i) => l === truth[i]).length / truth.length).toBeGreaterThan(0.7);
    const spend = fitModel({
      table: train,
      target: 'spend',
      task: 'regression',
      learner: { kind: 'gbdt', params: { nTrees: 100, maxDepth: 4 } },
    });
    const sp = predictModel(spend, held);
    if (sp.task !== 'regression') throw new Error('expected regression');
    expect(
      r2(held.columns.find((c) => c.name === 'spend')!.values as Float64Array, sp.values),
    ).toBeGreaterThan(0.8);
  });
});

test('level-wise growth (depth-wise policy) and node-wise growth make the same trees', () => {
  const { x, y } = synthetic(40_000, 6, 8, 0.05);
  const levelwise = fitGbdt(x, y, 'binary_logistic', 2, { nTrees: 4, maxDepth: 5, subsample: 0.8, seed: 2 });
  // A leaf cap that never binds switches to node-by-node (leaf-wise) growth.
  const nodewise = fitGbdt(x, y, 'binary_logistic', 2, {
    nTrees: 4,
    maxDepth: 5,
    maxLeaves: 32,
    subsample: 0.8,
    seed: 2,
  });
  expect(Array.from(predictGbdt(levelwise, x))).toEqual(Array.from(predictGbdt(nodewise, x)));
  // The fused row pass sums the loss in chunks: equal up to rounding.
  levelwise.history.train.forEach((loss, i) => {
    expect(Math.abs(loss - nodewise.history.train[i]!)).toBeLessThan(1e-12);
  });
  // Large nodes sum their histograms in row chunks (per node, or per level), so gains may
  // differ in the last bits; the splits and leaf values (float32) come out the same.
  const gains = (m: GbdtModel) =>
    m.trees.flatMap((t) =>
      Array.from(t.gain)
        .filter((g) => g > 0)
        .sort(),
    );
  const a = gains(levelwise);
  const b = gains(nodewise);
  expect(a.length).toBe(b.length);
  a.forEach((g, i) => {
    expect(Math.abs(g - b[i]!) / g).toBeLessThan(1e-12);
  });
});
