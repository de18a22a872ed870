import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

// The registry and serving lanes: registered models, versions (lineage to runs and dataset
// versions), aliases with an append-only move history, promotion policies and approvals,
// deployments and the prediction log.
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('registered_models')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('creation_time', 'bigint', (c) => c.notNull())
    .addColumn('last_update_time', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('registered_models_project_name', ['project_id', 'name'])
    .execute();

  await db.schema
    .createTable('registered_model_tags')
    .addColumn('model_id', 'text', (c) => c.notNull().references('registered_models.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('registered_model_tags_pk', ['model_id', 'key'])
    .execute();

  await db.schema
    .createTable('model_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('model_id', 'text', (c) => c.notNull().references('registered_models.id').onDelete('cascade'))
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.references('runs.id'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('onnx_digest', 'text')
    .addColumn('signature_json', 'text')
    .addColumn('dataset_version_id', 'text', (c) => c.references('dataset_versions.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('creation_time', 'bigint', (c) => c.notNull())
    .addColumn('last_update_time', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('model_versions_model_version', ['model_id', 'version'])
    .execute();
  await db.schema.createIndex('model_versions_run').on('model_versions').column('run_id').execute();

  await db.schema
    .createTable('model_version_tags')
    .addColumn('version_id', 'text', (c) => c.notNull().references('model_versions.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('model_version_tags_pk', ['version_id', 'key'])
    .execute();

  await db.schema
    .createTable('model_aliases')
    .addColumn('model_id', 'text', (c) => c.notNull().references('registered_models.id').onDelete('cascade'))
    .addColumn('alias', 'text', (c) => c.notNull())
    .addColumn('version_id', 'text', (c) => c.notNull().references('model_versions.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('model_aliases_pk', ['model_id', 'alias'])
    .execute();

  await db.schema
    .createTable('alias_moves')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('model_id', 'text', (c) => c.notNull().references('registered_models.id').onDelete('cascade'))
    .addColumn('alias', 'text', (c) => c.notNull())
    .addColumn('from_version_id', 'text')
    .addColumn('to_version_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('gate_report_json', 'text')
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addUniqueConstraint('alias_moves_revision', ['model_id', 'alias', 'revision'])
    .execute();

  await db.schema
    .createTable('promotion_policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('alias', 'text', (c) => c.notNull())
    .addColumn('policy_json', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('promotion_policies_project_alias', ['project_id', 'alias'])
    .execute();

  await db.schema
    .createTable('approvals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version_id', 'text', (c) => c.notNull().references('model_versions.id').onDelete('cascade'))
    .addColumn('alias', 'text', (c) => c.notNull())
    .addColumn('approver_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('revoked_by', 'text')
    .execute();
  await db.schema
    .createIndex('approvals_version_alias')
    .on('approvals')
    .columns(['version_id', 'alias'])
    .execute();

  await db.schema
    .createTable('deployments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('model_id', 'text', (c) => c.notNull().references('registered_models.id'))
    .addColumn('alias', 'text', (c) => c.notNull())
    .addColumn('challenger_alias', 'text')
    .addColumn('challenger_mode', 'text', (c) => c.notNull())
    .addColumn('canary_percent', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('config_json', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // Deployment names are global: /serve/{deployment}/predict carries no project.
  await db.schema.createIndex('deployments_name').on('deployments').column('name').unique().execute();

  // No foreign key: the log is written in large batches and outlives deleted deployments.
  await db.schema
    .createTable('prediction_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('deployment_id', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('model_version_id', 'text', (c) => c.notNull())
    .addColumn('variant', 'text', (c) => c.notNull())
    .addColumn('inputs_json', 'text', (c) => c.notNull())
    .addColumn('outputs_json', 'text', (c) => c.notNull())
    .addColumn('latency_ms', 'double precision', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('prediction_log_window')
    .on('prediction_log')
    .columns(['deployment_id', 'created_at'])
    .execute();
}
