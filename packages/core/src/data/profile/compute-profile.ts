import type { ColumnProfile, DatasetColumn, DatasetProfile } from '@baton/contracts';
import type { DuckDBConnection } from '@duckdb/node-api';
import { nowIso } from '../../clock.ts';
import { ident, literal, queryRows, withConnection } from '../duckdb.ts';
import { exactDistinct, firstPassDistinct, refineDistinctCounts } from './distinct-counts.ts';
import { histogramsOf, quantilesOfColumns } from './numeric-details.ts';

export { HISTOGRAM_BINS, histogramEdges, QUANTILE_SAMPLE_ROWS, QUANTILES } from './numeric-details.ts';

const TOP_VALUES = 10;
const SAMPLE_ROWS = 20;
const MAX_CORRELATED = 64;
/**
 * Up to this many rows a profile is exact everywhere. Above it, a numeric, temporal or other
 * column with more than EXACT_DISTINCT_VALUES distinct values gets an estimated distinct count
 * (within 2.4% with 99.7% probability, distinct-counts.ts) and quantiles come from a uniform
 * sample of QUANTILE_SAMPLE_ROWS rows (rank error at most 0.0036 with 99% probability,
 * numeric-details.ts). Categorical and boolean distinct counts, histograms, means,
 * deviations and correlations stay exact at every size.
 */
export const EXACT_DISTINCT_ROWS = 2_000_000;

export interface ProfileOptions {
  /** Above this many rows the profile estimates what EXACT_DISTINCT_ROWS says (tests lower it). */
  exactRows?: number;
}

type Kind = ColumnProfile['kind'];

export function kindOf(type: string): Kind {
  const t = type.toUpperCase();
  if (
    /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/.test(
      t,
    )
  )
    return 'numeric';
  if (t === 'BOOLEAN') return 'boolean';
  if (/^(DATE|TIMESTAMP|TIME)/.test(t)) return 'temporal';
  if (t === 'VARCHAR' || t.startsWith('ENUM')) return 'categorical';
  return 'other';
}

const finite = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : null;
};

/**
 * The profile of one Parquet file: per-column counts, missing, distinct, min/max,
 * mean and std (ddof = 1), quantiles (linear interpolation), histograms (numpy's equal-width
 * bins), top values and string lengths; Pearson correlations over pairwise complete rows;
 * the first rows as a sample. Few passes over the file: one for every statistic that needs
 * nothing known beforehand (correlations included), one for the distinct counts (a
 * hash-threshold sample of them in a large version), one grouped query per categorical column
 * (top values and its exact distinct count), one for every histogram (they need min and max),
 * one for the quantiles (over a row sample in a large version) and, in a large version, one
 * for the distinct counts the sample could not settle.
 */
export async function computeProfile(
  file: string,
  columns: DatasetColumn[],
  options: ProfileOptions = {},
): Promise<DatasetProfile> {
  const started = Date.now();
  return withConnection(async (conn) => {
    const src = `read_parquet(${literal(file)})`;
    const [meta] = await queryRows(
      conn,
      `SELECT num_rows::DOUBLE AS n FROM parquet_file_metadata(${literal(file)})`,
    );
    const rowCount = Number(meta?.n ?? 0);
    const exact = rowCount <= (options.exactRows ?? EXACT_DISTINCT_ROWS);
    const numericColumns = columns.filter((c) => kindOf(c.type) === 'numeric');
    // With few enough numeric columns the correlations ride along in the first pass.
    const numericNames = numericColumns.map((c) => c.name);
    const fused = numericColumns.length <= MAX_CORRELATED ? pairsOf(numericNames) : [];
    const aliases = corrAliases(numericNames);
    const parts: string[] = fused.map(aliases.part);
    // Distinct counts go in a query of their own: DuckDB computes an ungrouped query holding a
    // DISTINCT aggregate along another path, which made every other aggregate beside it slower
    // (a 10M x 20 first pass: 11.7 s together, 7.9 s as two queries).
    const distinctParts: string[] = [];
    const sampled = firstPassDistinct(rowCount);
    columns.forEach((column, i) => {
      const c = ident(column.name);
      const kind = kindOf(column.type);
      parts.push(`count(${c})::DOUBLE AS cnt${i}`);
      // Categorical and boolean columns are counted exactly by their grouped query below.
      if (kind !== 'categorical' && kind !== 'boolean') {
        distinctParts.push(
          exact
            ? exactDistinct({ name: column.name, kind }, `dst${i}`)
            : sampled.part({ name: column.name, kind }, `dst${i}`),
        );
      }
      if (kind === 'numeric') {
        parts.push(`min(${c})::DOUBLE AS min${i}`, `max(${c})::DOUBLE AS max${i}`);
        parts.push(`avg(${c}::DOUBLE) AS avg${i}`, `stddev_samp(${c}::DOUBLE) AS std${i}`);
      } else if (kind === 'categorical') {
        parts.push(`min(${c})::VARCHAR AS min${i}`, `max(${c})::VARCHAR AS max${i}`);
        parts.push(`min(length(${c}))::DOUBLE AS lmin${i}`, `avg(length(${c}))::DOUBLE AS lavg${i}`);
        parts.push(`max(length(${c}))::DOUBLE AS lmax${i}`);
      } else if (kind === 'temporal' || kind === 'boolean') {
        parts.push(`min(${c})::VARCHAR AS min${i}`, `max(${c})::VARCHAR AS max${i}`);
      }
    });
    const [stats = {}] =
      columns.length > 0 ? await queryRows(conn, `SELECT ${parts.join(', ')} FROM ${src}`) : [];
    const [distincts = {}] =
      distinctParts.length > 0 ? await queryRows(conn, `SELECT ${distinctParts.join(', ')} FROM ${src}`) : [];
    const agg: Record<string, unknown> = { ...stats, ...distincts };

    const profiles: ColumnProfile[] = [];
    for (const [i, column] of columns.entries()) {
      const kind = kindOf(column.type);
      const count = Number(agg[`cnt${i}`] ?? 0);
      const profile: ColumnProfile = {
        name: column.name,
        type: column.type,
        kind,
        count,
        missing: rowCount - count,
        distinct: exact ? Number(agg[`dst${i}`] ?? 0) : sampled.estimate(Number(agg[`dst${i}`] ?? 0)),
        min: null,
        max: null,
        mean: null,
        std: null,
        quantiles: null,
        histogram: null,
        topValues: null,
        stringLength: null,
      };
      if (kind === 'numeric') {
        profile.min = finite(agg[`min${i}`]);
        profile.max = finite(agg[`max${i}`]);
        profile.mean = finite(agg[`avg${i}`]);
        profile.std = finite(agg[`std${i}`]);
      } else if (kind !== 'other') {
        profile.min = (agg[`min${i}`] as string | null) ?? null;
        profile.max = (agg[`max${i}`] as string | null) ?? null;
      }
      if (kind === 'categorical' || kind === 'boolean') {
        const grouped = await topValues(conn, src, column.name);
        profile.topValues = grouped.top;
        profile.distinct = grouped.distinct;
      }
      if (kind === 'categorical' && count > 0) {
        profile.stringLength = {
          min: Number(agg[`lmin${i}`]),
          mean: Number(agg[`lavg${i}`]),
          max: Number(agg[`lmax${i}`]),
        };
      }
      profiles.push(profile);
    }

    const measured = profiles.filter(
      (p) => p.kind === 'numeric' && p.count > 0 && p.min !== null && p.max !== null,
    );
    // A large version's distinct counts: settled by the first pass's sample, or refined.
    let estimated = false;
    if (!exact) {
      const unsettled: ColumnProfile[] = [];
      profiles.forEach((profile, i) => {
        const kept = agg[`dst${i}`];
        // Categorical and boolean columns were counted exactly; an empty column has none.
        if (kept === undefined || kept === null || profile.count === 0) return;
        if (sampled.settled(Number(kept))) {
          profile.distinct = Math.min(profile.count, Math.round(profile.distinct));
          estimated = true;
        } else {
          unsettled.push(profile);
        }
      });
      if (await refineDistinctCounts(conn, src, unsettled)) estimated = true;
    }
    await histogramsOf(conn, src, measured);
    await quantilesOfColumns(conn, file, measured, exact ? null : { rowCount });
    const numeric = measured.slice(0, MAX_CORRELATED);
    const correlations =
      numericColumns.length <= MAX_CORRELATED
        ? correlationMatrix(numeric, (a, b) => finite(agg[aliases.alias(a, b)]))
        : await correlate(conn, src, numeric);
    const sampleReader = await conn.runAndReadAll(`SELECT * FROM ${src} LIMIT ${SAMPLE_ROWS}`);
    return {
      rowCount,
      distinctApproximate: estimated,
      quantilesApproximate: !exact && measured.length > 0,
      columns: profiles,
      correlations,
      sample: { columns: sampleReader.columnNames(), rows: sampleReader.getRowsJson() as unknown[][] },
      computedAt: nowIso(),
      elapsedMs: Date.now() - started,
    };
  });
}

/** The most frequent values of a column and, from the same grouping, its exact distinct count. */
async function topValues(
  conn: DuckDBConnection,
  src: string,
  name: string,
): Promise<{ top: ColumnProfile['topValues']; distinct: number }> {
  const c = ident(name);
  const rows = await queryRows(
    conn,
    `SELECT ${c}::VARCHAR AS v, count(*)::DOUBLE AS n, (count(*) OVER ())::DOUBLE AS groups FROM ${src}
     WHERE ${c} IS NOT NULL GROUP BY 1 ORDER BY n DESC, v LIMIT ${TOP_VALUES}`,
  );
  return {
    top: rows.map((r) => ({ value: String(r.v), count: Number(r.n) })),
    distinct: Number(rows[0]?.groups ?? 0),
  };
}

const pairsOf = (names: string[]): [string, string][] =>
  names.flatMap((a, i) => names.slice(i + 1).map((b) => [a, b] as [string, string]));
/** Column names are users' text: a pair's alias is made of the columns' positions in `names`. */
function corrAliases(names: string[]): {
  alias(a: string, b: string): string;
  part(pair: [string, string]): string;
} {
  const position = new Map(names.map((n, i) => [n, i]));
  const alias = (a: string, b: string) => `corr_${position.get(a)}_${position.get(b)}`;
  return {
    alias,
    part: ([a, b]) => `corr(${ident(a)}::DOUBLE, ${ident(b)}::DOUBLE) AS ${alias(a, b)}`,
  };
}

/** The symmetric matrix over `columns` from a function giving each pair's correlation. */
function correlationMatrix(
  columns: ColumnProfile[],
  pair: (a: string, b: string) => number | null,
): DatasetProfile['correlations'] {
  const names = columns.map((c) => c.name);
  // As pandas: a constant column correlates with nothing, itself included (NaN there, null here).
  const matrix = columns.map(
    (c, i) => names.map((_, j) => (i === j && c.std ? 1 : null)) as (number | null)[],
  );
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const value = pair(names[i] ?? '', names[j] ?? '');
      (matrix[i] as (number | null)[])[j] = value;
      (matrix[j] as (number | null)[])[i] = value;
    }
  }
  return { columns: names, matrix };
}

/** Correlations in a pass of their own (versions with more than MAX_CORRELATED numeric columns). */
async function correlate(
  conn: DuckDBConnection,
  src: string,
  columns: ColumnProfile[],
): Promise<DatasetProfile['correlations']> {
  const names = columns.map((c) => c.name);
  const pairs = pairsOf(names);
  const aliases = corrAliases(names);
  const [row = {}] =
    pairs.length > 0 ? await queryRows(conn, `SELECT ${pairs.map(aliases.part).join(', ')} FROM ${src}`) : [];
  return correlationMatrix(columns, (a, b) => finite(row[aliases.alias(a, b)]));
}
