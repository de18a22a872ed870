import { type ColumnTable, columnTable, MlError, type TableColumn } from '@baton/ml';
import type { ArtifactStore } from '../artifacts/artifact-store.ts';
import { ident, literal, withConnection } from '../data/duckdb.ts';
import { localFileOf } from '../data/local-file.ts';
import type { TrainingVersion } from './dataset-ref.ts';

export type ColumnKind = 'numeric' | 'categorical';

const NUMERIC_TYPE =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL.*)$/i;
const INTEGER_TYPE =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/i;
const TEMPORAL_TYPE = /^(DATE|TIME|TIMESTAMP|INTERVAL)/i;
const MISSING = new Set(['', 'NA', 'NaN', 'nan', 'null', 'NULL', 'N/A']);

/** How a column of this DuckDB type is read when the request does not say. */
export const defaultKind = (type: string): ColumnKind =>
  NUMERIC_TYPE.test(type) || type.toUpperCase() === 'BOOLEAN' ? 'numeric' : 'categorical';
export const isIntegerType = (type: string): boolean => INTEGER_TYPE.test(type);
/** Dates and times are left out of the default features: a model should not key on them. */
export const isTemporalType = (type: string): boolean => TEMPORAL_TYPE.test(type);

function numericFromText(name: string, values: readonly unknown[]): Float64Array {
  const out = new Float64Array(values.length);
  values.forEach((v, row) => {
    if (v === null || v === undefined) out[row] = Number.NaN;
    else {
      const text = String(v).trim();
      const n = MISSING.has(text) ? Number.NaN : Number(text);
      if (Number.isNaN(n) && !MISSING.has(text)) {
        throw new MlError(
          'non_numeric_value',
          `Column "${name}" is numeric but row ${row} holds "${String(v).slice(0, 100)}"`,
          {
            column: name,
            row,
          },
        );
      }
      out[row] = n;
    }
  });
  return out;
}

/**
 * Reads the named columns of a version's Parquet into a typed table: numeric columns as
 * float64 with NaN for nulls, categorical ones as text with null for missing. A text column
 * read as numeric must hold numbers (or missing markers) only: `non_numeric_value` otherwise.
 */
export async function loadVersionTable(
  artifacts: ArtifactStore,
  version: TrainingVersion,
  kinds: ReadonlyMap<string, ColumnKind>,
): Promise<ColumnTable> {
  const typeOf = new Map(version.columns.map((c) => [c.name, c.type]));
  const names = [...kinds.keys()];
  const file = await localFileOf(artifacts, version.digest);
  try {
    const select = names.map((name) => {
      const type = typeOf.get(name) ?? 'VARCHAR';
      const kind = kinds.get(name)!;
      const col = ident(name);
      if (kind === 'numeric' && type.toUpperCase() === 'BOOLEAN') return `CAST(${col} AS DOUBLE)`;
      if (kind === 'numeric' && NUMERIC_TYPE.test(type)) return `CAST(${col} AS DOUBLE)`;
      return `CAST(${col} AS VARCHAR)`;
    });
    const columns = await withConnection(async (conn) => {
      const reader = await conn.runAndReadAll(
        `SELECT ${select.map((s, i) => `${s} AS ${ident(`c${i}`)}`).join(', ')} FROM read_parquet(${literal(file.path)})`,
      );
      return reader.getColumnsJS();
    });
    const out: TableColumn[] = names.map((name, i) => {
      const values = (columns[i] ?? []) as unknown[];
      const type = typeOf.get(name) ?? 'VARCHAR';
      if (kinds.get(name) === 'numeric') {
        if (NUMERIC_TYPE.test(type) || type.toUpperCase() === 'BOOLEAN') {
          return {
            name,
            kind: 'numeric',
            values: Float64Array.from(values, (v) => (v === null ? Number.NaN : Number(v))),
          };
        }
        return { name, kind: 'numeric', values: numericFromText(name, values) };
      }
      return { name, kind: 'categorical', values: values.map((v) => (v === null ? null : String(v))) };
    });
    return columnTable(out);
  } finally {
    await file.release();
  }
}
