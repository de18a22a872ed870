import type {
  ColumnRole,
  Dataset,
  DatasetColumn,
  DatasetVersion,
  SchemaDiff,
  ValidationStatus,
  VersionSource,
} from '@baton/contracts';
import type { Selectable } from 'kysely';
import type { Executor } from '../context.ts';
import type { DatasetsTable, DatasetVersionsTable } from '../db/data-schema.ts';
import { notFound } from '../errors.ts';

export type DatasetRow = Selectable<DatasetsTable>;
export type VersionRow = Selectable<DatasetVersionsTable>;

/** A dataset of the project by name (or id), or a 404. */
export async function findDataset(db: Executor, projectId: string, ref: string): Promise<DatasetRow> {
  const row = await db
    .selectFrom('datasets')
    .selectAll()
    .where('project_id', '=', projectId)
    .where((eb) => eb.or([eb('name', '=', ref), eb('id', '=', ref)]))
    .executeTakeFirst();
  if (!row) throw notFound('dataset', ref);
  return row;
}

/** A version by number or `latest` (or `name@n` style numbers as text), or a 404. */
export async function findVersion(db: Executor, dataset: DatasetRow, ref: string): Promise<VersionRow> {
  let query = db.selectFrom('dataset_versions').selectAll().where('dataset_id', '=', dataset.id);
  if (ref === 'latest') query = query.orderBy('number', 'desc').limit(1);
  else if (/^\d{1,9}$/.test(ref)) query = query.where('number', '=', Number(ref));
  else throw notFound(`version of dataset '${dataset.name}'`, ref);
  const row = await query.executeTakeFirst();
  if (!row) throw notFound(`version of dataset '${dataset.name}'`, ref);
  return row;
}

export async function latestVersion(db: Executor, datasetId: string): Promise<VersionRow | undefined> {
  return db
    .selectFrom('dataset_versions')
    .selectAll()
    .where('dataset_id', '=', datasetId)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export const parseColumns = (row: VersionRow): DatasetColumn[] =>
  JSON.parse(row.columns_json) as DatasetColumn[];

export function versionView(row: VersionRow, datasetName: string): DatasetVersion {
  return {
    id: row.id,
    datasetId: row.dataset_id,
    dataset: datasetName,
    number: Number(row.number),
    digest: row.digest,
    sizeBytes: Number(row.size_bytes),
    rowCount: Number(row.row_count),
    columns: parseColumns(row),
    parentNumber: row.parent_number === null ? null : Number(row.parent_number),
    schemaDiff: row.schema_diff_json ? (JSON.parse(row.schema_diff_json) as SchemaDiff) : null,
    source: JSON.parse(row.source_json) as VersionSource,
    validation: row.validation as ValidationStatus,
    profileStatus: row.profile_status as DatasetVersion['profileStatus'],
    message: row.message,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

export async function columnTags(db: Executor, datasetId: string): Promise<Record<string, ColumnRole[]>> {
  const rows = await db
    .selectFrom('dataset_column_tags')
    .select(['column_name', 'roles_json'])
    .where('dataset_id', '=', datasetId)
    .orderBy('column_name')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.column_name, JSON.parse(r.roles_json) as ColumnRole[]]));
}

export async function datasetView(db: Executor, row: DatasetRow): Promise<Dataset> {
  const latest = await latestVersion(db, row.id);
  const suites = await db
    .selectFrom('quality_suites')
    .select('name')
    .where('dataset_id', '=', row.id)
    .orderBy('name')
    .execute();
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    createdAt: row.created_at,
    createdBy: row.created_by,
    versionCount: latest ? Number(latest.number) : 0,
    latest: latest ? versionView(latest, row.name) : null,
    tags: await columnTags(db, row.id),
    suites: suites.map((s) => s.name),
  };
}
