import { MlError } from '../errors.ts';
import { type ColumnTable, findColumn } from './column-table.ts';

/** A classification target: class labels (sorted like scikit-learn's `np.unique`) and indices. */
export interface ClassTarget {
  readonly kind: 'classification';
  /** Class labels as strings; numeric targets are sorted numerically, others by code unit. */
  readonly classes: readonly string[];
  /** For each row, the index of its class in `classes`. */
  readonly y: Int32Array;
}

/** A regression target. */
export interface RegressionTarget {
  readonly kind: 'regression';
  readonly y: Float64Array;
}

export type EncodedTarget = ClassTarget | RegressionTarget;

/**
 * Reads and checks the target column. Throws `target_missing` when the column is absent or
 * has missing values, `constant_target` when there is nothing to learn, and (classification)
 * `single_example_class` when a class has one example.
 *
 * ```ts
 * const target = encodeTarget(table, 'Class', 'classification');
 * target.classes; // ['Bad', 'Good']
 * ```
 */
export function encodeTarget(
  table: ColumnTable,
  name: string,
  task: 'classification' | 'regression',
): EncodedTarget {
  const column = findColumn(table, name);
  if (!column)
    throw new MlError('target_missing', `The target column "${name}" is not in the data`, { column: name });
  let missing = 0;
  for (let i = 0; i < table.rowCount; i++) {
    const v = column.values[i];
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) missing++;
  }
  if (missing > 0) {
    throw new MlError('target_missing', `The target column "${name}" has ${missing} missing values`, {
      column: name,
      missing,
    });
  }
  if (task === 'regression') {
    if (column.kind !== 'numeric') {
      throw new MlError(
        'non_numeric_value',
        `A regression target must be numeric; "${name}" is categorical`,
        {
          column: name,
        },
      );
    }
    const y = Float64Array.from(column.values);
    if (y.every((v) => v === y[0])) {
      throw new MlError('constant_target', `The target "${name}" is constant (${y[0]})`, { column: name });
    }
    return { kind: 'regression', y };
  }
  // One pass: first-seen codes per distinct value, then a remap to the sorted class order.
  const seen = new Map<string | number, number>();
  const codes = new Int32Array(table.rowCount);
  const values = column.values;
  for (let i = 0; i < codes.length; i++) {
    const v = values[i]!;
    let code = seen.get(v);
    if (code === undefined) {
      code = seen.size;
      seen.set(v, code);
    }
    codes[i] = code;
  }
  const distinct = [...seen.keys()];
  const classes = sortLabels(distinct.map(String), column.kind === 'numeric');
  if (classes.length < 2) {
    throw new MlError(
      'constant_target',
      `The target "${name}" has a single class (${classes[0] ?? 'none'})`,
      {
        column: name,
      },
    );
  }
  const rank = new Map(classes.map((c, i) => [c, i]));
  const remap = Int32Array.from(distinct, (v) => rank.get(String(v))!);
  const y = codes.map((c) => remap[c]!);
  const counts = classCounts(y, classes.length);
  const lonely = classes.filter((_, k) => counts[k] === 1);
  if (lonely.length > 0) {
    throw new MlError(
      'single_example_class',
      `Class ${lonely.map((c) => `"${c}"`).join(', ')} has a single example`,
      {
        column: name,
        classes: lonely,
      },
    );
  }
  return { kind: 'classification', classes, y };
}

/** Sorts labels like `np.unique`: numerically for numeric targets, by UTF-16 code unit otherwise. */
export function sortLabels(labels: string[], numeric: boolean): string[] {
  return numeric
    ? labels.sort((a, b) => Number(a) - Number(b))
    : labels.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** How many rows each class index has. */
export function classCounts(y: ArrayLike<number>, nClasses: number): Float64Array {
  const counts = new Float64Array(nClasses);
  for (let i = 0; i < y.length; i++) counts[y[i]!]!++;
  return counts;
}
