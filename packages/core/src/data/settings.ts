/**
 * The data lane's engine settings. The server reads them from its configuration once and
 * hands them in with `configureDataLane` before the first data work; core never reads the
 * environment itself.
 */
export interface DataLaneSettings {
  /** Threads of the DuckDB that ingests, profiles and checks (`BATON_DUCKDB_THREADS`). */
  duckdbThreads: number;
  /** Memory limit of that DuckDB, in DuckDB's notation such as `1GB` (`BATON_DUCKDB_MEMORY`). */
  duckdbMemory: string;
  /** Memory limit of each user query's sandbox (`BATON_QUERY_MEMORY`). */
  queryMemory: string;
}

export const DEFAULT_DATA_SETTINGS: Readonly<DataLaneSettings> = Object.freeze({
  duckdbThreads: 2,
  duckdbMemory: '1GB',
  queryMemory: '512MB',
});

/** A memory size as DuckDB accepts it: a number and a unit (KB, MB, GB, KiB, MiB, GiB...). */
export const DUCKDB_MEMORY = /^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)$/i;

let current: DataLaneSettings = { ...DEFAULT_DATA_SETTINGS };

/** Sets the data lane's engine settings (unset fields keep their defaults). */
export function configureDataLane(settings: Partial<DataLaneSettings>): void {
  const next = { ...DEFAULT_DATA_SETTINGS, ...stripUndefined(settings) };
  if (!Number.isInteger(next.duckdbThreads) || next.duckdbThreads < 1) {
    throw new Error(`DuckDB threads must be a positive integer, got ${next.duckdbThreads}`);
  }
  for (const [name, value] of [
    ['DuckDB memory', next.duckdbMemory],
    ['query memory', next.queryMemory],
  ] as const) {
    if (!DUCKDB_MEMORY.test(value)) throw new Error(`${name} must look like 1GB or 512MB, got '${value}'`);
  }
  current = next;
}

/** The settings in force. */
export const dataLaneSettings = (): Readonly<DataLaneSettings> => current;

function stripUndefined(settings: Partial<DataLaneSettings>): Partial<DataLaneSettings> {
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
}
