import { createRng, type Rng } from '../data/random.ts';
import { requireParam } from '../errors.ts';

/** A parameter value a learner accepts. */
export type ParamValue = number | string | boolean;

/** One parameter's search distribution. */
export type ParamDistribution =
  /** One of the listed values, each equally likely. */
  | { readonly kind: 'choice'; readonly values: readonly ParamValue[] }
  /** A float uniform on [low, high). */
  | { readonly kind: 'uniform'; readonly low: number; readonly high: number }
  /** A float whose logarithm is uniform (for learning rates, L2 strengths); low > 0. */
  | { readonly kind: 'log_uniform'; readonly low: number; readonly high: number }
  /** An integer uniform on [low, high], both included. */
  | { readonly kind: 'int_uniform'; readonly low: number; readonly high: number };

/** A candidate: one value per parameter. */
export type ParamSet = Readonly<Record<string, ParamValue>>;

/**
 * Every combination of a grid, parameters taken in name order with the last varying
 * fastest (scikit-learn's `ParameterGrid`).
 *
 * ```ts
 * gridCandidates({ maxDepth: [3, 6], learningRate: [0.1, 0.3] });
 * // [{ learningRate: 0.1, maxDepth: 3 }, { learningRate: 0.1, maxDepth: 6 }, { learningRate: 0.3, maxDepth: 3 }, ...]
 * ```
 */
export function gridCandidates(grid: Readonly<Record<string, readonly ParamValue[]>>): ParamSet[] {
  const names = Object.keys(grid).sort();
  for (const name of names)
    requireParam(grid[name]!.length > 0, `Grid parameter "${name}" has no values`, { param: name });
  let sets: Record<string, ParamValue>[] = [{}];
  for (const name of names) {
    const next: Record<string, ParamValue>[] = [];
    for (const set of sets) for (const value of grid[name]!) next.push({ ...set, [name]: value });
    sets = next;
  }
  return sets;
}

/**
 * `count` independent random candidates (scikit-learn's `ParameterSampler` without its
 * grid de-duplication), the same ones for the same `seed`; parameters are drawn in name
 * order.
 *
 * ```ts
 * randomCandidates({ learningRate: { kind: 'log_uniform', low: 0.01, high: 0.3 },
 *   maxDepth: { kind: 'int_uniform', low: 3, high: 8 } }, 20, 42);
 * ```
 */
export function randomCandidates(
  space: Readonly<Record<string, ParamDistribution>>,
  count: number,
  seed: number,
): ParamSet[] {
  requireParam(Number.isInteger(count) && count >= 1, 'count must be a positive integer', { count });
  const names = Object.keys(space).sort();
  for (const name of names) checkDistribution(name, space[name]!);
  const rng = createRng(seed);
  return Array.from({ length: count }, () =>
    Object.fromEntries(names.map((name) => [name, draw(space[name]!, rng)])),
  );
}

function draw(d: ParamDistribution, rng: Rng): ParamValue {
  switch (d.kind) {
    case 'choice':
      return d.values[rng.int(d.values.length)]!;
    case 'uniform':
      return d.low + (d.high - d.low) * rng.next();
    case 'log_uniform':
      return Math.exp(Math.log(d.low) + (Math.log(d.high) - Math.log(d.low)) * rng.next());
    case 'int_uniform':
      return d.low + rng.int(d.high - d.low + 1);
  }
}

function checkDistribution(name: string, d: ParamDistribution): void {
  if (d.kind === 'choice') {
    requireParam(d.values.length > 0, `Parameter "${name}" has no choices`, { param: name });
    return;
  }
  requireParam(
    Number.isFinite(d.low) && Number.isFinite(d.high) && d.low <= d.high,
    `Parameter "${name}" needs low <= high`,
    {
      param: name,
    },
  );
  if (d.kind === 'log_uniform')
    requireParam(d.low > 0, `Parameter "${name}" needs low > 0 for a log scale`, { param: name });
  if (d.kind === 'int_uniform') {
    requireParam(
      Number.isInteger(d.low) && Number.isInteger(d.high),
      `Parameter "${name}" needs integer bounds`,
      { param: name },
    );
  }
}
