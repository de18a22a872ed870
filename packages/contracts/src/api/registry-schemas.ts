import { z } from 'zod';

/** Model names follow MLflow's rules loosely: any non-empty text without slashes or colons. */
export const modelNameSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[^/:@\\]+$/, 'a model name cannot contain /, :, @ or \\');
/** Aliases are short identifiers (`champion`, `production`); a bare number is refused (it reads as a version). */
export const aliasNameSchema = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_-]{0,62}$/,
    'letters, digits, _ and -, starting with a letter or _, at most 63',
  );

export const MODEL_STAGES = ['None', 'Staging', 'Production', 'Archived'] as const;
export const modelStageSchema = z.enum(MODEL_STAGES);
export type ModelStage = z.infer<typeof modelStageSchema>;

export const ALIAS_MOVE_KINDS = ['promote', 'rollback', 'set', 'delete'] as const;
export type AliasMoveKind = (typeof ALIAS_MOVE_KINDS)[number];

export const registeredModelSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  createdBy: z.string(),
  creationTime: z.number().int(),
  lastUpdateTime: z.number().int(),
  tags: z.record(z.string(), z.string()),
  /** alias -> version number. */
  aliases: z.record(z.string(), z.number().int()),
  latestVersion: z.number().int().nullable(),
});
export type RegisteredModel = z.infer<typeof registeredModelSchema>;

export const modelVersionSchema = z.object({
  id: z.string(),
  modelName: z.string(),
  version: z.number().int(),
  runId: z.string().nullable(),
  source: z.string(),
  onnxDigest: z.string().nullable(),
  signature: z.unknown().nullable(),
  datasetVersionId: z.string().nullable(),
  status: z.string(),
  stage: modelStageSchema,
  description: z.string(),
  createdBy: z.string(),
  creationTime: z.number().int(),
  lastUpdateTime: z.number().int(),
  tags: z.record(z.string(), z.string()),
  aliases: z.array(z.string()),
  /** Where the model's files can be downloaded from (`mlflow-artifacts:/...` or the source). */
  downloadUri: z.string(),
});
export type ModelVersion = z.infer<typeof modelVersionSchema>;

export const modelAliasSchema = z.object({
  alias: z.string(),
  version: z.number().int(),
  versionId: z.string(),
  /** Grows by one per move; pass it back as `expectedRevision` to move only from this state. */
  revision: z.number().int(),
  updatedBy: z.string(),
  updatedAt: z.number().int(),
});
export type ModelAlias = z.infer<typeof modelAliasSchema>;

export const metricGateSchema = z
  .object({
    metric: z.string().min(1).max(250),
    op: z.enum(['>=', '>', '<=', '<', '==', '!=']),
    value: z.number(),
  })
  .strict();
export type MetricGate = z.infer<typeof metricGateSchema>;

/** A declared promotion policy for one alias of the project. */
export const promotionPolicySchema = z
  .object({
    metrics: z.array(metricGateSchema).max(50).default([]),
    requireValidatedData: z.boolean().default(false),
    approvals: z
      .array(z.object({ role: z.string().min(1).max(64), count: z.number().int().min(1).max(20) }).strict())
      .max(20)
      .default([]),
    /** Named extra checks registered by other lanes (`registerPromotionCheck`). */
    hooks: z.array(z.string().min(1).max(100)).max(20).default([]),
  })
  .strict();
export type PromotionPolicy = z.infer<typeof promotionPolicySchema>;

export const promotionPolicyViewSchema = z.object({
  alias: z.string(),
  policy: promotionPolicySchema,
  updatedBy: z.string(),
  updatedAt: z.number().int(),
});
export type PromotionPolicyView = z.infer<typeof promotionPolicyViewSchema>;

export const gateResultSchema = z.object({
  /** A stable name: `metric:roc_auc>=0.8`, `data:validated`, `approval:ai-ethicist`, `hook:fairness`. */
  gate: z.string(),
  kind: z.enum(['metric', 'data', 'approval', 'hook']),
  passed: z.boolean(),
  reason: z.string(),
});
export type GateResult = z.infer<typeof gateResultSchema>;

export const gateReportSchema = z.object({
  alias: z.string(),
  version: z.number().int(),
  /** False when no policy is declared for the alias (then nothing gates a move). */
  hasPolicy: z.boolean(),
  passed: z.boolean(),
  gates: z.array(gateResultSchema),
});
export type GateReport = z.infer<typeof gateReportSchema>;

export const aliasMoveSchema = z.object({
  id: z.string(),
  alias: z.string(),
  kind: z.enum(ALIAS_MOVE_KINDS),
  fromVersion: z.number().int().nullable(),
  toVersion: z.number().int().nullable(),
  reason: z.string(),
  actor: z.string(),
  createdAt: z.number().int(),
  revision: z.number().int(),
  gateReport: gateReportSchema.nullable(),
});
export type AliasMove = z.infer<typeof aliasMoveSchema>;

export const approvalSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  alias: z.string(),
  approver: z.string(),
  role: z.string(),
  decision: z.enum(['approve', 'reject']),
  comment: z.string(),
  createdAt: z.number().int(),
  revokedAt: z.number().int().nullable(),
  revokedBy: z.string().nullable(),
});
export type Approval = z.infer<typeof approvalSchema>;

export const modelLineageSchema = z.object({
  datasetVersion: z
    .object({ id: z.string(), dataset: z.string(), number: z.number().int(), validation: z.string() })
    .nullable(),
  run: z
    .object({
      id: z.string(),
      name: z.string(),
      experimentId: z.string(),
      status: z.string(),
      userId: z.string(),
    })
    .nullable(),
  version: z.object({ id: z.string(), modelName: z.string(), version: z.number().int() }),
  deployments: z.array(
    z.object({ id: z.string(), name: z.string(), alias: z.string(), status: z.string(), role: z.string() }),
  ),
});
export type ModelLineage = z.infer<typeof modelLineageSchema>;
