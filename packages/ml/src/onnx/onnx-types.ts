/** ONNX tensor element types Baton writes or reports (TensorProto.DataType). */
export const ELEM_TYPES = {
  float: 1,
  uint8: 2,
  int8: 3,
  uint16: 4,
  int16: 5,
  int32: 6,
  int64: 7,
  string: 8,
  bool: 9,
  float16: 10,
  double: 11,
  uint32: 12,
  uint64: 13,
  bfloat16: 16,
} as const;

export type ElemType = keyof typeof ELEM_TYPES;

/** The element type name for a TensorProto.DataType code, or `unknown(<code>)`. */
export function elemTypeName(code: number): ElemType | `unknown(${number})` {
  const found = (Object.keys(ELEM_TYPES) as ElemType[]).find((k) => ELEM_TYPES[k] === code);
  return found ?? `unknown(${code})`;
}

/** A tensor dimension: a fixed size, a symbolic name (such as `N`), or unknown (null). */
export type Dim = number | string | null;

/** A named graph input or output: a tensor, or (for ZipMap outputs) a sequence of maps. */
export interface ValueInfo {
  readonly name: string;
  readonly elemType: ElemType;
  readonly shape: readonly Dim[];
  /** When set, the value is `seq(map(mapKey, elemType))` instead of a tensor. */
  readonly mapKey?: ElemType;
}

/** A constant tensor (graph initializer or tensor attribute). */
export interface TensorInit {
  readonly name?: string;
  readonly elemType: 'float' | 'int64' | 'string' | 'double' | 'int32' | 'uint8';
  readonly dims: readonly number[];
  readonly values: ArrayLike<number> | readonly string[];
}

/** A node attribute, tagged with its ONNX type. */
export type Attribute =
  | { readonly name: string; readonly type: 'int'; readonly value: number }
  | { readonly name: string; readonly type: 'float'; readonly value: number }
  | { readonly name: string; readonly type: 'string'; readonly value: string }
  | { readonly name: string; readonly type: 'ints'; readonly value: ArrayLike<number> }
  | { readonly name: string; readonly type: 'floats'; readonly value: ArrayLike<number> }
  | { readonly name: string; readonly type: 'strings'; readonly value: readonly string[] }
  | { readonly name: string; readonly type: 'tensor'; readonly value: TensorInit };

/** Attribute constructors: `attr.ints('axes', [1])`, `attr.float('alpha', 0.5)`, ... */
export const attr = {
  int: (name: string, value: number): Attribute => ({ name, type: 'int', value }),
  float: (name: string, value: number): Attribute => ({ name, type: 'float', value }),
  string: (name: string, value: string): Attribute => ({ name, type: 'string', value }),
  ints: (name: string, value: ArrayLike<number>): Attribute => ({ name, type: 'ints', value }),
  floats: (name: string, value: ArrayLike<number>): Attribute => ({ name, type: 'floats', value }),
  strings: (name: string, value: readonly string[]): Attribute => ({ name, type: 'strings', value }),
  tensor: (name: string, value: TensorInit): Attribute => ({ name, type: 'tensor', value }),
};

/** One graph node. */
export interface NodeSpec {
  readonly op: string;
  /** `''` (ai.onnx) or `'ai.onnx.ml'`. */
  readonly domain: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name: string;
  readonly attributes: readonly Attribute[];
}
