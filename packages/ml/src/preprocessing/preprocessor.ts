import type { ColumnTable, TableColumn } from '../data/column-table.ts';
import { findColumn } from '../data/column-table.ts';
import type { FeatureMatrix } from '../data/feature-matrix.ts';
import { MlError, requireParam } from '../errors.ts';
import { type CategoryOverflow, categoryLevels, MISSING_CATEGORY } from './category-levels.ts';
import {
  imputationValue,
  type NumericImputation,
  requireSomeValue,
  standardScaling,
} from './numeric-stats.ts';

/** Preprocessing choices; the learners supply sensible defaults (see `defaultPreprocessing`). */
export interface PreprocessingOptions {
  /** Fill for missing numeric values; `'none'` keeps NaN (trees route it). */
  readonly numericImputation?: NumericImputation;
  /** Standard-scale numeric features (after imputation). */
  readonly scale?: boolean;
  /** `'onehot'`: one 0/1 column per category; `'ordinal'`: one column of category codes. */
  readonly categoricalEncoding?: 'onehot' | 'ordinal';
  /** Most categories a column may have (default 100). */
  readonly maxCategories?: number;
  /** What happens above `maxCategories` (default `'error'`). */
  readonly categoryOverflow?: CategoryOverflow;
}

/**
 * Preprocessing fitted on training data: a plain, JSON-serialisable object that both
 * `transformTable` (TypeScript) and the ONNX exporter read, so they cannot drift apart.
 * Output features are the numeric columns in order, then the categorical encodings.
 */
export interface FittedPreprocessor {
  readonly numericColumns: readonly string[];
  readonly categoricalColumns: readonly string[];
  /** Fill value per numeric column, or null when imputation is off. */
  readonly imputeValues: readonly number[] | null;
  /** Mean and standard deviation per numeric column, or null when scaling is off. */
  readonly scaling: { readonly mean: readonly number[]; readonly std: readonly number[] } | null;
  readonly categoricalEncoding: 'onehot' | 'ordinal';
  /** Known categories per categorical column (`''` stands for missing). */
  readonly categories: readonly (readonly string[])[];
  /** Names of the output features (`col` or `col=category`). */
  readonly featureNames: readonly string[];
  /** For each output feature, the input column it comes from. */
  readonly featureSources: readonly string[];
}

/**
 * Fits preprocessing on the given feature columns of a training table.
 *
 * ```ts
 * const prep = fitPreprocessor(train, ['age', 'city'], { numericImputation: 'mean', scale: true });
 * const x = transformTable(prep, test); // a FeatureMatrix
 * ```
 */
export function fitPreprocessor(
  table: ColumnTable,
  features: readonly string[],
  options: PreprocessingOptions = {},
): FittedPreprocessor {
  const imputation = options.numericImputation ?? 'mean';
  const maxCategories = options.maxCategories ?? 100;
  requireParam(
    Number.isInteger(maxCategories) && maxCategories >= 1,
    'maxCategories must be a positive integer',
  );
  requireParam(features.length > 0, 'At least one feature column is needed');
  const columns = features.map((name) => {
    const col = findColumn(table, name);
    if (!col)
      throw new MlError('invalid_param', `Feature column "${name}" is not in the data`, { column: name });
    return col;
  });
  const numeric = columns.filter((c) => c.kind === 'numeric');
  const categorical = columns.filter((c) => c.kind === 'categorical');
  const imputeValues = imputation === 'none' ? null : numeric.map((c) => imputationValue(c, imputation));
  if (imputeValues === null) for (const c of numeric) requireSomeValue(c);
  const stats = options.scale ? numeric.map((c, j) => standardScaling(c, imputeValues?.[j] ?? null)) : null;
  const encoding = options.categoricalEncoding ?? 'onehot';
  const categories = categorical.map((c) =>
    categoryLevels(c, maxCategories, options.categoryOverflow ?? 'error'),
  );
  const featureNames: string[] = numeric.map((c) => c.name);
  const featureSources: string[] = numeric.map((c) => c.name);
  categorical.forEach((c, j) => {
    const levels = encoding === 'onehot' ? categories[j]! : [null];
    for (const level of levels) {
      featureNames.push(
        level === null ? c.name : `${c.name}=${level === MISSING_CATEGORY ? '<missing>' : level}`,
      );
      featureSources.push(c.name);
    }
  });
  return {
    numericColumns: numeric.map((c) => c.name),
    categoricalColumns: categorical.map((c) => c.name),
    imputeValues,
    scaling: stats && { mean: stats.map((s) => s.mean), std: stats.map((s) => s.std) },
    categoricalEncoding: encoding,
    categories,
    featureNames,
    featureSources,
  };
}

/** Rows per block when writing the row-major matrix. */
const TRANSFORM_BLOCK = 2048;

/**
 * Applies fitted preprocessing. Unseen categories give all-zero one-hot columns, or NaN as
 * an ordinal code. Throws `signature_mismatch` if a column is absent or of the wrong kind.
 * `shared` puts the matrix on a SharedArrayBuffer, for learners that use helper threads.
 */
export function transformTable(
  prep: FittedPreprocessor,
  table: ColumnTable,
  options: { readonly shared?: boolean } = {},
): FeatureMatrix {
  const cols = prep.featureNames.length;
  const n = table.rowCount;
  const data = new Float64Array(
    options.shared ? new SharedArrayBuffer(n * cols * 8) : new ArrayBuffer(n * cols * 8),
  );
  const numeric = prep.numericColumns.map((name, j) => ({
    values: requireColumn(table, name, 'numeric').values as Float64Array,
    fill: prep.imputeValues?.[j] ?? Number.NaN,
    mean: prep.scaling?.mean[j] ?? 0,
    std: prep.scaling?.std[j] ?? 1,
  }));
  // Row blocks, so the row-major writes of every column land in lines still in cache.
  for (let from = 0; from < n; from += TRANSFORM_BLOCK) {
    const to = Math.min(n, from + TRANSFORM_BLOCK);
    numeric.forEach(({ values, fill, mean, std }, j) => {
      for (let i = from; i < to; i++) {
        const v = values[i]!;
        // biome-ignore lint/suspicious/noSelfCompare: a NaN test without a call per value
        data[i * cols + j] = ((v === v ? v : fill) - mean) / std;
      }
    });
  }
  let offset = prep.numericColumns.length;
  prep.categoricalColumns.forEach((name, j) => {
    const values = requireColumn(table, name, 'categorical').values as readonly (string | null)[];
    const levels = prep.categories[j]!;
    const index = new Map(levels.map((l, k) => [l, k]));
    for (let i = 0; i < n; i++) {
      const k = index.get(values[i] ?? MISSING_CATEGORY);
      if (prep.categoricalEncoding === 'ordinal') data[i * cols + offset] = k ?? Number.NaN;
      else if (k !== undefined) data[i * cols + offset + k] = 1;
    }
    offset += prep.categoricalEncoding === 'ordinal' ? 1 : levels.length;
  });
  return { rows: n, cols, data };
}

function requireColumn(table: ColumnTable, name: string, kind: TableColumn['kind']): TableColumn {
  const col = findColumn(table, name);
  if (!col || col.kind !== kind) {
    throw new MlError(
      'signature_mismatch',
      `Expected a ${kind} column "${name}"${col ? `, got ${col.kind}` : ''}`,
      {
        column: name,
      },
    );
  }
  return col;
}
