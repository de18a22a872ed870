import { describe, expect, test } from 'vitest';
import { type ColumnTable, fitModel, type LearnerSpec, predictModel, takeRows } from '../../src/index.ts';
import { GERMAN_CREDIT, loadCsvTable } from '../support/csv.ts';
import { maxScaledDiff, runExported } from '../support/onnx-runner.ts';
import { MIXED_FEATURES, mixedTable } from '../support/synthetic.ts';

// Every learner, every task: onnxruntime must reproduce the TypeScript predictions to 1e-5
// on held-out rows that include missing values, unseen categories and all-missing rows.
// Tolerance: absolute for values up to 1, relative above (float32 outputs carry ~7 digits).
const TOLERANCE = 1e-5;
const train = mixedTable(1500, 1);
const heldOut = mixedTable(400, 2, true);

const learners: Record<string, LearnerSpec[]> = {
  classification: [
    { kind: 'logistic', params: { l2: 1 } },
    { kind: 'gbdt', params: { nTrees: 60, maxDepth: 4, learningRate: 0.2, seed: 3 } },
    {
      kind: 'gbdt',
      params: { nTrees: 40, maxLeaves: 12, maxDepth: 8, subsample: 0.7, colsampleByTree: 0.8, seed: 4 },
    },
    { kind: 'random_forest', params: { nTrees: 30, seed: 5 } },
  ],
  regression: [
    { kind: 'ridge', params: { l2: 1 } },
    { kind: 'gbdt', params: { nTrees: 60, maxDepth: 4, seed: 3 } },
    { kind: 'random_forest', params: { nTrees: 30, maxDepth: 10, seed: 5 } },
  ],
};

async function expectParity(model: ReturnType<typeof fitModel>, table: ColumnTable): Promise<void> {
  const ts = predictModel(model, table);
  const out = await runExported(model, table);
  if (ts.task === 'regression') {
    expect(out.prediction!.dims).toEqual([table.rowCount]);
    expect(maxScaledDiff(out.prediction!.data as Float32Array, ts.values)).toBeLessThan(TOLERANCE);
    return;
  }
  expect(out.probabilities!.dims).toEqual([table.rowCount, ts.classes.length]);
  expect(maxScaledDiff(out.probabilities!.data as Float32Array, ts.probabilities)).toBeLessThan(TOLERANCE);
  // Labels must agree except on rows whose top two probabilities tie within the tolerance
  // (a random forest averaging 30 trees gives exact 0.5s that float32 sums may tip).
  const labels = out.label!.data as string[];
  const k = ts.classes.length;
  labels.forEach((label, i) => {
    if (label === ts.labels[i]) return;
    const row = Array.from(ts.probabilities.subarray(i * k, (i + 1) * k)).sort((a, b) => b - a);
    expect(row[0]! - row[1]!, `row ${i}: ${label} vs ${ts.labels[i]}`).toBeLessThan(TOLERANCE);
  });
}

describe.each([
  ['binary', 'churn', 'classification'],
  ['multiclass', 'tier', 'classification'],
  ['regression', 'spend', 'regression'],
] as const)('%s task', (_name, target, task) => {
  test.each(learners[task]!.map((l) => [l.kind, l] as const))(
    '%s matches onnxruntime',
    async (_kind, learner) => {
      const model = fitModel({ table: train, target, task, learner, features: MIXED_FEATURES });
      expect(model.task).toBe(_name);
      await expectParity(model, heldOut);
    },
  );
});

test('one-hot encoding for trees and ordinal-free linear models also match', async () => {
  const model = fitModel({
    table: train,
    target: 'churn',
    task: 'classification',
    learner: { kind: 'gbdt', params: { nTrees: 20, seed: 1 } },
    features: MIXED_FEATURES,
    preprocessing: { categoricalEncoding: 'onehot', numericImputation: 'median', scale: true },
  });
  await expectParity(model, heldOut);
});

test('numeric-only and categorical-only models export with a single input', async () => {
  for (const features of [
    ['x1', 'x2', 'x3'],
    ['c1', 'c2'],
  ]) {
    const model = fitModel({
      table: train,
      target: 'churn',
      task: 'classification',
      learner: { kind: 'gbdt', params: { nTrees: 10 } },
      features,
    });
    await expectParity(model, heldOut);
  }
});

test('german credit: every classifier matches onnxruntime on the last 300 rows', async () => {
  const table = loadCsvTable(GERMAN_CREDIT);
  const trainRows = Array.from({ length: 700 }, (_, i) => i);
  const testRows = Array.from({ length: 300 }, (_, i) => 700 + i);
  for (const learner of learners.classification!) {
    const model = fitModel({
      table: takeRows(table, trainRows),
      target: 'Class',
      task: 'classification',
      learner,
    });
    await expectParity(model, takeRows(table, testRows));
  }
});
