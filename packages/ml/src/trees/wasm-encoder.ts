/**
 * Just enough of the WebAssembly binary format to emit Baton's hot loops without a
 * toolchain: one imported memory (`env.mem`), functions of i32 parameters, and the handful
 * of opcodes the kernels use. The kernels are written as readable opcode lists in
 * `wasm-kernels.ts` and assembled here at start-up.
 */
export const I32 = 0x7f;
export const F64 = 0x7c;
/** The 128-bit SIMD type (two f64 lanes). */
export const V128 = 0x7b;

/** Unsigned LEB128. */
export function leb(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
}

/** Signed LEB128 (for i32.const). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  let v = n | 0;
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && !(b & 0x40)) || (v === -1 && b & 0x40)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const vec = (items: number[][]): number[] => [...leb(items.length), ...items.flat()];
const section = (id: number, bytes: number[]): number[] => [id, ...leb(bytes.length), ...bytes];
const name = (s: string): number[] => {
  const bytes = [...new TextEncoder().encode(s)];
  return [...leb(bytes.length), ...bytes];
};

/** Opcodes, as byte lists to spread into a body. */
export const op = {
  get: (i: number) => [0x20, ...leb(i)],
  set: (i: number) => [0x21, ...leb(i)],
  tee: (i: number) => [0x22, ...leb(i)],
  i32: (v: number) => [0x41, ...sleb(v)],
  i32Load: [0x28, 2, 0],
  /** i32.load with a constant byte offset. */
  i32LoadAt: (offset: number) => [0x28, 2, ...leb(offset)],
  i32Store: [0x36, 2, 0],
  u8Load: [0x2d, 0, 0],
  u16Load: [0x2f, 1, 0],
  f64Load: (offset: number) => [0x2b, 3, ...leb(offset)],
  f64Store: (offset: number) => [0x39, 3, ...leb(offset)],
  add: [0x6a],
  sub: [0x6b],
  mul: [0x6c],
  shl: [0x74],
  ltU: [0x49],
  ltS: [0x48],
  geS: [0x4e],
  leS: [0x4c],
  eqz: [0x45],
  leU: [0x4d],
  geU: [0x4f],
  eq: [0x46],
  select: [0x1b],
  fAdd: [0xa0],
  fSub: [0xa1],
  fMul: [0xa2],
  fDiv: [0xa3],
  fMax: [0xa5],
  fAbs: [0x99],
  fNeg: [0x9a],
  fGe: [0x66],
  fGt: [0x64],
  fEq: [0x61],
  /** f64.convert_i32_s. */
  f64FromI32: [0xb7],
  f64Const: (v: number) => [0x44, ...new Uint8Array(Float64Array.of(v).buffer)],
  call: (index: number) => [0x10, ...leb(index)],
  /** v128.load / v128.store with a constant byte offset (8-byte alignment hint). */
  v128Load: (offset: number) => [0xfd, ...leb(0x00), 3, ...leb(offset)],
  v128Store: (offset: number) => [0xfd, ...leb(0x0b), 3, ...leb(offset)],
  /** Lane-wise f64x2 operations: each lane is exactly the scalar f64 operation. */
  f64x2Add: [0xfd, ...leb(0xf0)],
  f64x2Mul: [0xfd, ...leb(0xf2)],
  f64x2Splat: [0xfd, ...leb(0x14)],
  f64x2Extract: (lane: number) => [0xfd, ...leb(0x21), lane],
  f64x2Replace: (lane: number) => [0xfd, ...leb(0x22), lane],
  /** f64.const 0. */
  f64Zero: [0x44, 0, 0, 0, 0, 0, 0, 0, 0],
  /** `block` / `loop` with no result, closed by `end`. */
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  brIf: (depth: number) => [0x0d, ...leb(depth)],
  if: [0x04, 0x40],
  br: (depth: number) => [0x0c, ...leb(depth)],
  end: [0x0b],
  return: [0x0f],
};

/** One exported function: i32 parameters, extra locals by type, and its body. */
export interface WasmFunction {
  readonly name: string;
  readonly params: number;
  /** Result types (none by default). */
  readonly results?: readonly number[];
  readonly locals: readonly { readonly count: number; readonly type: number }[];
  readonly body: readonly number[];
}

/** A function imported from `env` (its index comes before the module's own functions). */
export interface WasmImport {
  readonly name: string;
  readonly params: readonly number[];
  readonly results: readonly number[];
}

/** The most 64 KiB pages a 32-bit memory can have (4 GiB). */
export const MAX_MEMORY_PAGES = 65_536;

/**
 * A module importing `env.mem` of `pages` 64 KiB pages (`pages` 0: a memory of any size,
 * so one compiled module serves every fit) and `imports` from `env`, and exporting
 * `functions`.
 */
export function assembleModule(
  functions: readonly WasmFunction[],
  pages: number,
  shared: boolean,
  imports: readonly WasmImport[] = [],
): Uint8Array {
  const signature = (params: readonly number[], results: readonly number[]) => [
    0x60,
    ...vec(params.map((t) => [t])),
    ...vec(results.map((t) => [t])),
  ];
  // One type per function keeps the encoder trivial (duplicate types are allowed).
  const types = [
    ...imports.map((i) => signature(i.params, i.results)),
    ...functions.map((f) =>
      signature(
        Array.from({ length: f.params }, () => I32),
        f.results ?? [],
      ),
    ),
  ];
  const limits =
    pages === 0
      ? shared
        ? [0x03, 1, ...leb(MAX_MEMORY_PAGES)]
        : [0x00, 1]
      : shared
        ? [0x03, ...leb(pages), ...leb(pages)]
        : [0x01, ...leb(pages), ...leb(pages)];
  const code = functions.map((f) => {
    const body = [...vec(f.locals.map((l) => [...leb(l.count), l.type])), ...f.body, ...op.end];
    return [...leb(body.length), ...body];
  });
  const own = (i: number) => imports.length + i;
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(
      2,
      vec([
        [...name('env'), ...name('mem'), 0x02, ...limits],
        ...imports.map((imp, i) => [...name('env'), ...name(imp.name), 0x00, ...leb(i)]),
      ]),
    ),
    ...section(3, vec(functions.map((_, i) => leb(own(i))))),
    ...section(7, vec(functions.map((f, i) => [...name(f.name), 0x00, ...leb(own(i))]))),
    ...section(10, vec(code)),
  ]);
}
