import { Worker } from 'node:worker_threads';
import type { FeatureMatrix } from '../data/feature-matrix.ts';
import { type LogisticWasm, logisticWasm } from './logistic-kernels.ts';

/** Row ranges the objective is summed over (from 65,536 rows): results never depend on threads. */
const CHUNKS = 4;
const PARALLEL_MIN_ROWS = 65_536;

/**
 * Loss and gradient of a chunk of rows for the binary (`k = 1`) or softmax objective, as
 * source text so helper threads compile the very same function. Writes the chunk's loss
 * sum into out[0] and its gradient sums (k*d coefficients, then k intercepts) after it.
 */
const CHUNK_SOURCE = `function chunk(data, y, d, k, w, out, start, end) {
  const nw = k * d;
  out.fill(0);
  let loss = 0;
  const z = new Float64Array(k);
  for (let i = start; i < end; i++) {
    const off = i * d;
    for (let c = 0; c < k; c++) {
      let a = w[nw + c], b = 0, e = 0, f = 0, j = 0;
      const wo = c * d;
      for (; j + 3 < d; j += 4) {
        a += w[wo + j] * data[off + j]; b += w[wo + j + 1] * data[off + j + 1];
        e += w[wo + j + 2] * data[off + j + 2]; f += w[wo + j + 3] * data[off + j + 3];
      }
      for (; j < d; j++) a += w[wo + j] * data[off + j];
      z[c] = a + b + (e + f);
    }
    const yi = y[i];
    if (k === 1) {
      const zi = z[0], ex = Math.exp(-Math.abs(zi));
      loss += Math.max(zi, 0) + Math.log1p(ex) - (yi === 1 ? zi : 0);
      z[0] = (zi >= 0 ? 1 / (1 + ex) : ex / (1 + ex)) - yi;
    } else {
      let max = -Infinity;
      for (let c = 0; c < k; c++) if (z[c] > max) max = z[c];
      let sum = 0;
      for (let c = 0; c < k; c++) sum += Math.exp(z[c] - max);
      loss += max + Math.log(sum) - z[yi];
      for (let c = 0; c < k; c++) z[c] = Math.exp(z[c] - max) / sum - (yi === c ? 1 : 0);
    }
    for (let c = 0; c < k; c++) {
      const r = z[c], go = 1 + c * d;
      let j = 0;
      for (; j + 3 < d; j += 4) {
        out[go + j] += r * data[off + j]; out[go + j + 1] += r * data[off + j + 1];
        out[go + j + 2] += r * data[off + j + 2]; out[go + j + 3] += r * data[off + j + 3];
      }
      for (; j < d; j++) out[go + j] += r * data[off + j];
      out[1 + nw + c] += r;
    }
  }
  out[0] = loss;
}`;

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { control, data, y, w, outs, d, k } = workerData;
const chunk = (${CHUNK_SOURCE});
const c = new Int32Array(control);
const X = new Float64Array(data), Y = new Int32Array(y), W = new Float64Array(w);
const O = outs.map((b) => new Float64Array(b));
Atomics.store(c, 1, 1);
Atomics.notify(c, 1);
for (;;) {
  Atomics.wait(c, 0, 0);
  if (Atomics.load(c, 0) === 2) break;
  for (let j = 0; j < c[2]; j++) chunk(X, Y, d, k, W, O[c[3 + 3 * j]], c[4 + 3 * j], c[5 + 3 * j]);
  Atomics.store(c, 0, 0);
  Atomics.notify(c, 0);
}
`;

type Chunk = (
  ...args: [Float64Array, Int32Array, number, number, Float64Array, Float64Array, number, number]
) => void;
let compiled: Chunk | null = null;

// Compiled once per thread, so V8 optimises it once rather than on every fit.
function compiledChunk(): Chunk {
  compiled ??= new Function(`return (${CHUNK_SOURCE});`)() as Chunk;
  return compiled;
}

/**
 * The chunk function over all rows in WebAssembly (`wasm` holds a copy of the matrix and
 * labels), but for the softmax link, which stays in JavaScript: the same arithmetic in the
 * same order as CHUNK_SOURCE, so the same bits.
 */
function wasmChunk(wasm: LogisticWasm, y: Int32Array, n: number, d: number, k: number): Chunk {
  const { kernels, w: wv, z, out: outv } = wasm;
  const [xAt, wAt, zAt, outAt, yAt] = [wasm.x, wv, z, outv, wasm.y].map((v) => v.byteOffset) as [
    number,
    number,
    number,
    number,
    number,
  ];
  return (_data, _y, _d, _k, w, out) => {
    wv.set(w);
    kernels.scores(xAt, n, d, k, wAt, zAt);
    let loss = 0;
    if (k === 1) {
      loss = kernels.link(zAt, yAt, n);
    } else {
      for (let i = 0; i < n; i++) {
        const at = i * k;
        const yi = y[i]!;
        let max = Number.NEGATIVE_INFINITY;
        for (let c = 0; c < k; c++) if (z[at + c]! > max) max = z[at + c]!;
        let sum = 0;
        for (let c = 0; c < k; c++) sum += Math.exp(z[at + c]! - max);
        loss += max + Math.log(sum) - z[at + yi]!;
        for (let c = 0; c < k; c++) z[at + c] = Math.exp(z[at + c]! - max) / sum - (yi === c ? 1 : 0);
      }
    }
    outv.fill(0);
    kernels.accumulate(xAt, n, d, k, zAt, outAt);
    out.set(outv);
    out[0] = loss;
  };
}

/** An objective over a feature matrix, possibly threaded; `close` stops its helpers. */
export interface LogisticObjective {
  readonly evaluate: (w: Float64Array, grad: Float64Array) => number;
  /** Whether every feature value is finite (the fit refuses NaN and infinities). */
  allFinite(): boolean;
  close(): void;
}

/**
 * The mean-scale logistic objective `(sum of losses + l2/2 ||W||^2) / n` and its gradient
 * (intercepts unpenalised) for `k` score rows (1: binary sigmoid; K: softmax). Rows are
 * summed in four fixed chunks added in a fixed order, so `threads` (helpers need the
 * matrix and labels on SharedArrayBuffers) never changes a bit of the result. Below that
 * size one chunk runs its matrix passes in WebAssembly (unless `useWasm` is false), with
 * the same bits as the JavaScript chunk.
 */
export function logisticObjective(
  x: FeatureMatrix,
  y: Int32Array,
  k: number,
  l2: number,
  threads: number,
  useWasm = true,
): LogisticObjective {
  const { rows: n, cols: d } = x;
  const size = 1 + k * (d + 1);
  const shared =
    threads > 1 && x.data.buffer instanceof SharedArrayBuffer && y.buffer instanceof SharedArrayBuffer;
  const alloc = (length: number) =>
    shared ? new Float64Array(new SharedArrayBuffer(length * 8)) : new Float64Array(length);
  const w = alloc(k * (d + 1));
  const chunks = n >= PARALLEL_MIN_ROWS ? CHUNKS : 1;
  const outs = Array.from({ length: chunks }, () => alloc(size));
  const bounds = Array.from({ length: chunks + 1 }, (_, c) => Math.floor((n * c) / chunks));
  const wasm = chunks === 1 && useWasm ? logisticWasm(x.data, y, n, d, k) : null;
  const chunk = wasm ? wasmChunk(wasm, y, n, d, k) : compiledChunk();
  const helpers: { worker: Worker; control: Int32Array }[] = [];
  for (let t = 1; shared && t < Math.min(threads, chunks); t++) {
    const control = new Int32Array(new SharedArrayBuffer(4 * (3 + 3 * CHUNKS)));
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        control: control.buffer,
        data: x.data.buffer,
        y: y.buffer,
        w: w.buffer,
        outs: outs.map((o) => o.buffer),
        d,
        k,
      },
    });
    worker.unref();
    if (Atomics.wait(control, 1, 0, 10_000) === 'timed-out') {
      void worker.terminate();
      break;
    }
    helpers.push({ worker, control });
  }
  const team = helpers.length + 1;
  const evaluate = (weights: Float64Array, grad: Float64Array): number => {
    w.set(weights);
    helpers.forEach(({ control }, h) => {
      let jobs = 0;
      for (let c = h + 1; c < chunks; c += team) control.set([c, bounds[c]!, bounds[c + 1]!], 3 + 3 * jobs++);
      control[2] = jobs;
      Atomics.store(control, 0, 1);
      Atomics.notify(control, 0);
    });
    for (let c = 0; c < chunks; c += team) chunk(x.data, y, d, k, w, outs[c]!, bounds[c]!, bounds[c + 1]!);
    for (const { control } of helpers) while (Atomics.load(control, 0) !== 0) Atomics.wait(control, 0, 1);
    let loss = 0;
    grad.fill(0);
    for (const out of outs) {
      loss += out[0]!;
      for (let j = 0; j < grad.length; j++) grad[j]! += out[1 + j]!;
    }
    let penalty = 0;
    for (let j = 0; j < k * d; j++) {
      penalty += weights[j]! * weights[j]!;
      grad[j]! += l2 * weights[j]!;
    }
    for (let j = 0; j < grad.length; j++) grad[j]! /= n;
    return (loss + 0.5 * l2 * penalty) / n;
  };
  return {
    evaluate,
    allFinite: () => {
      if (wasm) return wasm.kernels.finite(wasm.x.byteOffset, n * d) === 1;
      for (let i = 0; i < n * d; i++) if (!Number.isFinite(x.data[i]!)) return false;
      return true;
    },
    close: () => {
      for (const { worker, control } of helpers) {
        Atomics.store(control, 0, 2);
        Atomics.notify(control, 0);
        void worker.terminate();
      }
    },
  };
}
