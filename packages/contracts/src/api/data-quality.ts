import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const column = z.string().min(1).max(200);
/** The share of rows that must pass, as in Great Expectations' `mostly` (default 1). */
const mostly = z.number().min(0).max(1).optional();
const bound = z.union([z.number(), z.string()]).optional();
const named = { name: z.string().max(200).optional() };

export const TYPE_CLASSES = [
  'integer',
  'float',
  'numeric',
  'string',
  'boolean',
  'date',
  'timestamp',
] as const;

/**
 * One declarative check of a quality suite, in the spirit of Great Expectations and Soda.
 * `between`-style bounds are inclusive unless `strict`.
 */
export const checkSchema = z.discriminatedUnion('type', [
  z.object({ ...named, type: z.literal('not_null'), column, mostly }).strict(),
  z
    .object({
      ...named,
      type: z.literal('unique'),
      column: column.optional(),
      columns: z.array(column).min(1).max(20).optional(),
      mostly,
    })
    .strict()
    .refine((c) => (c.column === undefined) !== (c.columns === undefined), 'give `column` or `columns`'),
  z
    .object({
      ...named,
      type: z.literal('in_set'),
      column,
      values: z.array(z.union([z.string(), z.number(), z.boolean()])).max(10_000),
      mostly,
    })
    .strict(),
  z
    .object({
      ...named,
      type: z.literal('not_in_set'),
      column,
      values: z.array(z.union([z.string(), z.number(), z.boolean()])).max(10_000),
      mostly,
    })
    .strict(),
  z
    .object({
      ...named,
      type: z.literal('between'),
      column,
      min: bound,
      max: bound,
      strict: z.boolean().optional(),
      mostly,
    })
    .strict(),
  z
    .object({ ...named, type: z.literal('regex'), column, pattern: z.string().min(1).max(1000), mostly })
    .strict(),
  z.object({ ...named, type: z.literal('type'), column, expected: z.enum(TYPE_CLASSES) }).strict(),
  z.object({ ...named, type: z.literal('column_exists'), column }).strict(),
  z
    .object({
      ...named,
      type: z.literal('columns_match'),
      columns: z.array(column).max(2000),
      /** `exact`: the same set; `subset`: at least these columns. */
      mode: z.enum(['exact', 'subset']).optional(),
    })
    .strict(),
  z
    .object({
      ...named,
      type: z.literal('row_count_between'),
      min: z.number().int().min(0).optional(),
      max: z.number().int().min(0).optional(),
    })
    .strict(),
  ...(['mean', 'std', 'min', 'max'] as const).map((stat) =>
    z
      .object({
        ...named,
        type: z.literal(`${stat}_between`),
        column,
        min: z.number().optional(),
        max: z.number().optional(),
      })
      .strict(),
  ),
  z
    .object({
      ...named,
      type: z.literal('quantile_between'),
      column,
      quantile: z.number().min(0).max(1),
      min: z.number().optional(),
      max: z.number().optional(),
    })
    .strict(),
  z
    .object({
      ...named,
      type: z.literal('freshness'),
      column,
      /** A duration such as `36h`, `7d`, `90m`, `30s`. */
      maxAge: z.string().regex(/^\d+(\.\d+)?(s|m|h|d|w)$/, 'a duration such as 36h, 7d, 90m'),
    })
    .strict(),
  z
    .object({
      ...named,
      type: z.literal('custom_sql'),
      /** A SELECT over the table `data` (the version checked) returning the failing rows. */
      sql: z.string().min(1).max(20_000),
    })
    .strict(),
]);
export type Check = z.infer<typeof checkSchema>;

export const suiteDefinitionSchema = z
  .object({
    description: z.string().max(2000).optional(),
    checks: z.array(checkSchema).min(1).max(200),
  })
  .strict();
export type SuiteDefinition = z.infer<typeof suiteDefinitionSchema>;

const DURATION_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** `36h` as milliseconds. */
export function durationMs(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(s|m|h|d|w)$/.exec(text);
  if (!match) throw new Error(`'${text}' is not a duration such as 36h or 7d`);
  return Number(match[1]) * DURATION_MS[match[2] as keyof typeof DURATION_MS];
}

export type SuiteParse =
  | { ok: true; definition: SuiteDefinition }
  | { ok: false; errors: { path: string; message: string }[] };

/**
 * Reads a suite written as JSON or YAML (JSON is YAML, so one parser serves both) and checks
 * it against the suite schema; errors name the failing path, such as `checks.2.column`.
 */
export function parseSuiteText(text: string): SuiteParse {
  let raw: unknown;
  try {
    raw = parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    return {
      ok: false,
      errors: [{ path: 'source', message: (error as Error).message.split('\n')[0] ?? '' }],
    };
  }
  const parsed = suiteDefinitionSchema.safeParse(raw);
  if (parsed.success) return { ok: true, definition: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || 'source',
      message: issue.message,
    })),
  };
}
