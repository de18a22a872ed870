import type { FittedPreprocessor } from '../preprocessing/preprocessor.ts';
import type { GraphBuilder } from './graph-builder.ts';
import { attr } from './onnx-types.ts';

/** Graph input holding the numeric columns, `[N, numericColumns.length]` float32 (NaN = missing). */
export const NUMERIC_INPUT = 'numeric_features';
/** Graph input holding the categorical columns, `[N, categoricalColumns.length]` strings (`''` = missing). */
export const CATEGORICAL_INPUT = 'categorical_features';

/**
 * Adds the fitted preprocessing to a graph and returns the name of the `[N, D]` float
 * feature tensor the model reads: Imputer (with `replaced_value_float = NaN`, whose default
 * would leave NaN untouched) and Scaler on the numeric input; per categorical column a
 * Gather, then OneHotEncoder (`zeros = 1`: unseen gives all zeros) and Flatten (its output
 * is `[N, 1, K]`), or a LabelEncoder to float codes (unseen gives NaN); then one Concat.
 */
export function emitPreprocessing(g: GraphBuilder, prep: FittedPreprocessor): string {
  const parts: string[] = [];
  if (prep.numericColumns.length > 0) {
    let x = g.reserve(NUMERIC_INPUT);
    if (prep.imputeValues) {
      x = g.ml(
        'Imputer',
        [x],
        [
          attr.floats('imputed_value_floats', prep.imputeValues),
          attr.float('replaced_value_float', Number.NaN),
        ],
      );
    }
    if (prep.scaling) {
      x = g.ml(
        'Scaler',
        [x],
        [
          attr.floats('offset', prep.scaling.mean),
          attr.floats(
            'scale',
            prep.scaling.std.map((s) => 1 / s),
          ),
        ],
      );
    }
    parts.push(x);
  }
  if (prep.categoricalColumns.length > 0) g.reserve(CATEGORICAL_INPUT);
  prep.categoricalColumns.forEach((_, j) => {
    const index = g.constant('column_index', { elemType: 'int64', dims: [1], values: [j] });
    const column = g.op('Gather', [CATEGORICAL_INPUT, index], [attr.int('axis', 1)]);
    const levels = prep.categories[j]!;
    if (prep.categoricalEncoding === 'onehot') {
      const onehot = g.ml(
        'OneHotEncoder',
        [column],
        [attr.strings('cats_strings', levels), attr.int('zeros', 1)],
      );
      parts.push(g.op('Flatten', [onehot], [attr.int('axis', 1)]));
    } else {
      parts.push(
        g.ml(
          'LabelEncoder',
          [column],
          [
            attr.strings('keys_strings', levels),
            attr.floats(
              'values_floats',
              levels.map((_, k) => k),
            ),
            attr.float('default_float', Number.NaN),
          ],
        ),
      );
    }
  });
  if (parts.length === 1) return parts[0]!;
  return g.op('Concat', parts, [attr.int('axis', 1)]);
}
