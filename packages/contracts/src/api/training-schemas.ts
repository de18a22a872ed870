import { z } from 'zod';

export const LEARNER_KINDS = ['ridge', 'logistic', 'gbdt', 'random_forest'] as const;
export const learnerKindSchema = z.enum(LEARNER_KINDS);
export type LearnerKindName = z.infer<typeof learnerKindSchema>;

export const trainingTaskSchema = z.enum(['classification', 'regression']);
export type TrainingTask = z.infer<typeof trainingTaskSchema>;

/** A learner parameter as sent: the CLI sends text (`nTrees=200`), the server coerces it. */
export const paramValueSchema = z.union([z.number(), z.string().max(200), z.boolean()]);
export type TrainingParamValue = z.infer<typeof paramValueSchema>;
const paramsSchema = z.record(z.string().max(100), paramValueSchema);

/** What every training start shares: the data, the target and the learner. */
export const trainingSpecSchema = z.object({
  /** `NAME@VERSION` (`NAME@latest` too) or a dataset version id. */
  dataset: z.string().min(1).max(200),
  target: z.string().min(1).max(500),
  learner: learnerKindSchema,
  params: paramsSchema.default({}),
  /** Feature columns; every column but the target by default. */
  features: z.array(z.string().min(1).max(500)).max(5000).optional(),
  /** Inferred when absent: a text or boolean target, or a whole-number one with at most 20 values, is classification. */
  task: trainingTaskSchema.optional(),
  /** Overrides of how a column is read; a text column read as numeric must hold numbers only. */
  columnTypes: z.record(z.string(), z.enum(['numeric', 'categorical'])).optional(),
  /** Most categories a categorical feature may have (default 100). */
  maxCategories: z.number().int().min(2).max(100_000).optional(),
  testFraction: z.number().gt(0).lt(1).default(0.2),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(0),
  experiment: z.string().min(1).max(500).default('training'),
  runName: z.string().min(1).max(250).optional(),
  /** Train on a version whose quality suite failed; the use is written to the audit log. */
  force: z.boolean().default(false),
});
export type TrainingSpec = z.infer<typeof trainingSpecSchema>;
export type TrainingSpecInput = z.input<typeof trainingSpecSchema>;

export const trainingStartedSchema = z.object({
  runId: z.string(),
  experimentId: z.string(),
  jobId: z.string(),
});
export type TrainingStarted = z.infer<typeof trainingStartedSchema>;

export const paramDistributionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('choice'), values: z.array(paramValueSchema).min(1).max(1000) }),
  z.object({ kind: z.literal('uniform'), low: z.number(), high: z.number() }),
  z.object({ kind: z.literal('log_uniform'), low: z.number().positive(), high: z.number().positive() }),
  z.object({ kind: z.literal('int_uniform'), low: z.number().int(), high: z.number().int() }),
]);
export type ParamDistributionInput = z.infer<typeof paramDistributionSchema>;

export const tuningSpecSchema = trainingSpecSchema.extend({
  search: z.enum(['grid', 'random']),
  /** Grid: a list of values per parameter. Random: a list (a choice) or a distribution. */
  space: z.record(
    z.string().max(100),
    z.union([z.array(paramValueSchema).min(1).max(1000), paramDistributionSchema]),
  ),
  /** Random search: how many candidates (default 10). */
  trials: z.number().int().min(1).max(500).optional(),
  folds: z.number().int().min(2).max(20).default(3),
  /** The metric that picks the best trial, e.g. `roc_auc`, `accuracy`, `rmse`. */
  metric: z.string().min(1).max(100),
  direction: z.enum(['maximize', 'minimize']).default('maximize'),
});
export type TuningSpec = z.infer<typeof tuningSpecSchema>;
export type TuningSpecInput = z.input<typeof tuningSpecSchema>;

export const tuningStartedSchema = z.object({
  parentRunId: z.string(),
  experimentId: z.string(),
  trialRunIds: z.array(z.string()),
  jobIds: z.array(z.string()),
});
export type TuningStarted = z.infer<typeof tuningStartedSchema>;

export const evaluationSpecSchema = z.object({
  /** The run whose `model.onnx` is scored. */
  run: z.string().min(1).max(200),
  dataset: z.string().min(1).max(200),
  target: z.string().min(1).max(500),
  columnTypes: z.record(z.string(), z.enum(['numeric', 'categorical'])).optional(),
  force: z.boolean().default(false),
});
export type EvaluationSpec = z.infer<typeof evaluationSpecSchema>;
export type EvaluationSpecInput = z.input<typeof evaluationSpecSchema>;

export const evaluationStartedSchema = z.object({
  /** The child run of the model's run that holds the evaluation. */
  runId: z.string(),
  jobId: z.string(),
});
export type EvaluationStarted = z.infer<typeof evaluationStartedSchema>;

const tensorSignatureSchema = z.object({
  name: z.string(),
  elemType: z.string(),
  shape: z.array(z.union([z.number(), z.string()])),
  kind: z.enum(['tensor', 'sequence', 'map', 'optional', 'sparse_tensor', 'unknown']),
});

/** A model's signature (`signature.json`): graph inputs and outputs and the column bindings. */
export const modelSignatureSchema = z.object({
  inputs: z.array(tensorSignatureSchema),
  outputs: z.array(tensorSignatureSchema),
  columns: z
    .array(
      z.object({
        column: z.string(),
        kind: z.enum(['numeric', 'categorical']),
        input: z.string(),
        index: z.number().int().min(0),
      }),
    )
    .optional(),
  task: z.enum(['binary', 'multiclass', 'regression']).optional(),
  classes: z.array(z.string()).optional(),
  target: z.string().optional(),
});
export type ModelSignatureJson = z.infer<typeof modelSignatureSchema>;

export const importModelQuerySchema = z.object({
  experiment: z.string().min(1).max(500).default('imported-models'),
  name: z.string().min(1).max(250).optional(),
  /** The signature as JSON text; inferred from the graph when absent. */
  signature: z.string().max(60_000).optional(),
  /** Where the model came from (`pytorch`, `sklearn`, ...), kept as tag `baton.framework`. */
  framework: z.string().max(100).optional(),
});

export const importedModelSchema = z.object({
  runId: z.string(),
  experimentId: z.string(),
  signature: modelSignatureSchema,
  signatureSource: z.enum(['declared', 'graph']),
  operators: z.array(z.string()),
  opsets: z.record(z.string(), z.number()),
  producer: z.string(),
});
export type ImportedModel = z.infer<typeof importedModelSchema>;

export const learnerParamDocSchema = z.object({
  name: z.string(),
  type: z.enum(['integer', 'number', 'boolean', 'string']),
  default: z.union([z.number(), z.string(), z.boolean(), z.null()]),
  description: z.string(),
  min: z.number().optional(),
  max: z.number().optional(),
  choices: z.array(z.string()).optional(),
});
export type LearnerParamDoc = z.infer<typeof learnerParamDocSchema>;

export const learnerDocSchema = z.object({
  kind: learnerKindSchema,
  title: z.string(),
  tasks: z.array(trainingTaskSchema),
  description: z.string(),
  params: z.array(learnerParamDocSchema),
});
export type LearnerDoc = z.infer<typeof learnerDocSchema>;

/** The evaluation metric keys a training run logs (test split), by task. */
export const CLASSIFICATION_METRICS = [
  'accuracy',
  'balanced_accuracy',
  'precision',
  'recall',
  'f1',
  'precision_macro',
  'recall_macro',
  'f1_macro',
  'precision_weighted',
  'recall_weighted',
  'f1_weighted',
  'roc_auc',
  'pr_auc',
  'log_loss',
  'brier_score',
] as const;
export const REGRESSION_METRICS = ['rmse', 'mae', 'r2', 'mape'] as const;
