/**
 * A smooth objective: returns f(x) and writes the gradient at x into `grad`.
 */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  /** Stop when the largest gradient component is at most this (default 1e-10). */
  readonly gradientTolerance?: number;
  /** Iteration cap (default 1000). */
  readonly maxIterations?: number;
  /** Correction pairs kept (default 10). */
  readonly memory?: number;
  /** Called after each iteration with the iteration number and objective value. */
  readonly onIteration?: (iteration: number, f: number) => void;
}

export interface LbfgsResult {
  readonly x: Float64Array;
  readonly f: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * Minimises a smooth function with limited-memory BFGS and a strong-Wolfe line search
 * (Nocedal & Wright, algorithms 7.4, 3.5 and 3.6). Deterministic: no randomness.
 *
 * ```ts
 * const { x } = minimizeLbfgs((x, g) => {
 *   g[0] = 2 * (x[0]! - 3);
 *   return (x[0]! - 3) ** 2;
 * }, new Float64Array(1));
 * x[0]; // 3
 * ```
 */
export function minimizeLbfgs(
  objective: Objective,
  x0: Float64Array,
  options: LbfgsOptions = {},
): LbfgsResult {
  const tol = options.gradientTolerance ?? 1e-10;
  const maxIter = options.maxIterations ?? 1000;
  const m = options.memory ?? 10;
  const n = x0.length;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  let f = objective(x, g);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const d = new Float64Array(n);
  const alpha = new Float64Array(m);
  for (let iter = 0; iter < maxIter; iter++) {
    if (maxAbs(g) <= tol) return { x, f, iterations: iter, converged: true };
    // Two-loop recursion: d = -H g.
    for (let i = 0; i < n; i++) d[i] = -g[i]!;
    for (let k = s.length - 1; k >= 0; k--) {
      alpha[k] = rho[k]! * dot(s[k]!, d);
      axpy(-alpha[k]!, y[k]!, d);
    }
    if (s.length > 0) {
      const last = s.length - 1;
      scale(d, dot(s[last]!, y[last]!) / dot(y[last]!, y[last]!));
    } else {
      scale(d, 1 / Math.max(1, Math.sqrt(dot(g, g))));
    }
    for (let k = 0; k < s.length; k++) axpy(alpha[k]! - rho[k]! * dot(y[k]!, d), s[k]!, d);
    const step = wolfeLineSearch(objective, x, f, g, d);
    if (step === null) return { x, f, iterations: iter, converged: maxAbs(g) <= tol * 100 };
    const sk = new Float64Array(n);
    const yk = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      sk[i] = step.x[i]! - x[i]!;
      yk[i] = step.g[i]! - g[i]!;
    }
    const sy = dot(sk, yk);
    x.set(step.x);
    g.set(step.g);
    const previous = f;
    f = step.f;
    options.onIteration?.(iter + 1, f);
    if (sy > 1e-16 * dot(yk, yk)) {
      if (s.length === m) {
        s.shift();
        y.shift();
        rho.shift();
      }
      s.push(sk);
      y.push(yk);
      rho.push(1 / sy);
    }
    if (previous - f <= 1e-16 * Math.max(1, Math.abs(f)) && maxAbs(g) <= tol * 100) {
      return { x, f, iterations: iter + 1, converged: true };
    }
  }
  return { x, f, iterations: maxIter, converged: maxAbs(g) <= tol };
}

interface Point {
  x: Float64Array;
  f: number;
  g: Float64Array;
}

function wolfeLineSearch(
  obj: Objective,
  x: Float64Array,
  f0: number,
  g0: Float64Array,
  d: Float64Array,
): Point | null {
  const c1 = 1e-4;
  const c2 = 0.9;
  const dg0 = dot(g0, d);
  if (!(dg0 < 0)) return null;
  const evalAt = (t: number): Point & { dg: number } => {
    const xt = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) xt[i] = x[i]! + t * d[i]!;
    const gt = new Float64Array(x.length);
    const ft = obj(xt, gt);
    return { x: xt, f: ft, g: gt, dg: dot(gt, d) };
  };
  // Near the optimum the decrease falls below the rounding of f, and Armijo's test turns
  // into noise: then accept Hager & Zhang's approximate Wolfe point (f within rounding of
  // f0, slope risen from dg0 to at most 0.8|dg0|).
  const roundoff = 1e-12 * Math.abs(f0);
  const sufficient = (t: number, f: number): boolean => Number.isFinite(f) && f <= f0 + c1 * t * dg0;
  const approximate = (p: { f: number; dg: number }): boolean =>
    Number.isFinite(p.f) && p.f <= f0 + roundoff && p.dg >= c2 * dg0 && p.dg <= -0.8 * dg0;
  let lo = { t: 0, f: f0, dg: dg0 };
  let t = 1;
  for (let i = 0; i < 40; i++) {
    const p = evalAt(t);
    if (approximate(p)) return p;
    if (!sufficient(t, p.f) || (i > 0 && p.f >= lo.f)) return zoom(lo, { t, f: p.f });
    if (Math.abs(p.dg) <= -c2 * dg0) return p;
    if (p.dg >= 0) return zoom({ t, f: p.f, dg: p.dg }, lo);
    lo = { t, f: p.f, dg: p.dg };
    t *= 2;
  }
  return null;

  // Nocedal & Wright algorithm 3.6 with safeguarded quadratic interpolation.
  function zoom(low: { t: number; f: number; dg: number }, high: { t: number; f: number }): Point | null {
    let best: Point | null = null;
    for (let i = 0; i < 60; i++) {
      const width = high.t - low.t;
      if (Math.abs(width) < 1e-14 * Math.max(1, Math.abs(low.t))) break;
      const denom = 2 * (high.f - low.f - low.dg * width);
      let t =
        Number.isFinite(high.f) && denom > 0 ? low.t - (low.dg * width * width) / denom : low.t + width / 2;
      const a = low.t + 0.1 * width;
      const b = high.t - 0.1 * width;
      if (!((t - a) * (t - b) <= 0)) t = low.t + width / 2;
      const p = evalAt(t);
      if (approximate(p)) return p;
      if (!sufficient(t, p.f) || p.f >= low.f) {
        high = { t, f: p.f };
      } else {
        best = p;
        if (Math.abs(p.dg) <= -c2 * dg0) return p;
        if (p.dg * width >= 0) high = { t: low.t, f: low.f };
        low = { t, f: p.f, dg: p.dg };
      }
    }
    return best;
  }
}

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i]! += a * x[i]!;
}

function scale(x: Float64Array, a: number): void {
  for (let i = 0; i < x.length; i++) x[i]! *= a;
}

function maxAbs(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]!));
  return m;
}
