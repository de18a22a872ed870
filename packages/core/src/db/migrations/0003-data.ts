import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

// The data lane: datasets, their immutable versions (Parquet in the artifact store),
// profiles, column tags, quality suites and results, drafts for streaming append, sources.
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('datasets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('datasets_project_name', ['project_id', 'name'])
    .execute();

  await db.schema
    .createTable('dataset_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dataset_id', 'text', (c) => c.notNull().references('datasets.id').onDelete('cascade'))
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('row_count', 'bigint', (c) => c.notNull())
    .addColumn('columns_json', 'text', (c) => c.notNull())
    .addColumn('parent_number', 'integer')
    .addColumn('schema_diff_json', 'text')
    .addColumn('source_json', 'text', (c) => c.notNull())
    .addColumn('validation', 'text', (c) => c.notNull())
    .addColumn('profile_status', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('dataset_versions_number', ['dataset_id', 'number'])
    .execute();
  await db.schema.createIndex('dataset_versions_digest').on('dataset_versions').column('digest').execute();

  await db.schema
    .createTable('dataset_profiles')
    .addColumn('version_id', 'text', (c) =>
      c.primaryKey().references('dataset_versions.id').onDelete('cascade'),
    )
    .addColumn('profile_json', 'text')
    .addColumn('error', 'text')
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('dataset_column_tags')
    .addColumn('dataset_id', 'text', (c) => c.notNull().references('datasets.id').onDelete('cascade'))
    .addColumn('column_name', 'text', (c) => c.notNull())
    .addColumn('roles_json', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('dataset_column_tags_pk', ['dataset_id', 'column_name'])
    .execute();

  // What other lanes (runs, models) record when they use a version; a dataset whose
  // versions are referenced cannot be deleted.
  await db.schema
    .createTable('dataset_version_refs')
    .addColumn('version_id', 'text', (c) => c.notNull().references('dataset_versions.id'))
    .addColumn('ref_type', 'text', (c) => c.notNull())
    .addColumn('ref_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('dataset_version_refs_pk', ['version_id', 'ref_type', 'ref_id'])
    .execute();

  await db.schema
    .createTable('quality_suites')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dataset_id', 'text', (c) => c.notNull().references('datasets.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('definition_json', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('quality_suites_name', ['dataset_id', 'name'])
    .execute();

  await db.schema
    .createTable('quality_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version_id', 'text', (c) => c.notNull().references('dataset_versions.id').onDelete('cascade'))
    .addColumn('suite_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('results_json', 'text', (c) => c.notNull())
    .addColumn('job_id', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('quality_runs_version').on('quality_runs').column('version_id').execute();

  await db.schema
    .createTable('dataset_drafts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dataset_id', 'text', (c) => c.notNull().references('datasets.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('rows', 'bigint', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('batches', 'integer', (c) => c.notNull())
    .addColumn('max_rows', 'bigint', (c) => c.notNull())
    .addColumn('max_bytes', 'bigint', (c) => c.notNull())
    .addColumn('max_age_ms', 'bigint', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('opened_by', 'text', (c) => c.notNull())
    .addColumn('version_number', 'integer')
    .addColumn('sealed_at', 'text')
    .execute();
  await db.schema
    .createIndex('dataset_drafts_dataset')
    .on('dataset_drafts')
    .columns(['dataset_id', 'status'])
    .execute();

  await db.schema
    .createTable('dataset_draft_batches')
    .addColumn('draft_id', 'text', (c) => c.notNull().references('dataset_drafts.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('rows', 'bigint', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('dataset_draft_batches_pk', ['draft_id', 'seq'])
    .execute();

  // A source's connection string is a project secret: written here, read only by the
  // import, never returned by the API, never logged, never in the audit log.
  await db.schema
    .createTable('data_sources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('display', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('data_sources_name', ['project_id', 'name'])
    .execute();
}
