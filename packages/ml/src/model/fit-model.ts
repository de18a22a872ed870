import type { ColumnTable } from '../data/column-table.ts';
import { encodeTarget } from '../data/target.ts';
import { MlError } from '../errors.ts';
import { fitLogisticRegression } from '../linear/logistic-regression.ts';
import { fitRidgeRegression } from '../linear/ridge-regression.ts';
import { fitPreprocessor, type PreprocessingOptions, transformTable } from '../preprocessing/preprocessor.ts';
import { fitGbdt } from '../trees/gbdt.ts';
import { fitRandomForest } from '../trees/random-forest.ts';
import { columnImportance } from './feature-importance.ts';
import {
  defaultPreprocessing,
  type FittedLearner,
  type LearnerSpec,
  type ModelTask,
  type TrainedModel,
} from './learner-spec.ts';

/** Input of `fitModel`. */
export interface FitModelInput {
  readonly table: ColumnTable;
  readonly target: string;
  readonly task: 'classification' | 'regression';
  readonly learner: LearnerSpec;
  /** Feature columns (default: every column but the target). */
  readonly features?: readonly string[];
  /** Overrides of the learner's preprocessing defaults. */
  readonly preprocessing?: PreprocessingOptions;
  /** Held-out rows for GBDT early stopping (otherwise it splits its own when asked to stop early). */
  readonly validation?: ColumnTable;
}

/**
 * Fits preprocessing and a learner on a table, checking the target first (`target_missing`,
 * `constant_target`, `single_example_class`) and the features as preprocessing meets them
 * (`all_missing_feature`, `too_many_categories`).
 *
 * ```ts
 * const model = fitModel({
 *   table, target: 'Class', task: 'classification',
 *   learner: { kind: 'gbdt', params: { nTrees: 200, maxDepth: 4, seed: 1 } },
 * });
 * const { labels, probabilities } = predictModel(model, testTable);
 * const { onnx, signature } = exportModelOnnx(model);
 * ```
 */
export function fitModel(input: FitModelInput): TrainedModel {
  const { table, learner } = input;
  const target = encodeTarget(table, input.target, input.task);
  if (
    (learner.kind === 'ridge' && input.task !== 'regression') ||
    (learner.kind === 'logistic' && input.task !== 'classification')
  ) {
    throw new MlError('invalid_param', `Learner "${learner.kind}" cannot do ${input.task}`, {
      learner: learner.kind,
    });
  }
  const features = input.features ?? table.columns.map((c) => c.name).filter((n) => n !== input.target);
  if (features.includes(input.target)) {
    throw new MlError('invalid_param', `The target "${input.target}" cannot also be a feature`, {
      column: input.target,
    });
  }
  const options = { ...defaultPreprocessing(learner.kind), ...input.preprocessing };
  if (
    (learner.kind === 'ridge' || learner.kind === 'logistic') &&
    (options.numericImputation === 'none' || options.categoricalEncoding === 'ordinal')
  ) {
    throw new MlError('invalid_param', 'Linear models need numeric imputation and one-hot encoding');
  }
  const prep = fitPreprocessor(table, features, options);
  const threaded = learner.kind === 'logistic' && (learner.params?.threads ?? 1) > 1;
  const x = transformTable(prep, table, { shared: threaded });
  const classes = target.kind === 'classification' ? target.classes : null;
  const task: ModelTask = classes === null ? 'regression' : classes.length === 2 ? 'binary' : 'multiclass';
  const nClasses = classes?.length ?? 0;
  const history = { train: [] as number[], validation: [] as number[] };
  let fitted: FittedLearner;
  switch (learner.kind) {
    case 'ridge':
      fitted = fitRidgeRegression(x, target.y as Float64Array, learner.params);
      break;
    case 'logistic': {
      const user = learner.params?.onIteration;
      const labels = target.y as Int32Array;
      const y = threaded ? new Int32Array(new SharedArrayBuffer(labels.byteLength)) : labels;
      if (y !== labels) y.set(labels);
      fitted = fitLogisticRegression(x, y, nClasses, {
        ...learner.params,
        onIteration: (i, loss) => {
          history.train.push(loss);
          user?.(i, loss);
        },
      });
      break;
    }
    case 'gbdt': {
      const objective =
        task === 'regression'
          ? 'squared_error'
          : task === 'binary'
            ? 'binary_logistic'
            : 'multiclass_softmax';
      const validation = input.validation
        ? validationSet(input.validation, input.target, input.task, prep, classes)
        : undefined;
      const model = fitGbdt(x, target.y, objective, nClasses, learner.params, validation);
      history.train.push(...model.history.train);
      history.validation.push(...model.history.validation);
      fitted = model;
      break;
    }
    case 'random_forest':
      fitted = fitRandomForest(
        x,
        target.y,
        classes ? 'classification' : 'regression',
        nClasses,
        learner.params,
      );
      break;
  }
  return {
    task,
    target: input.target,
    classes,
    preprocessor: prep,
    learner: fitted,
    featureImportance: columnImportance(fitted, prep),
    history,
  };
}

function validationSet(
  table: ColumnTable,
  target: string,
  task: 'classification' | 'regression',
  prep: ReturnType<typeof fitPreprocessor>,
  classes: readonly string[] | null,
) {
  const encoded = encodeTarget(table, target, task);
  let y: ArrayLike<number> = encoded.y;
  if (encoded.kind === 'classification' && classes) {
    const index = new Map(classes.map((c, i) => [c, i]));
    y = Int32Array.from(encoded.y, (k) => {
      const label = encoded.classes[k]!;
      const mapped = index.get(label);
      if (mapped === undefined) {
        throw new MlError('invalid_param', `Validation class "${label}" does not occur in training`, {
          class: label,
        });
      }
      return mapped;
    });
  }
  return { x: transformTable(prep, table), y };
}
