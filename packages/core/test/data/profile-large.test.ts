import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { DatasetColumn, DatasetProfile } from '@baton/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertToParquet } from '../../src/data/convert-to-parquet.ts';
import { literal, withConnection } from '../../src/data/duckdb.ts';
import { readParquetSchema } from '../../src/data/parquet-schema.ts';
import { computeProfile } from '../../src/data/profile/compute-profile.ts';
import { HISTOGRAM_BINS, histogramEdges } from '../../src/data/profile/numeric-details.ts';
import { spool, workFile } from '../../src/data/spool.ts';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/data');

async function parquetOf(file: string): Promise<string> {
  const spooled = await spool(createReadStream(path.join(FIXTURES, file)), 1e9);
  try {
    return (await convertToParquet(spooled, 'csv', { encoding: 'auto', onBadRows: 'fail' })).parquet;
  } finally {
    await spooled.remove();
  }
}

describe('the profile of a large version (estimates above the exact size)', () => {
  let parquet: string;
  let columns: DatasetColumn[];
  let exact: DatasetProfile;
  let large: DatasetProfile;
  beforeAll(async () => {
    parquet = await parquetOf('credit_data.csv');
    ({ columns } = await readParquetSchema(parquet));
    exact = await computeProfile(parquet, columns);
    // Every version counts as large here; the quantile sample then holds every row.
    large = await computeProfile(parquet, columns, { exactRows: 0 });
  });
  afterAll(() => rm(parquet, { force: true }));

  it('says what is estimated', () => {
    expect(exact.distinctApproximate).toBe(false);
    expect(exact.quantilesApproximate).toBe(false);
    // Few distinct values per column: counted exactly even in a large version.
    expect(large.distinctApproximate).toBe(false);
    expect(large.quantilesApproximate).toBe(true);
  });

  it('keeps counts, means, deviations, histograms, top values and correlations exact', () => {
    expect(large.rowCount).toBe(exact.rowCount);
    for (const [i, column] of large.columns.entries()) {
      const same = exact.columns[i]!;
      expect(column.count, column.name).toBe(same.count);
      expect(column.missing, column.name).toBe(same.missing);
      expect(column.min, column.name).toEqual(same.min);
      expect(column.max, column.name).toEqual(same.max);
      expect(column.mean, column.name).toEqual(same.mean);
      expect(column.std, column.name).toEqual(same.std);
      expect(column.histogram, column.name).toEqual(same.histogram);
      expect(column.topValues, column.name).toEqual(same.topValues);
      expect(column.distinct, `${column.name} distinct`).toBe(same.distinct);
    }
    expect(large.correlations).toEqual(exact.correlations);
  });

  it('takes quantiles from a row sample, which for a small file is every row', () => {
    expect(exact.rowCount).toBeLessThan(200_000);
    for (const [i, column] of large.columns.entries()) {
      const same = exact.columns[i]!;
      for (const [q, value] of Object.entries(same.quantiles ?? {})) {
        expect(column.quantiles?.[q], `${column.name} q${q}`).toBeCloseTo(value, 9);
      }
    }
  });
});

describe('distinct counts of a large version', () => {
  it('estimates a column of many distinct values within 2.4% and counts small ones exactly', async () => {
    const file = await workFile('.parquet');
    try {
      await withConnection((conn) =>
        conn.run(
          `COPY (SELECT i AS id, i % 1000 AS small, (i // 2)::DOUBLE / 7 AS halves FROM range(600000) t(i)) TO ${literal(file)} (FORMAT parquet)`,
        ),
      );
      const { columns } = await readParquetSchema(file);
      const profile = await computeProfile(file, columns, { exactRows: 0 });
      const [id, small, halves] = profile.columns;
      expect(profile.distinctApproximate).toBe(true);
      expect(Math.abs(id!.distinct - 600_000) / 600_000).toBeLessThan(0.024);
      expect(Math.abs(halves!.distinct - 300_000) / 300_000).toBeLessThan(0.024);
      expect(small!.distinct).toBe(1000);
    } finally {
      await rm(file, { force: true });
    }
  });
});

describe('distinct counts the first pass cannot settle', () => {
  it('samples again, tuned, a column too varied to count exactly but too sparse in the first sample', async () => {
    // 4M rows: the first pass keeps about 262k / 4M of the distinct hashes, so a column of
    // 220k distinct values leaves about 14k (< 16,384) and is sampled again with a threshold of its own.
    const file = await workFile('.parquet');
    try {
      await withConnection((conn) =>
        conn.run(
          `COPY (SELECT i AS id, i % 220000 AS mid, i % 70 AS small FROM range(4000000) t(i)) TO ${literal(file)} (FORMAT parquet)`,
        ),
      );
      const { columns } = await readParquetSchema(file);
      const profile = await computeProfile(file, columns, { exactRows: 0 });
      const [id, mid, small] = profile.columns;
      expect(profile.distinctApproximate).toBe(true);
      expect(Math.abs(id!.distinct - 4_000_000) / 4_000_000).toBeLessThan(0.024);
      expect(Math.abs(mid!.distinct - 220_000) / 220_000).toBeLessThan(0.024);
      expect(mid!.distinct).not.toBe(220_000);
      expect(small!.distinct).toBe(70);
      // The quantile sample: about 200k of the 4M rows, uniform, so the median of 0..3,999,999 is near 2M.
      expect(Math.abs((id!.quantiles?.['0.5'] ?? 0) - 2_000_000)).toBeLessThan(4_000_000 * 0.0036);
      expect(profile.quantilesApproximate).toBe(true);
    } finally {
      await rm(file, { force: true });
    }
  });
});

describe('histograms follow numpy at the bin edges', () => {
  it('counts a range too narrow for distinct edges by comparing with the edges themselves', async () => {
    // Three neighbouring doubles: most of the 21 edges round to the same value.
    const values = [1, 1 + 2 ** -52, 1 + 2 ** -51, 1 + 2 ** -51];
    const edges = histogramEdges(1, 1 + 2 ** -51);
    expect(new Set(edges).size).toBeLessThan(edges.length);
    const expected = new Array<number>(HISTOGRAM_BINS).fill(0);
    for (const v of values) {
      let bin = edges.findIndex((e, i) => i < HISTOGRAM_BINS && v >= e && v < (edges[i + 1] ?? Infinity));
      if (bin < 0) bin = HISTOGRAM_BINS - 1;
      expected[bin] = (expected[bin] ?? 0) + 1;
    }
    const file = await workFile('.parquet');
    try {
      await withConnection((conn) =>
        conn.run(
          `COPY (SELECT unnest([${values.map((v) => `${v}::DOUBLE`).join(', ')}]) AS x, unnest([1.0, 2.0, 3.0, 4.0]) AS y) TO ${literal(file)} (FORMAT parquet)`,
        ),
      );
      const { columns } = await readParquetSchema(file);
      const profile = await computeProfile(file, columns);
      expect(profile.columns[0]?.histogram?.counts).toEqual(expected);
      expect(profile.columns[1]?.histogram?.counts.reduce((a, b) => a + b, 0)).toBe(4);
    } finally {
      await rm(file, { force: true });
    }
  });

  it('puts values lying exactly on edges, and next to them, into the bins numpy does', async () => {
    // Awkward bounds make the scaled guess of a value's bin land on the wrong side of edges.
    const min = 0.1;
    const max = 0.7;
    const edges = histogramEdges(min, max);
    const values = [...edges, ...edges.map((e) => e - 1e-17), ...edges.map((e) => e + 1e-16)]
      .concat(Array.from({ length: 500 }, (_, i) => min + ((max - min) * i) / 499))
      .filter((v) => v >= min && v <= max);
    const expected = new Array<number>(HISTOGRAM_BINS).fill(0);
    for (const v of values) {
      let bin = edges.findIndex((e, i) => i < HISTOGRAM_BINS && v >= e && v < (edges[i + 1] ?? Infinity));
      if (bin < 0) bin = HISTOGRAM_BINS - 1; // the last bin is closed: v === max
      expected[bin] = (expected[bin] ?? 0) + 1;
    }
    const file = await workFile('.parquet');
    try {
      await withConnection((conn) =>
        conn.run(
          `COPY (SELECT unnest([${values.map((v) => `${v}::DOUBLE`).join(', ')}]) AS x) TO ${literal(file)} (FORMAT parquet)`,
        ),
      );
      const { columns } = await readParquetSchema(file);
      const profile = await computeProfile(file, columns);
      const x = profile.columns[0]!;
      expect(x.min).toBe(Math.min(...values));
      expect(x.max).toBe(Math.max(...values));
      expect(x.histogram?.edges).toEqual(histogramEdges(x.min as number, x.max as number));
      expect(x.histogram?.counts).toEqual(expected);
      expect(x.histogram?.counts.reduce((a, b) => a + b, 0)).toBe(values.length);
    } finally {
      await rm(file, { force: true });
    }
  });
});
