import { HistogramPool } from './histogram.ts';
import type { RowUpdateViews } from './row-update.ts';
import { compileKernels, type HistogramKernels, instantiateKernels } from './wasm-kernels.ts';

/** Row ranges a large histogram build is split into: fixed, so sums never depend on threads. */
export const CHUNKS = 4;
/** Below this many rows a fit uses one chunk and no helper threads: they would not pay off. */
export const PARALLEL_MIN_ROWS = 65_536;

/** Chunks whole-data passes of a fit over `rows` rows use (a function of size only). */
export function chunkCount(rows: number): number {
  return rows >= PARALLEL_MIN_ROWS ? CHUNKS : 1;
}
/** Fields of one node in the level pass's node table (see `level_pass`). */
export const NODE_INFO_FIELDS = 6;
const PAGE = 65_536;
const MAX_PAGES = 65_536;
/** Histogram buffers kept inside the arena at most (beyond this, plain arrays and JS loops). */
const MAX_ARENA_HISTOGRAM_BYTES = 256 * 2 ** 20;

/**
 * The working memory of one boosting fit: bins (feature-major and row-major), each
 * feature's first histogram slot, gradient pairs, row indices and node labels, a feature list, node tables for the level pass and
 * histogram buffers, all views into one WebAssembly memory (shared when helper threads
 * run), so the WebAssembly kernels, here and in helpers, address them by byte offset.
 * Without WebAssembly, or above 4 GiB, the same views are plain typed arrays and `kernels`
 * is null (the JS loops then do the same work in the same order).
 */
export interface HistogramArena {
  readonly memory: WebAssembly.Memory | null;
  readonly module: WebAssembly.Module | null;
  readonly kernels: HistogramKernels | null;
  readonly columnBins: Uint8Array;
  /** Bin codes, row-major (`rowBins[r * F + f]`), what histograms are built from. */
  readonly rowBins: Uint8Array;
  /** Each feature's first histogram slot (HistogramLayout.offsets), for the kernels. */
  readonly binOffsets: Int32Array;
  readonly gh: Float64Array;
  readonly rows: Int32Array;
  /** Tree node of each row during level-wise growth (-1: not in the tree). */
  readonly nodeOf: Int32Array;
  readonly features: Int32Array;
  /** `maxNodes x NODE_INFO_FIELDS` i32 node table. */
  readonly nodeInfo: Int32Array;
  /** One `maxNodes` table of histogram byte offsets per chunk. */
  readonly targets: readonly Int32Array[];
  readonly pool: HistogramPool;
  /** Partial histograms of chunks 1..CHUNKS-1: `CHUNKS - 1` groups of `scratchPerChunk`. */
  readonly chunkScratch: readonly (readonly Float64Array[])[];
  /** Scores, targets, the current tree and per-chunk totals for the fused row pass. */
  readonly rowViews: RowUpdateViews;
  /** Byte offsets of `rowViews`, for helper threads to rebuild the same views. */
  readonly rowOffsets: Readonly<Record<keyof RowUpdateViews, readonly [number, number]>>;
}

export interface ArenaShape {
  readonly rows: number;
  readonly features: number;
  /** Slots per histogram (HistogramLayout.slots); each holds a gradient and a hessian. */
  readonly slots: number;
  /** Histograms alive at once while growing a tree. */
  readonly histograms: number;
  /** Node ids a tree may use (level-wise growth). */
  readonly maxNodes: number;
  /** Histograms one level pass may build at once (per chunk). */
  readonly levelTargets: number;
  readonly shared: boolean;
}

/** Lays out an arena (falling back to plain arrays if WebAssembly memory is unavailable). */
export function createHistogramArena(shape: ArenaShape): HistogramArena {
  const histDoubles = shape.slots * 2;
  const histBytes = histDoubles * 8;
  const budget = Math.floor(MAX_ARENA_HISTOGRAM_BYTES / histBytes);
  const histCount = Math.max(2, Math.min(shape.histograms, budget));
  const perChunk = Math.max(1, Math.min(shape.levelTargets, Math.floor(budget / (CHUNKS - 1))));
  const n = shape.rows;
  const sizes = {
    columnBins: n * shape.features,
    rowBins: n * shape.features,
    binOffsets: shape.features * 4,
    gh: n * 16,
    rows: n * 4,
    nodeOf: n * 4,
    features: shape.features * 4,
    nodeInfo: shape.maxNodes * NODE_INFO_FIELDS * 4,
    targets: CHUNKS * shape.maxNodes * 4,
    hists: (histCount + (CHUNKS - 1) * perChunk) * histBytes,
    raw: n * 8,
    y: n * 8,
    nBins: shape.features * 4,
    treeInts: 5 * shape.maxNodes * 4,
    treeValues: shape.maxNodes * 8,
    stats: CHUNKS * 3 * 8,
  };
  const offsets: Record<string, number> = {};
  let bytes = 8; // byte 0 stays unused: a target offset of 0 means "no histogram"
  for (const [key, size] of Object.entries(sizes)) {
    offsets[key] = bytes;
    bytes += Math.ceil(size / 8) * 8;
  }
  const pages = Math.ceil(bytes / PAGE);
  let memory: WebAssembly.Memory | null = null;
  let module: WebAssembly.Module | null = null;
  let kernels: HistogramKernels | null = null;
  try {
    if (pages <= MAX_PAGES) {
      memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: shape.shared });
      module = compileKernels(shape.shared);
      kernels = instantiateKernels(module, memory);
    }
  } catch {
    memory = null;
    module = null;
    kernels = null;
  }
  const buffer: ArrayBufferLike =
    memory?.buffer ?? (shape.shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const at = (key: keyof typeof sizes) => offsets[key]!;
  const hist = (i: number) => new Float64Array(buffer, at('hists') + i * histBytes, histDoubles);
  const m = shape.maxNodes;
  const rowOffsets = {
    nodeOf: [at('nodeOf'), n],
    cols: [at('columnBins'), sizes.columnBins],
    nBins: [at('nBins'), shape.features],
    raw: [at('raw'), n],
    y: [at('y'), n],
    gh: [at('gh'), 2 * n],
    feature: [at('treeInts'), m],
    bin: [at('treeInts') + 4 * m, m],
    left: [at('treeInts') + 8 * m, m],
    right: [at('treeInts') + 12 * m, m],
    missingLeft: [at('treeInts') + 16 * m, m],
    values: [at('treeValues'), m],
    stats: [at('stats'), CHUNKS * 3],
  } as const;
  return {
    memory,
    module,
    kernels,
    columnBins: new Uint8Array(buffer, at('columnBins'), sizes.columnBins),
    rowBins: new Uint8Array(buffer, at('rowBins'), n * shape.features),
    binOffsets: new Int32Array(buffer, at('binOffsets'), shape.features),
    gh: new Float64Array(buffer, at('gh'), n * 2),
    rows: new Int32Array(buffer, at('rows'), n),
    nodeOf: new Int32Array(buffer, at('nodeOf'), n),
    features: new Int32Array(buffer, at('features'), shape.features),
    nodeInfo: new Int32Array(buffer, at('nodeInfo'), shape.maxNodes * NODE_INFO_FIELDS),
    targets: Array.from(
      { length: CHUNKS },
      (_, c) => new Int32Array(buffer, at('targets') + c * shape.maxNodes * 4, shape.maxNodes),
    ),
    pool: new HistogramPool(
      histDoubles,
      shape.shared,
      Array.from({ length: histCount }, (_, i) => hist(i)),
    ),
    chunkScratch: Array.from({ length: CHUNKS - 1 }, (_, c) =>
      Array.from({ length: perChunk }, (_, j) => hist(histCount + c * perChunk + j)),
    ),
    rowViews: rowUpdateViews(buffer, rowOffsets),
    rowOffsets,
  };
}

const FLOAT_VIEWS = new Set(['raw', 'y', 'gh', 'values', 'stats']);

/** Rebuilds the row-pass views on a buffer from their offsets (used by helper threads too). */
export function rowUpdateViews(
  buffer: ArrayBufferLike,
  offsets: Readonly<Record<keyof RowUpdateViews, readonly [number, number]>>,
): RowUpdateViews {
  const views: Record<string, Int32Array | Uint8Array | Float64Array> = {};
  for (const [key, [offset, length]] of Object.entries(offsets)) {
    views[key] =
      key === 'cols'
        ? new Uint8Array(buffer, offset, length)
        : FLOAT_VIEWS.has(key)
          ? new Float64Array(buffer, offset, length)
          : new Int32Array(buffer, offset, length);
  }
  return views as unknown as RowUpdateViews;
}
