import { expect, test } from 'vitest';
import { exportModelOnnx, fitModel, type GbdtModel } from '../../src/index.ts';
import { MIXED_FEATURES, mixedTable } from '../support/synthetic.ts';

test('a validation table drives GBDT early stopping; history and importance come back', () => {
  const model = fitModel({
    table: mixedTable(1500, 1),
    validation: mixedTable(300, 9),
    target: 'churn',
    task: 'classification',
    features: MIXED_FEATURES,
    learner: { kind: 'gbdt', params: { nTrees: 300, learningRate: 0.3, earlyStoppingRounds: 15 } },
  });
  const gbdt = model.learner as GbdtModel;
  expect(gbdt.rounds).toBeLessThan(300);
  expect(model.history.validation.length).toBe(model.history.train.length);
  expect(model.featureImportance.map((f) => f.column).sort()).toEqual([...MIXED_FEATURES].sort());
  expect(model.featureImportance.reduce((s, f) => s + f.importance, 0)).toBeCloseTo(1, 12);
  expect(model.featureImportance[0]!.column).toBe('x1'); // the strongest effect in mixedTable
});

test('logistic regression records its loss per iteration; the signature says how to feed the graph', () => {
  const model = fitModel({
    table: mixedTable(500, 1),
    target: 'churn',
    task: 'classification',
    features: ['x3', 'c2'],
    learner: { kind: 'logistic' },
  });
  expect(model.history.train.length).toBeGreaterThan(3);
  expect(model.history.train.at(-1)!).toBeLessThan(model.history.train[0]!);
  const { signature } = exportModelOnnx(model);
  expect(signature).toMatchObject({
    task: 'binary',
    classes: ['no', 'yes'],
    target: 'churn',
    columns: [
      { column: 'x3', kind: 'numeric', input: 'numeric_features', index: 0 },
      { column: 'c2', kind: 'categorical', input: 'categorical_features', index: 0 },
    ],
  });
});
