import type { DatasetVersion } from '@baton/contracts';
import { executor, requireProject, type ServiceContext } from '../context.ts';
import { findDataset, findVersion, versionView } from './dataset-repo.ts';

/** A dataset's versions, newest first. */
export async function listVersions({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { dataset: string };
}): Promise<DatasetVersion[]> {
  const db = executor(ctx);
  const dataset = await findDataset(db, requireProject(ctx).id, input.dataset);
  const rows = await db
    .selectFrom('dataset_versions')
    .selectAll()
    .where('dataset_id', '=', dataset.id)
    .orderBy('number', 'desc')
    .execute();
  return rows.map((row) => versionView(row, dataset.name));
}

/** One version, by number or `latest`. */
export async function getVersion({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { dataset: string; version: string };
}): Promise<DatasetVersion> {
  const db = executor(ctx);
  const dataset = await findDataset(db, requireProject(ctx).id, input.dataset);
  return versionView(await findVersion(db, dataset, input.version), dataset.name);
}
