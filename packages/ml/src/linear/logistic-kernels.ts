import {
  assembleModule,
  F64,
  I32,
  op,
  V128,
  type WasmFunction,
  type WasmImport,
} from '../trees/wasm-encoder.ts';

/**
 * The passes of the logistic objective as WebAssembly, for fits small enough to copy into a
 * memory of their own (see `logisticObjective`): `scores` computes the score rows
 * `Z = X W^T + b`, `link` turns binary scores into residuals and the loss, `accumulate`
 * adds the gradient sums `R^T X` (and the intercept sums) into `out`. They add in exactly the order of the JavaScript chunk function (four
 * running sums per score, one running sum per gradient entry, rows ascending), so either
 * path gives the same bits. WebAssembly runs at full speed from its first call, where
 * JavaScript spends the first tens of milliseconds of a small fit in the interpreter.
 */

/** P = a + j*8 and Q = b + j*8: the addresses of element j of two f64 rows held in locals a and b. */
const elementPointers = (a: number, b: number, j: number, p: number, q: number): number[] => [
  ...op.get(a),
  ...op.get(j),
  ...op.i32(3),
  ...op.shl,
  ...op.add,
  ...op.set(p),
  ...op.get(b),
  ...op.get(j),
  ...op.i32(3),
  ...op.shl,
  ...op.add,
  ...op.set(q),
];

/**
 * while (j + last < d) { P, Q = element j's addresses; body; j += step }: the element loop of
 * both passes, four elements a step (last = 3) and then one (last = 0) for the remainder.
 */
const elementLoop = (
  j: number,
  d: number,
  pointers: number[],
  last: number,
  step: number,
  body: number[],
) => [
  ...op.block,
  ...op.loop,
  ...op.get(j),
  ...(last > 0 ? [...op.i32(last), ...op.add] : []),
  ...op.get(d),
  ...op.geS,
  ...op.brIf(1),
  ...pointers,
  ...body,
  ...op.get(j),
  ...op.i32(step),
  ...op.add,
  ...op.set(j),
  ...op.br(0),
  ...op.end,
  ...op.end,
];

// scores(X, n, d, k, W, Z): Z[i*k + c] = (a + b) + (e + f), the four running sums of
// W[k*d + c] + sum_j W[c*d + j] * X[i*d + j] taken over j mod 4 (remainder into a). The
// pairs (a, b) and (e, f) run as the two lanes of f64x2 sums: lane by lane the very same
// additions and products as four scalar sums.
function scores(): WasmFunction {
  const [X, N, D, K, W, Z] = [0, 1, 2, 3, 4, 5];
  const [I, C, J, XO, WO, P, Q] = [6, 7, 8, 9, 10, 11, 12];
  const A = 13;
  const [AB, EF] = [14, 15];
  const pointers = elementPointers(WO, XO, J, P, Q);
  const pairAdd = (acc: number, offset: number) => [
    ...op.get(acc),
    ...op.get(P),
    ...op.v128Load(offset),
    ...op.get(Q),
    ...op.v128Load(offset),
    ...op.f64x2Mul,
    ...op.f64x2Add,
    ...op.set(acc),
  ];
  return {
    name: 'scores',
    params: 6,
    locals: [
      { count: 7, type: I32 },
      { count: 1, type: F64 },
      { count: 2, type: V128 },
    ],
    // biome-ignore format: an opcode listing reads best as written
    body: [
      ...op.block,
      ...op.get(N), ...op.i32(0), ...op.leS, ...op.brIf(0),
      ...op.loop,
      // XO = X + i*d*8; C = 0
      ...op.get(X), ...op.get(I), ...op.get(D), ...op.mul, ...op.i32(3), ...op.shl, ...op.add, ...op.set(XO),
      ...op.i32(0), ...op.set(C),
      ...op.loop,
      // WO = W + c*d*8; (a, b) = (W[k*d + c], 0); (e, f) = (0, 0); j = 0
      ...op.get(W), ...op.get(C), ...op.get(D), ...op.mul, ...op.i32(3), ...op.shl, ...op.add, ...op.set(WO),
      ...op.f64Zero, ...op.f64x2Splat,
      ...op.get(W), ...op.get(K), ...op.get(D), ...op.mul, ...op.get(C), ...op.add, ...op.i32(3), ...op.shl, ...op.add,
      ...op.f64Load(0), ...op.f64x2Replace(0), ...op.set(AB),
      ...op.f64Zero, ...op.f64x2Splat, ...op.set(EF),
      ...op.i32(0), ...op.set(J),
      // while (j + 3 < d): (a, b) += w[j..j+1] * x[j..j+1]; (e, f) += w[j+2..j+3] * x[j+2..j+3]
      ...elementLoop(J, D, pointers, 3, 4, [...pairAdd(AB, 0), ...pairAdd(EF, 16)]),
      // while (j < d): into a
      ...op.get(AB), ...op.f64x2Extract(0), ...op.set(A),
      ...elementLoop(J, D, pointers, 0, 1, [
        ...op.get(A), ...op.get(P), ...op.f64Load(0), ...op.get(Q), ...op.f64Load(0), ...op.fMul, ...op.fAdd, ...op.set(A),
      ]),
      // Z[i*k + c] = (a + b) + (e + f)
      ...op.get(Z), ...op.get(I), ...op.get(K), ...op.mul, ...op.get(C), ...op.add, ...op.i32(3), ...op.shl, ...op.add,
      ...op.get(A), ...op.get(AB), ...op.f64x2Extract(1), ...op.fAdd,
      ...op.get(EF), ...op.f64x2Extract(0), ...op.get(EF), ...op.f64x2Extract(1), ...op.fAdd, ...op.fAdd,
      ...op.f64Store(0),
      ...op.get(C), ...op.i32(1), ...op.add, ...op.tee(C), ...op.get(K), ...op.ltS, ...op.brIf(0),
      ...op.end,
      ...op.get(I), ...op.i32(1), ...op.add, ...op.tee(I), ...op.get(N), ...op.ltS, ...op.brIf(0),
      ...op.end,
      ...op.end,
    ],
  };
}

// accumulate(X, n, d, k, R, OUT): for rows ascending and each class c with r = R[i*k + c],
// OUT[1 + c*d + j] += r * X[i*d + j] and OUT[1 + k*d + c] += r.
function accumulate(): WasmFunction {
  const [X, N, D, K, R, OUT] = [0, 1, 2, 3, 4, 5];
  const [I, C, J, XO, GO, P, Q] = [6, 7, 8, 9, 10, 11, 12];
  const RV = 13;
  const RR = 14;
  // OUT[j..j+1] += r * X[j..j+1], lane by lane the scalar update.
  const pairTo = (offset: number) => [
    ...op.get(P),
    ...op.get(P),
    ...op.v128Load(offset),
    ...op.get(RR),
    ...op.get(Q),
    ...op.v128Load(offset),
    ...op.f64x2Mul,
    ...op.f64x2Add,
    ...op.v128Store(offset),
  ];
  const addTo = (offset: number) => [
    ...op.get(P),
    ...op.get(P),
    ...op.f64Load(offset),
    ...op.get(RV),
    ...op.get(Q),
    ...op.f64Load(offset),
    ...op.fMul,
    ...op.fAdd,
    ...op.f64Store(offset),
  ];
  const pointers = elementPointers(GO, XO, J, P, Q);
  return {
    name: 'accumulate',
    params: 6,
    locals: [
      { count: 7, type: I32 },
      { count: 1, type: F64 },
      { count: 1, type: V128 },
    ],
    // biome-ignore format: an opcode listing reads best as written
    body: [
      ...op.block,
      ...op.get(N), ...op.i32(0), ...op.leS, ...op.brIf(0),
      ...op.loop,
      ...op.get(X), ...op.get(I), ...op.get(D), ...op.mul, ...op.i32(3), ...op.shl, ...op.add, ...op.set(XO),
      ...op.i32(0), ...op.set(C),
      ...op.loop,
      // r = R[i*k + c]; GO = OUT + (1 + c*d)*8; j = 0
      ...op.get(R), ...op.get(I), ...op.get(K), ...op.mul, ...op.get(C), ...op.add, ...op.i32(3), ...op.shl, ...op.add,
      ...op.f64Load(0), ...op.tee(RV), ...op.f64x2Splat, ...op.set(RR),
      ...op.get(OUT), ...op.get(C), ...op.get(D), ...op.mul, ...op.i32(1), ...op.add, ...op.i32(3), ...op.shl, ...op.add,
      ...op.set(GO),
      ...op.i32(0), ...op.set(J),
      ...elementLoop(J, D, pointers, 3, 4, [...pairTo(0), ...pairTo(16)]),
      ...elementLoop(J, D, pointers, 0, 1, addTo(0)),
      // OUT[1 + k*d + c] += r
      ...op.get(OUT), ...op.get(K), ...op.get(D), ...op.mul, ...op.get(C), ...op.add, ...op.i32(1), ...op.add,
      ...op.i32(3), ...op.shl, ...op.add, ...op.tee(P),
      ...op.get(P), ...op.f64Load(0), ...op.get(RV), ...op.fAdd, ...op.f64Store(0),
      ...op.get(C), ...op.i32(1), ...op.add, ...op.tee(C), ...op.get(K), ...op.ltS, ...op.brIf(0),
      ...op.end,
      ...op.get(I), ...op.i32(1), ...op.add, ...op.tee(I), ...op.get(N), ...op.ltS, ...op.brIf(0),
      ...op.end,
      ...op.end,
    ],
  };
}

// link(Z, Y, n) -> loss: the binary link of every row, as the JavaScript chunk computes it
// (Math.exp and Math.log1p are imported, so they are the very same functions): adds
// max(z, 0) + log1p(e) - (y == 1 ? z : 0) with e = exp(-|z|) to the loss and overwrites z
// with the residual p - y, p = (z >= 0 ? 1 : e) / (1 + e).
function link(): WasmFunction {
  const [Z, Y, N] = [0, 1, 2];
  const [I, ZP, YV] = [3, 4, 5];
  const [ZI, EX, LOSS] = [6, 7, 8];
  const [EXP, LOG1P] = [0, 1];
  return {
    name: 'link',
    params: 3,
    results: [F64],
    locals: [
      { count: 3, type: I32 },
      { count: 3, type: F64 },
    ],
    // biome-ignore format: an opcode listing reads best as written
    body: [
      ...op.block,
      ...op.get(N), ...op.i32(0), ...op.leS, ...op.brIf(0),
      ...op.loop,
      ...op.get(Z), ...op.get(I), ...op.i32(3), ...op.shl, ...op.add, ...op.tee(ZP), ...op.f64Load(0), ...op.set(ZI),
      ...op.get(Y), ...op.get(I), ...op.i32(2), ...op.shl, ...op.add, ...op.i32Load, ...op.set(YV),
      ...op.get(ZI), ...op.fAbs, ...op.fNeg, ...op.call(EXP), ...op.set(EX),
      // loss += (max(z, 0) + log1p(e)) - (y == 1 ? z : 0)
      ...op.get(LOSS),
      ...op.get(ZI), ...op.f64Zero, ...op.fMax, ...op.get(EX), ...op.call(LOG1P), ...op.fAdd,
      ...op.get(ZI), ...op.f64Zero, ...op.get(YV), ...op.i32(1), ...op.eq, ...op.select,
      ...op.fSub, ...op.fAdd, ...op.set(LOSS),
      // z = (z >= 0 ? 1 : e) / (1 + e) - y
      ...op.get(ZP),
      ...op.f64Const(1), ...op.get(EX), ...op.get(ZI), ...op.f64Zero, ...op.fGe, ...op.select,
      ...op.f64Const(1), ...op.get(EX), ...op.fAdd, ...op.fDiv,
      ...op.get(YV), ...op.f64FromI32, ...op.fSub,
      ...op.f64Store(0),
      ...op.get(I), ...op.i32(1), ...op.add, ...op.tee(I), ...op.get(N), ...op.ltS, ...op.brIf(0),
      ...op.end,
      ...op.end,
      ...op.get(LOSS),
    ],
  };
}

// finite(X, count) -> 1 if every value is finite (x - x is 0 exactly then), else 0.
function finite(): WasmFunction {
  const [X, COUNT, I] = [0, 1, 2];
  const V = 3;
  return {
    name: 'finite',
    params: 2,
    results: [I32],
    locals: [
      { count: 1, type: I32 },
      { count: 1, type: F64 },
    ],
    // biome-ignore format: an opcode listing reads best as written
    body: [
      ...op.block,
      ...op.get(COUNT), ...op.i32(0), ...op.leS, ...op.brIf(0),
      ...op.loop,
      ...op.get(X), ...op.get(I), ...op.i32(3), ...op.shl, ...op.add, ...op.f64Load(0), ...op.tee(V),
      ...op.get(V), ...op.fSub, ...op.f64Zero, ...op.fEq, ...op.eqz, ...op.if,
      ...op.i32(0), ...op.return,
      ...op.end,
      ...op.get(I), ...op.i32(1), ...op.add, ...op.tee(I), ...op.get(COUNT), ...op.ltS, ...op.brIf(0),
      ...op.end,
      ...op.end,
      ...op.i32(1),
    ],
  };
}

const IMPORTS: readonly WasmImport[] = [
  { name: 'exp', params: [F64], results: [F64] },
  { name: 'log1p', params: [F64], results: [F64] },
];

/** The exports of the logistic kernels (byte addresses into their memory). */
export interface LogisticKernels {
  scores(x: number, n: number, d: number, k: number, w: number, z: number): void;
  accumulate(x: number, n: number, d: number, k: number, r: number, out: number): void;
  link(z: number, y: number, n: number): number;
  finite(x: number, count: number): number;
}

/** Views of one fit's WebAssembly memory and its kernels. */
export interface LogisticWasm {
  readonly kernels: LogisticKernels;
  readonly x: Float64Array;
  readonly w: Float64Array;
  readonly z: Float64Array;
  readonly out: Float64Array;
  readonly y: Int32Array;
}

let compiled: WebAssembly.Module | null = null;

/** Largest memory (bytes) a fit copies its matrix into; larger fits keep the JavaScript path. */
export const LOGISTIC_WASM_MAX_BYTES = 64 * 2 ** 20;

/**
 * A memory holding the `n x d` matrix, `k` weight rows with intercepts, `n x k` scores and
 * the sums, with the kernels instantiated on it; null if WebAssembly is unavailable or the
 * fit is too large.
 */
export function logisticWasm(
  data: Float64Array,
  labels: Int32Array,
  n: number,
  d: number,
  k: number,
): LogisticWasm | null {
  const sizes = [n * d, k * (d + 1), n * k, 1 + k * (d + 1)];
  const bytes = sizes.reduce((a, s) => a + s * 8, 0) + n * 4;
  if (bytes > LOGISTIC_WASM_MAX_BYTES) return null;
  try {
    const pages = Math.max(1, Math.ceil(bytes / 65_536));
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    // Assembled and compiled once per thread; each fit instantiates it on its own memory.
    compiled ??= new WebAssembly.Module(
      assembleModule(
        [scores(), accumulate(), link(), finite()],
        0,
        false,
        IMPORTS,
      ) as Uint8Array<ArrayBuffer>,
    );
    const module = compiled;
    const env = { mem: memory, exp: Math.exp, log1p: Math.log1p };
    const kernels = new WebAssembly.Instance(module, { env }).exports as unknown as LogisticKernels;
    let at = 0;
    const [x, w, z, out] = sizes.map((size) => {
      const view = new Float64Array(memory.buffer, at, size);
      at += size * 8;
      return view;
    }) as [Float64Array, Float64Array, Float64Array, Float64Array];
    x.set(data.subarray(0, n * d));
    const y = new Int32Array(memory.buffer, at, n);
    y.set(labels.subarray(0, n));
    return { kernels, x, w, z, out, y };
  } catch {
    return null;
  }
}
