import type { DatasetColumn, SchemaDiff } from '@baton/contracts';
import { ident, literal, queryRows, withConnection } from './duckdb.ts';

/** The columns (name, DuckDB type, whether any value is null) and row count of a Parquet file. */
export async function readParquetSchema(
  file: string,
): Promise<{ columns: DatasetColumn[]; rowCount: number }> {
  return withConnection(async (conn) => {
    const src = `read_parquet(${literal(file)})`;
    const described = await queryRows(conn, `DESCRIBE SELECT * FROM ${src}`);
    const [meta] = await queryRows(
      conn,
      `SELECT num_rows::DOUBLE AS n FROM parquet_file_metadata(${literal(file)})`,
    );
    // Null counts come from the file's statistics (no scan); a column without them is counted.
    const stats = await queryRows(
      conn,
      `SELECT path_in_schema AS name, sum(stats_null_count)::DOUBLE AS nulls, bool_and(stats_null_count IS NOT NULL) AS known
       FROM parquet_metadata(${literal(file)}) GROUP BY 1`,
    );
    const fromStats = new Map(
      stats.filter((r) => r.known === true).map((r) => [String(r.name), Number(r.nulls)]),
    );
    const names = described.map((row) => String(row.column_name));
    const missing = names.filter((n) => !fromStats.has(n));
    if (missing.length > 0) {
      const [row = {}] = await queryRows(
        conn,
        `SELECT ${missing.map((n, i) => `(count(*) - count(${ident(n)}))::DOUBLE AS n${i}`).join(', ')} FROM ${src}`,
      );
      for (const [i, n] of missing.entries()) fromStats.set(n, Number(row[`n${i}`] ?? 0));
    }
    return {
      rowCount: Number(meta?.n ?? 0),
      columns: described.map((row) => ({
        name: String(row.column_name),
        type: String(row.column_type),
        nullable: (fromStats.get(String(row.column_name)) ?? 0) > 0,
      })),
    };
  });
}

/** What changed from `parent` to `child`: columns added, removed, retyped, and nullability. */
export function diffSchemas(parent: DatasetColumn[], child: DatasetColumn[]): SchemaDiff {
  const before = new Map(parent.map((c) => [c.name, c]));
  const after = new Map(child.map((c) => [c.name, c]));
  const diff: SchemaDiff = { added: [], removed: [], retyped: [], nullability: [] };
  for (const column of child) {
    const old = before.get(column.name);
    if (!old) diff.added.push({ name: column.name, type: column.type });
    else {
      if (old.type !== column.type) diff.retyped.push({ name: column.name, from: old.type, to: column.type });
      if (old.nullable !== column.nullable)
        diff.nullability.push({ name: column.name, from: old.nullable, to: column.nullable });
    }
  }
  for (const column of parent) {
    if (!after.has(column.name)) diff.removed.push({ name: column.name, type: column.type });
  }
  return diff;
}
