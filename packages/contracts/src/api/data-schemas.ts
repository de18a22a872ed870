import { z } from 'zod';
import { idSchema, timestampSchema } from './common.ts';

/** A dataset's name: also its table name in SQL queries, so a plain lower-case identifier. */
export const datasetNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}$/, 'lower-case letters, digits and underscores, starting with a letter');

export const COLUMN_ROLES = ['target', 'feature', 'identifier', 'timestamp', 'sensitive'] as const;
export const columnRoleSchema = z.enum(COLUMN_ROLES);
export type ColumnRole = z.infer<typeof columnRoleSchema>;

export const columnSchema = z.object({
  name: z.string(),
  /** The DuckDB type of the column in the version's Parquet (`BIGINT`, `DOUBLE`, `VARCHAR`, ...). */
  type: z.string(),
  /** Whether the column holds at least one null in this version. */
  nullable: z.boolean(),
});
export type DatasetColumn = z.infer<typeof columnSchema>;

export const schemaDiffSchema = z.object({
  added: z.array(z.object({ name: z.string(), type: z.string() })),
  removed: z.array(z.object({ name: z.string(), type: z.string() })),
  retyped: z.array(z.object({ name: z.string(), from: z.string(), to: z.string() })),
  nullability: z.array(z.object({ name: z.string(), from: z.boolean(), to: z.boolean() })),
});
export type SchemaDiff = z.infer<typeof schemaDiffSchema>;

export const DATA_FORMATS = ['csv', 'tsv', 'json', 'ndjson', 'parquet'] as const;
export const dataFormatSchema = z.enum(DATA_FORMATS);
export type DataFormat = z.infer<typeof dataFormatSchema>;

export const VALIDATION_STATUSES = ['unchecked', 'pending', 'validated', 'failed'] as const;
export const validationStatusSchema = z.enum(VALIDATION_STATUSES);
export type ValidationStatus = z.infer<typeof validationStatusSchema>;

export const versionSourceSchema = z.object({
  kind: z.enum(['upload', 'postgres', 'artifact', 'draft']),
  format: dataFormatSchema.nullable(),
  filename: z.string().nullable(),
  /** The parsing options used, detected or given (delimiter, quote, header, encoding, ...). */
  options: z.record(z.string(), z.unknown()),
  /** Rows skipped as malformed (policy `skip`), with a few of their line numbers. */
  skippedRows: z.number().int(),
  skippedLines: z.array(z.number().int()),
  bytes: z.number().int(),
});
export type VersionSource = z.infer<typeof versionSourceSchema>;

export const datasetVersionSchema = z.object({
  id: idSchema,
  datasetId: idSchema,
  dataset: z.string(),
  number: z.number().int(),
  /** sha256 of the version's Parquet file in the artifact store. */
  digest: z.string(),
  sizeBytes: z.number().int(),
  rowCount: z.number().int(),
  columns: z.array(columnSchema),
  parentNumber: z.number().int().nullable(),
  /** Against the parent version; null for the first version. */
  schemaDiff: schemaDiffSchema.nullable(),
  source: versionSourceSchema,
  validation: validationStatusSchema,
  profileStatus: z.enum(['pending', 'ready', 'failed']),
  message: z.string(),
  createdAt: timestampSchema,
  createdBy: z.string(),
});
export type DatasetVersion = z.infer<typeof datasetVersionSchema>;

export const datasetSchema = z.object({
  id: idSchema,
  name: datasetNameSchema,
  description: z.string(),
  createdAt: timestampSchema,
  createdBy: z.string(),
  versionCount: z.number().int(),
  latest: datasetVersionSchema.nullable(),
  /** Column roles, by column name; they carry over from version to version. */
  tags: z.record(z.string(), z.array(columnRoleSchema)),
  suites: z.array(z.string()),
});
export type Dataset = z.infer<typeof datasetSchema>;

const numberOrNull = z.number().nullable();

export const columnProfileSchema = z.object({
  name: z.string(),
  type: z.string(),
  kind: z.enum(['numeric', 'categorical', 'boolean', 'temporal', 'other']),
  count: z.number().int(),
  missing: z.number().int(),
  distinct: z.number().int(),
  min: z.union([z.number(), z.string()]).nullable(),
  max: z.union([z.number(), z.string()]).nullable(),
  mean: numberOrNull,
  /** Sample standard deviation (ddof = 1, as pandas). */
  std: numberOrNull,
  /** Quantiles 0.05, 0.25, 0.5, 0.75, 0.95 by linear interpolation (numpy's default method), or estimates. */
  quantiles: z.record(z.string(), z.number()).nullable(),
  /** Equal-width bins from min to max, the last bin closed (numpy.histogram). */
  histogram: z.object({ edges: z.array(z.number()), counts: z.array(z.number().int()) }).nullable(),
  topValues: z.array(z.object({ value: z.string(), count: z.number().int() })).nullable(),
  stringLength: z.object({ min: z.number(), mean: z.number(), max: z.number() }).nullable(),
});
export type ColumnProfile = z.infer<typeof columnProfileSchema>;

export const profileSchema = z.object({
  rowCount: z.number().int(),
  /** Distinct counts are HyperLogLog estimates (large versions) rather than exact. */
  distinctApproximate: z.boolean(),
  /** Quantiles come from a 200,000-row reservoir sample (rank error <= 0.0036 with 99% probability), for very large versions. */
  quantilesApproximate: z.boolean(),
  columns: z.array(columnProfileSchema),
  /** Pearson correlations over pairwise complete rows (pandas `corr()`), numeric columns only. */
  correlations: z.object({ columns: z.array(z.string()), matrix: z.array(z.array(numberOrNull)) }),
  sample: z.object({ columns: z.array(z.string()), rows: z.array(z.array(z.unknown())) }),
  computedAt: timestampSchema,
  elapsedMs: z.number(),
});
export type DatasetProfile = z.infer<typeof profileSchema>;

export const checkResultSchema = z.object({
  index: z.number().int(),
  name: z.string(),
  type: z.string(),
  success: z.boolean(),
  elementCount: z.number().int(),
  unexpectedCount: z.number().int(),
  unexpectedPercent: z.number(),
  /** A few failing values (or rows, for custom SQL). */
  sample: z.array(z.unknown()),
  /** The measured value for aggregate checks (a mean, a row count, the newest timestamp, ...). */
  observed: z.unknown().optional(),
  /** Why the check could not run (a missing column, a bad regex, ...); success is then false. */
  error: z.string().optional(),
});
export type CheckResult = z.infer<typeof checkResultSchema>;

export const qualityRunSchema = z.object({
  id: idSchema,
  versionNumber: z.number().int(),
  suite: z.string(),
  status: z.enum(['passed', 'failed']),
  results: z.array(checkResultSchema),
  startedAt: timestampSchema,
  finishedAt: timestampSchema,
  jobId: z.string().nullable(),
});
export type QualityRun = z.infer<typeof qualityRunSchema>;

export const queryResultSchema = z.object({
  columns: z.array(z.object({ name: z.string(), type: z.string() })),
  rows: z.array(z.array(z.unknown())),
  /** More rows exist than the limit returned. */
  truncated: z.boolean(),
  elapsedMs: z.number(),
  /** The dataset versions the query read, as `name@number`. */
  versions: z.array(z.string()),
});
export type QueryResult = z.infer<typeof queryResultSchema>;

export const draftSchema = z.object({
  id: idSchema,
  dataset: z.string(),
  status: z.enum(['open', 'sealed']),
  rows: z.number().int(),
  bytes: z.number().int(),
  batches: z.number().int(),
  openedAt: timestampSchema,
  maxRows: z.number().int(),
  maxBytes: z.number().int(),
  maxAgeMs: z.number().int(),
  /** The version the draft became, once sealed. */
  versionNumber: z.number().int().nullable(),
});
export type Draft = z.infer<typeof draftSchema>;

export const dataSourceSchema = z.object({
  id: idSchema,
  name: datasetNameSchema,
  kind: z.literal('postgres'),
  /** The connection string with its password masked; the secret itself is never returned. */
  display: z.string(),
  createdAt: timestampSchema,
  createdBy: z.string(),
});
export type DataSource = z.infer<typeof dataSourceSchema>;
