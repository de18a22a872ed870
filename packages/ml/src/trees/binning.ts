import type { FeatureMatrix } from '../data/feature-matrix.ts';
import { createRng, sampleWithoutReplacement } from '../data/random.ts';
import { MlError, requireParam } from '../errors.ts';
import { sortFloat32 } from './radix-sort.ts';

/**
 * Per-feature bin edges for histogram trees. Feature `f` has `edges[f].length + 1` value
 * bins: bin `b` holds the values `v` with `edges[f][b-1] < fround(v) <= edges[f][b]`, and
 * code `nBins[f]` marks a missing value. Edges are float32 numbers, so a split "bin <= b"
 * is exactly the serving test `fround(x) <= edges[f][b]` that ONNX tree ensembles run.
 */
export interface BinMapper {
  readonly edges: readonly Float32Array[];
  /** Value bins per feature (the missing code is `nBins[f]`). */
  readonly nBins: Int32Array;
}

/** Rows sampled per feature to place quantile edges (like LightGBM's `bin_construct_sample_cnt`). */
const EDGE_SAMPLE = 200_000;
/** Float32 values gathered at once while placing edges (32 MB). */
const GATHER_FLOATS = 8 * 2 ** 20;

/**
 * Places at most `maxBins` value bins per feature: one per distinct value when there are
 * few, otherwise at quantiles of (a seeded sample of) the present values. Edges sit halfway
 * between neighbouring values, rounded to float32.
 *
 * ```ts
 * const mapper = fitBinMapper(x, 255, 0);
 * const bins = binMatrix(x, mapper); // Uint8Array, row-major, same shape as x
 * ```
 */
export function fitBinMapper(x: FeatureMatrix, maxBins: number, seed: number): BinMapper {
  requireParam(
    Number.isInteger(maxBins) && maxBins >= 2 && maxBins <= 255,
    'maxBins must be an integer in [2, 255]',
    {
      maxBins,
    },
  );
  const rng = createRng(seed);
  const rows = x.rows > EDGE_SAMPLE ? sampleWithoutReplacement(rng, x.rows, EDGE_SAMPLE) : null;
  const count = rows ? rows.length : x.rows;
  const edges: Float32Array[] = [];
  // Features are gathered a group at a time, reading each sampled row once per group (row by
  // row, as the matrix is laid out) rather than once per feature.
  const group = Math.max(1, Math.min(x.cols, Math.floor(GATHER_FLOATS / Math.max(1, count))));
  const gathered = new Float32Array(group * count);
  const counts = new Int32Array(group);
  for (let g0 = 0; g0 < x.cols; g0 += group) {
    const width = Math.min(group, x.cols - g0);
    counts.fill(0);
    for (let i = 0; i < count; i++) {
      const base = (rows ? rows[i]! : i) * x.cols + g0;
      for (let k = 0; k < width; k++) {
        const v = x.data[base + k]!;
        if (!Number.isNaN(v)) gathered[k * count + counts[k]!++] = v;
      }
    }
    for (let k = 0; k < width; k++) {
      const n = counts[k]!;
      if (n === 0)
        throw new MlError('all_missing_feature', `Feature ${g0 + k} has no values in the training data`, {
          feature: g0 + k,
        });
      edges.push(featureEdges(sortFloat32(gathered.subarray(k * count, k * count + n)), maxBins));
    }
  }
  return { edges, nBins: Int32Array.from(edges, (e) => e.length + 1) };
}

function featureEdges(sorted: Float32Array, maxBins: number): Float32Array {
  const distinctValues = new Float32Array(sorted.length);
  const counts = new Int32Array(sorted.length);
  let nDistinct = 0;
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i]!;
    if (nDistinct > 0 && distinctValues[nDistinct - 1] === v) counts[nDistinct - 1]!++;
    else {
      distinctValues[nDistinct] = v;
      counts[nDistinct++] = 1;
    }
  }
  const distinct = distinctValues.subarray(0, nDistinct);
  const cuts: number[] = [];
  if (nDistinct <= maxBins) {
    for (let k = 0; k + 1 < nDistinct; k++) cuts.push(k);
  } else {
    // Greedy equal-frequency cuts over distinct values.
    let cum = 0;
    let next = 1;
    for (let k = 0; k + 1 < nDistinct && next < maxBins; k++) {
      cum += counts[k]!;
      if (cum >= (next * sorted.length) / maxBins) {
        cuts.push(k);
        while (next < maxBins && cum >= (next * sorted.length) / maxBins) next++;
      }
    }
  }
  const edges = new Float32Array(cuts.length);
  cuts.forEach((k, i) => {
    const lo = distinct[k]!;
    const hi = distinct[k + 1]!;
    const mid = Math.fround(lo + (hi - lo) / 2);
    edges[i] = mid >= hi || mid < lo || !Number.isFinite(mid) ? lo : mid;
  });
  return edges;
}

/** The bin code of one value for feature `f` (missing gives `nBins[f]`). */
export function binOf(mapper: BinMapper, f: number, v: number): number {
  const edges = mapper.edges[f]!;
  if (Number.isNaN(v)) return edges.length + 1;
  const x = Math.fround(v);
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Bins every value of `x`, feature-major: `out[f * x.rows + i]` is the code of row `i`.
 * A binary search mispredicts a branch at every step; instead each feature gets a table of
 * `BUCKETS` equal-width buckets between its first and last edge holding the bin where a
 * bucket starts, and a short scan (both ways, so rounding cannot make it wrong) finishes.
 */
export function binColumns(
  x: FeatureMatrix,
  mapper: BinMapper,
  out: Uint8Array = new Uint8Array(x.rows * x.cols),
): Uint8Array {
  const { rows, cols, data } = x;
  const features = Array.from({ length: cols }, (_, f) => {
    const edges = mapper.edges[f]!;
    const m = edges.length;
    const lo = m > 0 ? edges[0]! : 0;
    const span = m > 1 ? edges[m - 1]! - lo : 0;
    const scale = span > 0 && Number.isFinite(span) ? BUCKETS / span : 0;
    const table = new Int32Array(BUCKETS + 1);
    for (let k = 0, b = 0; k <= BUCKETS; k++) {
      const start = lo + k / scale;
      while (b < m && edges[b]! < start) b++;
      table[k] = b;
    }
    return { edges, m, lo, scale, table };
  });
  // Row blocks: each feature's strided reads stay within lines the block already brought in.
  for (let from = 0; from < rows; from += BIN_BLOCK) {
    const to = Math.min(rows, from + BIN_BLOCK);
    for (let f = 0; f < cols; f++) {
      const { edges, m, lo, scale, table } = features[f]!;
      const base = f * rows;
      for (let i = from; i < to; i++) {
        const v = data[i * cols + f]!;
        if (Number.isNaN(v)) {
          out[base + i] = m + 1;
          continue;
        }
        const x32 = Math.fround(v);
        let b: number;
        if (!(x32 > lo)) b = 0;
        else if (scale === 0) b = binOf(mapper, f, x32);
        else {
          const k = (x32 - lo) * scale;
          b = k >= BUCKETS ? m : table[k | 0]!;
          while (b > 0 && edges[b - 1]! >= x32) b--;
          while (b < m && edges[b]! < x32) b++;
        }
        out[base + i] = b;
      }
    }
  }
  return out;
}

/** Rows per block while binning. */
const BIN_BLOCK = 2048;

const BUCKETS = 4096;

/**
 * Copies feature-major bins (`columnBins[f * rows + i]`) to row-major ones
 * (`out[i * cols + f]`), what histogram building reads row by row.
 */
export function fillRowBins(
  columnBins: Uint8Array,
  rows: number,
  cols: number,
  out: Uint8Array = new Uint8Array(rows * cols),
): Uint8Array {
  for (let from = 0; from < rows; from += BIN_BLOCK) {
    const to = Math.min(rows, from + BIN_BLOCK);
    for (let f = 0; f < cols; f++) {
      const base = f * rows;
      for (let i = from; i < to; i++) out[i * cols + f] = columnBins[base + i]!;
    }
  }
  return out;
}
