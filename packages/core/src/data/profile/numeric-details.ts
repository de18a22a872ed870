import type { ColumnProfile } from '@baton/contracts';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident, queryRows } from '../duckdb.ts';

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
 * The histogram of one numeric column with numpy's bins (`[e_i, e_i+1)`, the last one closed).
 * One grouped pass: each value's bin is guessed from its scaled position, and each guessed
 * bin reports its smallest and largest value. Where rounding put a value on the wrong side
 * of an edge (a bin's values do not all lie within its edges), the counts are taken again
 * by comparing every value with the edges themselves, which is exact by construction.
 */
export async function histogramOf(conn: DuckDBConnection, src: string, column: ColumnProfile): Promise<void> {
  const edges = histogramEdges(column.min as number, column.max as number);
  const lo = edges[0] ?? 0;
  const hi = edges[HISTOGRAM_BINS] ?? 0;
  const x = numericValue(column.name);
  const guess = `least(greatest(floor((x - ${double(lo)}) * ${double(HISTOGRAM_BINS / (hi - lo))})::INTEGER, 0), ${HISTOGRAM_BINS - 1})`;
  const groups = await queryRows(
    conn,
    `SELECT ${guess} AS g, count(*)::DOUBLE AS n, min(x) AS lo, max(x) AS hi
     FROM (SELECT ${x} AS x FROM ${src}) WHERE x IS NOT NULL GROUP BY 1`,
  );
  const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
  let straddles = false;
  for (const group of groups) {
    const g = Number(group.g);
    const first = Number(group.lo);
    const last = Number(group.hi);
    const below = edges[g] ?? lo;
    const above = edges[g + 1] ?? hi;
    if (first < below || (g < HISTOGRAM_BINS - 1 ? last >= above : last > above)) straddles = true;
    counts[g] = (counts[g] ?? 0) + Number(group.n);
  }
  if (straddles) {
    // count(x < e_i) for every inner edge, and count(x <= max): bins are the differences.
    const below = edges
      .slice(1, HISTOGRAM_BINS)
      .map((e, i) => `count(*) FILTER (WHERE x < ${double(e)})::DOUBLE AS c${i}`);
    const [row = {}] = await queryRows(
      conn,
      `SELECT ${below.join(', ')}, count(*) FILTER (WHERE x <= ${double(hi)})::DOUBLE AS c${HISTOGRAM_BINS - 1}
       FROM (SELECT ${x} AS x FROM ${src}) WHERE x IS NOT NULL AND x >= ${double(lo)}`,
    );
    let before = 0;
    for (let i = 0; i < HISTOGRAM_BINS; i++) {
      const upTo = Number(row[`c${i}`] ?? 0);
      counts[i] = upTo - before;
      before = upTo;
    }
  }
  column.histogram = { edges, counts };
}

const quantilesOf = (value: unknown): Record<string, number> => {
  const q = (value as unknown[] | null) ?? [];
  return Object.fromEntries(QUANTILES.map((p, i) => [String(p), Number(q[i])]));
};

/**
 * Quantiles of every numeric column, interpolated linearly as numpy does, in one pass: over
 * all rows (`exact`), or over a uniform sample of QUANTILE_SAMPLE_ROWS rows (reservoir
 * sampling with a fixed seed, so a version's profile does not depend on the run).
 */
export async function quantilesOfColumns(
  conn: DuckDBConnection,
  src: string,
  columns: ColumnProfile[],
  exact: boolean,
): Promise<void> {
  if (columns.length === 0) return;
  const inner = columns.map((column, k) => `${numericValue(column.name)} AS x${k}`);
  const parts = columns.map((_, k) => `quantile_cont(x${k}, [${QUANTILES.join(', ')}]) AS q${k}`);
  const sample = exact ? '' : ` USING SAMPLE reservoir(${QUANTILE_SAMPLE_ROWS} ROWS) REPEATABLE (42)`;
  const [row = {}] = await queryRows(
    conn,
    `SELECT ${parts.join(', ')} FROM (SELECT ${inner.join(', ')} FROM ${src}${sample})`,
  );
  columns.forEach((column, k) => {
    column.quantiles = quantilesOf(row[`q${k}`]);
  });
}
