import { rm } from 'node:fs/promises';
import type { DataFormat, FieldError, IngestOptions } from '@baton/contracts';
import type { DuckDBConnection } from '@duckdb/node-api';
import { badRequest, ServiceError } from '../errors.ts';
import { duckMessage, literal, queryRows, VERSION_PARQUET, withConnection } from './duckdb.ts';
import type { SpooledFile } from './spool.ts';
import { workFile } from './spool.ts';

export interface Converted {
  /** The Parquet file in the work folder; the caller removes it. */
  parquet: string;
  format: DataFormat;
  /** The reading options used, detected or given. */
  options: Record<string, unknown>;
  skippedRows: number;
  skippedLines: number[];
}

export const DEFAULT_NULLS = ['', 'NA', 'N/A', 'NaN', 'NULL', 'null'];
const MAX_REPORTED = 20;

const CONTENT_TYPE_FORMATS: Record<string, DataFormat> = {
  'text/csv': 'csv',
  'text/tab-separated-values': 'tsv',
  'application/x-ndjson': 'ndjson',
  'application/vnd.apache.parquet': 'parquet',
};

/** The format: as given, else from the content type, the file name, then the bytes. */
export function detectFormat(
  file: SpooledFile,
  given: DataFormat | undefined,
  contentType: string | undefined,
  filename: string | undefined,
): DataFormat {
  if (given) return given;
  const byType = contentType ? CONTENT_TYPE_FORMATS[contentType] : undefined;
  if (byType) return byType;
  const ext = filename?.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  if (ext === 'parquet' || ext === 'csv' || ext === 'tsv' || ext === 'ndjson' || ext === 'json') return ext;
  if (ext === 'jsonl') return 'ndjson';
  if (file.head.subarray(0, 4).toString('latin1') === 'PAR1') return 'parquet';
  const text = file.head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (text.startsWith('[')) return 'json';
  if (text.startsWith('{')) {
    const firstLine = text.split('\n', 1)[0] ?? '';
    try {
      JSON.parse(firstLine);
      return 'ndjson';
    } catch {
      return 'json';
    }
  }
  return 'csv';
}

/**
 * Reads a spooled file with DuckDB and writes it as one Parquet file (zstd). Malformed input
 * is refused with a 400 that says where: CSV lines with their numbers (or, with
 * `onBadRows: skip`, counted and dropped), duplicate or empty column names, a Parquet
 * file that is not Parquet, text that is not in the declared encoding.
 */
export async function convertToParquet(
  file: SpooledFile,
  format: DataFormat,
  options: IngestOptions,
): Promise<Converted> {
  if (file.bytes === 0)
    throw badRequest('the file is empty (0 bytes)', [{ path: 'body', message: 'empty file' }]);
  const encoding = resolveEncoding(file, format, options);
  const parquet = await workFile('.parquet');
  try {
    const result = await withConnection(async (conn) => {
      switch (format) {
        case 'csv':
        case 'tsv':
          return convertCsv(conn, file, format, options, encoding, parquet);
        case 'json':
        case 'ndjson':
          return convertJson(conn, file, format, parquet);
        case 'parquet':
          return convertParquet(conn, file, parquet);
      }
    });
    await assertColumns(parquet);
    return result;
  } catch (error) {
    await rm(parquet, { force: true });
    throw error;
  }
}

function resolveEncoding(file: SpooledFile, format: DataFormat, options: IngestOptions): string {
  if (format === 'parquet') return 'binary';
  const given = options.encoding;
  if (given === 'latin-1') return 'latin-1';
  if (given === 'utf-16' || file.encoding === 'utf-16') {
    if (format !== 'csv' && format !== 'tsv') throw badRequest('UTF-16 is supported for CSV and TSV only');
    return 'utf-16';
  }
  if (file.encoding === 'invalid') {
    throw badRequest(
      `the file is not valid UTF-8 (the first undecodable bytes start at byte ${file.invalidAt}); if it is Latin-1, pass encoding=latin-1`,
      [{ path: 'body', message: `undecodable bytes at byte ${file.invalidAt}` }],
    );
  }
  return 'utf-8';
}

const optionText = (value: string) => (value === '(empty)' ? '' : value);

async function convertCsv(
  conn: DuckDBConnection,
  file: SpooledFile,
  format: 'csv' | 'tsv',
  options: IngestOptions,
  encoding: string,
  parquet: string,
): Promise<Converted> {
  const nulls = options.nullValues === undefined ? DEFAULT_NULLS : options.nullValues.split(',');
  const given: string[] = [`encoding=${literal(encoding)}`];
  const delimiter = options.delimiter ?? (format === 'tsv' ? '\t' : undefined);
  if (delimiter !== undefined) given.push(`delim=${literal(delimiter)}`);
  if (options.quote !== undefined) given.push(`quote=${literal(options.quote)}`);
  if (options.escape !== undefined) given.push(`escape=${literal(options.escape)}`);
  if (options.header !== undefined) given.push(`header=${options.header}`);
  const nullList = `nullstr=[${nulls.map(literal).join(', ')}]`;
  const src = literal(file.path);

  let sniffed: Record<string, unknown>;
  try {
    [sniffed = {}] = await queryRows(
      conn,
      `SELECT Delimiter, Quote, Escape, HasHeader FROM sniff_csv(${src}, ignore_errors=true, ${nullList}, ${given.join(', ')})`,
    );
  } catch (error) {
    throw badRequest(`the file cannot be read as ${format.toUpperCase()}: ${duckMessage(error)}`);
  }
  const dialect = {
    delimiter: String(sniffed.Delimiter),
    quote: optionText(String(sniffed.Quote)),
    escape: optionText(String(sniffed.Escape)),
    header: Boolean(sniffed.HasHeader),
  };
  const shape = [
    `delim=${literal(dialect.delimiter)}`,
    `quote=${literal(dialect.quote)}`,
    `escape=${literal(dialect.escape)}`,
    `encoding=${literal(encoding)}`,
  ].join(', ');
  const read = `${shape}, header=${dialect.header}, ${nullList}`;

  if (dialect.header) {
    const [first] = await queryRows(
      conn,
      `SELECT * FROM read_csv(${src}, ${shape}, header=false, all_varchar=true, ignore_errors=true) LIMIT 1`,
    ).catch((error: unknown) => {
      throw badRequest(`the file cannot be read as ${format.toUpperCase()}: ${duckMessage(error)}`);
    });
    assertHeader(Object.values(first ?? {}).map((v) => (v === null ? '' : String(v))));
  }

  const converted = {
    parquet,
    format,
    options: { ...dialect, encoding, nullValues: nulls, onBadRows: options.onBadRows },
  };
  // Most files are well formed: a strict read (no rejects bookkeeping) is the fast path.
  // Any error sends the file down the careful path, which finds and reports the bad rows.
  try {
    await conn.run(
      `COPY (SELECT * FROM read_csv(${src}, ${read})) TO ${literal(parquet)} (${VERSION_PARQUET})`,
    );
    return { ...converted, skippedRows: 0, skippedLines: [] };
  } catch {
    await rm(parquet, { force: true });
  }
  const id = Math.random().toString(36).slice(2);
  const rejects = `rejects_${id}`;
  const scans = `scans_${id}`;
  try {
    await conn.run(
      `COPY (SELECT * FROM read_csv(${src}, ${read}, store_rejects=true, ignore_errors=true, rejects_table=${literal(rejects)}, rejects_scan=${literal(scans)})) TO ${literal(parquet)} (${VERSION_PARQUET})`,
    );
  } catch (error) {
    throw badRequest(`the file cannot be read as ${format.toUpperCase()}: ${duckMessage(error)}`);
  }
  const [counted] = await queryRows(conn, `SELECT count(DISTINCT line)::DOUBLE AS n FROM ${rejects}`);
  const skippedRows = Number(counted?.n ?? 0);
  const bad = await queryRows(
    conn,
    `SELECT line::DOUBLE AS line, any_value(error_message) AS message FROM ${rejects} GROUP BY line ORDER BY line LIMIT ${MAX_REPORTED}`,
  );
  await conn.run(`DROP TABLE IF EXISTS ${rejects}; DROP TABLE IF EXISTS ${scans}`);
  const lines = bad.map((row) => Number(row.line));
  if (skippedRows > 0 && options.onBadRows === 'fail') {
    const errors: FieldError[] = bad.map((row) => ({
      path: `line ${row.line}`,
      message: String(row.message),
    }));
    const listed = lines.slice(0, 5).join(', ');
    throw badRequest(
      `${skippedRows} malformed row${skippedRows === 1 ? '' : 's'} (line ${listed}${skippedRows > 5 ? ', ...' : ''}); fix them or pass onBadRows=skip to drop them`,
      errors,
    );
  }
  return { ...converted, skippedRows, skippedLines: lines };
}

function assertHeader(names: string[]): void {
  const errors: FieldError[] = [];
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    if (name.trim() === '')
      errors.push({ path: `header.${i + 1}`, message: `column ${i + 1} has an empty name` });
    const key = name.trim().toLowerCase();
    const before = seen.get(key);
    if (key !== '' && before !== undefined) {
      errors.push({
        path: `header.${i + 1}`,
        message: `column ${i + 1} repeats the name '${name}' of column ${before + 1}`,
      });
    }
    seen.set(key, i);
  });
  if (errors.length > 0) {
    throw badRequest(`the header is not usable: ${errors.map((e) => e.message).join('; ')}`, errors);
  }
}

async function convertJson(
  conn: DuckDBConnection,
  file: SpooledFile,
  format: 'json' | 'ndjson',
  parquet: string,
): Promise<Converted> {
  const jsonFormat = format === 'ndjson' ? 'newline_delimited' : 'array';
  const reading = `${literal(file.path)}, format=${literal(jsonFormat)}, maximum_object_size=67108864`;
  try {
    // DuckDB would rename an empty key (to C0); refuse it as a CSV header's empty name is.
    const [keys] = await queryRows(
      conn,
      `SELECT count(*) FILTER (WHERE list_contains(json_keys(json), ''))::DOUBLE AS empty FROM read_json_objects(${reading})`,
    );
    if (Number(keys?.empty ?? 0) > 0) {
      throw badRequest(`${keys?.empty} object(s) have a key that is an empty name`, [
        { path: 'body', message: 'a column has an empty name' },
      ]);
    }
    await conn.run(
      `COPY (SELECT * FROM read_json(${reading}, records=true)) TO ${literal(parquet)} (${VERSION_PARQUET})`,
    );
  } catch (error) {
    if (error instanceof ServiceError) throw error;
    const hint =
      format === 'json' ? ' (a JSON file must hold an array of objects)' : ' (one JSON object per line)';
    throw badRequest(`the file cannot be read as ${format.toUpperCase()}${hint}: ${duckMessage(error)}`);
  }
  return { parquet, format, options: { jsonFormat }, skippedRows: 0, skippedLines: [] };
}

async function convertParquet(
  conn: DuckDBConnection,
  file: SpooledFile,
  parquet: string,
): Promise<Converted> {
  if (file.head.subarray(0, 4).toString('latin1') !== 'PAR1' || file.tail.toString('latin1') !== 'PAR1') {
    throw badRequest('the file is not Parquet: it does not start and end with the Parquet magic bytes PAR1', [
      { path: 'body', message: 'not a Parquet file' },
    ]);
  }
  try {
    await conn.run(
      `COPY (SELECT * FROM read_parquet(${literal(file.path)})) TO ${literal(parquet)} (${VERSION_PARQUET})`,
    );
  } catch (error) {
    throw badRequest(`the file is not readable Parquet: ${duckMessage(error)}`);
  }
  return { parquet, format: 'parquet', options: {}, skippedRows: 0, skippedLines: [] };
}

/** Every version has at least one column and one row, and no empty or duplicate names. */
async function assertColumns(parquet: string): Promise<void> {
  await withConnection(async (conn) => {
    const described = await queryRows(conn, `DESCRIBE SELECT * FROM read_parquet(${literal(parquet)})`);
    const names = described.map((row) => String(row.column_name));
    if (names.length === 0) throw badRequest('the file has no columns');
    assertHeader(names);
    const [first] = await queryRows(
      conn,
      `SELECT num_rows::DOUBLE AS n FROM parquet_file_metadata(${literal(parquet)})`,
    );
    if (Number(first?.n ?? 0) === 0) {
      throw badRequest('the file holds no data rows', [{ path: 'body', message: 'no rows' }]);
    }
  });
}
