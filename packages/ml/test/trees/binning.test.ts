import { expect, test } from 'vitest';
import { createRng, featureMatrix } from '../../src/index.ts';
import { binColumns, binOf, fitBinMapper } from '../../src/trees/binning.ts';
import { sortFloat32 } from '../../src/trees/radix-sort.ts';

test('a bin split is exactly the float32 threshold test that ONNX runs', () => {
  const rng = createRng(9);
  const n = 5000;
  const F = 5;
  const data = new Float64Array(n * F);
  for (let i = 0; i < n; i++) {
    data[i * F] = rng.normal() * 1e3; // many distinct values: quantile bins
    data[i * F + 1] = rng.int(7) + 0.1; // few distinct values: one bin each
    data[i * F + 2] = rng.next() < 0.2 ? Number.NaN : 1 + rng.next() * 1e-7; // near-equal doubles
    data[i * F + 3] = Math.tan(Math.PI * (rng.next() - 0.5)) ** 3; // heavy tails
    data[i * F + 4] = [Number.NEGATIVE_INFINITY, -3e38, 0, 1, 3e38, Number.POSITIVE_INFINITY, 1e39][
      rng.int(7)
    ]!;
  }
  const x = featureMatrix(n, F, data);
  const mapper = fitBinMapper(x, 32, 1);
  expect(Array.from(mapper.nBins).slice(0, 2)).toEqual([32, 7]);
  const bins = binColumns(x, mapper);
  const mismatches: string[] = [];
  for (let f = 0; f < F; f++) {
    const edges = mapper.edges[f]!;
    for (let k = 1; k < edges.length; k++)
      if (!(edges[k]! > edges[k - 1]!)) mismatches.push(`edges ${f}/${k}`);
    for (let i = 0; i < n; i++) {
      const v = data[i * F + f]!;
      const b = bins[f * n + i]!;
      if (b !== binOf(mapper, f, v)) mismatches.push(`binOf ${f}/${i}`);
      if (Number.isNaN(v)) {
        if (b !== mapper.nBins[f]) mismatches.push(`missing ${f}/${i}`);
        continue;
      }
      for (let t = 0; t < edges.length; t++)
        if (b <= t !== Math.fround(v) <= edges[t]!) mismatches.push(`split ${f}/${i}/${t}`);
    }
  }
  expect(mismatches).toEqual([]);
});

test('maxBins is checked', () => {
  expect(() => fitBinMapper(featureMatrix(1, 1, [1]), 256, 0)).toThrow(/maxBins/);
});

test('the float32 radix sort agrees with the built-in sort, signs, zeros and infinities included', () => {
  const rng = createRng(4);
  const values = Float32Array.from({ length: 5000 }, (_, i) =>
    i % 97 === 0
      ? [0, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY][i % 4]!
      : rng.normal() * 10 ** rng.int(6),
  );
  const expected = Float32Array.from(values).sort();
  expect(Array.from(sortFloat32(Float32Array.from(values)), (v) => v || 0)).toEqual(
    Array.from(expected, (v) => v || 0),
  );
});
