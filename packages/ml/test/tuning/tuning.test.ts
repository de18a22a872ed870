import { describe, expect, test } from 'vitest';
import {
  gridCandidates,
  kFold,
  randomCandidates,
  stratifiedKFold,
  trainTestSplit,
} from '../../src/tuning/index.ts';

const partitionOk = (folds: { train: Int32Array; test: Int32Array }[], n: number) => {
  const seen = new Int32Array(n);
  for (const { train, test } of folds) {
    expect(train.length + test.length).toBe(n);
    const inTrain = new Set(train);
    for (const i of test) {
      expect(inTrain.has(i)).toBe(false);
      seen[i]!++;
    }
    expect(Array.from(train)).toEqual(Array.from(train).sort((a, b) => a - b));
  }
  expect(seen.every((c) => c === 1)).toBe(true);
};

describe('cross-validation splits', () => {
  test('k-fold: a partition into near-equal folds, fixed by the seed', () => {
    const folds = kFold(103, 5, 7);
    partitionOk(folds, 103);
    expect(folds.map((f) => f.test.length).sort()).toEqual([20, 20, 21, 21, 21]);
    expect(kFold(103, 5, 7)).toEqual(folds);
    expect(kFold(103, 5, 8)).not.toEqual(folds);
  });

  test('stratified k-fold keeps class proportions in every fold', () => {
    const y = Array.from({ length: 300 }, (_, i) => (i < 200 ? 0 : i < 270 ? 1 : 2));
    const folds = stratifiedKFold(y, 5, 3);
    partitionOk(folds, 300);
    for (const { test } of folds) {
      const counts = [0, 0, 0];
      for (const i of test) counts[y[i]!]!++;
      expect(counts[0]).toBe(40);
      expect(counts[1]).toBe(14);
      expect(counts[2]).toBe(6);
    }
    expect(stratifiedKFold(y, 5, 3)).toEqual(folds);
  });

  test('train/test split, plain and stratified', () => {
    const y = Array.from({ length: 100 }, (_, i) => (i < 90 ? 0 : 1));
    const { train, test } = trainTestSplit(100, 0.2, 1, y);
    expect([...train, ...test].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(test.length).toBe(20);
    expect(Array.from(test).filter((i) => y[i] === 1).length).toBe(2);
    expect(() => trainTestSplit(10, 1.5, 1)).toThrow(/testFraction/);
  });
});

describe('parameter samplers', () => {
  test('grid: the full product in name order, last name fastest', () => {
    expect(gridCandidates({ maxDepth: [3, 6], learningRate: [0.1, 0.3] })).toEqual([
      { learningRate: 0.1, maxDepth: 3 },
      { learningRate: 0.1, maxDepth: 6 },
      { learningRate: 0.3, maxDepth: 3 },
      { learningRate: 0.3, maxDepth: 6 },
    ]);
    expect(() => gridCandidates({ a: [] })).toThrow(/no values/);
  });

  test('random: seeded draws within their distributions', () => {
    const space = {
      learningRate: { kind: 'log_uniform', low: 0.01, high: 0.3 },
      maxDepth: { kind: 'int_uniform', low: 3, high: 8 },
      subsample: { kind: 'uniform', low: 0.5, high: 1 },
      growth: { kind: 'choice', values: ['depth', 'leaves'] },
    } as const;
    const draws = randomCandidates(space, 200, 42);
    expect(randomCandidates(space, 200, 42)).toEqual(draws);
    expect(randomCandidates(space, 200, 43)).not.toEqual(draws);
    const depths = new Set(draws.map((d) => d.maxDepth));
    expect([...depths].sort()).toEqual([3, 4, 5, 6, 7, 8]);
    for (const d of draws) {
      expect(d.learningRate).toBeGreaterThanOrEqual(0.01);
      expect(d.learningRate).toBeLessThan(0.3);
      expect(d.subsample).toBeGreaterThanOrEqual(0.5);
      expect(['depth', 'leaves']).toContain(d.growth);
    }
    const small = draws.filter((d) => (d.learningRate as number) < Math.sqrt(0.01 * 0.3)).length;
    expect(small).toBeGreaterThan(70); // log-uniform: half the draws below the geometric mean
    expect(small).toBeLessThan(130);
    expect(() => randomCandidates({ a: { kind: 'log_uniform', low: 0, high: 1 } }, 1, 1)).toThrow(
      /log scale/,
    );
  });
});
