import { expect, test } from 'vitest';
import {
  categoricalColumn,
  columnTable,
  fitPreprocessor,
  numericColumn,
  transformTable,
} from '../../src/index.ts';

const table = columnTable([
  numericColumn('a', [1, NaN, 3, 10]),
  categoricalColumn('c', ['x', 'y', null, 'x']),
]);

test('mean imputation, then standard scaling with the population deviation (StandardScaler)', () => {
  const prep = fitPreprocessor(table, ['a', 'c'], { numericImputation: 'mean', scale: true });
  expect(prep.imputeValues).toEqual([14 / 3]);
  const filled = [1, 14 / 3, 3, 10];
  const mean = filled.reduce((s, v) => s + v, 0) / 4;
  const std = Math.sqrt(filled.reduce((s, v) => s + (v - mean) ** 2, 0) / 4);
  expect(prep.scaling!.mean[0]).toBeCloseTo(mean, 12);
  expect(prep.scaling!.std[0]).toBeCloseTo(std, 12);
  expect(prep.featureNames).toEqual(['a', 'c=<missing>', 'c=x', 'c=y']);
  const x = transformTable(prep, table);
  expect(x.cols).toBe(4);
  expect(x.data[1 * 4]).toBeCloseTo((14 / 3 - mean) / std, 12);
  expect(Array.from(x.data.subarray(8, 12)).slice(1)).toEqual([1, 0, 0]); // row 2: missing category
});

test('median imputation; unseen categories give all-zero one-hot columns and NaN ordinal codes', () => {
  const prep = fitPreprocessor(table, ['a', 'c'], { numericImputation: 'median' });
  expect(prep.imputeValues).toEqual([3]);
  const fresh = columnTable([numericColumn('a', [NaN]), categoricalColumn('c', ['zzz'])]);
  expect(Array.from(transformTable(prep, fresh).data)).toEqual([3, 0, 0, 0]);
  const ordinal = fitPreprocessor(table, ['a', 'c'], {
    numericImputation: 'none',
    categoricalEncoding: 'ordinal',
  });
  expect(ordinal.featureNames).toEqual(['a', 'c']);
  expect(Array.from(transformTable(ordinal, fresh).data)).toEqual([NaN, NaN]);
  expect(Array.from(transformTable(ordinal, table).data)).toEqual([1, 1, NaN, 2, 3, 0, 10, 1]);
});

test('a constant column scales by 1, like scikit-learn', () => {
  const flat = columnTable([numericColumn('k', [2, 2, 2])]);
  const prep = fitPreprocessor(flat, ['k'], { scale: true });
  expect(prep.scaling).toEqual({ mean: [2], std: [1] });
});
