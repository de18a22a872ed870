import { Worker } from 'node:worker_threads';
import { CHUNKS, type HistogramArena } from './histogram-arena.ts';
import { ROW_UPDATE_SOURCE } from './row-update.ts';

/** Work a helper can do on one chunk: a node histogram, a level pass or the row pass. */
export const JOB_NODE_HISTOGRAM = 0;
export const JOB_LEVEL_PASS = 1;
export const JOB_ROW_UPDATE = 2;

/** A started helper thread and its control block. */
export interface Helper {
  readonly worker: Worker;
  readonly control: Int32Array;
}

// Control block (Int32Array on a SharedArrayBuffer), one per helper: [0] command (0 idle,
// 1 work, 2 quit), [1] ready, [2] job kind, [3..5] three arguments of the kind, [6] job
// count, then job triples (start row, end row, a per-chunk argument). Kinds and arguments:
// node histogram (rows offset, feature count, -; histogram offset), level pass (-, -,
// partition; target table offset), row update (logistic, has tree, -; chunk index).
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, bins, offs, gh, features, F, nodeOf, cols, nRows, info, rowOffsets } = workerData;
const k = new WebAssembly.Instance(module, { env: { mem: memory } }).exports;
const rowUpdates = ${ROW_UPDATE_SOURCE};
const views = {};
for (const [key, [offset, length]] of Object.entries(rowOffsets)) {
  const Type = key === 'cols' ? Uint8Array : ['raw', 'y', 'gh', 'values', 'stats'].includes(key) ? Float64Array : Int32Array;
  views[key] = new Type(memory.buffer, offset, length);
}
const c = new Int32Array(control);
Atomics.store(c, 1, 1);
Atomics.notify(c, 1);
for (;;) {
  Atomics.wait(c, 0, 0);
  if (Atomics.load(c, 0) === 2) break;
  const kind = c[2], a = c[3], b = c[4], p = c[5], jobs = c[6];
  for (let j = 0; j < jobs; j++) {
    const start = c[7 + 3 * j], end = c[8 + 3 * j], at = c[9 + 3 * j];
    if (kind === 2) rowUpdates[2 * a + b](views, start, end, at);
    else if (kind === 1) k.level_pass(nodeOf, start, end, cols, nRows, bins, gh, F, info, at, p, offs);
    else if (b === F) k.hist_all(a, start, end, bins, gh, at, F, offs);
    else k.hist_subset(a, start, end, bins, gh, at, F, features, b, offs);
  }
  Atomics.store(c, 0, 0);
  Atomics.notify(c, 0);
}
`;

/**
 * Starts up to `threads - 1` helpers (at most CHUNKS - 1) on the arena's shared memory.
 * Returns none when the arena has no shared WebAssembly memory, or stops at the first
 * helper that does not report ready within ten seconds.
 */
export function startHelpers(arena: HistogramArena, threads: number): Helper[] {
  const { memory, module } = arena;
  const started: Helper[] = [];
  if (!memory || !module || !(memory.buffer instanceof SharedArrayBuffer)) return started;
  for (let t = 1; t < Math.min(threads, CHUNKS); t++) {
    const control = new Int32Array(new SharedArrayBuffer(4 * (7 + 3 * CHUNKS)));
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        module,
        memory,
        control: control.buffer,
        bins: arena.rowBins.byteOffset,
        offs: arena.binOffsets.byteOffset,
        gh: arena.gh.byteOffset,
        features: arena.features.byteOffset,
        F: arena.features.length,
        nodeOf: arena.nodeOf.byteOffset,
        cols: arena.columnBins.byteOffset,
        nRows: arena.nodeOf.length,
        info: arena.nodeInfo.byteOffset,
        rowOffsets: arena.rowOffsets,
      },
    });
    worker.unref();
    if (Atomics.wait(control, 1, 0, 10_000) === 'timed-out') {
      void worker.terminate();
      break;
    }
    started.push({ worker, control });
  }
  return started;
}

/**
 * Runs the chunks of one job (`bounds.length - 1` of them): helper `h` takes chunks
 * `h + 1, h + 1 + team, ...` (as triples `bounds[c], bounds[c + 1], at(c)`), this thread runs
 * the rest through `own`, then waits for the helpers.
 */
export function runChunks(
  helpers: readonly Helper[],
  bounds: readonly number[],
  kind: number,
  args: readonly [number, number, number],
  at: (chunk: number) => number,
  own: (chunk: number) => void,
): void {
  const chunks = bounds.length - 1;
  const team = helpers.length + 1;
  helpers.forEach(({ control }, h) => {
    let jobs = 0;
    for (let c = h + 1; c < chunks; c += team)
      control.set([bounds[c]!, bounds[c + 1]!, at(c)], 7 + 3 * jobs++);
    control.set([kind, ...args, jobs], 2);
    Atomics.store(control, 0, 1);
    Atomics.notify(control, 0);
  });
  for (let c = 0; c < chunks; c += team) own(c);
  for (const { control } of helpers) while (Atomics.load(control, 0) !== 0) Atomics.wait(control, 0, 1);
}

/** Stops helpers. */
export function stopHelpers(helpers: readonly Helper[]): void {
  for (const { worker, control } of helpers) {
    Atomics.store(control, 0, 2);
    Atomics.notify(control, 0);
    void worker.terminate();
  }
}
