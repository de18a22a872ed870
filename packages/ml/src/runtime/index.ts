/**
 * `@baton/ml/runtime`: loading and running ONNX graphs in onnxruntime-node. The one entry
 * point of `@baton/ml` that loads the native runtime; import it only where models run.
 *
 * ```ts
 * import { loadOnnxModel, runOnnxModel } from '@baton/ml/runtime';
 * const model = await loadOnnxModel(bytes);
 * const outputs = await runOnnxModel(model, table);
 * ```
 */
export type { LoadedOnnxModel, OutputTensors } from './onnx-session.ts';
export { loadOnnxModel, loadOrt, runOnnxModel } from './onnx-session.ts';
