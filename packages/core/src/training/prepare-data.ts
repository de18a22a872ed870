import { learnerKindSchema, type TrainingTask, trainingTaskSchema } from '@baton/contracts';
import { type ColumnTable, type EncodedTarget, encodeTarget } from '@baton/ml';
import { z } from 'zod';
import { executor, type ServiceContext } from '../context.ts';
import { resolveVersion, type TrainingVersion } from './dataset-ref.ts';
import { loadVersionTable } from './load-table.ts';
import { inferTask, planColumns } from './training-plan.ts';

/** What a training job needs to read and fit; stored in job payloads (new fields optional). */
export const fitSpecSchema = z.object({
  versionId: z.string(),
  target: z.string(),
  learner: learnerKindSchema,
  params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  features: z.array(z.string()).optional(),
  task: trainingTaskSchema.optional(),
  columnTypes: z.record(z.string(), z.enum(['numeric', 'categorical'])).optional(),
  maxCategories: z.number().int().optional(),
  testFraction: z.number(),
  seed: z.number().int(),
});
export type FitSpec = z.infer<typeof fitSpecSchema>;

export interface PreparedData {
  version: TrainingVersion;
  table: ColumnTable;
  features: string[];
  task: TrainingTask;
  /** The target checked and encoded on all rows (fails fast on a constant target or a lonely class). */
  target: EncodedTarget;
}

/** Reads the version's columns into a table, settles the task and checks the target. */
export async function prepareData(ctx: ServiceContext, spec: FitSpec): Promise<PreparedData> {
  const version = await resolveVersion(ctx, executor(ctx), spec.versionId);
  const plan = planColumns(version, spec);
  const table = await loadVersionTable(ctx.services.artifacts, version, plan.kinds);
  const task = spec.task ?? inferTask(spec.learner, version, table, spec.target);
  return { version, table, features: plan.features, task, target: encodeTarget(table, spec.target, task) };
}
