import { createReadStream, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { DatasetProfile } from '@baton/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertToParquet } from '../../src/data/convert-to-parquet.ts';
import { readParquetSchema } from '../../src/data/parquet-schema.ts';
import { computeProfile } from '../../src/data/profile/compute-profile.ts';
import { spool } from '../../src/data/spool.ts';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/data');

interface RefColumn {
  kind: 'numeric' | 'categorical';
  count: number;
  missing: number;
  distinct: number;
  min?: number;
  max?: number;
  mean?: number;
  std?: number;
  quantiles?: Record<string, number>;
  histogram?: { edges: number[]; counts: number[] };
  top?: { value: string; count: number }[];
  stringLength?: { min: number; mean: number; max: number };
}
interface Reference {
  files: Record<
    string,
    {
      rows: number;
      columns: Record<string, RefColumn>;
      correlations: { columns: string[]; matrix: (number | null)[][] };
    }
  >;
}
const reference = JSON.parse(
  readFileSync(path.join(FIXTURES, 'profile-reference.json'), 'utf8'),
) as Reference;

// Relative tolerance against pandas/numpy: both compute in IEEE doubles, in different orders.
const REL = 1e-9;
const close = (
  actual: number | null | string | undefined,
  expected: number | null | undefined,
  label: string,
) => {
  if (expected === null || expected === undefined) {
    expect(actual ?? null, label).toBeNull();
    return;
  }
  expect(typeof actual, label).toBe('number');
  expect(Math.abs((actual as number) - expected), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    REL * Math.max(1, Math.abs(expected)),
  );
};

async function profileOf(file: string): Promise<DatasetProfile> {
  const spooled = await spool(createReadStream(path.join(FIXTURES, file)), 1e9);
  try {
    const converted = await convertToParquet(spooled, 'csv', { encoding: 'auto', onBadRows: 'fail' });
    try {
      const { columns } = await readParquetSchema(converted.parquet);
      return await computeProfile(converted.parquet, columns);
    } finally {
      await rm(converted.parquet, { force: true });
    }
  } finally {
    await spooled.remove();
  }
}

describe.each(Object.keys(reference.files))('profile of %s matches pandas and numpy', (file) => {
  const ref = reference.files[file]!;
  let profile: DatasetProfile;
  beforeAll(async () => {
    profile = await profileOf(file);
  });
  afterAll(() => {});

  it('has every column with counts, missing and distinct values', () => {
    expect(profile.rowCount).toBe(ref.rows);
    expect(profile.columns.map((c) => c.name).sort()).toEqual(Object.keys(ref.columns).sort());
    for (const column of profile.columns) {
      const expected = ref.columns[column.name]!;
      expect(column.count, column.name).toBe(expected.count);
      expect(column.missing, column.name).toBe(expected.missing);
      expect(column.distinct, column.name).toBe(expected.distinct);
      expect(column.kind === 'numeric' ? 'numeric' : 'categorical', column.name).toBe(expected.kind);
    }
  });

  it('has min, max, mean, std (ddof 1), linear quantiles and numpy histograms', () => {
    for (const column of profile.columns.filter((c) => c.kind === 'numeric')) {
      const expected = ref.columns[column.name]!;
      close(column.min, expected.min, `${column.name} min`);
      close(column.max, expected.max, `${column.name} max`);
      close(column.mean, expected.mean, `${column.name} mean`);
      close(column.std, expected.std, `${column.name} std`);
      for (const [q, value] of Object.entries(expected.quantiles ?? {})) {
        close(column.quantiles?.[q], value, `${column.name} q${q}`);
      }
      expect(column.histogram?.counts, `${column.name} histogram`).toEqual(expected.histogram?.counts);
      for (const [i, edge] of (column.histogram?.edges ?? []).entries()) {
        close(edge, expected.histogram?.edges[i], `${column.name} edge ${i}`);
      }
    }
  });

  it('has top values and string lengths of categorical columns', () => {
    for (const column of profile.columns.filter((c) => c.kind === 'categorical')) {
      const expected = ref.columns[column.name]!;
      expect(column.topValues, column.name).toEqual(expected.top);
      expect(column.stringLength?.min).toBe(expected.stringLength?.min);
      expect(column.stringLength?.max).toBe(expected.stringLength?.max);
      close(column.stringLength?.mean, expected.stringLength?.mean, `${column.name} mean length`);
    }
  });

  it('has Pearson correlations over pairwise complete rows', () => {
    expect(profile.correlations.columns).toEqual(ref.correlations.columns);
    for (const [i, row] of ref.correlations.matrix.entries()) {
      for (const [j, value] of row.entries()) {
        const label = `corr ${ref.correlations.columns[i]} ~ ${ref.correlations.columns[j]}`;
        close(profile.correlations.matrix[i]?.[j], value, label);
      }
    }
  });

  it('keeps a sample of the first rows', () => {
    expect([...profile.sample.columns].sort()).toEqual(Object.keys(ref.columns).sort());
    expect(profile.sample.rows.length).toBe(Math.min(20, ref.rows));
  });
});
