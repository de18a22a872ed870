import { expect, test } from 'vitest';
import {
  categoricalColumn,
  columnTable,
  createRng,
  encodeTarget,
  inferRecordSchema,
  minimizeLbfgs,
  numericColumn,
  tableFromRecords,
  takeRows,
} from '../../src/index.ts';

test('records: schema inference, missing markers, booleans', () => {
  const records = [
    { a: '1.5', b: 'x', c: true, d: 'NA' },
    { a: 'NA', b: '', c: false, d: null },
    { a: ' 2 ', b: 'y', c: null, d: 'n/a?' },
  ];
  const schema = inferRecordSchema(records);
  expect(schema).toEqual({ a: 'numeric', b: 'categorical', c: 'numeric', d: 'categorical' });
  const table = tableFromRecords(records, schema);
  expect(Array.from(table.columns[0]!.values as Float64Array)).toEqual([1.5, NaN, 2]);
  expect(table.columns[1]!.values).toEqual(['x', null, 'y']);
  expect(Array.from(table.columns[2]!.values as Float64Array)).toEqual([1, 0, NaN]);
  expect(takeRows(table, [2, 0]).columns[1]!.values).toEqual(['y', 'x']);
});

test('targets: classes sorted like numpy (numerically for numbers)', () => {
  const t = columnTable([numericColumn('y', [10, 2, 2, 10, 9, 9])]);
  const encoded = encodeTarget(t, 'y', 'classification');
  expect(encoded.kind === 'classification' && encoded.classes).toEqual(['2', '9', '10']);
  const s = columnTable([categoricalColumn('y', ['b', 'B', 'a', 'b', 'B', 'a'])]);
  const e2 = encodeTarget(s, 'y', 'classification');
  expect(e2.kind === 'classification' && e2.classes).toEqual(['B', 'a', 'b']);
});

test('the generator is deterministic and uniform enough', () => {
  const a = createRng(5);
  const b = createRng(5);
  const xs = Array.from({ length: 10_000 }, () => a.next());
  expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b.next()));
  const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
  expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
  expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
  expect(Math.max(...xs)).toBeLessThan(1);
});

test('L-BFGS minimises the Rosenbrock function', () => {
  const { x, converged } = minimizeLbfgs(
    (p, g) => {
      const [u = 0, v = 0] = p;
      g[0] = -2 * (1 - u) - 400 * u * (v - u * u);
      g[1] = 200 * (v - u * u);
      return (1 - u) ** 2 + 100 * (v - u * u) ** 2;
    },
    Float64Array.of(-1.2, 1),
    { gradientTolerance: 1e-10 },
  );
  expect(converged).toBe(true);
  expect(x[0]).toBeCloseTo(1, 8);
  expect(x[1]).toBeCloseTo(1, 8);
});
