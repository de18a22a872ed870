import type { LearnerDoc, LearnerKindName, LearnerParamDoc, TrainingParamValue } from '@baton/contracts';
import { badRequest } from '../errors.ts';

const int = (name: string, def: number | null, description: string, min?: number, max?: number) =>
  ({
    name,
    type: 'integer',
    default: def,
    description,
    ...(min !== undefined ? { min } : {}),
    ...(max !== undefined ? { max } : {}),
  }) satisfies LearnerParamDoc;
const num = (name: string, def: number | null, description: string, min?: number, max?: number) =>
  ({ ...int(name, def, description, min, max), type: 'number' }) satisfies LearnerParamDoc;

/** The built-in learners, their tasks and the parameters a training request may set. */
export const LEARNERS: readonly LearnerDoc[] = [
  {
    kind: 'ridge',
    title: 'Ridge regression',
    tasks: ['regression'],
    description:
      'Linear least squares with an L2 penalty, solved exactly; imputes, scales and one-hot encodes.',
    params: [num('l2', 1, 'L2 strength (scikit-learn Ridge alpha)', 0)],
  },
  {
    kind: 'logistic',
    title: 'Logistic regression',
    tasks: ['classification'],
    description: 'Binary or multinomial logistic regression with an L2 penalty, fitted by L-BFGS.',
    params: [
      num('l2', 1, 'L2 strength (scikit-learn C = 1 / l2)', 0),
      int('maxIterations', 1000, 'L-BFGS iteration cap', 1, 100_000),
      num('tolerance', 1e-10, 'Stop when the largest gradient component is at most this', 0),
      int('threads', 1, 'Threads for the objective', 1, 64),
    ],
  },
  {
    kind: 'gbdt',
    title: 'Gradient-boosted trees',
    tasks: ['classification', 'regression'],
    description:
      'Histogram gradient boosting (binary, multiclass, regression); missing values take a learned default direction.',
    params: [
      int('nTrees', 100, 'Boosting rounds', 1, 100_000),
      num('learningRate', 0.1, 'Shrinkage of every leaf', 0, 1),
      int('maxDepth', 6, 'Deepest a tree may grow', 1, 64),
      int('maxLeaves', null, 'Most leaves per tree (grows leaf-wise when set)', 2),
      num('minChildWeight', 1, 'Least hessian sum in a child', 0),
      num('l2', 1, 'L2 penalty on leaf values', 0),
      num('minSplitGain', 0, 'Least gain to split', 0),
      num('subsample', 1, 'Share of rows drawn for each round', 0, 1),
      num('colsampleByTree', 1, 'Share of features drawn for each tree', 0, 1),
      int('maxBins', 255, 'Value bins per feature', 2, 255),
      int(
        'earlyStoppingRounds',
        null,
        'Stop when the validation loss has not improved for this many rounds',
        1,
      ),
      num('validationFraction', 0.1, 'Share of training rows held out for early stopping', 0, 1),
      int('seed', 0, 'Seed for sampling', 0),
      int('threads', 1, 'Threads for histogram building', 1, 64),
    ],
  },
  {
    kind: 'random_forest',
    title: 'Random forest',
    tasks: ['classification', 'regression'],
    description: 'Bagged decision trees on histogram bins, averaged.',
    params: [
      int('nTrees', 100, 'Trees', 1, 10_000),
      int('maxDepth', null, 'Deepest a tree may grow (unlimited by default)', 1, 64),
      int('minSamplesLeaf', 1, 'Least rows in a leaf', 1),
      {
        name: 'maxFeatures',
        type: 'string',
        default: null,
        description: "Features per split: 'sqrt', 'log2', 'all' or a fraction in (0, 1]",
        choices: ['sqrt', 'log2', 'all'],
      },
      { name: 'bootstrap', type: 'boolean', default: true, description: 'Draw a bootstrap sample per tree' },
      int('maxBins', 255, 'Value bins per feature', 2, 255),
      int('seed', 0, 'Seed for sampling', 0),
    ],
  },
];

const docOf = (kind: LearnerKindName): LearnerDoc => LEARNERS.find((l) => l.kind === kind)!;

function coerce(doc: LearnerParamDoc, value: TrainingParamValue, kind: string): number | string | boolean {
  const fail = (why: string) =>
    badRequest(`param '${doc.name}' of ${kind}: ${why}`, [{ path: `params.${doc.name}`, message: why }]);
  if (doc.type === 'boolean') {
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    throw fail(`expected true or false, got '${value}'`);
  }
  if (doc.type === 'string') {
    // maxFeatures: a named rule or a fraction.
    if (typeof value === 'string' && doc.choices?.includes(value)) return value;
    const n = Number(value);
    if (typeof value !== 'boolean' && value !== '' && Number.isFinite(n) && n > 0 && n <= 1) return n;
    throw fail(`expected one of ${doc.choices?.join(', ')} or a fraction in (0, 1], got '${value}'`);
  }
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : Number.NaN;
  if (!Number.isFinite(n)) throw fail(`expected a number, got '${value}'`);
  if (doc.type === 'integer' && !Number.isInteger(n)) throw fail(`expected an integer, got ${n}`);
  if (doc.min !== undefined && n < doc.min) throw fail(`must be at least ${doc.min}, got ${n}`);
  if (doc.max !== undefined && n > doc.max) throw fail(`must be at most ${doc.max}, got ${n}`);
  return n;
}

/** Checks and coerces request params against the learner's catalogue entry; unknown names are refused. */
export function coerceParams(
  kind: LearnerKindName,
  params: Readonly<Record<string, TrainingParamValue>>,
): Record<string, number | string | boolean> {
  const doc = docOf(kind);
  const out: Record<string, number | string | boolean> = {};
  for (const [name, value] of Object.entries(params)) {
    const p = doc.params.find((d) => d.name === name);
    if (!p) {
      const known = doc.params.map((d) => d.name).join(', ');
      throw badRequest(`learner '${kind}' has no param '${name}' (it has ${known})`, [
        { path: `params.${name}`, message: 'unknown param' },
      ]);
    }
    out[name] = coerce(p, value, kind);
  }
  return out;
}

/** Whether the learner can do the task. */
export function assertLearnerTask(kind: LearnerKindName, task: 'classification' | 'regression'): void {
  if (!docOf(kind).tasks.includes(task)) {
    throw badRequest(
      `learner '${kind}' cannot do ${task}; use ${LEARNERS.filter((l) => l.tasks.includes(task))
        .map((l) => l.kind)
        .join(', ')}`,
      [{ path: 'learner', message: `does not do ${task}` }],
    );
  }
}
