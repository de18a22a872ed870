import { expect, test } from 'vitest';
import {
  fitModel,
  fitRandomForest,
  predictModel,
  type RandomForestModel,
  r2,
  rocAuc,
  takeRows,
} from '../../src/index.ts';
import { GERMAN_CREDIT, loadCsvTable } from '../support/csv.ts';
import { mixedTable } from '../support/synthetic.ts';

test('random forest: deterministic for a seed, and it learns', () => {
  const german = loadCsvTable(GERMAN_CREDIT);
  const rows = Array.from({ length: 1000 }, (_, i) => i);
  const train = takeRows(german, rows.slice(0, 750));
  const fit = (seed: number) =>
    fitModel({
      table: train,
      target: 'Class',
      task: 'classification',
      learner: { kind: 'random_forest', params: { nTrees: 60, seed } },
    });
  const a = fit(1);
  const b = fit(1);
  const treesA = (a.learner as RandomForestModel).trees;
  expect(treesA.map((t) => Array.from(t.values))).toEqual(
    (b.learner as RandomForestModel).trees.map((t) => Array.from(t.values)),
  );
  expect(Array.from(treesA[0]!.threshold)).not.toEqual(
    Array.from((fit(2).learner as RandomForestModel).trees[0]!.threshold),
  );
  const test = takeRows(german, rows.slice(750));
  const p = predictModel(a, test);
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
});

test('random forest: multiclass probabilities sum to one, regression fits', () => {
  const train = mixedTable(1500, 1);
  const held = mixedTable(400, 2);
  const tier = fitModel({
    table: train,
    target: 'tier',
    task: 'classification',
    learner: { kind: 'random_forest', params: { nTrees: 40 } },
  });
  const p = predictModel(tier, held);
  if (p.task === 'regression') throw new Error('expected classification');
  for (let i = 0; i < held.rowCount; i++) {
    expect(p.probabilities[3 * i]! + p.probabilities[3 * i + 1]! + p.probabilities[3 * i + 2]!).toBeCloseTo(
      1,
      6,
    );
  }
  const spend = fitModel({
    table: train,
    target: 'spend',
    task: 'regression',
    learner: { kind: 'random_forest', params: { nTrees: 40 } },
  });
  const sp = predictModel(spend, held);
  if (sp.task !== 'regression') throw new Error('expected regression');
  expect(r2(held.columns.find((c) => c.name === 'spend')!.values as Float64Array, sp.values)).toBeGreaterThan(
    0.7,
  );
});

test('random forest: minSamplesLeaf and maxDepth bound the trees', () => {
  const { rows, cols, data } = { rows: 200, cols: 1, data: Float64Array.from({ length: 200 }, (_, i) => i) };
  const y = Float64Array.from({ length: 200 }, (_, i) => i % 2);
  const forest = fitRandomForest({ rows, cols, data }, y, 'regression', 0, {
    nTrees: 3,
    maxDepth: 3,
    bootstrap: false,
  });
  for (const tree of forest.trees) expect(tree.feature.length).toBeLessThanOrEqual(15);
  const leafy = fitRandomForest({ rows, cols, data }, y, 'regression', 0, {
    nTrees: 1,
    minSamplesLeaf: 50,
    bootstrap: false,
  });
  for (let n = 0; n < leafy.trees[0]!.feature.length; n++)
    expect(leafy.trees[0]!.cover[n]).toBeGreaterThanOrEqual(50);
});
