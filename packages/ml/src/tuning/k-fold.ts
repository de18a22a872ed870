import { createRng } from '../data/random.ts';
import { MlError, requireParam } from '../errors.ts';

/** One train/test split of row indices (both ascending). */
export interface Fold {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

/**
 * K-fold cross-validation splits of `n` rows, shuffled with `seed`. Fold sizes differ by at
 * most one; every row is in exactly one test fold.
 *
 * ```ts
 * for (const { train, test } of kFold(1000, 5, 42)) {
 *   // fit on takeRows(table, train), score on takeRows(table, test)
 * }
 * ```
 */
export function kFold(n: number, k: number, seed: number): Fold[] {
  requireParam(Number.isInteger(k) && k >= 2 && k <= n, `k must be an integer in [2, ${n}]`, { k });
  const order = createRng(seed).shuffle(Int32Array.from({ length: n }, (_, i) => i));
  const assignment = new Int32Array(n);
  order.forEach((row, i) => {
    assignment[row] = i % k;
  });
  return foldsFromAssignment(assignment, k);
}

/**
 * Stratified k-fold splits: each class is shuffled with `seed` and dealt round-robin over the
 * folds (continuing where the previous class stopped), so every fold keeps the class
 * proportions. Throws `single_example_class` when a class has a single row; a class with
 * fewer than `k` rows simply misses some test folds.
 *
 * ```ts
 * const folds = stratifiedKFold(target.y, 5, 42);
 * ```
 */
export function stratifiedKFold(y: ArrayLike<number>, k: number, seed: number): Fold[] {
  const n = y.length;
  requireParam(Number.isInteger(k) && k >= 2 && k <= n, `k must be an integer in [2, ${n}]`, { k });
  const byClass = groupByClass(y);
  for (const [label, rows] of byClass) {
    if (rows.length < 2) {
      throw new MlError('single_example_class', `Class ${label} has a single example`, { class: label });
    }
  }
  const rng = createRng(seed);
  const assignment = new Int32Array(n);
  let next = 0;
  for (const [, rows] of byClass) {
    rng.shuffle(rows);
    for (const row of rows) {
      assignment[row] = next;
      next = (next + 1) % k;
    }
  }
  return foldsFromAssignment(assignment, k);
}

/**
 * A single shuffled split with `testFraction` of the rows held out; with `y`, stratified
 * (each class contributes its share, at least one row to each side when it has two).
 *
 * ```ts
 * const { train, test } = trainTestSplit(1000, 0.2, 7, target.y);
 * ```
 */
export function trainTestSplit(n: number, testFraction: number, seed: number, y?: ArrayLike<number>): Fold {
  requireParam(testFraction > 0 && testFraction < 1, 'testFraction must be in (0, 1)', { testFraction });
  const rng = createRng(seed);
  const groups = y ? [...groupByClass(y).values()] : [Array.from({ length: n }, (_, i) => i)];
  const test: number[] = [];
  const train: number[] = [];
  for (const rows of groups) {
    rng.shuffle(rows);
    let t = Math.round(rows.length * testFraction);
    if (rows.length >= 2) t = Math.min(Math.max(t, 1), rows.length - 1);
    test.push(...rows.slice(0, t));
    train.push(...rows.slice(t));
  }
  return { train: Int32Array.from(train).sort(), test: Int32Array.from(test).sort() };
}

function groupByClass(y: ArrayLike<number>): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < y.length; i++) {
    const rows = groups.get(y[i]!);
    if (rows) rows.push(i);
    else groups.set(y[i]!, [i]);
  }
  return new Map([...groups.entries()].sort((a, b) => a[0] - b[0]));
}

function foldsFromAssignment(assignment: Int32Array, k: number): Fold[] {
  return Array.from({ length: k }, (_, fold) => {
    const train: number[] = [];
    const test: number[] = [];
    assignment.forEach((a, row) => {
      (a === fold ? test : train).push(row);
    });
    return { train: Int32Array.from(train), test: Int32Array.from(test) };
  });
}
