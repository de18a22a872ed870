import { z } from 'zod';

/** Names of deployments: global (they appear in `/serve/{deployment}/predict`), URL-safe. */
export const deploymentNameSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{1,62}$/,
    'lower-case letters, digits and dashes, 2-63 characters, not starting with a dash',
  );

export const challengerModeSchema = z.enum(['none', 'canary', 'shadow']);
export type ChallengerMode = z.infer<typeof challengerModeSchema>;
export const deploymentStatusSchema = z.enum(['active', 'stopped']);

/**
 * How a deployment serves, stored with it (`config_json`). Every field has a default, so an
 * empty object is a valid configuration.
 */
export const servingConfigSchema = z
  .object({
    /** Largest number of rows one predict request may carry (413 above it). */
    maxRows: z.number().int().min(1).max(100_000).default(1000),
    /** Largest number of rows combined into one onnxruntime call. */
    maxBatchRows: z.number().int().min(1).max(100_000).default(512),
    /**
     * Extra time (ms) the first queued request waits for others to join its batch. 0 batches
     * only what arrives while the model is busy (no added latency when idle).
     */
    batchWindowMs: z.number().min(0).max(50).default(0),
    /** Log every prediction to the prediction log. */
    logPredictions: z.boolean().default(true),
    /** Predictions waiting to be written; beyond it the oldest are dropped (and counted). */
    logQueueLimit: z.number().int().min(100).max(1_000_000).default(100_000),
    /** Accept null (missing) feature values; when false, a missing value is a 400. */
    allowMissing: z.boolean().default(true),
    /** Anyone may call predict without a token (the management API stays protected). */
    publicAccess: z.boolean().default(false),
  })
  .strict();
export type ServingConfig = z.output<typeof servingConfigSchema>;
export const servingConfigInput = servingConfigSchema.partial();
export type ServingConfigInput = z.input<typeof servingConfigInput>;

export const servedVersionSchema = z.object({
  versionId: z.string(),
  version: z.number().int(),
});

export const deploymentSchema = z.object({
  id: z.string(),
  name: z.string(),
  model: z.string(),
  alias: z.string(),
  challengerAlias: z.string().nullable(),
  mode: challengerModeSchema,
  canaryPercent: z.number().int().min(0).max(100),
  status: deploymentStatusSchema,
  config: servingConfigSchema,
  /** The version the alias points to now (null when the alias is unset). */
  current: servedVersionSchema.nullable(),
  challenger: servedVersionSchema.nullable(),
  createdBy: z.string(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type Deployment = z.infer<typeof deploymentSchema>;

export const predictionSchema = z.object({
  id: z.string(),
  requestId: z.string(),
  versionId: z.string(),
  variant: z.enum(['primary', 'canary', 'shadow']),
  inputs: z.unknown(),
  outputs: z.unknown(),
  latencyMs: z.number(),
  createdAt: z.number().int(),
});
export type PredictionLogEntry = z.infer<typeof predictionSchema>;

/** One second of a deployment's traffic as this server saw it. */
export const statsPointSchema = z.object({
  t: z.number().int(),
  requests: z.number().int(),
  errors: z.number().int(),
  p50Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
});

export const servingHealthSchema = z.object({
  /** `ready`: the model is loaded; `degraded`: serving, but the last switch failed. */
  state: z.enum(['not_loaded', 'loading', 'ready', 'degraded', 'failed', 'stopped']),
  primary: servedVersionSchema.nullable(),
  challenger: servedVersionSchema.nullable(),
  problem: z.string().nullable(),
  logQueueDepth: z.number().int(),
  logDropped: z.number().int(),
  swaps: z.number().int(),
});
export type ServingHealth = z.infer<typeof servingHealthSchema>;

export const deploymentStatsSchema = z.object({
  deployment: z.string(),
  /** Whether this server process serves the deployment now (it loads on first request). */
  served: z.boolean(),
  health: servingHealthSchema.nullable(),
  /** The last 60 seconds, oldest first. */
  series: z.array(statsPointSchema),
});
export type DeploymentStats = z.infer<typeof deploymentStatsSchema>;
