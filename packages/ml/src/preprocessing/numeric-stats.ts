import type { NumericColumn } from '../data/column-table.ts';
import { MlError } from '../errors.ts';

/** How a missing numeric value is filled in before a learner sees it. */
export type NumericImputation = 'mean' | 'median' | 'none';

/**
 * The fill value for one numeric column, computed on its present values. Throws
 * `all_missing_feature` when the column has none.
 *
 * ```ts
 * imputationValue(numericColumn('x', [1, NaN, 5]), 'median'); // 3
 * ```
 */
export function imputationValue(column: NumericColumn, strategy: Exclude<NumericImputation, 'none'>): number {
  if (strategy === 'mean') {
    const values = column.values;
    let sum = 0;
    let count = 0;
    // `v === v` is false only for NaN: no call per value keeps cold (not yet optimised) code fast.
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      // biome-ignore lint/suspicious/noSelfCompare: a NaN test without a call per value
      if (v === v) {
        sum += v;
        count++;
      }
    }
    if (count === 0) requireSomeValue(column);
    return sum / count;
  }
  const present = presentValues(column);
  present.sort();
  const mid = present.length >> 1;
  return present.length % 2 === 1 ? present[mid]! : (present[mid - 1]! + present[mid]!) / 2;
}

/**
 * Mean and population standard deviation of a column after imputation with `fill`, as
 * scikit-learn's StandardScaler computes them; a zero deviation gives scale 1.
 */
export function standardScaling(column: NumericColumn, fill: number | null): { mean: number; std: number } {
  const values = column.values;
  const n = values.length;
  const missing = fill ?? Number.NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    // biome-ignore lint/suspicious/noSelfCompare: a NaN test without a call per value
    sum += v === v ? v : missing;
  }
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    // biome-ignore lint/suspicious/noSelfCompare: a NaN test without a call per value
    const d = (v === v ? v : missing) - mean;
    ss += d * d;
  }
  const std = Math.sqrt(ss / n);
  return { mean, std: std > 0 && Number.isFinite(std) ? std : 1 };
}

/** The column's present (non-NaN) values; throws `all_missing_feature` if there are none. */
export function presentValues(column: NumericColumn): Float64Array {
  const values = column.values;
  let count = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) count++;
  const present = new Float64Array(count);
  count = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) present[count++] = values[i]!;
  if (present.length === 0) {
    throw new MlError('all_missing_feature', `Feature "${column.name}" has no values in the training data`, {
      column: column.name,
    });
  }
  return present;
}

/** Throws `all_missing_feature` unless the column has at least one present value. */
export function requireSomeValue(column: NumericColumn): void {
  const values = column.values;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) return;
  presentValues(column);
}
