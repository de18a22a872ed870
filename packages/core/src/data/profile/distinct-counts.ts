import type { ColumnProfile } from '@baton/contracts';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident, queryRows } from '../duckdb.ts';
import { type HashThreshold, hashThreshold } from './hash-threshold.ts';

/** Columns whose rough estimate is at most this many values are counted exactly. */
export const EXACT_DISTINCT_VALUES = 200_000;
/**
 * Distinct hashes an estimate rests on at least: the relative standard error is about
 * 1 / sqrt(DISTINCT_SAMPLE) = 0.8%, so the estimate is within 2.4% of the true count with
 * 99.7% probability.
 */
export const DISTINCT_SAMPLE = 16_384;
/**
 * Distinct hashes the first pass lets through per column if every value were distinct. A
 * column with at least DISTINCT_SAMPLE / FIRST_PASS_SAMPLE of its rows distinct is settled
 * by the first pass; the others get a second, tuned pass (distinct-counts refinement).
 */
export const FIRST_PASS_SAMPLE = 262_144;
/** A column's values as the distinct counts see them (other types by their text). */
const distinctValue = (column: Pick<ColumnProfile, 'name' | 'kind'>): string =>
  column.kind === 'other' ? `${ident(column.name)}::VARCHAR` : ident(column.name);

/** Counts a column's distinct values exactly. */
export const exactDistinct = (column: Pick<ColumnProfile, 'name' | 'kind'>, alias: string): string =>
  `count(DISTINCT ${distinctValue(column)})::DOUBLE AS ${alias}`;

/** Counts the distinct hashes below `threshold` among a column's present values. */
const sampledDistinct = (
  column: Pick<ColumnProfile, 'name' | 'kind'>,
  threshold: HashThreshold,
  alias: string,
) => {
  const value = distinctValue(column);
  return `count(DISTINCT hash(${value})) FILTER (WHERE ${ident(column.name)} IS NOT NULL AND ${threshold.passes(`hash(${value})`)})::DOUBLE AS ${alias}`;
};

/**
 * Hash-based distinct sampling (each distinct value passes a hash threshold with the same
 * probability, however often it repeats): the first pass over a large version keeps, per
 * column, the distinct hashes below a threshold chosen to let about FIRST_PASS_SAMPLE values
 * through were every row distinct. `part` is that pass's SQL for one column; a column with
 * enough hashes kept is `settled` by the `estimate`, the others go to refineDistinctCounts
 * with the estimate as a rough guide.
 */
export function firstPassDistinct(rowCount: number): {
  part(column: Pick<ColumnProfile, 'name' | 'kind'>, alias: string): string;
  estimate(kept: number): number;
  settled(kept: number): boolean;
} {
  const threshold = hashThreshold(FIRST_PASS_SAMPLE / Math.max(rowCount, 1));
  return {
    part: (column, alias) => sampledDistinct(column, threshold, alias),
    estimate: (kept) => kept / threshold.share,
    // Enough hashes kept for the promised precision, and too many values to count exactly.
    settled: (kept) => kept >= DISTINCT_SAMPLE && kept / threshold.share > EXACT_DISTINCT_VALUES,
  };
}

/**
 * Settles the distinct counts the first pass could not, in one more pass over only those
 * columns: a column estimated at up to EXACT_DISTINCT_VALUES values is counted exactly; any
 * other is sampled again with a threshold tuned to keep about DISTINCT_SAMPLE of its values.
 * `columns` carry the first pass's rough estimate in `distinct`. True when some count remains
 * an estimate.
 */
export async function refineDistinctCounts(
  conn: DuckDBConnection,
  src: string,
  columns: ColumnProfile[],
): Promise<boolean> {
  const plans = columns.map((column, k) => {
    if (column.distinct <= EXACT_DISTINCT_VALUES) {
      return { column, share: 1, sql: exactDistinct(column, `d${k}`) };
    }
    const threshold = hashThreshold(DISTINCT_SAMPLE / column.distinct);
    return { column, share: threshold.share, sql: sampledDistinct(column, threshold, `d${k}`) };
  });
  if (plans.length === 0) return false;
  const [row = {}] = await queryRows(conn, `SELECT ${plans.map((p) => p.sql).join(', ')} FROM ${src}`);
  plans.forEach((plan, k) => {
    const counted = Number(row[`d${k}`] ?? 0);
    plan.column.distinct = Math.min(plan.column.count, Math.round(counted / plan.share));
  });
  return plans.some((plan) => plan.share < 1);
}
