import type { DatasetVersion, VersionSource } from '@baton/contracts';
import { recordAudit } from '../audit/record-audit.ts';
import { newId, nowIso } from '../clock.ts';
import { actorName, executor, inTransaction, requireProject, type ServiceContext } from '../context.ts';
import { enqueueJob } from '../jobs/enqueue-job.ts';
import { ensureDataset } from './create-dataset.ts';
import { dataJobCatalogue } from './data-jobs.ts';
import { latestVersion, parseColumns, type VersionRow, versionView } from './dataset-repo.ts';
import { diffSchemas, readParquetSchema } from './parquet-schema.ts';

export interface CommitVersionInput {
  dataset: string;
  /** A finished Parquet file in the work folder, handed over to the artifact store. */
  parquet: string;
  source: VersionSource;
  message?: string | undefined;
}

const isUniqueViolation = (error: unknown) => {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
};

/**
 * Makes a Parquet file the next version of a dataset (created when missing): the file moves
 * into the artifact store by its sha256, then one transaction writes the version with its
 * schema and the diff against its parent, queues its profile and quality jobs, and audits
 * it. A version is never modified afterwards.
 */
export async function commitVersion(ctx: ServiceContext, input: CommitVersionInput): Promise<DatasetVersion> {
  const project = requireProject(ctx);
  const { columns, rowCount } = await readParquetSchema(input.parquet);
  const ref = await ctx.services.artifacts.putFile(input.parquet);
  // Two ingests into one dataset may pick the same number; the loser tries again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(ctx, async (ctx) => {
        const db = executor(ctx);
        const dataset = await ensureDataset(ctx, input.dataset);
        const parent = await latestVersion(db, dataset.id);
        const suites = await db
          .selectFrom('quality_suites')
          .select('id')
          .where('dataset_id', '=', dataset.id)
          .limit(1)
          .execute();
        const row: VersionRow = {
          id: newId(),
          dataset_id: dataset.id,
          project_id: project.id,
          number: parent ? Number(parent.number) + 1 : 1,
          digest: ref.digest,
          size_bytes: ref.size,
          row_count: rowCount,
          columns_json: JSON.stringify(columns),
          parent_number: parent ? Number(parent.number) : null,
          schema_diff_json: parent ? JSON.stringify(diffSchemas(parseColumns(parent), columns)) : null,
          source_json: JSON.stringify(input.source),
          validation: suites.length > 0 ? 'pending' : 'unchecked',
          profile_status: 'pending',
          message: input.message ?? '',
          created_at: nowIso(),
          created_by: actorName(ctx.actor),
        };
        await db.insertInto('dataset_versions').values(row).execute();
        const enqueue = (kind: string) =>
          enqueueJob({
            ctx,
            catalogue: dataJobCatalogue(),
            input: { kind, payload: { versionId: row.id }, projectId: project.id },
          });
        await enqueue('data.profile');
        if (suites.length > 0) await enqueue('data.validate');
        const view = versionView(row, dataset.name);
        await recordAudit(ctx, {
          action: 'dataset.version.create',
          targetType: 'dataset-version',
          targetId: row.id,
          summary: `version ${row.number} of dataset '${dataset.name}': ${rowCount} rows, ${columns.length} columns`,
          after: {
            dataset: dataset.name,
            number: row.number,
            digest: row.digest,
            rowCount,
            source: { kind: input.source.kind, format: input.source.format, filename: input.source.filename },
          },
        });
        return view;
      });
    } catch (error) {
      if (attempt < 5 && !ctx.tx && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}
