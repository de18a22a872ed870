import type { ModelSignature } from '@baton/ml';

/** Where one request column goes: which input tensor and which position in its row. */
export interface ColumnSlot {
  readonly name: string;
  readonly kind: 'numeric' | 'categorical';
  /** Index into `FeatureLayout.inputs`. */
  readonly input: number;
  readonly index: number;
}

export interface InputSlot {
  readonly name: string;
  readonly type: 'float32' | 'string';
  readonly width: number;
}

/** A signature's columns laid out as the row-major input tensors the graph expects. */
export interface FeatureLayout {
  readonly columns: readonly ColumnSlot[];
  readonly byName: ReadonlyMap<string, ColumnSlot>;
  readonly inputs: readonly InputSlot[];
  /** Tensor outputs to fetch (a sequence output cannot be read by onnxruntime-node). */
  readonly outputs: readonly string[];
  readonly classes: readonly string[] | undefined;
}

/** Null when the signature binds no columns (such a model cannot be served from records). */
export function featureLayout(signature: ModelSignature): FeatureLayout | null {
  const bindings = signature.columns ?? [];
  if (bindings.length === 0) return null;
  const inputs: InputSlot[] = [];
  const inputIndex = new Map<string, number>();
  for (const input of signature.inputs) {
    const bound = bindings.filter((b) => b.input === input.name);
    if (bound.length === 0) continue;
    if (input.elemType !== 'float' && input.elemType !== 'string') return null;
    inputIndex.set(input.name, inputs.length);
    inputs.push({
      name: input.name,
      type: input.elemType === 'float' ? 'float32' : 'string',
      width: Math.max(...bound.map((b) => b.index)) + 1,
    });
  }
  const columns: ColumnSlot[] = [];
  for (const b of bindings) {
    const input = inputIndex.get(b.input);
    if (input === undefined) return null;
    columns.push({ name: b.column, kind: b.kind, input, index: b.index });
  }
  return {
    columns,
    byName: new Map(columns.map((c) => [c.name, c])),
    inputs,
    outputs: signature.outputs.filter((o) => o.kind === 'tensor').map((o) => o.name),
    classes: signature.classes,
  };
}
