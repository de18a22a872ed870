/**
 * `@baton/ml/onnx`: reading and writing ONNX without a runtime: Baton's protobuf writer
 * and reader, signature inference from a graph, and signature validation. Loading a graph
 * into onnxruntime lives in `@baton/ml/runtime`.
 *
 * ```ts
 * import { readOnnxModel, validateSignature } from '@baton/ml/onnx';
 * const info = readOnnxModel(bytes); // throws MlError('invalid_onnx') on garbage
 * validateSignature(declared, info.signature); // throws MlError('signature_mismatch')
 * ```
 */

export { OUTPUT_LABEL, OUTPUT_PREDICTION, OUTPUT_PROBABILITIES } from './export-heads.ts';
export { CATEGORICAL_INPUT, NUMERIC_INPUT } from './export-preprocessing.ts';
export { GraphBuilder, ML_DOMAIN } from './graph-builder.ts';
export type { ColumnBinding, ModelSignature, TensorSignature } from './model-signature.ts';
export type { ModelSpec } from './onnx-encode.ts';
export { encodeModel } from './onnx-encode.ts';
export type { FeedTensor } from './onnx-feeds.ts';
export { onnxFeeds } from './onnx-feeds.ts';
export type { Attribute, Dim, ElemType, NodeSpec, TensorInit, ValueInfo } from './onnx-types.ts';
export { attr, ELEM_TYPES } from './onnx-types.ts';
export type { ProtoField } from './protobuf-reader.ts';
export { readProtoFields } from './protobuf-reader.ts';
export { ProtoWriter } from './protobuf-writer.ts';
export type { OnnxModelInfo } from './read-onnx-model.ts';
export { readOnnxModel } from './read-onnx-model.ts';
export { signatureProblems, validateSignature } from './validate-signature.ts';
