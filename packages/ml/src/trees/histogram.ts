import type { BinMapper } from './binning.ts';

/**
 * Where each feature's bins live in a flat histogram. Feature `f` owns slots
 * `offsets[f] .. offsets[f] + nBins[f]` (the last one counts missing values), and every slot
 * holds `channels` sums: the gradient channels, then the hessian (or weight).
 */
export interface HistogramLayout {
  readonly nFeatures: number;
  readonly nBins: Int32Array;
  readonly offsets: Int32Array;
  readonly slots: number;
  readonly channels: number;
}

/** The histogram layout for a bin mapper and a number of sum channels. */
export function histogramLayout(mapper: BinMapper, channels: number): HistogramLayout {
  const nFeatures = mapper.nBins.length;
  const offsets = new Int32Array(nFeatures);
  let slots = 0;
  for (let f = 0; f < nFeatures; f++) {
    offsets[f] = slots;
    slots += mapper.nBins[f]! + 1;
  }
  return { nFeatures, nBins: mapper.nBins, offsets, slots, channels };
}

/**
 * Sums the per-row channel values `gh` (row-major, `channels` per row) of rows
 * `rows[start..end)` into `hist` for the listed features. `hist` must be zero for those
 * features. `bins` holds each row's bin codes row-major (see `fillRowBins`); bin `b` of
 * feature `f` is slot `layout.offsets[f] + b`. Specialised for the two-channel (gradient,
 * hessian) case of boosting.
 */
export function buildHistogram(
  layout: HistogramLayout,
  bins: Uint8Array,
  gh: Float64Array,
  rows: Int32Array,
  start: number,
  end: number,
  features: Int32Array,
  hist: Float64Array,
): void {
  const F = layout.nFeatures;
  const S = layout.channels;
  const offsets = layout.offsets;
  const nf = features.length;
  if (S === 2 && nf === F) {
    for (let i = start; i < end; i++) {
      const r = rows[i]!;
      const g = gh[2 * r]!;
      const h = gh[2 * r + 1]!;
      const rb = r * F;
      for (let j = 0; j < F; j++) {
        const s = (offsets[j]! + bins[rb + j]!) << 1;
        hist[s]! += g;
        hist[s + 1]! += h;
      }
    }
    return;
  }
  if (S === 2) {
    for (let i = start; i < end; i++) {
      const r = rows[i]!;
      const g = gh[2 * r]!;
      const h = gh[2 * r + 1]!;
      const rb = r * F;
      for (let k = 0; k < nf; k++) {
        const f = features[k]!;
        const s = (offsets[f]! + bins[rb + f]!) << 1;
        hist[s]! += g;
        hist[s + 1]! += h;
      }
    }
    return;
  }
  for (let i = start; i < end; i++) {
    const r = rows[i]!;
    const rb = r * F;
    const rg = r * S;
    for (let k = 0; k < nf; k++) {
      const f = features[k]!;
      const s = (offsets[f]! + bins[rb + f]!) * S;
      for (let c = 0; c < S; c++) hist[s + c]! += gh[rg + c]!;
    }
  }
}

/** `target = parent - sibling` over the listed features' slots. */
export function subtractHistogram(
  layout: HistogramLayout,
  parent: Float64Array,
  sibling: Float64Array,
  target: Float64Array,
  features: Int32Array,
): void {
  const S = layout.channels;
  for (let k = 0; k < features.length; k++) {
    const f = features[k]!;
    const from = layout.offsets[f]! * S;
    const to = (layout.offsets[f]! + layout.nBins[f]! + 1) * S;
    for (let s = from; s < to; s++) target[s] = parent[s]! - sibling[s]!;
  }
}

/**
 * A free list of histogram buffers, so growing a tree does not churn the allocator. It
 * starts with `preallocated` buffers (views into the WebAssembly arena, where the fast
 * kernels can reach them) and allocates plain ones when those run out.
 */
export class HistogramPool {
  private readonly free: Float64Array[];

  constructor(
    private readonly size: number,
    private readonly shared: boolean,
    preallocated: readonly Float64Array[] = [],
  ) {
    this.free = [...preallocated].reverse();
  }

  /** A zeroed histogram. */
  take(): Float64Array {
    const h = this.free.pop();
    if (h) return h.fill(0);
    return this.shared ? new Float64Array(new SharedArrayBuffer(this.size * 8)) : new Float64Array(this.size);
  }

  give(h: Float64Array): void {
    this.free.push(h);
  }
}
