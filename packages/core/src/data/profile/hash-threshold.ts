const HASH_SPACE = 2 ** 64;

/** The share of the 64-bit hash space a threshold lets through, and the test of a hash as SQL. */
export interface HashThreshold {
  share: number;
  passes(hash: string): string;
}

/**
 * A threshold on DuckDB's 64-bit `hash()` letting about `share` of the values through, the
 * same ones on every run (hash-based sampling). A share of 1 or more lets everything through.
 */
export function hashThreshold(share: number): HashThreshold {
  if (share >= 1) return { share: 1, passes: () => 'true' };
  const value = BigInt(Math.floor(share * HASH_SPACE));
  return { share: Number(value) / HASH_SPACE, passes: (hash) => `${hash} < ${value}::UBIGINT` };
}
