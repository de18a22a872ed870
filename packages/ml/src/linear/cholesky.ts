import { MlError } from '../errors.ts';

/**
 * Solves `A x = b` for a symmetric positive-definite `A` (row-major `n x n`, not modified)
 * by Cholesky factorisation. Throws `invalid_param` if `A` is not positive definite.
 *
 * ```ts
 * solveCholesky(new Float64Array([4, 2, 2, 3]), new Float64Array([2, 1]), 2); // [0.5, 0]
 * ```
 */
export function solveCholesky(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (!(s > 0))
          throw new MlError('invalid_param', 'The system is not positive definite (add L2 regularisation)');
        l[i * n + i] = Math.sqrt(s);
      } else {
        l[i * n + j] = s / l[j * n + j]!;
      }
    }
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * z[k]!;
    z[i] = s / l[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
  return x;
}
