import type { Dim } from './onnx-types.ts';

/** One graph input or output as a signature lists it. */
export interface TensorSignature {
  readonly name: string;
  /** Element type (`float`, `string`, `int64`, ...) for tensors; the value kind otherwise. */
  readonly elemType: string;
  readonly shape: readonly Dim[];
  /** Only `tensor` values can be read from onnxruntime-node (a ZipMap gives `sequence`). */
  readonly kind: 'tensor' | 'sequence' | 'map' | 'optional' | 'sparse_tensor' | 'unknown';
}

/** Which graph input, and which position in it, a table column feeds. */
export interface ColumnBinding {
  readonly column: string;
  readonly kind: 'numeric' | 'categorical';
  readonly input: string;
  readonly index: number;
}

/**
 * A model's contract with its callers: the graph's inputs and outputs and, for models whose
 * inputs are built from table columns, how each column is fed. Baton exports it next to
 * `model.onnx` and stores it in the graph's metadata (`baton.signature`), and serving
 * validates requests against it.
 *
 * ```json
 * { "inputs": [{ "name": "numeric_features", "elemType": "float", "shape": ["N", 2], "kind": "tensor" }],
 *   "outputs": [{ "name": "label", "elemType": "string", "shape": ["N"], "kind": "tensor" }],
 *   "columns": [{ "column": "age", "kind": "numeric", "input": "numeric_features", "index": 0 }],
 *   "task": "binary", "classes": ["Bad", "Good"] }
 * ```
 */
export interface ModelSignature {
  readonly inputs: readonly TensorSignature[];
  readonly outputs: readonly TensorSignature[];
  readonly columns?: readonly ColumnBinding[];
  readonly task?: 'binary' | 'multiclass' | 'regression';
  readonly classes?: readonly string[];
  readonly target?: string;
}
