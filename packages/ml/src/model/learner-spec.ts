import type { LogisticRegressionModel, LogisticRegressionParams } from '../linear/logistic-regression.ts';
import type { RidgeRegressionModel, RidgeRegressionParams } from '../linear/ridge-regression.ts';
import type { FittedPreprocessor, PreprocessingOptions } from '../preprocessing/preprocessor.ts';
import type { GbdtModel } from '../trees/gbdt.ts';
import type { GbdtParams } from '../trees/gbdt-params.ts';
import type { RandomForestModel, RandomForestParams } from '../trees/random-forest.ts';

/** Which learner to fit, with its parameters. */
export type LearnerSpec =
  | { readonly kind: 'ridge'; readonly params?: RidgeRegressionParams }
  | { readonly kind: 'logistic'; readonly params?: LogisticRegressionParams }
  | { readonly kind: 'gbdt'; readonly params?: GbdtParams }
  | { readonly kind: 'random_forest'; readonly params?: RandomForestParams };

export type LearnerKind = LearnerSpec['kind'];

/** What a model predicts: the task as seen from its outputs. */
export type ModelTask = 'binary' | 'multiclass' | 'regression';

/** A fitted learner of any kind. */
export type FittedLearner = RidgeRegressionModel | LogisticRegressionModel | GbdtModel | RandomForestModel;

/**
 * A model trained by `fitModel`: preprocessing and learner together, ready to predict in
 * TypeScript (`predictModel`) or to export as one ONNX graph (`exportModelOnnx`).
 */
export interface TrainedModel {
  readonly task: ModelTask;
  readonly target: string;
  /** Class labels for classification (the positive class of a binary task is `classes[1]`). */
  readonly classes: readonly string[] | null;
  readonly preprocessor: FittedPreprocessor;
  readonly learner: FittedLearner;
  /** Importance per input column (split gain for trees, |coefficient| on scaled features for linear models), summing to 1. */
  readonly featureImportance: readonly { readonly column: string; readonly importance: number }[];
  /** Per-iteration mean training and validation loss (boosting rounds, L-BFGS iterations). */
  readonly history: { readonly train: readonly number[]; readonly validation: readonly number[] };
}

/** Preprocessing defaults: linear models impute, scale and one-hot; trees keep NaN and use ordinal codes. */
export function defaultPreprocessing(kind: LearnerKind): PreprocessingOptions {
  return kind === 'ridge' || kind === 'logistic'
    ? { numericImputation: 'mean', scale: true, categoricalEncoding: 'onehot' }
    : { numericImputation: 'none', scale: false, categoricalEncoding: 'ordinal' };
}
