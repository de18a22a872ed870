import { MlError } from '../errors.ts';

/** A numeric column: one float64 per row, `NaN` where the value is missing. */
export interface NumericColumn {
  readonly name: string;
  readonly kind: 'numeric';
  readonly values: Float64Array;
}

/** A categorical column: one string per row, `null` where the value is missing. */
export interface CategoricalColumn {
  readonly name: string;
  readonly kind: 'categorical';
  readonly values: readonly (string | null)[];
}

export type TableColumn = NumericColumn | CategoricalColumn;

/**
 * The small column-oriented table every learner, encoder and metric in `@baton/ml` reads.
 * Columns are typed once, up front, so the numerics never guess a type row by row.
 *
 * ```ts
 * const table = columnTable([
 *   numericColumn('age', [31, 45, NaN]),
 *   categoricalColumn('city', ['Oslo', null, 'Lima']),
 * ]);
 * table.rowCount; // 3
 * ```
 */
export interface ColumnTable {
  readonly rowCount: number;
  readonly columns: readonly TableColumn[];
}

/**
 * Makes a numeric column; `null`/`undefined` become `NaN` (missing). A `Float64Array` is
 * adopted as is, not copied (large tables would otherwise be held twice).
 */
export function numericColumn(name: string, values: ArrayLike<number | null | undefined>): NumericColumn {
  if (values instanceof Float64Array) return { name, kind: 'numeric', values };
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = v === null || v === undefined ? Number.NaN : v;
  }
  return { name, kind: 'numeric', values: out };
}

/** Makes a categorical column; `undefined` becomes `null` (missing). */
export function categoricalColumn(
  name: string,
  values: ArrayLike<string | null | undefined>,
): CategoricalColumn {
  return { name, kind: 'categorical', values: Array.from(values, (v) => v ?? null) };
}

/** Assembles columns into a table; throws `invalid_param` on unequal lengths or duplicate names. */
export function columnTable(columns: readonly TableColumn[]): ColumnTable {
  const rowCount = columns[0]?.values.length ?? 0;
  const seen = new Set<string>();
  for (const col of columns) {
    if (col.values.length !== rowCount) {
      throw new MlError(
        'invalid_param',
        `Column "${col.name}" has ${col.values.length} rows, expected ${rowCount}`,
        {
          column: col.name,
        },
      );
    }
    if (seen.has(col.name))
      throw new MlError('invalid_param', `Duplicate column "${col.name}"`, { column: col.name });
    seen.add(col.name);
  }
  return { rowCount, columns };
}

/** The column called `name`, or `undefined`. */
export function findColumn(table: ColumnTable, name: string): TableColumn | undefined {
  return table.columns.find((c) => c.name === name);
}

/** A table with the given rows, in the given order (indices may repeat). */
export function takeRows(table: ColumnTable, rows: ArrayLike<number>): ColumnTable {
  const columns = table.columns.map((col): TableColumn => {
    if (col.kind === 'numeric') {
      const values = new Float64Array(rows.length);
      for (let i = 0; i < rows.length; i++) values[i] = col.values[rows[i]!]!;
      return { name: col.name, kind: 'numeric', values };
    }
    const values = new Array<string | null>(rows.length);
    for (let i = 0; i < rows.length; i++) values[i] = col.values[rows[i]!] ?? null;
    return { name: col.name, kind: 'categorical', values };
  });
  return { rowCount: rows.length, columns };
}

/** A table without the named columns. */
export function dropColumns(table: ColumnTable, names: readonly string[]): ColumnTable {
  const drop = new Set(names);
  return { rowCount: table.rowCount, columns: table.columns.filter((c) => !drop.has(c.name)) };
}

/** Whether a column value is missing (`NaN` or `null`). */
export function isMissing(column: TableColumn, row: number): boolean {
  const v = column.values[row];
  return column.kind === 'numeric' ? Number.isNaN(v) : v === null || v === undefined;
}
