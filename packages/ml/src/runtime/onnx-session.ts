import type * as Ort from 'onnxruntime-node';
import type { ColumnTable } from '../data/column-table.ts';
import { MlError } from '../errors.ts';
import type { ModelSignature } from '../onnx/model-signature.ts';
import { onnxFeeds } from '../onnx/onnx-feeds.ts';
import { type OnnxModelInfo, readOnnxModel } from '../onnx/read-onnx-model.ts';
import { validateSignature } from '../onnx/validate-signature.ts';

let ortModule: Promise<typeof Ort> | undefined;

/**
 * onnxruntime-node, loaded on first use: a process that never scores a model (a CLI command,
 * a server that has not trained or served yet) never maps its native library.
 */
export const loadOrt = (): Promise<typeof Ort> => {
  ortModule ??= import('onnxruntime-node');
  return ortModule;
};

/** A model loaded into onnxruntime with what was read from its graph. */
export interface LoadedOnnxModel {
  readonly session: Ort.InferenceSession;
  readonly info: OnnxModelInfo;
  /** The declared signature if one was given (and it matched), else the graph's. */
  readonly signature: ModelSignature;
}

/**
 * Loads ONNX bytes into onnxruntime-node (one intra-op thread: the measured best for
 * serving on small machines) after reading the graph interface. Throws `invalid_onnx` if
 * the bytes are not ONNX or onnxruntime refuses them, and `signature_mismatch` if a
 * declared signature disagrees with the graph.
 *
 * ```ts
 * const { session, signature } = await loadOnnxModel(bytes, { signature: uploaded });
 * ```
 */
export async function loadOnnxModel(
  bytes: Uint8Array,
  options: { readonly signature?: ModelSignature; readonly intraOpNumThreads?: number } = {},
): Promise<LoadedOnnxModel> {
  const info = readOnnxModel(bytes);
  if (options.signature) validateSignature(options.signature, info.signature);
  const ort = await loadOrt();
  let session: Ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: options.intraOpNumThreads ?? 1 });
  } catch (err) {
    throw new MlError('invalid_onnx', `onnxruntime cannot load the model: ${(err as Error).message}`);
  }
  return { session, info, signature: options.signature ?? info.signature };
}

/** Output tensors as plain data. int64 outputs arrive as BigInt64Array (onnxruntime's choice). */
export type OutputTensors = Record<
  string,
  { readonly data: Ort.Tensor['data']; readonly dims: readonly number[] }
>;

/**
 * Runs a loaded model on a table through its signature's column bindings, fetching only the
 * tensor outputs (a ZipMap's sequence-of-maps output cannot be read by onnxruntime-node).
 *
 * ```ts
 * const out = await runOnnxModel(loaded, table);
 * out.probabilities.data; // Float32Array, n x K
 * ```
 */
export async function runOnnxModel(model: LoadedOnnxModel, table: ColumnTable): Promise<OutputTensors> {
  const feeds = onnxFeeds(model.signature, table);
  const ort = await loadOrt();
  const tensors: Record<string, Ort.Tensor> = {};
  for (const [name, t] of Object.entries(feeds)) tensors[name] = new ort.Tensor(t.type, t.data, t.dims);
  const wanted = model.signature.outputs.filter((o) => o.kind === 'tensor').map((o) => o.name);
  const result = await model.session.run(tensors, wanted);
  const out: OutputTensors = {};
  for (const name of wanted) {
    const t = result[name];
    if (t) out[name] = { data: t.data, dims: t.dims };
  }
  return out;
}
