import type { HistogramLayout } from './histogram.ts';

/** Regularisation and size limits a split must respect. */
export interface SplitConstraints {
  /** L2 penalty on leaf values (XGBoost `lambda`). */
  readonly l2: number;
  /** Least hessian (boosting) or weight (forests) on each side (XGBoost `min_child_weight`). */
  readonly minChildWeight: number;
  /** Least gain for a split to be kept (XGBoost `gamma`). */
  readonly minSplitGain: number;
}

/** The best split of a node; `leftSums` holds the channel sums sent left (missing included). */
export interface SplitCandidate {
  readonly feature: number;
  /** Values with bin code <= `bin` go left. */
  readonly bin: number;
  readonly missingLeft: boolean;
  readonly gain: number;
  readonly leftSums: Float64Array;
}

/**
 * The gain-maximising split over the listed features, or null if none has positive gain.
 * Gain is XGBoost's: half the sum over gradient channels of
 * `GL^2/(HL+l2) + GR^2/(HR+l2) - G^2/(H+l2)`, minus `minSplitGain`. Missing values are tried
 * on both sides and the better side becomes the learned default direction; when the node
 * has none, they follow the heavier child. Ties keep the earlier feature and bin.
 */
export function findBestSplit(
  layout: HistogramLayout,
  hist: Float64Array,
  totals: Float64Array,
  features: ArrayLike<number>,
  c: SplitConstraints,
): SplitCandidate | null {
  if (layout.channels === 2) return findBestSplit2(layout, hist, totals, features, c);
  const S = layout.channels;
  const G = S - 1;
  const score = (sums: ArrayLike<number>, off: number): number => {
    const h = sums[off + G]!;
    let s = 0;
    for (let k = 0; k < G; k++) s += sums[off + k]! ** 2;
    return s / (h + c.l2);
  };
  const parentScore = score(totals, 0);
  const left = new Float64Array(S);
  const withMissing = new Float64Array(S);
  let best: SplitCandidate | null = null;
  // Relative floor: rounding noise on a pure node must not count as a gain.
  let bestGain = 1e-12 * parentScore;
  for (let fi = 0; fi < features.length; fi++) {
    const f = features[fi]!;
    const nb = layout.nBins[f]!;
    const base = layout.offsets[f]! * S;
    const missingOff = base + nb * S;
    const missingWeight = hist[missingOff + G]!;
    left.fill(0);
    for (let b = 0; b + 1 < nb; b++) {
      for (let k = 0; k < S; k++) left[k]! += hist[base + b * S + k]!;
      for (let side = 0; side < 2; side++) {
        const missingLeft = side === 0;
        if (missingLeft) for (let k = 0; k < S; k++) withMissing[k] = left[k]! + hist[missingOff + k]!;
        else if (missingWeight > 0) withMissing.set(left);
        else continue;
        const hl = withMissing[G]!;
        const hr = totals[G]! - hl;
        if (hl < c.minChildWeight || hr < c.minChildWeight || hl <= 0 || hr <= 0) continue;
        let rightScore = 0;
        for (let k = 0; k < G; k++) rightScore += (totals[k]! - withMissing[k]!) ** 2;
        rightScore /= hr + c.l2;
        const gain = 0.5 * (score(withMissing, 0) + rightScore - parentScore) - c.minSplitGain;
        if (gain > bestGain) {
          bestGain = gain;
          const noMissing = missingWeight <= 0;
          best = {
            feature: f,
            bin: b,
            missingLeft: noMissing ? hl >= hr : missingLeft,
            gain,
            leftSums: Float64Array.from(withMissing),
          };
        }
      }
    }
  }
  return best;
}

// The boosting case (one gradient channel) with scalar sums: the hot path of fitGbdt.
function findBestSplit2(
  layout: HistogramLayout,
  hist: Float64Array,
  totals: Float64Array,
  features: ArrayLike<number>,
  c: SplitConstraints,
): SplitCandidate | null {
  const G = totals[0]!;
  const H = totals[1]!;
  const l2 = c.l2;
  const mcw = c.minChildWeight;
  const parentScore = (G * G) / (H + l2);
  let bestGain = 1e-12 * parentScore;
  let best = -1;
  let bestBin = 0;
  let bestMissingLeft = false;
  let bestGl = 0;
  let bestHl = 0;
  for (let fi = 0; fi < features.length; fi++) {
    const f = features[fi]!;
    const nb = layout.nBins[f]!;
    const base = layout.offsets[f]! * 2;
    const gm = hist[base + nb * 2]!;
    const hm = hist[base + nb * 2 + 1]!;
    let gl = 0;
    let hl = 0;
    for (let b = 0; b + 1 < nb; b++) {
      gl += hist[base + 2 * b]!;
      hl += hist[base + 2 * b + 1]!;
      // Missing values left.
      const hlm = hl + hm;
      const hr = H - hlm;
      if (hlm >= mcw && hr >= mcw && hlm > 0 && hr > 0) {
        const glm = gl + gm;
        const gr = G - glm;
        const gain = 0.5 * ((glm * glm) / (hlm + l2) + (gr * gr) / (hr + l2) - parentScore) - c.minSplitGain;
        if (gain > bestGain) {
          bestGain = gain;
          best = f;
          bestBin = b;
          bestMissingLeft = hm > 0 ? true : hlm >= hr;
          bestGl = glm;
          bestHl = hlm;
        }
      }
      // Missing values right (only differs when there are any).
      if (hm > 0) {
        const hr2 = H - hl;
        if (hl >= mcw && hr2 >= mcw && hl > 0 && hr2 > 0) {
          const gr = G - gl;
          const gain = 0.5 * ((gl * gl) / (hl + l2) + (gr * gr) / (hr2 + l2) - parentScore) - c.minSplitGain;
          if (gain > bestGain) {
            bestGain = gain;
            best = f;
            bestBin = b;
            bestMissingLeft = false;
            bestGl = gl;
            bestHl = hl;
          }
        }
      }
    }
  }
  if (best < 0) return null;
  return {
    feature: best,
    bin: bestBin,
    missingLeft: bestMissingLeft,
    gain: bestGain,
    leftSums: Float64Array.of(bestGl, bestHl),
  };
}

/** Leaf values `-G_k / (H + l2)` for each gradient channel. */
export function leafValues(sums: Float64Array, l2: number): Float64Array {
  const G = sums.length - 1;
  const h = sums[G]!;
  const out = new Float64Array(G);
  for (let k = 0; k < G; k++) out[k] = h + l2 > 0 ? -sums[k]! / (h + l2) : 0;
  return out;
}
