import {
  type Helper,
  JOB_LEVEL_PASS,
  JOB_NODE_HISTOGRAM,
  JOB_ROW_UPDATE,
  runChunks,
  startHelpers,
  stopHelpers,
} from './helper-threads.ts';
import { buildHistogram, type HistogramLayout } from './histogram.ts';
import { CHUNKS, chunkCount, type HistogramArena } from './histogram-arena.ts';
import { levelPassJs } from './level-pass.ts';
import { compileRowUpdate } from './row-update.ts';
import type { HistogramBuilder } from './tree-grower.ts';

/** The row-parallel work of one boosting fit: histograms and the fused row pass. */
export interface PooledHistogramBuilder {
  /** A node's histogram (per-node growth). */
  readonly build: HistogramBuilder;
  /**
   * One level pass over all rows: moves rows of splitting nodes (arena.nodeInfo) to their
   * children when `partition`, and builds the (zeroed) histograms of `targets`.
   */
  levelPass(
    targets: readonly { readonly node: number; readonly hist: Float64Array }[],
    partition: boolean,
  ): void;
  /**
   * The fused row pass (see `row-update.ts`) over all rows; returns the summed loss and
   * gradient pair, added chunk by chunk in a fixed order.
   */
  rowUpdate(logistic: boolean, hasTree: boolean): { loss: number; G: number; H: number };
  /** Stops the helper threads (safe to call twice). */
  close(): void;
}

/** Per-node builds with at least this many rows are split into CHUNKS row ranges. */
const CHUNK_MIN_ROWS = 32_768;

/**
 * Row-parallel work with the arena's WebAssembly kernels (or equivalent JS loops when a
 * buffer lies outside the arena). Large jobs are cut into CHUNKS fixed row ranges whose
 * partial results are added in a fixed order, and `threads - 1` helper threads take some
 * ranges: the cut depends only on sizes, never on the thread count, so a model is
 * bit-for-bit the same for any `threads`. The calling thread blocks in `Atomics.wait` while
 * helpers finish, which keeps `fitGbdt` synchronous.
 */
export function createHistogramBuilder(
  layout: HistogramLayout,
  arena: HistogramArena,
  threads: number,
): PooledHistogramBuilder {
  const { kernels, memory } = arena;
  const F = layout.nFeatures;
  const n = arena.nodeOf.length;
  const inArena = (a: { buffer: ArrayBufferLike }) => kernels !== null && a.buffer === memory?.buffer;
  let helpers: Helper[] | null = null;
  const chunks = chunkCount(n);
  const team = () => (helpers ??= threads > 1 && chunks > 1 ? startHelpers(arena, threads) : []);
  const rowPass = compileRowUpdate();
  const global = Array.from({ length: chunks + 1 }, (_, c) => Math.floor((n * c) / chunks));

  const nodeKernel = (
    rows: Int32Array,
    start: number,
    end: number,
    features: Int32Array,
    hist: Float64Array,
  ) => {
    const { rowBins, gh, binOffsets } = arena;
    if (!kernels || !inArena(rows) || !inArena(hist)) {
      buildHistogram(layout, rowBins, gh, rows, start, end, features, hist);
    } else if (features.length === F) {
      kernels.hist_all(
        rows.byteOffset,
        start,
        end,
        rowBins.byteOffset,
        gh.byteOffset,
        hist.byteOffset,
        F,
        binOffsets.byteOffset,
      );
    } else {
      const at = arena.features.byteOffset;
      kernels.hist_subset(
        rows.byteOffset,
        start,
        end,
        rowBins.byteOffset,
        gh.byteOffset,
        hist.byteOffset,
        F,
        at,
        features.length,
        binOffsets.byteOffset,
      );
    }
  };

  const build: HistogramBuilder = (rows, from, to, features, hist) => {
    if (features.length !== F) arena.features.set(features);
    if (to - from < CHUNK_MIN_ROWS) {
      nodeKernel(rows, from, to, features, hist);
      return;
    }
    const bounds = Array.from(
      { length: CHUNKS + 1 },
      (_, c) => from + Math.floor(((to - from) * c) / CHUNKS),
    );
    const part = (c: number) => (c === 0 ? hist : arena.chunkScratch[c - 1]![0]!);
    for (let c = 1; c < CHUNKS; c++) part(c).fill(0);
    const own = (c: number) => nodeKernel(rows, bounds[c]!, bounds[c + 1]!, features, part(c));
    if (inArena(rows) && inArena(hist) && chunks > 1) {
      runChunks(
        team(),
        bounds,
        JOB_NODE_HISTOGRAM,
        [rows.byteOffset, features.length, 0],
        (c) => part(c).byteOffset,
        own,
      );
    } else for (let c = 0; c < CHUNKS; c++) own(c);
    for (let c = 1; c < CHUNKS; c++) addInto(hist, part(c));
  };

  const levelPass: PooledHistogramBuilder['levelPass'] = (targets, partition) => {
    const perChunk = arena.chunkScratch[0]!.length;
    for (let first = 0; first < Math.max(1, targets.length); first += perChunk) {
      const batch = targets.slice(first, first + perChunk);
      const part = (c: number, j: number) => (c === 0 ? batch[j]!.hist : arena.chunkScratch[c - 1]![j]!);
      for (const table of arena.targets) table.fill(0);
      for (let c = 0; c < chunks; c++) {
        batch.forEach((t, j) => {
          if (c > 0) part(c, j).fill(0);
          arena.targets[c]![t.node] = part(c, j).byteOffset;
        });
      }
      const split = partition && first === 0 ? 1 : 0;
      const wasm = kernels !== null && batch.every((t) => inArena(t.hist));
      const a = arena;
      const own = (c: number) => {
        if (wasm) {
          const [start, end] = [global[c]!, global[c + 1]!];
          const [nodeOf, cols, bins, gh] = [a.nodeOf, a.columnBins, a.rowBins, a.gh].map((v) => v.byteOffset);
          kernels.level_pass(
            nodeOf!,
            start,
            end,
            cols!,
            n,
            bins!,
            gh!,
            F,
            a.nodeInfo.byteOffset,
            a.targets[c]!.byteOffset,
            split,
            a.binOffsets.byteOffset,
          );
        } else {
          levelPassJs(
            a,
            global[c]!,
            global[c + 1]!,
            F,
            new Map(batch.map((t, j) => [t.node, part(c, j)])),
            split === 1,
          );
        }
      };
      if (wasm)
        runChunks(team(), global, JOB_LEVEL_PASS, [0, 0, split], (c) => a.targets[c]!.byteOffset, own);
      else for (let c = 0; c < chunks; c++) own(c);
      for (let c = 1; c < chunks; c++) {
        batch.forEach((t, j) => {
          addInto(t.hist, part(c, j));
        });
      }
      if (targets.length === 0) break;
    }
  };

  const rowUpdate: PooledHistogramBuilder['rowUpdate'] = (logistic, hasTree) => {
    const [l, t] = [logistic ? 1 : 0, hasTree ? 1 : 0];
    const own = (c: number) => rowPass(arena.rowViews, global[c]!, global[c + 1]!, c, l, t);
    if (memory && memory.buffer instanceof SharedArrayBuffer)
      runChunks(team(), global, JOB_ROW_UPDATE, [l, t, 0], (c) => c, own);
    else for (let c = 0; c < chunks; c++) own(c);
    const stats = arena.rowViews.stats;
    let loss = 0;
    let G = 0;
    let H = 0;
    for (let c = 0; c < chunks; c++) {
      loss += stats[3 * c]!;
      G += stats[3 * c + 1]!;
      H += stats[3 * c + 2]!;
    }
    return { loss, G, H };
  };

  return {
    build,
    levelPass,
    rowUpdate,
    close: () => {
      stopHelpers(helpers ?? []);
      helpers = [];
    },
  };
}

function addInto(into: Float64Array, from: Float64Array): void {
  for (let s = 0; s < into.length; s++) into[s]! += from[s]!;
}
