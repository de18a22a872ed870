import {
  type ColumnTable,
  categoricalColumn,
  columnTable,
  createRng,
  numericColumn,
} from '../../src/index.ts';

/**
 * A mixed table for tests: numeric columns with missing values, categorical columns with
 * missing values, and three targets (binary `churn`, three-class `tier`, numeric `spend`).
 * With `unseen`, some rows carry categories training never saw and all-missing numerics.
 */
export function mixedTable(n: number, seed: number, unseen = false): ColumnTable {
  const rng = createRng(seed);
  const levels = ['a', 'b', 'c', 'd', 'e'];
  const colours = ['red', 'green', 'blue'];
  const effect: Record<string, number> = {
    a: -1,
    b: -0.3,
    c: 0,
    d: 0.6,
    e: 1.2,
    red: 0.5,
    green: 0,
    blue: -0.5,
  };
  const cols = { x1: [] as number[], x2: [] as number[], x3: [] as number[], x4: [] as number[] };
  const c1: (string | null)[] = [];
  const c2: (string | null)[] = [];
  const churn: string[] = [];
  const tier: string[] = [];
  const spend: number[] = [];
  for (let i = 0; i < n; i++) {
    const x1 = rng.normal();
    const x2 = rng.normal() * 2 + 1;
    const x3 = rng.next() * 10;
    const x4 = rng.int(4);
    let a: string | null = levels[rng.int(levels.length)]!;
    const b: string | null = colours[rng.int(colours.length)]!;
    const ea = effect[a]!;
    const eb = effect[b]!;
    const logit = 1.2 * x1 - 0.4 * x2 + 0.15 * x3 + ea + eb + 0.3 * Math.sin(x3);
    churn.push(rng.next() < 1 / (1 + Math.exp(-logit)) ? 'yes' : 'no');
    const s = [x1 + ea, -x1 + 0.3 * x2 + eb, 0.2 * x3 - 1 + 0.3 * x4].map((v) => v + rng.normal() * 0.5);
    tier.push(['gold', 'silver', 'bronze'][s.indexOf(Math.max(...s))]!);
    spend.push(20 + 3 * x1 + 2 * x2 * (x4 > 1 ? 1 : -1) + 4 * ea + x3 + rng.normal());
    let v1 = rng.next() < 0.1 ? Number.NaN : x1;
    let v2 = rng.next() < 0.1 ? Number.NaN : x2;
    if (rng.next() < 0.05) a = null;
    if (unseen && i % 7 === 3) a = 'never-seen';
    if (unseen && i % 11 === 5) {
      v1 = Number.NaN;
      v2 = Number.NaN;
    }
    cols.x1.push(v1);
    cols.x2.push(v2);
    cols.x3.push(x3);
    cols.x4.push(x4);
    c1.push(a);
    c2.push(unseen && i % 13 === 0 ? 'purple' : b);
  }
  return columnTable([
    numericColumn('x1', cols.x1),
    numericColumn('x2', cols.x2),
    numericColumn('x3', cols.x3),
    numericColumn('x4', cols.x4),
    categoricalColumn('c1', c1),
    categoricalColumn('c2', c2),
    categoricalColumn('churn', churn),
    categoricalColumn('tier', tier),
    numericColumn('spend', spend),
  ]);
}

/** Feature columns of `mixedTable`. */
export const MIXED_FEATURES = ['x1', 'x2', 'x3', 'x4', 'c1', 'c2'];
