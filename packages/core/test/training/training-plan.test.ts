import { columnTable, MlError, numericColumn } from '@baton/ml';
import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../src/errors.ts';
import type { TrainingVersion } from '../../src/training/dataset-ref.ts';
import { classificationEvaluation } from '../../src/training/evaluation.ts';
import { assertLearnerTask, coerceParams, LEARNERS } from '../../src/training/learner-catalogue.ts';
import { inferTask, planColumns } from '../../src/training/training-plan.ts';

const version: TrainingVersion = {
  id: 'v1',
  datasetId: 'd1',
  dataset: 'loans',
  number: 3,
  digest: 'x',
  rowCount: 4,
  validation: 'validated',
  columns: [
    { name: 'age', type: 'BIGINT', nullable: false },
    { name: 'income', type: 'DOUBLE', nullable: true },
    { name: 'city', type: 'VARCHAR', nullable: false },
    { name: 'joined', type: 'DATE', nullable: false },
    { name: 'owner', type: 'BOOLEAN', nullable: false },
    { name: 'grade', type: 'INTEGER', nullable: false },
  ],
};

describe('learner catalogue', () => {
  it('coerces text params by the declared types and ranges', () => {
    expect(coerceParams('gbdt', { nTrees: '200', learningRate: '0.05' })).toEqual({
      nTrees: 200,
      learningRate: 0.05,
    });
    expect(coerceParams('random_forest', { maxFeatures: 'sqrt', bootstrap: 'false' })).toEqual({
      maxFeatures: 'sqrt',
      bootstrap: false,
    });
    expect(coerceParams('random_forest', { maxFeatures: '0.5' })).toEqual({ maxFeatures: 0.5 });
  });
  it('refuses unknown names, non-numbers, fractions for integers and values out of range', () => {
    const bad: Record<string, string | number>[] = [
      { trees: 3 },
      { nTrees: 'x' },
      { nTrees: 2.5 },
      { maxBins: 1000 },
      { learningRate: 2 },
    ];
    for (const params of bad) {
      expect(() => coerceParams('gbdt', params)).toThrow(ServiceError);
    }
    expect(() => coerceParams('random_forest', { maxFeatures: 'most' })).toThrow(/sqrt, log2, all/);
  });
  it('documents every learner and refuses a task the learner does not do', () => {
    expect(LEARNERS.map((l) => l.kind)).toEqual(['ridge', 'logistic', 'gbdt', 'random_forest']);
    expect(() => assertLearnerTask('ridge', 'classification')).toThrow(/cannot do classification/);
    expect(() => assertLearnerTask('gbdt', 'regression')).not.toThrow();
  });
});

describe('training plan', () => {
  it('reads numeric and boolean types as numeric, text as categorical, and leaves dates out', () => {
    const plan = planColumns(version, { target: 'city' });
    expect(plan.features).toEqual(['age', 'income', 'owner', 'grade']);
    expect(Object.fromEntries(plan.kinds)).toEqual({
      age: 'numeric',
      income: 'numeric',
      owner: 'numeric',
      grade: 'numeric',
      city: 'categorical',
    });
  });
  it('takes explicit features and type overrides; a missing target is target_missing', () => {
    const plan = planColumns(version, {
      target: 'income',
      features: ['city', 'joined'],
      columnTypes: { age: 'categorical' },
    });
    expect(plan.features).toEqual(['city', 'joined']);
    expect(plan.kinds.get('joined')).toBe('categorical');
    expect(() => planColumns(version, { target: 'nope' })).toThrow(MlError);
    expect(() => planColumns(version, { target: 'age', features: ['ghost'] })).toThrow(/no column 'ghost'/);
  });
  it('infers the task from the learner, the target type and its distinct values', () => {
    const few = columnTable([numericColumn('grade', [1, 2, 3, 1])]);
    const many = columnTable([
      numericColumn(
        'grade',
        Array.from({ length: 30 }, (_, i) => i),
      ),
    ]);
    expect(inferTask('gbdt', version, few, 'grade')).toBe('classification');
    expect(inferTask('gbdt', version, many, 'grade')).toBe('regression');
    expect(inferTask('ridge', version, few, 'grade')).toBe('regression');
    expect(
      inferTask('random_forest', version, columnTable([numericColumn('income', [1, 2])]), 'income'),
    ).toBe('regression');
  });
});

describe('evaluation output', () => {
  it('names every classification metric and thins long curves to at most 2001 points', () => {
    const n = 10_000;
    const y = Int32Array.from({ length: n }, (_, i) => i % 2);
    const p = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      const s = ((i * 7919) % n) / n;
      p[2 * i] = 1 - s;
      p[2 * i + 1] = s;
    }
    const out = classificationEvaluation(y, p, ['no', 'yes'], { split: 'test' });
    expect(Object.keys(out.metrics).sort()).toEqual(
      [
        'accuracy',
        'balanced_accuracy',
        'brier_score',
        'f1',
        'f1_macro',
        'f1_weighted',
        'log_loss',
        'pr_auc',
        'precision',
        'precision_macro',
        'precision_weighted',
        'recall',
        'recall_macro',
        'recall_weighted',
        'roc_auc',
      ].sort(),
    );
    const roc = out.artifacts['roc_curve.json'] as {
      curves: { fpr: number[]; thresholds: (number | null)[] }[];
    };
    expect(roc.curves[0]!.fpr.length).toBeLessThanOrEqual(2001);
    expect(roc.curves[0]!.fpr.at(-1)).toBe(1);
    expect(roc.curves[0]!.thresholds[0]).toBeGreaterThan(0.999);
  });
});
