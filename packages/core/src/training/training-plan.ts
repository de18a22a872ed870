import type { TrainingTask } from '@baton/contracts';
import { type ColumnTable, findColumn, MlError } from '@baton/ml';
import { badRequest } from '../errors.ts';
import type { TrainingVersion } from './dataset-ref.ts';
import { type ColumnKind, defaultKind, isIntegerType, isTemporalType } from './load-table.ts';

export interface PlanInput {
  target: string;
  features?: string[] | undefined;
  columnTypes?: Record<string, ColumnKind> | undefined;
}

/** Which columns a fit reads and how: the features, then the target. */
export interface TrainingPlan {
  features: string[];
  kinds: Map<string, ColumnKind>;
}

/**
 * Checks target and features against the version's schema (a missing target is
 * `target_missing` at once, before any job) and decides how each column is read.
 */
export function planColumns(
  version: TrainingVersion,
  input: PlanInput,
  targetKind?: ColumnKind,
): TrainingPlan {
  const typeOf = new Map(version.columns.map((c) => [c.name, c.type]));
  if (!typeOf.has(input.target)) {
    throw new MlError(
      'target_missing',
      `The target column "${input.target}" is not in ${version.dataset}@${version.number}`,
      {
        column: input.target,
      },
    );
  }
  const unknown = (input.features ?? []).filter((f) => !typeOf.has(f));
  if (unknown.length > 0) {
    throw badRequest(
      `${version.dataset}@${version.number} has no column ${unknown.map((u) => `'${u}'`).join(', ')}`,
      [{ path: 'features', message: `unknown columns: ${unknown.join(', ')}` }],
    );
  }
  for (const name of Object.keys(input.columnTypes ?? {})) {
    if (!typeOf.has(name))
      throw badRequest(`columnTypes names '${name}', which is not a column`, [
        { path: `columnTypes.${name}`, message: 'unknown column' },
      ]);
  }
  const features =
    input.features ??
    version.columns.filter((c) => c.name !== input.target && !isTemporalType(c.type)).map((c) => c.name);
  const kinds = new Map<string, ColumnKind>();
  for (const f of features) kinds.set(f, input.columnTypes?.[f] ?? defaultKind(typeOf.get(f)!));
  kinds.delete(input.target);
  const targetType = typeOf.get(input.target)!;
  kinds.set(
    input.target,
    input.columnTypes?.[input.target] ??
      targetKind ??
      (defaultKind(targetType) === 'numeric' && targetType.toUpperCase() !== 'BOOLEAN'
        ? 'numeric'
        : 'categorical'),
  );
  return { features: features.filter((f) => f !== input.target), kinds };
}

/**
 * The task when the request does not say: linear learners name theirs; otherwise a text or
 * boolean target, or a whole-number one with at most 20 distinct values, is classification.
 */
export function inferTask(
  learner: string,
  version: TrainingVersion,
  table: ColumnTable,
  target: string,
): TrainingTask {
  if (learner === 'ridge') return 'regression';
  if (learner === 'logistic') return 'classification';
  const column = findColumn(table, target);
  if (!column || column.kind === 'categorical') return 'classification';
  const type = version.columns.find((c) => c.name === target)?.type ?? '';
  if (!isIntegerType(type)) return 'regression';
  const distinct = new Set<number>();
  for (const v of column.values) {
    if (!Number.isNaN(v)) distinct.add(v);
    if (distinct.size > 20) return 'regression';
  }
  return 'classification';
}
