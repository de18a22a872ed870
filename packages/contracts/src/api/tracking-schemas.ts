import { z } from 'zod';

/** Run statuses, as MLflow names them. */
export const RUN_STATUSES = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'] as const;
export const runStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof runStatusSchema>;
export const lifecycleStageSchema = z.enum(['active', 'deleted']);
export const viewTypeSchema = z.enum(['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL']);
export type ViewType = z.infer<typeof viewTypeSchema>;

/** MLflow's limits, kept so that a batch accepted by one is accepted by the other. */
export const TRACKING_LIMITS = {
  keyLength: 250,
  paramValueLength: 6000,
  tagValueLength: 8000,
  batchMetrics: 1000,
  batchParams: 100,
  batchTags: 100,
  batchTotal: 1000,
  experimentNameLength: 500,
  maxSearchResults: 50_000,
} as const;

/**
 * A metric value in JSON: a number, or `"NaN"`, `"Infinity"`, `"-Infinity"` (JSON has no
 * literal for them). Parses to a JavaScript number either way.
 */
export const metricValueSchema = z.preprocess(
  (v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v),
  z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity']).transform((s) => Number(s))]),
);
/** The JSON form of a metric value on the way out. */
export const metricValueOutSchema = z.preprocess(
  (v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v),
  z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])]),
);

export const metricPointSchema = z.object({
  key: z.string(),
  value: metricValueOutSchema,
  step: z.number().int(),
  timestamp: z.number().int(),
});
export type MetricPoint = { key: string; value: number; step: number; timestamp: number };

export const experimentSchema = z.object({
  id: z.string(),
  name: z.string(),
  artifactLocation: z.string(),
  lifecycleStage: lifecycleStageSchema,
  creationTime: z.number().int(),
  lastUpdateTime: z.number().int(),
  tags: z.record(z.string(), z.string()),
});
export type Experiment = z.infer<typeof experimentSchema>;

export const runInfoSchema = z.object({
  id: z.string(),
  experimentId: z.string(),
  name: z.string(),
  parentRunId: z.string().nullable(),
  status: runStatusSchema,
  startTime: z.number().int(),
  endTime: z.number().int().nullable(),
  lifecycleStage: lifecycleStageSchema,
  userId: z.string(),
  artifactUri: z.string(),
});
export type RunInfo = z.infer<typeof runInfoSchema>;

export const runInputSchema = z.object({
  name: z.string(),
  digest: z.string(),
  sourceType: z.string(),
  source: z.string(),
  schema: z.string(),
  profile: z.string(),
  tags: z.array(z.object({ key: z.string(), value: z.string() })),
  /** The exact Baton dataset version this input is, when it names one. */
  datasetVersionId: z.string().nullable(),
});
export type RunInput = z.infer<typeof runInputSchema>;

export const runSchema = z.object({
  info: runInfoSchema,
  params: z.record(z.string(), z.string()),
  tags: z.record(z.string(), z.string()),
  /** The latest value of each metric. */
  metrics: z.array(metricPointSchema),
  inputs: z.array(runInputSchema),
});
export type Run = {
  info: RunInfo;
  params: Record<string, string>;
  tags: Record<string, string>;
  metrics: MetricPoint[];
  inputs: RunInput[];
};

export const artifactFileSchema = z.object({
  path: z.string(),
  isDir: z.boolean(),
  size: z.number().int().nullable(),
});
export type ArtifactFile = z.infer<typeof artifactFileSchema>;

const keyValue = z.object({ key: z.string(), value: z.string() });
export const logBatchSchema = z.object({
  metrics: z
    .array(
      z.object({
        key: z.string(),
        value: metricValueSchema,
        step: z.number().int().default(0),
        timestamp: z.number().int().optional(),
      }),
    )
    .default([]),
  params: z.array(keyValue).default([]),
  tags: z.array(keyValue).default([]),
});
export type LogBatchInput = z.input<typeof logBatchSchema>;
