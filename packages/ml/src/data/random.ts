/**
 * A seeded pseudo-random generator (xoshiro128**, seeded through splitmix32). Every
 * random choice in `@baton/ml` (shuffles, bootstraps, subsamples, parameter draws) goes
 * through one of these, so a seed fully determines a result on every platform.
 *
 * ```ts
 * const rng = createRng(42);
 * rng.next(); // a float in [0, 1)
 * rng.int(10); // an integer in [0, 10)
 * ```
 */
export interface Rng {
  /** A float in [0, 1) with 53 random bits. */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** A standard normal draw (Box-Muller). */
  normal(): number;
  /** Shuffles `values` in place (Fisher-Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(values: T): T;
  /** A fresh generator whose stream depends on this one; for independent sub-tasks. */
  fork(): Rng;
}

/** Creates a generator from a 32-bit integer seed (other numbers are truncated). */
export function createRng(seed: number): Rng {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const state = new Uint32Array([splitmix(), splitmix(), splitmix(), splitmix()]);
  const nextU32 = (): number => {
    const [a = 0, b = 0, c = 0, d = 0] = state;
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    let c2 = (c ^ a) >>> 0;
    let d2 = (d ^ b) >>> 0;
    const b2 = (b ^ c2) >>> 0;
    const a2 = (a ^ d2) >>> 0;
    c2 = (c2 ^ t) >>> 0;
    d2 = rotl(d2, 11);
    state[0] = a2;
    state[1] = b2;
    state[2] = c2;
    state[3] = d2;
    return result;
  };
  let spareNormal: number | undefined;
  const rng: Rng = {
    next: () => (nextU32() * 2 ** 21 + (nextU32() >>> 11)) / 2 ** 53,
    int: (n) => Math.floor(rng.next() * n),
    normal: () => {
      if (spareNormal !== undefined) {
        const v = spareNormal;
        spareNormal = undefined;
        return v;
      }
      let u = 0;
      while (u === 0) u = rng.next();
      const r = Math.sqrt(-2 * Math.log(u));
      const theta = 2 * Math.PI * rng.next();
      spareNormal = r * Math.sin(theta);
      return r * Math.cos(theta);
    },
    shuffle: (values) => {
      for (let i = values.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        const tmp = values[i];
        values[i] = values[j];
        values[j] = tmp;
      }
      return values;
    },
    fork: () => createRng(nextU32()),
  };
  return rng;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** `k` distinct indices from [0, n), in increasing order (partial Fisher-Yates). */
export function sampleWithoutReplacement(rng: Rng, n: number, k: number): Int32Array {
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(n - i);
    const tmp = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = tmp;
  }
  return pool.subarray(0, k).sort();
}
