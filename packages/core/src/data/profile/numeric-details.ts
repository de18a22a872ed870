import type { ColumnProfile } from '@baton/contracts';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident, literal, queryRows } from '../duckdb.ts';
import { hashThreshold } from './hash-threshold.ts';

export const HISTOGRAM_BINS = 20;
export const QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;
/**
 * Rows in the quantile sample of a large version. By the Dvoretzky-Kiefer-Wolfowitz
 * inequality the sample's quantile at p lies between the true quantiles at p - e and p + e,
 * e = sqrt(ln(2 / 0.01) / (2 * 200000)) = 0.0036, with 99% probability.
 */
export const QUANTILE_SAMPLE_ROWS = 200_000;

/** Histogram edges as numpy computes them: `linspace(min, max, bins + 1)`, a flat column widened by 0.5. */
export function histogramEdges(min: number, max: number, bins = HISTOGRAM_BINS): number[] {
  const [lo, hi] = min === max ? [min - 0.5, max + 0.5] : [min, max];
  const step = (hi - lo) / bins;
  return Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : i * step + lo));
}

/** A double as a SQL literal that DuckDB reads back as the very same double. */
const double = (value: number): string => `(${value})::DOUBLE`;
/** A column's values as doubles, NaN read as missing (pandas skips NaN as it skips nulls). */
const numericValue = (name: string): string => {
  const value = `${ident(name)}::DOUBLE`;
  return `CASE WHEN isnan(${value}) THEN NULL ELSE ${value} END`;
};

/**
 * The histograms of numeric columns with numpy's bins (`[e_i, e_i+1)`, the last one closed),
 * all in one pass, exact by construction: DuckDB's bounded `histogram(v, boundaries)` counts
 * each v into the first boundary b with v <= b (values above the last into an overflow
 * bucket), so counting v = -x against the negated inner and upper edges, in ascending order
 * [-e_20, -e_19, ..., -e_1], gives: bucket 0 holds x >= e_20 (the maximum, which numpy puts
 * in its closed last bin), bucket j holds e_(20-j) <= x < e_(21-j), and the overflow holds
 * x < e_1. A column whose edges do not strictly increase (a range too narrow for the doubles
 * between its ends) is counted by comparisons of its own.
 */
export async function histogramsOf(
  conn: DuckDBConnection,
  src: string,
  columns: ColumnProfile[],
): Promise<void> {
  const plans = columns.map((column) => ({
    column,
    edges: histogramEdges(column.min as number, column.max as number),
  }));
  const increasing = plans.filter(({ edges }) => edges.every((e, i) => i === 0 || e > (edges[i - 1] ?? e)));
  if (increasing.length > 0) {
    const parts = increasing.map(({ column, edges }, k) => {
      const bounds = edges
        .slice(1)
        .reverse()
        .map((e) => double(-e));
      return `histogram(-(${numericValue(column.name)}), [${bounds.join(', ')}]) AS h${k}`;
    });
    const [row = {}] = await queryRows(conn, `SELECT ${parts.join(', ')} FROM ${src}`);
    increasing.forEach(({ column, edges }, k) => {
      const buckets = ((row[`h${k}`] as { value: unknown }[] | null) ?? []).map((b) => Number(b.value));
      // One bucket per boundary and the overflow; anything else is counted by comparisons below.
      if (buckets.length !== HISTOGRAM_BINS + 1) return;
      const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
      buckets.forEach((n, j) => {
        const bin = j === HISTOGRAM_BINS ? 0 : j === 0 ? HISTOGRAM_BINS - 1 : HISTOGRAM_BINS - j;
        counts[bin] = (counts[bin] ?? 0) + n;
      });
      column.histogram = { edges, counts };
    });
  }
  for (const { column, edges } of plans) {
    if (column.histogram === null) await histogramByComparison(conn, src, column, edges);
  }
}

/** One column's histogram from count(x < e_i) for every inner edge and count(x <= max): bins are the differences. */
async function histogramByComparison(
  conn: DuckDBConnection,
  src: string,
  column: ColumnProfile,
  edges: number[],
): Promise<void> {
  const x = numericValue(column.name);
  const lo = edges[0] ?? 0;
  const hi = edges[HISTOGRAM_BINS] ?? 0;
  const below = edges
    .slice(1, HISTOGRAM_BINS)
    .map((e, i) => `count(*) FILTER (WHERE x < ${double(e)})::DOUBLE AS c${i}`);
  const [row = {}] = await queryRows(
    conn,
    `SELECT ${below.join(', ')}, count(*) FILTER (WHERE x <= ${double(hi)})::DOUBLE AS c${HISTOGRAM_BINS - 1}
     FROM (SELECT ${x} AS x FROM ${src}) WHERE x IS NOT NULL AND x >= ${double(lo)}`,
  );
  const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
  let before = 0;
  for (let i = 0; i < HISTOGRAM_BINS; i++) {
    const upTo = Number(row[`c${i}`] ?? 0);
    counts[i] = upTo - before;
    before = upTo;
  }
  column.histogram = { edges, counts };
}

const quantilesOf = (value: unknown): Record<string, number> => {
  const q = (value as unknown[] | null) ?? [];
  return Object.fromEntries(QUANTILES.map((p, i) => [String(p), Number(q[i])]));
};

/**
 * Quantiles of every numeric column, interpolated linearly as numpy does, in one pass: over
 * all rows (`sampleOf` null), or over a uniform sample of about QUANTILE_SAMPLE_ROWS of the
 * `sampleOf.rowCount` rows. A row is in the sample when the hash of its position in the file
 * falls below a threshold: each row independently with the same probability, the same rows
 * for a version on every run, and the scan stays parallel (a reservoir is filled by one thread).
 */
export async function quantilesOfColumns(
  conn: DuckDBConnection,
  file: string,
  columns: ColumnProfile[],
  sampleOf: { rowCount: number } | null,
): Promise<void> {
  if (columns.length === 0) return;
  const inner = columns.map((column, k) => `${numericValue(column.name)} AS x${k}`);
  const parts = columns.map((_, k) => `quantile_cont(x${k}, [${QUANTILES.join(', ')}]) AS q${k}`);
  const sample = hashThreshold(sampleOf ? QUANTILE_SAMPLE_ROWS / Math.max(sampleOf.rowCount, 1) : 1);
  const from =
    sample.share < 1
      ? `read_parquet(${literal(file)}, file_row_number = true) WHERE ${sample.passes('hash(file_row_number)')}`
      : `read_parquet(${literal(file)})`;
  const [row = {}] = await queryRows(
    conn,
    `SELECT ${parts.join(', ')} FROM (SELECT ${inner.join(', ')} FROM ${from})`,
  );
  columns.forEach((column, k) => {
    column.quantiles = quantilesOf(row[`q${k}`]);
  });
}
