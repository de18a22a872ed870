import { MlError } from '../errors.ts';
import type { ModelSignature, TensorSignature } from './model-signature.ts';
import type { Dim } from './onnx-types.ts';
import { elemTypeName } from './onnx-types.ts';
import { fieldInt, fieldText, type ProtoField, readProtoFields } from './protobuf-reader.ts';

/** What `readOnnxModel` learns from a ModelProto without running it. */
export interface OnnxModelInfo {
  readonly irVersion: number;
  /** Operator set per domain (`''` is ai.onnx). */
  readonly opsets: Readonly<Record<string, number>>;
  readonly producerName: string;
  readonly producerVersion: string;
  /** Distinct `domain:op` pairs used by the main graph's nodes. */
  readonly operators: readonly string[];
  readonly metadata: Readonly<Record<string, string>>;
  /**
   * Graph inputs (initializers excluded) and outputs; for a graph exported by Baton, the
   * column bindings, task and classes stored in its `baton.signature` metadata as well.
   */
  readonly signature: ModelSignature;
}

/**
 * Reads an ONNX model's header and graph interface with Baton's own protobuf reader.
 * Throws `invalid_onnx` when the bytes are not a ModelProto with a graph.
 *
 * ```ts
 * const info = readOnnxModel(uploadedBytes);
 * info.signature.inputs; // [{ name: 'input', elemType: 'float', shape: ['N', 4], kind: 'tensor' }]
 * ```
 */
export function readOnnxModel(bytes: Uint8Array): OnnxModelInfo {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0)
    throw new MlError('invalid_onnx', 'The model file is empty');
  const model = readProtoFields(bytes);
  const irVersion = fieldInt(find(model, 1, 0) ?? none);
  const graphField = find(model, 7, 2);
  if (irVersion <= 0 || !graphField || graphField.wire !== 2) {
    throw new MlError('invalid_onnx', 'Not an ONNX model: no IR version or no graph');
  }
  const opsets: Record<string, number> = {};
  for (const f of all(model, 8)) {
    const set = readProtoFields(bytesOf(f));
    opsets[fieldText(find(set, 1, 2) ?? none)] = fieldInt(find(set, 2, 0) ?? none);
  }
  const metadata: Record<string, string> = {};
  for (const f of all(model, 14)) {
    const entry = readProtoFields(bytesOf(f));
    metadata[fieldText(find(entry, 1, 2) ?? none)] = fieldText(find(entry, 2, 2) ?? none);
  }
  const graph = readProtoFields(graphField.bytes);
  const operators = new Set<string>();
  for (const f of all(graph, 1)) {
    const node = readProtoFields(bytesOf(f));
    operators.add(`${fieldText(find(node, 7, 2) ?? none)}:${fieldText(find(node, 4, 2) ?? none)}`);
  }
  const initializers = new Set(
    all(graph, 5).map((f) => fieldText(find(readProtoFields(bytesOf(f)), 8, 2) ?? none)),
  );
  const inputs = all(graph, 11)
    .map(valueInfo)
    .filter((v) => !initializers.has(v.name));
  const outputs = all(graph, 12).map(valueInfo);
  if (outputs.length === 0) throw new MlError('invalid_onnx', 'The ONNX graph declares no outputs');
  return {
    irVersion,
    opsets,
    producerName: fieldText(find(model, 2, 2) ?? none),
    producerVersion: fieldText(find(model, 3, 2) ?? none),
    operators: [...operators].sort(),
    metadata,
    signature: { ...batonSignature(metadata['baton.signature']), inputs, outputs },
  };
}

const none: ProtoField = { field: 0, wire: 0, value: 0n };

function find(fields: ProtoField[], field: number, wire: number): ProtoField | undefined {
  return fields.find((f) => f.field === field && f.wire === wire);
}

function all(fields: ProtoField[], field: number): ProtoField[] {
  return fields.filter((f) => f.field === field && f.wire === 2);
}

function bytesOf(f: ProtoField): Uint8Array {
  return f.wire === 2 ? f.bytes : new Uint8Array();
}

// ValueInfoProto{name=1, type=2}; TypeProto{tensor_type=1, sequence_type=4, map_type=5,
// sparse_tensor_type=8, optional_type=9}; Tensor{elem_type=1, shape=2}; shape{dim=1};
// Dimension{dim_value=1, dim_param=2}.
function valueInfo(f: ProtoField): TensorSignature {
  const fields = readProtoFields(bytesOf(f));
  const name = fieldText(find(fields, 1, 2) ?? none);
  const type = find(fields, 2, 2);
  if (!type) return { name, elemType: 'unknown', shape: [], kind: 'unknown' };
  const typeFields = readProtoFields(bytesOf(type));
  const kinds: [number, TensorSignature['kind']][] = [
    [1, 'tensor'],
    [4, 'sequence'],
    [5, 'map'],
    [8, 'sparse_tensor'],
    [9, 'optional'],
  ];
  for (const [field, kind] of kinds) {
    const t = find(typeFields, field, 2);
    if (!t) continue;
    if (kind !== 'tensor' && kind !== 'sparse_tensor') return { name, elemType: kind, shape: [], kind };
    const tensor = readProtoFields(bytesOf(t));
    const elemType = elemTypeName(fieldInt(find(tensor, 1, 0) ?? none));
    const shapeField = find(tensor, 2, 2);
    const shape: Dim[] = shapeField
      ? all(readProtoFields(bytesOf(shapeField)), 1).map((d) => {
          const dim = readProtoFields(bytesOf(d));
          const value = find(dim, 1, 0);
          const param = find(dim, 2, 2);
          return value ? fieldInt(value) : param ? fieldText(param) : null;
        })
      : [];
    return { name, elemType, shape, kind };
  }
  return { name, elemType: 'unknown', shape: [], kind: 'unknown' };
}

function batonSignature(json: string | undefined): Partial<ModelSignature> {
  if (!json) return {};
  try {
    const parsed = JSON.parse(json) as ModelSignature;
    return {
      ...(parsed.columns ? { columns: parsed.columns } : {}),
      ...(parsed.task ? { task: parsed.task } : {}),
      ...(parsed.classes ? { classes: parsed.classes } : {}),
      ...(parsed.target ? { target: parsed.target } : {}),
    };
  } catch {
    return {};
  }
}
