import type { ColumnProfile, DatasetColumn, DatasetProfile } from '@baton/contracts';
import type { DuckDBConnection } from '@duckdb/node-api';
import { nowIso } from '../../clock.ts';
import { ident, literal, queryRows, withConnection } from '../duckdb.ts';

export const HISTOGRAM_BINS = 20;
export const QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;
const TOP_VALUES = 10;
const SAMPLE_ROWS = 20;
const MAX_CORRELATED = 64;
/** Above this many rows, distinct counts are HyperLogLog estimates (`approx_count_distinct`). */
export const EXACT_DISTINCT_ROWS = 2_000_000;

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
 * the first rows as a sample. Each numeric column is scanned on its own to bound memory.
 */
export async function computeProfile(file: string, columns: DatasetColumn[]): Promise<DatasetProfile> {
  const started = Date.now();
  return withConnection(async (conn) => {
    const src = `read_parquet(${literal(file)})`;
    const [meta] = await queryRows(
      conn,
      `SELECT num_rows::DOUBLE AS n FROM parquet_file_metadata(${literal(file)})`,
    );
    const rowCount = Number(meta?.n ?? 0);
    const exact = rowCount <= EXACT_DISTINCT_ROWS;
    const parts: string[] = [];
    columns.forEach((column, i) => {
      const c = ident(column.name);
      const kind = kindOf(column.type);
      const distinctOf = kind === 'other' ? `${c}::VARCHAR` : c;
      parts.push(`count(${c})::DOUBLE AS cnt${i}`);
      parts.push(
        `${exact ? `count(DISTINCT ${distinctOf})` : `approx_count_distinct(${distinctOf})`}::DOUBLE AS dst${i}`,
      );
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
    const [agg = {}] =
      columns.length > 0 ? await queryRows(conn, `SELECT ${parts.join(', ')} FROM ${src}`) : [];

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
        distinct: Number(agg[`dst${i}`] ?? 0),
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
        profile.topValues = await topValues(conn, src, column.name);
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
    const exactQuantiles = rowCount * measured.length <= EXACT_QUANTILE_VALUES;
    await numericDetails(conn, src, measured, exactQuantiles);
    const numeric = measured.slice(0, MAX_CORRELATED);
    const correlations = await correlate(conn, src, numeric);
    const sampleReader = await conn.runAndReadAll(`SELECT * FROM ${src} LIMIT ${SAMPLE_ROWS}`);
    return {
      rowCount,
      distinctApproximate: !exact,
      quantilesApproximate: !exactQuantiles,
      columns: profiles,
      correlations,
      sample: { columns: sampleReader.columnNames(), rows: sampleReader.getRowsJson() as unknown[][] },
      computedAt: nowIso(),
      elapsedMs: Date.now() - started,
    };
  });
}

/** Histogram edges as numpy computes them: `linspace(min, max, bins + 1)`, a flat column widened by 0.5. */
export function histogramEdges(min: number, max: number, bins = HISTOGRAM_BINS): number[] {
  const [lo, hi] = min === max ? [min - 0.5, max + 0.5] : [min, max];
  const step = (hi - lo) / bins;
  return Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : i * step + lo));
}

/** Above this many numeric values (rows x numeric columns), quantiles are t-digest estimates. */
export const EXACT_QUANTILE_VALUES = 20_000_000;

/**
 * Quantiles and histograms of every numeric column in one scan. Bins follow numpy: a first
 * guess from the scaled value, corrected against the edges (`linspace`), the last bin closed.
 */
async function numericDetails(
  conn: DuckDBConnection,
  src: string,
  columns: ColumnProfile[],
  exact: boolean,
): Promise<void> {
  if (columns.length === 0) return;
  // The inner projection computes each value and its first-guess bin once per row.
  const inner: string[] = [];
  const parts = columns.map((column, k) => {
    const x = `x${k}`;
    const g = `g${k}`;
    const edges = histogramEdges(column.min as number, column.max as number);
    column.histogram = { edges, counts: new Array<number>(HISTOGRAM_BINS).fill(0) };
    const lo = edges[0] ?? 0;
    const hi = edges[HISTOGRAM_BINS] ?? 0;
    const step = (hi - lo) / HISTOGRAM_BINS;
    const value = `${ident(column.name)}::DOUBLE`;
    inner.push(
      `CASE WHEN isnan(${value}) THEN NULL ELSE ${value} END AS ${x}`,
      `least(greatest(floor((${value} - ${lo}) * (${HISTOGRAM_BINS} / (${hi} - ${lo})))::INTEGER, 0), ${HISTOGRAM_BINS - 1}) AS ${g}`,
    );
    const edge = (i: string) =>
      `(CASE WHEN (${i}) >= ${HISTOGRAM_BINS} THEN ${hi} ELSE (${i}) * ${step} + ${lo} END)`;
    const bin = `CASE WHEN ${x} < ${edge(g)} THEN ${g} - 1 WHEN ${g} < ${HISTOGRAM_BINS - 1} AND ${x} >= ${edge(`${g} + 1`)} THEN ${g} + 1 ELSE ${g} END`;
    const quantile = exact ? 'quantile_cont' : 'approx_quantile';
    return `${quantile}(${x}, [${QUANTILES.join(', ')}]) AS q${k}, histogram(${bin}) FILTER (WHERE ${x} IS NOT NULL) AS h${k}`;
  });
  const [row = {}] = await queryRows(
    conn,
    `SELECT ${parts.join(', ')} FROM (SELECT ${inner.join(', ')} FROM ${src})`,
  );
  columns.forEach((column, k) => {
    const q = (row[`q${k}`] as unknown[] | null) ?? [];
    column.quantiles = Object.fromEntries(QUANTILES.map((p, i) => [String(p), Number(q[i])]));
    const counts = column.histogram?.counts ?? [];
    const histogram = (row[`h${k}`] ?? {}) as Record<string, unknown> | { key: unknown; value: unknown }[];
    const entries = Array.isArray(histogram)
      ? histogram.map((e) => [String(e.key), e.value] as const)
      : Object.entries(histogram);
    for (const [key, value] of entries) {
      const index = Math.min(HISTOGRAM_BINS - 1, Math.max(0, Number(key)));
      counts[index] = (counts[index] ?? 0) + Number(value);
    }
  });
}

async function topValues(
  conn: DuckDBConnection,
  src: string,
  name: string,
): Promise<ColumnProfile['topValues']> {
  const rows = await queryRows(
    conn,
    `SELECT ${ident(name)}::VARCHAR AS v, count(*)::DOUBLE AS n FROM ${src} WHERE ${ident(name)} IS NOT NULL
     GROUP BY 1 ORDER BY n DESC, v LIMIT ${TOP_VALUES}`,
  );
  return rows.map((r) => ({ value: String(r.v), count: Number(r.n) }));
}

async function correlate(
  conn: DuckDBConnection,
  src: string,
  columns: ColumnProfile[],
): Promise<DatasetProfile['correlations']> {
  const names = columns.map((c) => c.name);
  // As pandas: a constant column correlates with nothing, itself included (NaN there, null here).
  const matrix = columns.map(
    (c, i) => names.map((_, j) => (i === j && c.std ? 1 : null)) as (number | null)[],
  );
  const pairs: [number, number][] = [];
  for (let i = 0; i < names.length; i++) for (let j = i + 1; j < names.length; j++) pairs.push([i, j]);
  if (pairs.length > 0) {
    const select = pairs
      .map(([i, j], k) => `corr(${ident(names[i] ?? '')}::DOUBLE, ${ident(names[j] ?? '')}::DOUBLE) AS c${k}`)
      .join(', ');
    const [row = {}] = await queryRows(conn, `SELECT ${select} FROM ${src}`);
    pairs.forEach(([i, j], k) => {
      const value = finite(row[`c${k}`]);
      (matrix[i] as (number | null)[])[j] = value;
      (matrix[j] as (number | null)[])[i] = value;
    });
  }
  return { columns: names, matrix };
}
