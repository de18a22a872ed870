import { MlError } from '../errors.ts';
import { type ColumnTable, columnTable, type TableColumn } from './column-table.ts';

/** How to read each column of a record set; columns not listed are ignored. */
export interface RecordSchema {
  readonly [column: string]: 'numeric' | 'categorical';
}

/** A cell as it arrives from a CSV reader, a JSON body or a database row. */
export type RecordValue = string | number | boolean | null | undefined;

/** Strings that mean "missing" in a numeric or categorical column (R's `NA`, pandas' `NaN`, ...). */
export const MISSING_MARKERS: ReadonlySet<string> = new Set(['', 'NA', 'NaN', 'nan', 'null', 'NULL', 'N/A']);

/**
 * Builds a typed table from row records. A numeric column accepts numbers, numeric strings
 * and booleans (as 0/1); anything else throws `non_numeric_value` naming the column and row.
 *
 * ```ts
 * const table = tableFromRecords(
 *   [{ age: '31', city: 'Oslo' }, { age: 'NA', city: null }],
 *   { age: 'numeric', city: 'categorical' },
 * );
 * ```
 */
export function tableFromRecords(
  records: readonly Readonly<Record<string, RecordValue>>[],
  schema: RecordSchema,
): ColumnTable {
  const columns: TableColumn[] = Object.entries(schema).map(([name, kind]) =>
    kind === 'numeric'
      ? { name, kind, values: Float64Array.from(records, (r, row) => parseNumeric(r[name], name, row)) }
      : { name, kind, values: records.map((r) => parseCategory(r[name])) },
  );
  return columnTable(columns);
}

/** Parses one numeric cell; `null`, `undefined` and the missing markers give `NaN`. */
export function parseNumeric(value: RecordValue, column: string, row: number): number {
  if (value === null || value === undefined) return Number.NaN;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  const text = value.trim();
  if (MISSING_MARKERS.has(text)) return Number.NaN;
  const n = Number(text);
  if (Number.isNaN(n)) {
    throw new MlError('non_numeric_value', `Column "${column}" is numeric but row ${row} holds "${value}"`, {
      column,
      row,
      value,
    });
  }
  return n;
}

function parseCategory(value: RecordValue): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isNaN(value) ? null : String(value);
  if (typeof value === 'boolean') return String(value);
  return MISSING_MARKERS.has(value.trim()) ? null : value;
}

/**
 * Guesses a schema: a column is numeric when every present value is a number, a boolean or
 * a numeric string, categorical otherwise. For data whose types are already known (a
 * dataset version's schema), pass that schema to `tableFromRecords` instead.
 *
 * ```ts
 * inferRecordSchema([{ a: '1', b: 'x' }, { a: 'NA', b: 'y' }]); // { a: 'numeric', b: 'categorical' }
 * ```
 */
export function inferRecordSchema(records: readonly Readonly<Record<string, RecordValue>>[]): RecordSchema {
  const schema: Record<string, 'numeric' | 'categorical'> = {};
  for (const name of Object.keys(records[0] ?? {})) {
    let numeric = true;
    for (const r of records) {
      const v = r[name];
      if (v === null || v === undefined || typeof v === 'number' || typeof v === 'boolean') continue;
      const text = v.trim();
      if (!MISSING_MARKERS.has(text) && Number.isNaN(Number(text))) {
        numeric = false;
        break;
      }
    }
    schema[name] = numeric ? 'numeric' : 'categorical';
  }
  return schema;
}
