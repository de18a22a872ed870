import { assembleModule, F64, I32, op, type WasmFunction } from './wasm-encoder.ts';

// Locals shared by the kernels: parameters first, then scratch i32s and f64s.
const [ROWS, START, END, SLOTS, GH, HIST, F, FEATS, NF] = [0, 1, 2, 3, 4, 5, 6, 7, 8];

/**
 * hist_all(rows, start, end, slots, gh, hist, F): for i in [start, end), with r = rows[i],
 * add (gh[2r], gh[2r+1]) to hist slot slots[r*F + j] for every j < F (16-bit slots). The
 * same loop, in the same order, as `buildHistogram`'s all-features branch: bit-identical.
 */
function histAll(slotBytes: 2 | 4): WasmFunction {
  const [R, P, E, A] = [7, 8, 9, 10];
  const [G, H] = [11, 12];
  const slotLoad = slotBytes === 2 ? op.u16Load : op.i32Load;
  const slotShift = slotBytes === 2 ? 1 : 2;
  return {
    name: 'hist_all',
    params: 7,
    locals: [
      { count: 4, type: I32 },
      { count: 2, type: F64 },
    ],
    // biome-ignore format: an opcode listing reads best as written
    body: [
      ...op.block,
      ...op.get(START), ...op.get(END), ...op.geU, ...op.brIf(0),
      ...op.loop,
      // r = rows[i]; A = &gh[2r]; g, h
      ...op.get(ROWS), ...op.get(START), ...op.i32(2), ...op.shl, ...op.add, ...op.i32Load, ...op.set(R),
      ...op.get(GH), ...op.get(R), ...op.i32(4), ...op.shl, ...op.add, ...op.tee(A), ...op.f64Load(0), ...op.set(G),
      ...op.get(A), ...op.f64Load(8), ...op.set(H),
      // P = &slots[r*F]; E = P + F slots
      ...op.get(SLOTS), ...op.get(R), ...op.get(F), ...op.mul, ...op.i32(slotShift), ...op.shl, ...op.add, ...op.tee(P),
      ...op.get(F), ...op.i32(slotShift), ...op.shl, ...op.add, ...op.set(E),
      ...op.loop,
      ...cellAdd(slotLoad, P, A, G, H),
      ...op.get(P), ...op.i32(slotBytes), ...op.add, ...op.tee(P), ...op.get(E), ...op.ltU, ...op.brIf(0),
      ...op.end,
      ...op.get(START), ...op.i32(1), ...op.add, ...op.tee(START), ...op.get(END), ...op.ltU, ...op.brIf(0),
      ...op.end,
      ...op.end,
    ],
  };
}

/**
 * hist_subset(rows, start, end, slots, gh, hist, F, features, nf): as hist_all, for the
 * nf features listed (i32) at `features` only.
 */
function histSubset(slotBytes: 2 | 4): WasmFunction {
  const [R, P, K, A, BASE] = [9, 10, 11, 12, 13];
  const [G, H] = [14, 15];
  const slotLoad = slotBytes === 2 ? op.u16Load : op.i32Load;
  const slotShift = slotBytes === 2 ? 1 : 2;
  return {
    name: 'hist_subset',
    params: 9,
    locals: [
      { count: 5, type: I32 },
      { count: 2, type: F64 },
    ],
    // biome-ignore format: an opcode listing reads best as written
    body: [
      ...op.block,
      ...op.get(START), ...op.get(END), ...op.geU, ...op.brIf(0),
      ...op.get(NF), ...op.i32(0), ...op.eq, ...op.brIf(0),
      ...op.loop,
      ...op.get(ROWS), ...op.get(START), ...op.i32(2), ...op.shl, ...op.add, ...op.i32Load, ...op.set(R),
      ...op.get(GH), ...op.get(R), ...op.i32(4), ...op.shl, ...op.add, ...op.tee(A), ...op.f64Load(0), ...op.set(G),
      ...op.get(A), ...op.f64Load(8), ...op.set(H),
      ...op.get(SLOTS), ...op.get(R), ...op.get(F), ...op.mul, ...op.i32(slotShift), ...op.shl, ...op.add, ...op.set(BASE),
      ...op.i32(0), ...op.set(K),
      ...op.loop,
      // P = BASE + features[K] * slotBytes
      ...op.get(BASE), ...op.get(FEATS), ...op.get(K), ...op.i32(2), ...op.shl, ...op.add, ...op.i32Load,
      ...op.i32(slotShift), ...op.shl, ...op.add, ...op.set(P),
      ...cellAdd(slotLoad, P, A, G, H),
      ...op.get(K), ...op.i32(1), ...op.add, ...op.tee(K), ...op.get(NF), ...op.ltU, ...op.brIf(0),
      ...op.end,
      ...op.get(START), ...op.i32(1), ...op.add, ...op.tee(START), ...op.get(END), ...op.ltU, ...op.brIf(0),
      ...op.end,
      ...op.end,
    ],
  };
}

// A = &hist[2 * slots[P]]; hist[A] += G; hist[A + 8] += H.
function cellAdd(slotLoad: number[], P: number, A: number, G: number, H: number): number[] {
  // biome-ignore format: an opcode listing reads best as written
  return [
    ...op.get(HIST), ...op.get(P), ...slotLoad, ...op.i32(4), ...op.shl, ...op.add, ...op.tee(A),
    ...op.get(A), ...op.f64Load(0), ...op.get(G), ...op.fAdd, ...op.f64Store(0),
    ...op.get(A), ...op.get(A), ...op.f64Load(8), ...op.get(H), ...op.fAdd, ...op.f64Store(8),
  ];
}

/**
 * level_pass(nodeOf, start, end, cols, nRows, slots, gh, F, info, targets, partition):
 * one sequential pass over rows [start, end) for a whole tree level. For a row whose node
 * (nodeOf[r], -1 = outside the tree) splits, and when `partition` is 1, move it to the child
 * its bin chooses: info holds six i32 per node (feature or -1, threshold bin, missing code,
 * missing-goes-left, left id, right id), the same test as `partitionRows`. Then, if
 * targets[node] is a histogram's byte offset (0 = none), add the row's gradient pair to
 * that histogram at every feature's slot. Rows are visited in ascending order, as the
 * per-node kernels visit them, so every histogram sum is bit-identical.
 */
function levelPass(slotBytes: 2 | 4): WasmFunction {
  const [NODE_OF, R, END, COLS, NROWS, SLOTS_, GH_, F_, INFO, TARGETS, PARTITION] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
  ];
  const [NODE, IP, FEAT, B, T, P, E, A] = [11, 12, 13, 14, 15, 16, 17, 18];
  const [G, H] = [19, 20];
  const slotLoad = slotBytes === 2 ? op.u16Load : op.i32Load;
  const slotShift = slotBytes === 2 ? 1 : 2;
  return {
    name: 'level_pass',
    params: 11,
    locals: [
      { count: 8, type: I32 },
      { count: 2, type: F64 },
    ],
    // biome-ignore format: an opcode listing reads best as written
    body: [
      ...op.block,
      ...op.get(R), ...op.get(END), ...op.geU, ...op.brIf(0),
      ...op.loop,
      ...op.block,
      // node = nodeOf[r]; skip rows outside the tree
      ...op.get(NODE_OF), ...op.get(R), ...op.i32(2), ...op.shl, ...op.add, ...op.i32Load, ...op.tee(NODE),
      ...op.i32(0), ...op.ltS, ...op.brIf(0),
      ...op.get(PARTITION), ...op.if,
      ...op.get(INFO), ...op.get(NODE), ...op.i32(24), ...op.mul, ...op.add, ...op.tee(IP), ...op.i32Load, ...op.tee(FEAT),
      ...op.i32(0), ...op.geS, ...op.if,
      // b = cols[feature * nRows + r]
      ...op.get(COLS), ...op.get(FEAT), ...op.get(NROWS), ...op.mul, ...op.add, ...op.get(R), ...op.add, ...op.u8Load, ...op.set(B),
      // node = (b == missing ? missingLeft : b <= bin) ? left : right
      ...op.get(IP), ...op.i32LoadAt(16), ...op.get(IP), ...op.i32LoadAt(20),
      ...op.get(IP), ...op.i32LoadAt(12), ...op.get(B), ...op.get(IP), ...op.i32LoadAt(4), ...op.leU,
      ...op.get(B), ...op.get(IP), ...op.i32LoadAt(8), ...op.eq, ...op.select,
      ...op.select, ...op.set(NODE),
      ...op.get(NODE_OF), ...op.get(R), ...op.i32(2), ...op.shl, ...op.add, ...op.get(NODE), ...op.i32Store,
      ...op.end,
      ...op.end,
      // t = targets[node]; skip rows whose node builds no histogram
      ...op.get(TARGETS), ...op.get(NODE), ...op.i32(2), ...op.shl, ...op.add, ...op.i32Load, ...op.tee(T),
      ...op.eqz, ...op.brIf(0),
      ...op.get(GH_), ...op.get(R), ...op.i32(4), ...op.shl, ...op.add, ...op.tee(A), ...op.f64Load(0), ...op.set(G),
      ...op.get(A), ...op.f64Load(8), ...op.set(H),
      ...op.get(SLOTS_), ...op.get(R), ...op.get(F_), ...op.mul, ...op.i32(slotShift), ...op.shl, ...op.add, ...op.tee(P),
      ...op.get(F_), ...op.i32(slotShift), ...op.shl, ...op.add, ...op.set(E),
      ...op.loop,
      ...op.get(T), ...op.get(P), ...slotLoad, ...op.i32(4), ...op.shl, ...op.add, ...op.tee(A),
      ...op.get(A), ...op.f64Load(0), ...op.get(G), ...op.fAdd, ...op.f64Store(0),
      ...op.get(A), ...op.get(A), ...op.f64Load(8), ...op.get(H), ...op.fAdd, ...op.f64Store(8),
      ...op.get(P), ...op.i32(slotBytes), ...op.add, ...op.tee(P), ...op.get(E), ...op.ltU, ...op.brIf(0),
      ...op.end,
      ...op.end,
      ...op.get(R), ...op.i32(1), ...op.add, ...op.tee(R), ...op.get(END), ...op.ltU, ...op.brIf(0),
      ...op.end,
      ...op.end,
    ],
  };
}

/** The exports of an instantiated kernel module. */
export interface HistogramKernels {
  hist_all(
    rows: number,
    start: number,
    end: number,
    slots: number,
    gh: number,
    hist: number,
    F: number,
  ): void;
  hist_subset(
    rows: number,
    start: number,
    end: number,
    slots: number,
    gh: number,
    hist: number,
    F: number,
    features: number,
    nf: number,
  ): void;
  level_pass(
    nodeOf: number,
    start: number,
    end: number,
    cols: number,
    nRows: number,
    slots: number,
    gh: number,
    F: number,
    info: number,
    targets: number,
    partition: number,
  ): void;
}

const compiled = new Map<string, WebAssembly.Module>();

/**
 * The histogram kernels (16- or 32-bit slots) for a shared or unshared memory of any size,
 * assembled and compiled once per thread.
 */
export function compileKernels(shared: boolean, slotBytes: 2 | 4): WebAssembly.Module {
  const key = `${shared}:${slotBytes}`;
  let module = compiled.get(key);
  if (!module) {
    const bytes = assembleModule(
      [histAll(slotBytes), histSubset(slotBytes), levelPass(slotBytes)],
      0,
      shared,
    );
    module = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
    compiled.set(key, module);
  }
  return module;
}

/** Instantiates compiled kernels on a memory. */
export function instantiateKernels(module: WebAssembly.Module, memory: WebAssembly.Memory): HistogramKernels {
  const instance = new WebAssembly.Instance(module, { env: { mem: memory } });
  return instance.exports as unknown as HistogramKernels;
}
