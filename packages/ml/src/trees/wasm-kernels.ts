import { assembleModule, F64, I32, op, type WasmFunction } from './wasm-encoder.ts';

// Rows' bins are row-major bytes (`bins[r*F + f]`); a feature's bin b lives in histogram slot
// `offs[f] + b` (`offs`: one i32 per feature). Byte bins stream half the memory of 16-bit
// slot numbers, which is what the passes over a million rows wait for.

/**
 * hist_all(rows, start, end, bins, gh, hist, F, offs): for i in [start, end), with
 * r = rows[i], add (gh[2r], gh[2r+1]) to slot offs[j] + bins[r*F + j] for every j < F. The
 * same loop, in the same order, as `buildHistogram`'s all-features branch: bit-identical.
 */
function histAll(): WasmFunction {
  const [ROWS, START, END, BINS, GH, HIST, F, OFFS] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [R, P, E, A, Q] = [8, 9, 10, 11, 12];
  const [G, H] = [13, 14];
  return {
    name: 'hist_all',
    params: 8,
    locals: [
      { count: 5, type: I32 },
      { count: 2, type: F64 },
    ],
    // biome-ignore format: an opcode listing reads best as written
    body: [
      ...op.block,
      ...op.get(START), ...op.get(END), ...op.geU, ...op.brIf(0),
      ...op.get(F), ...op.i32(0), ...op.leS, ...op.brIf(0),
      ...op.loop,
      // r = rows[i]; A = &gh[2r]; g, h
      ...op.get(ROWS), ...op.get(START), ...op.i32(2), ...op.shl, ...op.add, ...op.i32Load, ...op.set(R),
      ...op.get(GH), ...op.get(R), ...op.i32(4), ...op.shl, ...op.add, ...op.tee(A), ...op.f64Load(0), ...op.set(G),
      ...op.get(A), ...op.f64Load(8), ...op.set(H),
      // P = &bins[r*F]; E = P + F; Q = &offs[0]
      ...op.get(BINS), ...op.get(R), ...op.get(F), ...op.mul, ...op.add, ...op.tee(P),
      ...op.get(F), ...op.add, ...op.set(E),
      ...op.get(OFFS), ...op.set(Q),
      ...op.loop,
      ...cellAdd(HIST, Q, P, A, G, H),
      ...op.get(Q), ...op.i32(4), ...op.add, ...op.set(Q),
      ...op.get(P), ...op.i32(1), ...op.add, ...op.tee(P), ...op.get(E), ...op.ltU, ...op.brIf(0),
      ...op.end,
      ...op.get(START), ...op.i32(1), ...op.add, ...op.tee(START), ...op.get(END), ...op.ltU, ...op.brIf(0),
      ...op.end,
      ...op.end,
    ],
  };
}

/**
 * hist_subset(rows, start, end, bins, gh, hist, F, features, nf, offs): as hist_all, for
 * the nf features listed (i32) at `features` only.
 */
function histSubset(): WasmFunction {
  const [ROWS, START, END, BINS, GH, HIST, F, FEATS, NF, OFFS] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [R, P, K, A, BASE, Q] = [10, 11, 12, 13, 14, 15];
  const [G, H] = [16, 17];
  return {
    name: 'hist_subset',
    params: 10,
    locals: [
      { count: 6, type: I32 },
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
      ...op.get(BINS), ...op.get(R), ...op.get(F), ...op.mul, ...op.add, ...op.set(BASE),
      ...op.i32(0), ...op.set(K),
      ...op.loop,
      // f = features[K]; P = BASE + f; Q = &offs[f]
      ...op.get(FEATS), ...op.get(K), ...op.i32(2), ...op.shl, ...op.add, ...op.i32Load, ...op.tee(P),
      ...op.i32(2), ...op.shl, ...op.get(OFFS), ...op.add, ...op.set(Q),
      ...op.get(BASE), ...op.get(P), ...op.add, ...op.set(P),
      ...cellAdd(HIST, Q, P, A, G, H),
      ...op.get(K), ...op.i32(1), ...op.add, ...op.tee(K), ...op.get(NF), ...op.ltU, ...op.brIf(0),
      ...op.end,
      ...op.get(START), ...op.i32(1), ...op.add, ...op.tee(START), ...op.get(END), ...op.ltU, ...op.brIf(0),
      ...op.end,
      ...op.end,
    ],
  };
}

// A = &hist[2 * (offs[f] + bins[r*F + f])] with Q = &offs[f], P = &bins[r*F + f];
// hist[A] += G; hist[A + 8] += H.
function cellAdd(HIST: number, Q: number, P: number, A: number, G: number, H: number): number[] {
  // biome-ignore format: an opcode listing reads best as written
  return [
    ...op.get(HIST), ...op.get(Q), ...op.i32Load, ...op.get(P), ...op.u8Load, ...op.add, ...op.i32(4), ...op.shl,
    ...op.add, ...op.tee(A),
    ...op.get(A), ...op.f64Load(0), ...op.get(G), ...op.fAdd, ...op.f64Store(0),
    ...op.get(A), ...op.get(A), ...op.f64Load(8), ...op.get(H), ...op.fAdd, ...op.f64Store(8),
  ];
}

/**
 * level_pass(nodeOf, start, end, cols, nRows, bins, gh, F, info, targets, partition, offs):
 * one sequential pass over rows [start, end) for a whole tree level. For a row whose node
 * (nodeOf[r], -1 = outside the tree) splits, and when `partition` is 1, move it to the child
 * its bin chooses: info holds six i32 per node (feature or -1, threshold bin, missing code,
 * missing-goes-left, left id, right id), the same test as `partitionRows`. Then, if
 * targets[node] is a histogram's byte offset (0 = none), add the row's gradient pair to
 * that histogram at every feature's slot. Rows are visited in ascending order, as the
 * per-node kernels visit them, so every histogram sum is bit-identical.
 */
function levelPass(): WasmFunction {
  const [NODE_OF, R, END, COLS, NROWS, BINS, GH_, F_, INFO, TARGETS, PARTITION, OFFS] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
  ];
  const [NODE, IP, FEAT, B, T, P, E, A, Q] = [12, 13, 14, 15, 16, 17, 18, 19, 20];
  const [G, H] = [21, 22];
  return {
    name: 'level_pass',
    params: 12,
    locals: [
      { count: 9, type: I32 },
      { count: 2, type: F64 },
    ],
    // biome-ignore format: an opcode listing reads best as written
    body: [
      ...op.block,
      ...op.get(R), ...op.get(END), ...op.geU, ...op.brIf(0),
      ...op.get(F_), ...op.i32(0), ...op.leS, ...op.brIf(0),
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
      ...op.get(BINS), ...op.get(R), ...op.get(F_), ...op.mul, ...op.add, ...op.tee(P),
      ...op.get(F_), ...op.add, ...op.set(E),
      ...op.get(OFFS), ...op.set(Q),
      ...op.loop,
      ...cellAdd(T, Q, P, A, G, H),
      ...op.get(Q), ...op.i32(4), ...op.add, ...op.set(Q),
      ...op.get(P), ...op.i32(1), ...op.add, ...op.tee(P), ...op.get(E), ...op.ltU, ...op.brIf(0),
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
    bins: number,
    gh: number,
    hist: number,
    F: number,
    offs: number,
  ): void;
  hist_subset(
    rows: number,
    start: number,
    end: number,
    bins: number,
    gh: number,
    hist: number,
    F: number,
    features: number,
    nf: number,
    offs: number,
  ): void;
  level_pass(
    nodeOf: number,
    start: number,
    end: number,
    cols: number,
    nRows: number,
    bins: number,
    gh: number,
    F: number,
    info: number,
    targets: number,
    partition: number,
    offs: number,
  ): void;
}

const compiled = new Map<boolean, WebAssembly.Module>();

/**
 * The histogram kernels for a shared or unshared memory of any size, assembled and
 * compiled once per thread.
 */
export function compileKernels(shared: boolean): WebAssembly.Module {
  let module = compiled.get(shared);
  if (!module) {
    const bytes = assembleModule([histAll(), histSubset(), levelPass()], 0, shared);
    module = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
    compiled.set(shared, module);
  }
  return module;
}

/** Instantiates compiled kernels on a memory. */
export function instantiateKernels(module: WebAssembly.Module, memory: WebAssembly.Memory): HistogramKernels {
  const instance = new WebAssembly.Instance(module, { env: { mem: memory } });
  return instance.exports as unknown as HistogramKernels;
}
