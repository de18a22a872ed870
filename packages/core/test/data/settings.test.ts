import { afterAll, describe, expect, it } from 'vitest';
import { queryRows, withConnection } from '../../src/data/duckdb.ts';
import { openSandbox } from '../../src/data/query/sandbox.ts';
import { configureDataLane, DEFAULT_DATA_SETTINGS, dataLaneSettings } from '../../src/data/settings.ts';

const settingsOf = async (run: (sql: string) => Promise<Record<string, unknown>[]>) => {
  const [row = {}] = await run(
    `SELECT current_setting('threads')::VARCHAR AS threads, current_setting('memory_limit')::VARCHAR AS memory`,
  );
  return row;
};

describe('data lane settings handed in by the server', () => {
  afterAll(() => configureDataLane({}));

  it('applies threads and memory to the running engine and the query sandbox', async () => {
    await withConnection((conn) => queryRows(conn, 'SELECT 1'));
    configureDataLane({ duckdbThreads: 1, duckdbMemory: '300MB', queryMemory: '200MB' });
    expect(dataLaneSettings()).toEqual({ duckdbThreads: 1, duckdbMemory: '300MB', queryMemory: '200MB' });
    const engine = await withConnection((conn) => settingsOf((sql) => queryRows(conn, sql)));
    expect(engine.threads).toBe('1');
    expect(String(engine.memory)).toMatch(/^(286\.\d MiB|300\.0 MB)$/);
    const sandbox = await openSandbox([]);
    try {
      const limits = await settingsOf((sql) => queryRows(sandbox.conn, sql));
      expect(String(limits.memory)).toMatch(/^(190\.\d MiB|200\.0 MB)$/);
    } finally {
      sandbox.close();
    }
    configureDataLane({});
    expect(dataLaneSettings()).toEqual(DEFAULT_DATA_SETTINGS);
    const back = await withConnection((conn) => settingsOf((sql) => queryRows(conn, sql)));
    expect(back.threads).toBe('2');
  });

  it('refuses values DuckDB would not take', () => {
    expect(() => configureDataLane({ duckdbThreads: 0 })).toThrow(/positive integer/);
    expect(() => configureDataLane({ duckdbMemory: 'plenty' })).toThrow(/1GB or 512MB/);
    expect(dataLaneSettings()).toEqual(DEFAULT_DATA_SETTINGS);
  });
});
