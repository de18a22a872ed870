import type { Job, QualityRun } from '@baton/contracts';
import { executor, inTransaction, requireProject, type ServiceContext } from '../../context.ts';
import { badRequest } from '../../errors.ts';
import { enqueueJob } from '../../jobs/enqueue-job.ts';
import { dataJobCatalogue } from '../data-jobs.ts';
import { findDataset, findVersion } from '../dataset-repo.ts';

/** Queues a run of the dataset's suites on one version. */
export async function checkVersion({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { dataset: string; version: string };
}): Promise<Job> {
  const project = requireProject(ctx);
  return inTransaction(ctx, async (ctx) => {
    const db = executor(ctx);
    const dataset = await findDataset(db, project.id, input.dataset);
    const version = await findVersion(db, dataset, input.version);
    const suites = await db
      .selectFrom('quality_suites')
      .select('id')
      .where('dataset_id', '=', dataset.id)
      .limit(1)
      .execute();
    if (suites.length === 0) throw badRequest(`dataset '${dataset.name}' has no quality suite to run`);
    await db
      .updateTable('dataset_versions')
      .set({ validation: 'pending' })
      .where('id', '=', version.id)
      .execute();
    return enqueueJob({
      ctx,
      catalogue: dataJobCatalogue(),
      input: { kind: 'data.validate', payload: { versionId: version.id }, projectId: project.id },
    });
  });
}

/** The quality results of a version, newest first. */
export async function listQualityRuns({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { dataset: string; version: string };
}): Promise<{ validation: string; items: QualityRun[] }> {
  const db = executor(ctx);
  const dataset = await findDataset(db, requireProject(ctx).id, input.dataset);
  const version = await findVersion(db, dataset, input.version);
  const rows = await db
    .selectFrom('quality_runs')
    .selectAll()
    .where('version_id', '=', version.id)
    .orderBy('finished_at', 'desc')
    .orderBy('suite_name')
    .limit(200)
    .execute();
  return {
    validation: version.validation,
    items: rows.map((r) => ({
      id: r.id,
      versionNumber: Number(version.number),
      suite: r.suite_name,
      status: r.status as QualityRun['status'],
      results: JSON.parse(r.results_json) as QualityRun['results'],
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      jobId: r.job_id,
    })),
  };
}
