import type { DatasetColumn } from '@baton/contracts';
import { type Executor, requireProject, type ServiceContext } from '../context.ts';
import { badRequest, notFound } from '../errors.ts';

/** A dataset version as training reads it. */
export interface TrainingVersion {
  id: string;
  datasetId: string;
  dataset: string;
  number: number;
  digest: string;
  rowCount: number;
  validation: string;
  columns: DatasetColumn[];
}

/**
 * Finds a version of the project from `NAME@VERSION` (`NAME@latest`, or a bare `NAME` for the
 * latest) or a version id.
 */
export async function resolveVersion(
  ctx: ServiceContext,
  db: Executor,
  ref: string,
): Promise<TrainingVersion> {
  const project = requireProject(ctx);
  let query = db
    .selectFrom('dataset_versions')
    .innerJoin('datasets', 'datasets.id', 'dataset_versions.dataset_id')
    .select([
      'dataset_versions.id as id',
      'datasets.id as datasetId',
      'datasets.name as dataset',
      'dataset_versions.number as number',
      'dataset_versions.digest as digest',
      'dataset_versions.row_count as rowCount',
      'dataset_versions.validation as validation',
      'dataset_versions.columns_json as columnsJson',
    ])
    .where('datasets.project_id', '=', project.id);
  const at = ref.lastIndexOf('@');
  const name = at === -1 ? ref : ref.slice(0, at);
  const version = at === -1 ? 'latest' : ref.slice(at + 1);
  const byId = await query.where('dataset_versions.id', '=', ref).executeTakeFirst();
  let row = byId;
  if (!row) {
    query = query.where('datasets.name', '=', name);
    if (version === 'latest') query = query.orderBy('dataset_versions.number', 'desc').limit(1);
    else if (/^\d{1,9}$/.test(version)) query = query.where('dataset_versions.number', '=', Number(version));
    else
      throw badRequest(`dataset '${ref}': give NAME@VERSION (a number or latest) or a version id`, [
        { path: 'dataset', message: 'expected NAME@VERSION' },
      ]);
    row = await query.executeTakeFirst();
  }
  if (!row) throw notFound('dataset version', ref);
  return {
    id: row.id,
    datasetId: row.datasetId,
    dataset: row.dataset,
    number: Number(row.number),
    digest: row.digest,
    rowCount: Number(row.rowCount),
    validation: row.validation,
    columns: JSON.parse(row.columnsJson) as DatasetColumn[],
  };
}
