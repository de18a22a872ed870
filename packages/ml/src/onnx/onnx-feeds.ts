import type { ColumnTable } from '../data/column-table.ts';
import { findColumn } from '../data/column-table.ts';
import { MlError } from '../errors.ts';
import { MISSING_CATEGORY } from '../preprocessing/category-levels.ts';
import type { ModelSignature } from './model-signature.ts';

/** Plain data for one input tensor; wrap it as `new ort.Tensor(type, data, dims)`. */
export type FeedTensor =
  | { readonly type: 'float32'; readonly data: Float32Array; readonly dims: readonly number[] }
  | { readonly type: 'string'; readonly data: string[]; readonly dims: readonly number[] };

/**
 * Builds the input tensors of a signature with column bindings from a table: numeric
 * columns become float32 (NaN for missing), categorical ones strings (`''` for missing).
 * Throws `signature_mismatch` when a bound column is absent or of the wrong kind.
 *
 * ```ts
 * const feeds = onnxFeeds(signature, table);
 * const ortFeeds = Object.fromEntries(
 *   Object.entries(feeds).map(([name, t]) => [name, new ort.Tensor(t.type, t.data, t.dims)]),
 * );
 * const result = await session.run(ortFeeds);
 * ```
 */
export function onnxFeeds(signature: ModelSignature, table: ColumnTable): Record<string, FeedTensor> {
  const columns = signature.columns;
  if (!columns || columns.length === 0) {
    throw new MlError('signature_mismatch', 'The signature does not say which columns feed the model');
  }
  const n = table.rowCount;
  const feeds: Record<string, FeedTensor> = {};
  for (const input of signature.inputs) {
    const bound = columns.filter((c) => c.input === input.name);
    if (bound.length === 0) continue;
    const width = Math.max(...bound.map((c) => c.index)) + 1;
    if (input.elemType === 'float')
      feeds[input.name] = { type: 'float32', data: new Float32Array(n * width), dims: [n, width] };
    else if (input.elemType === 'string') {
      feeds[input.name] = {
        type: 'string',
        data: new Array<string>(n * width).fill(MISSING_CATEGORY),
        dims: [n, width],
      };
    } else {
      throw new MlError(
        'signature_mismatch',
        `Input "${input.name}" has type ${input.elemType}; columns can feed float or string inputs`,
      );
    }
  }
  for (const binding of columns) {
    const feed = feeds[binding.input];
    const column = findColumn(table, binding.column);
    if (!feed)
      throw new MlError(
        'signature_mismatch',
        `Column "${binding.column}" feeds unknown input "${binding.input}"`,
      );
    if (!column || column.kind !== binding.kind) {
      throw new MlError(
        'signature_mismatch',
        column
          ? `Column "${binding.column}" must be ${binding.kind}, got ${column.kind}`
          : `Column "${binding.column}" is missing`,
        { column: binding.column },
      );
    }
    const width = feed.dims[1]!;
    for (let i = 0; i < n; i++) {
      if (feed.type === 'float32') feed.data[i * width + binding.index] = column.values[i] as number;
      else feed.data[i * width + binding.index] = (column.values[i] as string | null) ?? MISSING_CATEGORY;
    }
  }
  return feeds;
}
