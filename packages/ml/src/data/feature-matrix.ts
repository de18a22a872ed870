import { MlError } from '../errors.ts';

/**
 * A dense row-major float64 matrix: what preprocessing produces and every learner reads.
 * Missing values are `NaN` (only the tree learners accept them).
 *
 * ```ts
 * const x = featureMatrix(2, 3, [1, 2, 3, 4, 5, 6]);
 * x.data[1 * x.cols + 2]; // 6: row 1, column 2
 * ```
 */
export interface FeatureMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** Wraps (or copies from an array) `rows * cols` values in row-major order. */
export function featureMatrix(rows: number, cols: number, data?: ArrayLike<number>): FeatureMatrix {
  const values =
    data instanceof Float64Array
      ? data
      : data === undefined
        ? new Float64Array(rows * cols)
        : Float64Array.from(data);
  if (values.length !== rows * cols) {
    throw new MlError(
      'invalid_param',
      `A ${rows}x${cols} matrix needs ${rows * cols} values, got ${values.length}`,
    );
  }
  return { rows, cols, data: values };
}

/** Builds a matrix from an array of rows. */
export function matrixFromRows(rows: readonly (readonly number[])[]): FeatureMatrix {
  const cols = rows[0]?.length ?? 0;
  const data = new Float64Array(rows.length * cols);
  rows.forEach((row, i) => {
    if (row.length !== cols)
      throw new MlError('invalid_param', `Row ${i} has ${row.length} values, expected ${cols}`);
    data.set(row, i * cols);
  });
  return { rows: rows.length, cols, data };
}

/** The given rows of `x`, in order. */
export function takeMatrixRows(x: FeatureMatrix, rows: ArrayLike<number>): FeatureMatrix {
  const data = new Float64Array(rows.length * x.cols);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    data.set(x.data.subarray(r * x.cols, (r + 1) * x.cols), i * x.cols);
  }
  return { rows: rows.length, cols: x.cols, data };
}

/** Throws `invalid_param` unless `x` has `rows` rows (and, if given, `cols` columns). */
export function checkShape(x: FeatureMatrix, rows: number, cols?: number): void {
  if (x.rows !== rows) throw new MlError('invalid_param', `Expected ${rows} rows, got ${x.rows}`);
  if (cols !== undefined && x.cols !== cols) {
    throw new MlError('invalid_param', `Expected ${cols} feature columns, got ${x.cols}`);
  }
}
