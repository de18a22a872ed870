/**
 * `@baton/ml`: Baton's pure numerics. Learners (ridge, logistic regression, gradient-boosted
 * trees, random forests) with their preprocessing, export of both as one ONNX graph,
 * evaluation metrics checked against scikit-learn, and tuning helpers. No I/O and no imports
 * from the rest of Baton, so every function here can be checked against reference
 * implementations in isolation.
 *
 * ```ts
 * import { fitModel, predictModel, exportModelOnnx, tableFromRecords } from '@baton/ml';
 *
 * const table = tableFromRecords(rows, { age: 'numeric', city: 'categorical', churned: 'categorical' });
 * const model = fitModel({ table, target: 'churned', task: 'classification', learner: { kind: 'gbdt' } });
 * const { onnx, signature } = exportModelOnnx(model);
 * ```
 *
 * Subpaths: `@baton/ml/metrics`, `@baton/ml/tuning`, `@baton/ml/onnx` (graph reading and
 * signatures) and `@baton/ml/runtime` (loading graphs in onnxruntime-node; the only entry
 * point that loads the native runtime).
 */
export type { CategoricalColumn, ColumnTable, NumericColumn, TableColumn } from './data/column-table.ts';
export {
  categoricalColumn,
  columnTable,
  dropColumns,
  findColumn,
  numericColumn,
  takeRows,
} from './data/column-table.ts';
export type { FeatureMatrix } from './data/feature-matrix.ts';
export { featureMatrix, matrixFromRows, takeMatrixRows } from './data/feature-matrix.ts';
export type { Rng } from './data/random.ts';
export { createRng } from './data/random.ts';
export type { RecordSchema, RecordValue } from './data/records.ts';
export { inferRecordSchema, MISSING_MARKERS, tableFromRecords } from './data/records.ts';
export type { ClassTarget, EncodedTarget, RegressionTarget } from './data/target.ts';
export { encodeTarget } from './data/target.ts';
export type { MlErrorCode } from './errors.ts';
export { MlError } from './errors.ts';
export type { LbfgsOptions, LbfgsResult, Objective } from './linear/lbfgs.ts';
export { minimizeLbfgs } from './linear/lbfgs.ts';
export type { LogisticRegressionModel, LogisticRegressionParams } from './linear/logistic-regression.ts';
export { fitLogisticRegression, predictLogisticProba } from './linear/logistic-regression.ts';
export type { RidgeRegressionModel, RidgeRegressionParams } from './linear/ridge-regression.ts';
export { fitRidgeRegression, predictRidge } from './linear/ridge-regression.ts';
export * from './metrics/index.ts';
export type { ExportedModel } from './model/export-model-onnx.ts';
export { exportModelOnnx, modelSignature } from './model/export-model-onnx.ts';
export type { FittedGraph, RoundListener } from './model/fit-graph.ts';
export { fitGraph } from './model/fit-graph.ts';
export type { FitModelInput } from './model/fit-model.ts';
export { fitModel } from './model/fit-model.ts';
export type {
  FittedLearner,
  LearnerKind,
  LearnerSpec,
  ModelTask,
  TrainedModel,
} from './model/learner-spec.ts';
export { defaultPreprocessing } from './model/learner-spec.ts';
export type { Prediction } from './model/predict-model.ts';
export { predictModel } from './model/predict-model.ts';
export type { ColumnBinding, ModelSignature, TensorSignature } from './onnx/model-signature.ts';
export type { FeedTensor } from './onnx/onnx-feeds.ts';
export { onnxFeeds } from './onnx/onnx-feeds.ts';
export type { OnnxModelInfo } from './onnx/read-onnx-model.ts';
export { readOnnxModel } from './onnx/read-onnx-model.ts';
export { signatureProblems, validateSignature } from './onnx/validate-signature.ts';
export type { CategoryOverflow } from './preprocessing/category-levels.ts';
export { MISSING_CATEGORY } from './preprocessing/category-levels.ts';
export type { FittedPreprocessor, PreprocessingOptions } from './preprocessing/preprocessor.ts';
export { fitPreprocessor, transformTable } from './preprocessing/preprocessor.ts';
export type { BoostingObjective } from './trees/boosting-objective.ts';
export type { DecisionTree } from './trees/decision-tree.ts';
export type { GbdtModel, ValidationSet } from './trees/gbdt.ts';
export { fitGbdt, predictGbdt, predictGbdtRaw } from './trees/gbdt.ts';
export type { BoostingProgress, GbdtParams } from './trees/gbdt-params.ts';
export type { RandomForestModel, RandomForestParams } from './trees/random-forest.ts';
export { fitRandomForest, predictRandomForest } from './trees/random-forest.ts';
export * from './tuning/index.ts';
