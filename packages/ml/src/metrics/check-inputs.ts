import { MlError } from '../errors.ts';

/** Throws `invalid_param` unless the arrays have the same, non-zero length. */
export function checkLengths(
  a: ArrayLike<unknown>,
  b: ArrayLike<unknown>,
  what = 'y_true and the predictions',
): void {
  if (a.length !== b.length)
    throw new MlError('invalid_param', `${what} differ in length (${a.length} vs ${b.length})`);
  if (a.length === 0) throw new MlError('invalid_param', 'Metrics need at least one row');
}

/** Throws `invalid_param` unless every value is a class index in [0, nClasses). */
export function checkClassIndices(y: ArrayLike<number>, nClasses: number): void {
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= nClasses) {
      throw new MlError(
        'invalid_param',
        `Row ${i} holds class index ${v}, expected an integer in [0, ${nClasses})`,
      );
    }
  }
}

/** `numpy.linspace(start, stop, num)` value by value (i * step + start, last value exact). */
export function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  const step = (stop - start) / (num - 1);
  for (let i = 0; i < num; i++) out[i] = i * step + start;
  if (num > 1) out[num - 1] = stop;
  return out;
}

/** `numpy.quantile(values, q)` with the default linear method, on sorted values. */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  const virtual = (n - 1) * q;
  const lo = Math.floor(virtual);
  const hi = Math.min(lo + 1, n - 1);
  const t = virtual - lo;
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  const diff = b - a;
  // numpy's _lerp: a + diff * t, or b - diff * (1 - t) once t >= 0.5.
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}
