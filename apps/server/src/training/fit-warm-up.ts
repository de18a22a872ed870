// The warm-up a training thread runs before its first real fit: small synthetic fits of every
// learner family, so that V8 has compiled and optimised the preprocessing, the learners' loops,
// the kernels and the ONNX export by the time a user's fit arrives. Generated data only (no
// user data is read), a few hundred rows: it takes tens of milliseconds on a cold thread and
// leaves nothing behind but compiled code.
import {
  type ColumnTable,
  categoricalColumn,
  columnTable,
  createRng,
  type FitModelInput,
  fitGraph,
  numericColumn,
} from '@baton/ml';

/** Rows of the synthetic training table (the validation table has a quarter as many). */
export const WARM_UP_ROWS = 400;

/** What a thread reports once its warm-up has run. */
export interface WarmUpReport {
  /** Synthetic fits run (each exported to ONNX). */
  readonly fits: number;
  /** Wall time of the whole warm-up, real fits that ran in between included. */
  readonly ms: number;
}

/** Extra numeric columns: per-column preprocessing runs often enough to be optimised. */
const EXTRA_COLUMNS = 10;

/**
 * Numeric columns (one with missing values, ten more of noise), a categorical one and
 * three targets.
 */
function syntheticTable(rows: number, seed: number): ColumnTable {
  const rng = createRng(seed);
  const extra = Array.from({ length: EXTRA_COLUMNS }, () => new Float64Array(rows));
  const a = new Float64Array(rows);
  const b = new Float64Array(rows);
  const city: string[] = [];
  const yes: string[] = [];
  const tier: string[] = [];
  const amount = new Float64Array(rows);
  const cities = ['oslo', 'lima', 'pune', 'kobe'];
  for (let i = 0; i < rows; i++) {
    a[i] = rng.normal();
    b[i] = i % 13 === 0 ? Number.NaN : rng.next() * 10;
    const c = cities[rng.int(cities.length)]!;
    city.push(c);
    const score = a[i]! + (c === 'lima' ? 0.7 : 0) + 0.1 * (b[i]! || 5) + 0.5 * rng.normal();
    yes.push(score > 0.6 ? 'yes' : 'no');
    tier.push(score < 0 ? 'low' : score < 1.2 ? 'mid' : 'high');
    amount[i] = 3 * a[i]! - 0.2 * (b[i]! || 5) + (c === 'pune' ? 2 : 0) + rng.normal();
    for (const column of extra) column[i] = 0.3 * a[i]! + rng.normal();
  }
  return columnTable([
    numericColumn('a', a),
    numericColumn('b', b),
    ...extra.map((values, k) => numericColumn(`x${k}`, values)),
    categoricalColumn('city', city),
    categoricalColumn('yes', yes),
    categoricalColumn('tier', tier),
    numericColumn('amount', amount),
  ]);
}

/**
 * The warm-up fits, in the order they run: logistic regression (binary, multinomial), ridge,
 * GBDT (binary with a validation table as the server sends one, multiclass, regression) and
 * random forests (classification, regression), a few trees each.
 */
export function warmUpInputs(): FitModelInput[] {
  const table = syntheticTable(WARM_UP_ROWS, 20261206);
  const validation = syntheticTable(WARM_UP_ROWS / 4, 61);
  const features = ['a', 'b', ...Array.from({ length: EXTRA_COLUMNS }, (_, k) => `x${k}`), 'city'];
  const classify = (target: string, learner: FitModelInput['learner']): FitModelInput => ({
    table,
    target,
    task: 'classification',
    learner,
    features,
  });
  const regress = (learner: FitModelInput['learner']): FitModelInput => ({
    table,
    target: 'amount',
    task: 'regression',
    learner,
    features,
  });
  const trees = { nTrees: 8, maxDepth: 3, seed: 1 };
  return [
    classify('yes', { kind: 'logistic', params: { l2: 1 } }),
    classify('tier', { kind: 'logistic', params: { l2: 1 } }),
    regress({ kind: 'ridge', params: { l2: 1 } }),
    { ...classify('yes', { kind: 'gbdt', params: trees }), validation },
    classify('tier', { kind: 'gbdt', params: trees }),
    regress({ kind: 'gbdt', params: trees }),
    classify('yes', { kind: 'random_forest', params: { nTrees: 4, maxDepth: 4, seed: 1 } }),
    regress({ kind: 'random_forest', params: { nTrees: 4, maxDepth: 4, seed: 1 } }),
  ];
}

/** Runs every warm-up fit at once, in this thread (the benchmark does this). */
export function warmUpNow(): WarmUpReport {
  const started = performance.now();
  const inputs = warmUpInputs();
  for (const input of inputs) fitGraph(input);
  return { fits: inputs.length, ms: performance.now() - started };
}

/**
 * Runs the warm-up fits one per macrotask, so that a real fit posted to the thread meanwhile
 * waits at most for the one synthetic fit in progress (a few milliseconds).
 */
export function warmUpInTurns(done: (report: WarmUpReport) => void): void {
  const started = performance.now();
  const inputs = warmUpInputs();
  let next = 0;
  const step = () => {
    const input = inputs[next++];
    if (!input) {
      done({ fits: inputs.length, ms: performance.now() - started });
      return;
    }
    try {
      fitGraph(input);
    } catch {
      // A warm-up fit that fails only leaves its code colder; real fits report their own errors.
    }
    setImmediate(step);
  };
  setImmediate(step);
}
