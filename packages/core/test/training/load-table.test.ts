import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MlError } from '@baton/ml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLocalArtifactStore,
  type LocalArtifactStore,
} from '../../src/artifacts/local-artifact-store.ts';
import { literal, withConnection } from '../../src/data/duckdb.ts';
import type { TrainingVersion } from '../../src/training/dataset-ref.ts';
import { loadVersionTable } from '../../src/training/load-table.ts';

describe('reading a version for training', () => {
  let dir: string;
  let store: LocalArtifactStore;
  let version: TrainingVersion;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'baton-load-table-'));
    store = await createLocalArtifactStore(path.join(dir, 'store'));
    const file = path.join(dir, 'v.parquet');
    await withConnection((conn) =>
      conn.run(
        `COPY (SELECT * FROM (VALUES (1::BIGINT, 2.5::DOUBLE, 'a', true, '3'), (NULL, NULL, NULL, false, 'x'), (3, 1.0, 'b', NULL, '4'))
          AS t(n, d, c, b, s)) TO ${literal(file)} (FORMAT parquet)`,
      ),
    );
    const ref = await store.put(createReadStream(file));
    version = {
      id: 'v',
      datasetId: 'd',
      dataset: 'ds',
      number: 1,
      digest: ref.digest,
      rowCount: 3,
      validation: 'validated',
      columns: [
        { name: 'n', type: 'BIGINT', nullable: true },
        { name: 'd', type: 'DOUBLE', nullable: true },
        { name: 'c', type: 'VARCHAR', nullable: true },
        { name: 'b', type: 'BOOLEAN', nullable: true },
        { name: 's', type: 'VARCHAR', nullable: false },
      ],
    };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads numbers as float64 with NaN for nulls, booleans as 0/1 and text with null for missing', async () => {
    const kinds = new Map([
      ['n', 'numeric'],
      ['d', 'numeric'],
      ['c', 'categorical'],
      ['b', 'numeric'],
    ] as const);
    const table = await loadVersionTable(store, version, kinds);
    const col = (name: string) => table.columns.find((c) => c.name === name)!;
    expect(Array.from(col('n').values as Float64Array)).toEqual([1, Number.NaN, 3]);
    expect(Array.from(col('d').values as Float64Array)).toEqual([2.5, Number.NaN, 1]);
    expect(col('c').values).toEqual(['a', null, 'b']);
    expect(Array.from(col('b').values as Float64Array)).toEqual([1, 0, Number.NaN]);
  });

  it('refuses text in a column read as numeric with non_numeric_value naming the row', async () => {
    const error = await loadVersionTable(store, version, new Map([['s', 'numeric']])).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MlError);
    expect((error as MlError).code).toBe('non_numeric_value');
    expect((error as MlError).details).toMatchObject({ column: 's', row: 1 });
  });
});
