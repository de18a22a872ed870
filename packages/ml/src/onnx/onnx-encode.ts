import { type Attribute, ELEM_TYPES, type NodeSpec, type TensorInit, type ValueInfo } from './onnx-types.ts';
import { ProtoWriter } from './protobuf-writer.ts';

/** Everything `encodeModel` writes into a ModelProto. */
export interface ModelSpec {
  readonly graphName: string;
  readonly nodes: readonly NodeSpec[];
  readonly initializers: readonly TensorInit[];
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
  /** Operator set per domain, e.g. `{ '': 18, 'ai.onnx.ml': 3 }`. */
  readonly opsets: Readonly<Record<string, number>>;
  readonly irVersion: number;
  readonly producerName: string;
  readonly producerVersion: string;
  readonly docString?: string;
  /** Stored as ModelProto.metadata_props (key/value strings). */
  readonly metadata?: Readonly<Record<string, string>>;
}

/**
 * Serialises a model to ONNX protobuf bytes (ModelProto, field numbers from onnx.proto3).
 *
 * ```ts
 * const bytes = encodeModel({ graphName: 'g', nodes, initializers: [], inputs, outputs,
 *   opsets: { '': 18 }, irVersion: 8, producerName: 'baton', producerVersion: '0.1.0' });
 * ```
 */
export function encodeModel(spec: ModelSpec): Uint8Array {
  const graph = new ProtoWriter();
  for (const node of spec.nodes) graph.message(1, encodeNode(node));
  graph.string(2, spec.graphName);
  for (const t of spec.initializers) graph.message(5, encodeTensor(t));
  for (const v of spec.inputs) graph.message(11, encodeValueInfo(v));
  for (const v of spec.outputs) graph.message(12, encodeValueInfo(v));
  const model = new ProtoWriter().int(1, spec.irVersion);
  model.string(2, spec.producerName).string(3, spec.producerVersion);
  if (spec.docString) model.string(6, spec.docString);
  model.message(7, graph);
  for (const [domain, version] of Object.entries(spec.opsets)) {
    model.message(8, new ProtoWriter().string(1, domain).int(2, version));
  }
  for (const [key, value] of Object.entries(spec.metadata ?? {})) {
    model.message(14, new ProtoWriter().string(1, key).string(2, value));
  }
  return model.finish();
}

function encodeNode(node: NodeSpec): ProtoWriter {
  const w = new ProtoWriter();
  for (const input of node.inputs) w.string(1, input);
  for (const output of node.outputs) w.string(2, output);
  w.string(3, node.name).string(4, node.op);
  for (const a of node.attributes) w.message(5, encodeAttribute(a));
  if (node.domain) w.string(7, node.domain);
  return w;
}

// AttributeProto: name=1, f=2, i=3, s=4, t=5, floats=7, ints=8, strings=9, type=20.
function encodeAttribute(a: Attribute): ProtoWriter {
  const w = new ProtoWriter().string(1, a.name);
  switch (a.type) {
    case 'float':
      return w.float(2, a.value).int(20, 1);
    case 'int':
      return w.int(3, a.value).int(20, 2);
    case 'string':
      return w.string(4, a.value).int(20, 3);
    case 'tensor':
      return w.message(5, encodeTensor(a.value)).int(20, 4);
    case 'floats':
      return w.packedFloats(7, a.value).int(20, 6);
    case 'ints':
      return w.packedInts(8, a.value).int(20, 7);
    case 'strings':
      for (const s of a.value) w.string(9, s);
      return w.int(20, 8);
  }
}

// TensorProto: dims=1, data_type=2, float_data=4, int32_data=5, string_data=6, int64_data=7,
// name=8, raw_data=9, double_data=10.
function encodeTensor(t: TensorInit): ProtoWriter {
  const w = new ProtoWriter().packedInts(1, t.dims).int(2, ELEM_TYPES[t.elemType]);
  if (t.name) w.string(8, t.name);
  const values = t.values;
  if (t.elemType === 'string') {
    for (const s of values as readonly string[]) w.string(6, s);
    return w;
  }
  const nums = values as ArrayLike<number>;
  if (t.elemType === 'float') w.packedFloats(4, nums);
  else if (t.elemType === 'double') w.packedDoubles(10, nums);
  else if (t.elemType === 'int64') w.packedInts(7, nums);
  else if (t.elemType === 'uint8') w.bytes(9, Uint8Array.from(nums));
  else w.packedInts(5, nums);
  return w;
}

// ValueInfoProto{name=1, type=2}; TypeProto{tensor_type=1, sequence_type=4, map_type=5};
// Tensor{elem_type=1, shape=2}; Sequence{elem_type=1}; Map{key_type=1, value_type=2};
// TensorShapeProto{dim=1}; Dimension{dim_value=1, dim_param=2}.
function encodeValueInfo(v: ValueInfo): ProtoWriter {
  if (v.mapKey) {
    const value = new ProtoWriter().message(1, new ProtoWriter().int(1, ELEM_TYPES[v.elemType]));
    const map = new ProtoWriter().int(1, ELEM_TYPES[v.mapKey]).message(2, value);
    const sequence = new ProtoWriter().message(1, new ProtoWriter().message(5, map));
    return new ProtoWriter().string(1, v.name).message(2, new ProtoWriter().message(4, sequence));
  }
  const shape = new ProtoWriter();
  for (const d of v.shape) {
    const dim = new ProtoWriter();
    if (typeof d === 'number') dim.int(1, d);
    else if (typeof d === 'string') dim.string(2, d);
    shape.message(1, dim);
  }
  const tensor = new ProtoWriter().int(1, ELEM_TYPES[v.elemType]).message(2, shape);
  return new ProtoWriter().string(1, v.name).message(2, new ProtoWriter().message(1, tensor));
}
