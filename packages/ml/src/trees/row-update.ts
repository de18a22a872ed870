/**
 * The fused per-round row pass of depth-wise boosting with one output (binary log loss or
 * squared error), run on rows [start, end) of one chunk: walk each row from its node label
 * (`nodeOf`, -1 = root) to its leaf in the tree just grown and add the leaf value to its
 * score; then write the next round's gradient pair and add the row's loss and pair to the
 * chunk's totals. Kept as source text so helper threads compile exactly the same functions
 * (`new Function` here, `eval` in the worker): every thread computes the same bits.
 *
 * The objective and whether there is a tree are baked into four specialised functions
 * (`ROW_UPDATE_SOURCE` is an array literal of them, indexed `2 * logistic + hasTree`): flags
 * tested inside the hot loop cost about a third of the pass.
 *
 * `v` holds typed-array views: nodeOf, cols (feature-major bins), nBins, raw, y, gh, tree
 * arrays (feature, bin, left, right, missingLeft as i32; values as f64) and stats (three
 * f64 per chunk: loss, G, H). The gradient pair and loss are those of `fillGradients`.
 */
function rowUpdateSource(logistic: boolean, hasTree: boolean): string {
  const walk = `
    const from = nodeOf[i];
    let node = from > 0 ? from : 0;
    let f = feature[node];
    while (f >= 0) {
      const b = cols[f * n + i];
      const goLeft = b === nBins[f] ? missingLeft[node] === 1 : b <= bin[node];
      node = goLeft ? left[node] : right[node];
      f = feature[node];
    }
    const z = raw[i] + values[node];
    raw[i] = z;`;
  const gradient = logistic
    ? `
    const e = Math.exp(-Math.abs(z));
    const p = (z >= 0 ? 1 : e) / (1 + e);
    const g = p - yi;
    const h = Math.max(p * (1 - p), 1e-16);
    loss += Math.max(z, 0) + Math.log1p(e) - yi * z;`
    : `
    const g = z - yi;
    const h = 1;
    loss += 0.5 * g * g;`;
  return `function rowUpdate(v, start, end, chunk) {
  const { nodeOf, cols, nBins, raw, y, gh, feature, bin, left, right, missingLeft, values, stats } = v;
  const n = nodeOf.length;
  let loss = 0, G = 0, H = 0;
  for (let i = start; i < end; i++) {${hasTree ? walk : '\n    const z = raw[i];'}
    const yi = y[i];${gradient}
    gh[2 * i] = g;
    gh[2 * i + 1] = h;
    G += g;
    H += h;
  }
  stats[3 * chunk] = loss;
  stats[3 * chunk + 1] = G;
  stats[3 * chunk + 2] = H;
}`;
}

/** `[squared, squared with tree, logistic, logistic with tree]` as one array literal. */
export const ROW_UPDATE_SOURCE = `[${[false, true]
  .flatMap((logistic) => [false, true].map((hasTree) => rowUpdateSource(logistic, hasTree)))
  .join(',\n')}]`;

/** Typed-array views the row pass reads and writes (all in the arena). */
export interface RowUpdateViews {
  readonly nodeOf: Int32Array;
  readonly cols: Uint8Array;
  readonly nBins: Int32Array;
  readonly raw: Float64Array;
  readonly y: Float64Array;
  readonly gh: Float64Array;
  readonly feature: Int32Array;
  readonly bin: Int32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly missingLeft: Int32Array;
  readonly values: Float64Array;
  readonly stats: Float64Array;
}

export type RowUpdate = (
  views: RowUpdateViews,
  start: number,
  end: number,
  chunk: number,
  logistic: number,
  hasTree: number,
) => void;

type RowUpdateVariant = (views: RowUpdateViews, start: number, end: number, chunk: number) => void;

let compiled: readonly RowUpdateVariant[] | null = null;

/** ROW_UPDATE_SOURCE compiled on this thread (once, so V8 optimises each variant once). */
export function compileRowUpdate(): RowUpdate {
  compiled ??= new Function(`return ${ROW_UPDATE_SOURCE};`)() as RowUpdateVariant[];
  const variants = compiled;
  return (views, start, end, chunk, logistic, hasTree) =>
    variants[2 * logistic + hasTree]!(views, start, end, chunk);
}
